"""Where things are, and the project's settings as ``conf.py`` declares them."""

from __future__ import annotations

import re
import runpy
import stat
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .languages import Language, site_languages
from .notices import threshold_of
from .errors import ProjectError
from .papers import Library, Paper, PaperProblem, load_library

ROOT = Path(__file__).resolve().parent.parent
# The site's address goes into JavaScript, XML and every page's links, so
# only a scheme, a host (name or [IPv6]), a port and a plain path are accepted.
SITE_URL = re.compile(r"https?://(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?(?:/[A-Za-z0-9._~%/-]*)?")


def check_site_url(value: object, origin: str) -> str:
    if not isinstance(value, str) or not SITE_URL.fullmatch(value):
        raise ProjectError(f"{origin}: site_url (SITE_URL) {value!r} is not an absolute http(s) address; "
                           "give scheme, host and path only, like https://example.org/paper/")
    return value


def is_plain_file(path: Path, folder: Path) -> bool:
    """A regular file, not a link, and really inside ``folder`` (no linked parent leads out)."""
    try:
        mode = path.lstat().st_mode
    except OSError:
        return False
    return stat.S_ISREG(mode) and path.resolve().is_relative_to(folder.resolve())


@dataclass(frozen=True)
class Project:
    root: Path = ROOT

    def __post_init__(self) -> None:
        # Sphinx resolves a relative locale_dirs entry against the source folder,
        # not the working directory: every path handed on must be absolute.
        object.__setattr__(self, "root", Path(self.root).resolve())

    @property
    def source(self) -> Path:
        return self.root / "source"

    @property
    def locale(self) -> Path:
        return self.root / "locale"

    @property
    def build(self) -> Path:
        return self.root / "_build"

    @property
    def site(self) -> Path:
        return self.build / "site"

    @property
    def templates(self) -> Path:
        return self.build / "gettext"

    def doctrees(self, language: str) -> Path:
        # One doctree folder per language, shared by the HTML and PDF builders
        # of that language: the sources are read once per language.
        return self.build / "doctrees" / language

    def output(self, language: str) -> Path:
        # The language's last good output: a link that papersite.build swaps in one step.
        return self.build / "output" / language

    def html_work(self, language: str) -> Path:
        return self.output(language) / "html"

    def compiled_locale(self) -> Path:
        return self.build / "locale"

    def pdf_work(self, language: str) -> Path:
        return self.output(language) / "pdf"

    def state(self, language: str) -> Path:
        # Inside the output it describes, so the two can never disagree.
        return self.output(language) / "fingerprint.json"

    @cached_property
    def config(self) -> dict:
        """The names conf.py defines (it has no side effects, so running it is safe), checked."""
        path = self.root / "conf.py"
        if not path.is_file():
            raise ProjectError(f"{path}: not found; --root must name the project folder")
        try:
            config = runpy.run_path(str(path))
        except Exception as error:  # whatever conf.py raises, the user needs one line
            raise ProjectError(f"{path}: cannot be run: {type(error).__name__}: {error}") from error
        check_site_url(config.get("site_url"), str(path))
        try:
            threshold_of(config)
        except ValueError as error:
            raise ProjectError(str(error)) from None
        return config

    @property
    def language_codes(self) -> list[str]:
        return list(self.config["site_languages"])

    @cached_property
    def languages(self) -> list[Language]:
        return site_languages(self.language_codes, self.config.get("language_display_names"))

    @property
    def source_language(self) -> str:
        return self.language_codes[0]

    @property
    def translations(self) -> list[str]:
        return self.language_codes[1:]

    @cached_property
    def library(self) -> Library:
        return load_library(self.source)

    @property
    def papers(self) -> list[Paper]:
        """The library, in its order: the papers whose settings can be used."""
        return self.library.papers

    @property
    def paper_problems(self) -> list[PaperProblem]:
        """Why each paper left out of the library is (``file:line: what to do``)."""
        return self.library.problems

    def catalog_folder(self, language: str) -> Path:
        return self.locale / language / "LC_MESSAGES"

    def catalog_names(self, language: str) -> list[Path]:
        """Everything named ``*.po`` in the language's folder and its papers' folders, whatever it is."""
        return sorted(self.catalog_folder(language).rglob("*.po"))

    def catalogs(self, language: str) -> list[Path]:
        """The language's catalogs (the interface's, the library home's, each paper's):
        regular files inside ``locale/``, never a link or a folder."""
        return [path for path in self.catalog_names(language) if is_plain_file(path, self.locale)]

    def rejected_catalogs(self, language: str) -> list[Path]:
        """Names ``*.po`` that are no catalog to read (a link, a folder, a device): reported, never opened."""
        return [path for path in self.catalog_names(language) if not is_plain_file(path, self.locale)]

    def domain(self, catalog: Path, language: str) -> str:
        """A catalog's gettext domain, as Sphinx names it: ``<slug>/<document>``, ``sphinx``."""
        return catalog.relative_to(self.catalog_folder(language)).with_suffix("").as_posix()

    def paper_catalogs(self, paper: Paper, language: str) -> list[Path]:
        folder = self.catalog_folder(language) / paper.slug
        return [path for path in self.catalogs(language) if path.is_relative_to(folder)]
