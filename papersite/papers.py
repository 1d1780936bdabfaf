"""The papers of the library: one folder ``source/<slug>/`` each, with ``paper.toml``.

Both sides use this model: the Sphinx extensions (titles, PDFs, link keys) and
the command line (landing page, sitemap, stats, check-po, update-po). A paper is
found by its settings file, so adding a folder is all it takes to add a paper.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

SETTINGS = "paper.toml"
LINKS = "links.toml"
REQUIRED = {"title": str, "subtitle": str, "publisher": str, "authors": str, "year": int, "pdf_name": str, "order": int}


class PaperError(ValueError):
    """A paper's settings file cannot be used; the message names the file (and line)."""


@dataclass(frozen=True)
class Paper:
    slug: str  # the folder's name: source/<slug>/, <lang>/<slug>/, LC_MESSAGES/<slug>/
    folder: Path
    settings: dict = field(compare=False, hash=False)

    @property
    def title(self) -> str:
        return self.settings["title"]

    @property
    def order(self) -> int:
        return self.settings["order"]

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
        path = self.folder / LINKS
        return read_toml(path) if path.is_file() else {}


def read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        # tomllib says "... (at line 3, column 7)": keep it, name the file.
        raise PaperError(f"{path}: {error}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise PaperError(f"{path}: {error}") from None


def checked_settings(path: Path) -> dict:
    settings = read_toml(path)
    for key, kind in REQUIRED.items():
        if key not in settings:
            raise PaperError(f"{path}: missing setting {key!r}")
        if not isinstance(settings[key], kind) or isinstance(settings[key], bool):
            raise PaperError(f"{path}: {key!r} must be a {kind.__name__}, not {settings[key]!r}")
    from .coverart import accent_of  # the optional cover colour, checked with the rest

    accent_of(settings, path.parent.name, str(path))
    return settings


def load_papers(source: Path) -> list[Paper]:
    """Every ``source/<slug>/paper.toml``, in the library's order."""
    papers = [Paper(path.parent.name, path.parent, checked_settings(path))
              for path in sorted(source.glob(f"*/{SETTINGS}"))]
    names = {}
    for paper in papers:
        if paper.pdf_name in names:
            raise PaperError(f"{paper.folder / SETTINGS}: pdf_name {paper.pdf_name!r} is already "
                             f"{names[paper.pdf_name]}'s")
        names[paper.pdf_name] = paper.slug
    return sorted(papers, key=lambda paper: (paper.order, paper.slug))


def paper_of(papers: list[Paper], docname: str) -> Paper | None:
    return next((paper for paper in papers if paper.owns(docname)), None)
