"""The papers of the library: one folder ``source/<slug>/`` each, with ``paper.toml``.

Both sides use this model: the Sphinx extensions (titles, PDFs, link keys) and
the command line (landing page, sitemap, stats, check-po, update-po). A paper is
found by its settings file, so adding a folder is all it takes to add a paper.

Every setting is optional (see ``SETTINGS_HELP``): a report without a subtitle,
authors line or year is a paper too, and so is a folder with an empty ``paper.toml``. A paper whose files cannot be
used (a setting of the wrong kind, a typo in a setting's name, a malformed
``links.toml``, no title) is left out of the library on its own, as a
``PaperProblem`` saying which file and what to do; the other papers build.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

from markdown_it import MarkdownIt

SETTINGS = "paper.toml"
LINKS = "links.toml"
HOME = "index.md"
IMAGES = "images"  # source/<slug>/images/: the paper's pictures (papersite.sphinxext.images)

# Each setting: its kind and, for the messages that ask for it, what to write.
# None is required: what a paper lacks, readers are simply not shown.
SETTINGS_HELP = {
    "title": (str, 'the paper\'s English title, the H1 of its index.md (default: that H1)'),
    "subtitle": (str, "a line under the title (default: none)"),
    "authors": (str, "the authors line on the cover, as the paper credits them (default: none)"),
    "publisher": (str, "who publishes the paper (default: conf.py's author)"),
    "year": (int, "the year of publication, as a number like 2018 (default: none)"),
    "pdf_name": (str, "the PDF's file name, without .pdf: <lang>/<pdf_name>.<lang>.pdf (default: the folder's name)"),
    "order": (int, "the paper's place in the library, as a number (default: after the numbered papers, by folder)"),
    "accent": (str, "the cover's colour, written #rrggbb (default: one of eight deep colours, from the folder's name)"),
}
# The settings readers see, in the reader's language: they are messages of the
# paper's first page (papersite.sphinxext.papers puts them there).
READER_STRINGS = ("title", "subtitle", "authors", "publisher")
# A folder's name is the paper's address (<lang>/<slug>/) and its catalogs' folder.
SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?")
PDF_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?")
LINK_KEY = re.compile(r"[a-z0-9-]+")  # as papersite.sphinxext.links reads {link}`words <key>`


@dataclass(frozen=True)
class PaperProblem:
    """Why a paper is left out, as ``file:line: what to do``."""

    path: Path
    line: int | None
    reason: str
    slug: str = ""  # the folder of the paper left out

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}" if self.line else f"{self.path}: {self.reason}"


class PaperError(ValueError):
    """A paper's files cannot be used; ``problem`` names the file (and line)."""

    def __init__(self, path: Path, reason: str, line: int | None = None):
        self.problem = PaperProblem(Path(path), line, reason)
        super().__init__(str(self.problem))


@dataclass(frozen=True)
class Paper:
    slug: str  # the folder's name: source/<slug>/, <lang>/<slug>/, LC_MESSAGES/<slug>/
    folder: Path
    settings: dict = field(compare=False, hash=False)  # as paper.toml has them, defaults filled in

    @property
    def title(self) -> str:
        return self.settings["title"]

    @property
    def subtitle(self) -> str | None:
        return self.settings.get("subtitle")

    @property
    def authors(self) -> str | None:
        return self.settings.get("authors")

    @property
    def publisher(self) -> str | None:
        return self.settings.get("publisher")

    @property
    def year(self) -> int | None:
        return self.settings.get("year")

    @property
    def order(self) -> int | None:
        return self.settings.get("order")

    @property
    def pdf_name(self) -> str:
        return self.settings["pdf_name"]

    @property
    def home(self) -> str:
        """The docname of the paper's first page (its title, subtitle and chapters)."""
        return f"{self.slug}/index"

    def pdf_file(self, language: str) -> str:
        return f"{self.pdf_name}.{language}.pdf"

    @property
    def documents(self) -> list[str]:
        """Docnames of the paper's pages, as Sphinx names them (``<slug>/<document>``)."""
        return sorted(f"{self.slug}/{path.relative_to(self.folder).with_suffix('').as_posix()}"
                      for path in self.folder.rglob("*.md"))

    def owns(self, docname: str) -> bool:
        return docname.startswith(self.slug + "/")

    @cached_property
    def link_targets(self) -> dict[str, str]:
        return checked_links(self.folder / LINKS)


@dataclass(frozen=True)
class Library:
    papers: list[Paper]  # in the library's order
    problems: list[PaperProblem]  # one per paper left out

    @property
    def left_out(self) -> list[str]:
        """The folder names (slugs) of the papers left out."""
        return sorted({problem.slug for problem in self.problems})


def read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        # tomllib says "... (at line 3, column 7)": keep it, name the file.
        raise PaperError(path, f"{error}; fix the TOML syntax") from None
    except (OSError, UnicodeDecodeError) as error:
        raise PaperError(path, f"cannot be read ({error})") from None


# A link may lead to a web page or an e-mail address, nothing else: no javascript:,
# data: or file: URL ships, whatever a typo or a bad merge puts in links.toml.
LINK_SCHEMES = {"http", "https", "mailto"}


def key_line(text: str, key: str) -> int:
    """The line of links.toml where ``key`` is given (tomllib does not say)."""
    for number, line in enumerate(text.splitlines(), start=1):
        name = line.split("=", 1)[0].strip().strip('"').strip("'")
        if "=" in line and name == key:
            return number
    return 1


def link_problem(url: object) -> str | None:
    if not isinstance(url, str):
        return f"must be a string, not {url!r}"
    parts = urlsplit(url)
    if parts.scheme.lower() not in LINK_SCHEMES or any(char.isspace() or ord(char) < 32 for char in url):
        return f"{url!r} is not an http(s) or mailto address"
    if parts.scheme.lower() != "mailto" and not parts.hostname:
        return f"{url!r} has no host"
    return None


def checked_links(path: Path) -> dict[str, str]:
    """``links.toml``: keys as the sources write them, web or e-mail addresses only."""
    if not path.is_file():
        return {}
    links = read_toml(path)
    text = path.read_text(encoding="utf-8")
    for key, target in links.items():
        if not LINK_KEY.fullmatch(key):
            raise PaperError(path, f"link key {key!r} may only have lowercase letters, digits and hyphens",
                             key_line(text, key))
        if problem := link_problem(target):
            raise PaperError(path, f"the link {key!r} {problem}", key_line(text, key))
    return links


def home_title(folder: Path) -> tuple[str, int]:
    """The H1 of the paper's ``index.md`` as written (its Markdown source) and its line."""
    path = folder / HOME
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PaperError(path, f"cannot be read ({error}); a paper's first page is its {HOME}") from None
    tokens = MarkdownIt("commonmark").parse(text)
    for opening, inline in zip(tokens, tokens[1:]):
        if opening.type == "heading_open" and opening.tag == "h1":
            return inline.content.strip(), opening.map[0] + 1
    raise PaperError(path, "has no title; start it with '# ' and the paper's title")


def checked_value(path: Path, key: str, value):
    kind, meaning = SETTINGS_HELP[key]
    if not isinstance(value, kind) or isinstance(value, bool):
        raise PaperError(path, f"{key!r} is {value!r}; write {meaning}")
    if kind is str and (not value.strip() or "\n" in value):
        raise PaperError(path, f"{key!r} must be one line of text; write {meaning}, or leave the setting out")
    return value.strip() if kind is str else value


def checked_settings(folder: Path) -> dict:
    """The paper's settings with their defaults; PaperError says what to fix."""
    path = folder / SETTINGS
    settings = read_toml(path)
    for key in settings:
        if key not in SETTINGS_HELP:
            close = difflib.get_close_matches(key, SETTINGS_HELP, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"the settings are {', '.join(SETTINGS_HELP)}"
            raise PaperError(path, f"unknown setting {key!r}; {hint}")
    settings = {key: checked_value(path, key, value) for key, value in settings.items()}
    title, line = home_title(folder)
    if settings.setdefault("title", title) != title:
        raise PaperError(folder / HOME, f"its title {title!r} is not {SETTINGS}'s title {settings['title']!r}; "
                         f"make them the same, or leave title out of {SETTINGS}", line)
    settings.setdefault("pdf_name", folder.name)
    if not PDF_NAME.fullmatch(settings["pdf_name"]) or settings["pdf_name"].lower().endswith(".pdf"):
        raise PaperError(path, f"pdf_name {settings['pdf_name']!r} is not a plain file name; use letters, "
                         "digits, '.', '-' and '_', without .pdf")
    from .coverart import accent_of  # the optional cover colour, checked with the rest

    accent_of(settings, folder.name, path)
    return settings


def read_paper(folder: Path) -> Paper:
    if not SLUG.fullmatch(folder.name):
        raise PaperError(folder, "a paper's folder name is its address: use lowercase letters, digits and hyphens")
    if not (folder / SETTINGS).is_file():
        raise PaperError(folder, f"has pages but no {SETTINGS}; add one (see README, Adding a paper)")
    paper = Paper(folder.name, folder, checked_settings(folder))
    paper.link_targets  # read now: a malformed links.toml leaves the paper out, not the build
    return paper


def paper_folders(source: Path) -> list[Path]:
    """Folders of ``source/`` holding a ``paper.toml`` or pages (a paper lacking its settings)."""
    return sorted(folder for folder in source.iterdir()
                  if folder.is_dir() and ((folder / SETTINGS).exists() or any(folder.rglob("*.md"))))


def library_order(paper: Paper):
    # Numbered papers first, in their order; the others after them, by folder name.
    return (paper.order is None, paper.order or 0, paper.slug)


def load_library(source: Path) -> Library:
    """Every paper of ``source/``, in the library's order, and the problems of those left out."""
    papers, problems = [], []
    for folder in paper_folders(source) if source.is_dir() else []:
        try:
            papers.append(read_paper(folder))
        except PaperError as error:
            problems.append(replace(error.problem, slug=folder.name))
    papers.sort(key=library_order)
    kept, owners = [], {}
    for paper in papers:
        if paper.pdf_name in owners:  # the later paper in the library's order gives way
            problems.append(PaperProblem(paper.folder / SETTINGS, None, f"pdf_name {paper.pdf_name!r} is already "
                                         f"{owners[paper.pdf_name]}'s; give this paper a pdf_name of its own",
                                         paper.slug))
            continue
        owners[paper.pdf_name] = paper.slug
        kept.append(paper)
    return Library(kept, problems)


def load_papers(source: Path) -> list[Paper]:
    """Every usable ``source/<slug>/paper.toml``, in the library's order."""
    return load_library(source).papers


def paper_of(papers: list[Paper], docname: str) -> Paper | None:
    return next((paper for paper in papers if paper.owns(docname)), None)
