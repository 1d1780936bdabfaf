"""Where things are, and the project's settings as ``conf.py`` declares them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import runpy

from .languages import Language, site_languages
from .papers import Paper, load_papers

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Project:
    root: Path = ROOT

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

    def html_work(self, language: str) -> Path:
        return self.build / "html" / language

    def compiled_locale(self) -> Path:
        return self.build / "locale"

    def pdf_work(self, language: str) -> Path:
        return self.build / "pdf" / language

    def state(self, language: str) -> Path:
        return self.build / "state" / f"{language}.json"

    @cached_property
    def config(self) -> dict:
        """The names conf.py defines (it has no side effects, so running it is safe)."""
        return runpy.run_path(str(self.root / "conf.py"))

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
    def papers(self) -> list[Paper]:
        """The library, in its order (a malformed paper.toml raises PaperError)."""
        return load_papers(self.source)

    def catalog_folder(self, language: str) -> Path:
        return self.locale / language / "LC_MESSAGES"

    def catalogs(self, language: str) -> list[Path]:
        """Every catalog of the language: the interface's and each paper's."""
        return sorted(self.catalog_folder(language).rglob("*.po"))

    def domain(self, catalog: Path, language: str) -> str:
        """A catalog's gettext domain, as Sphinx names it: ``<slug>/<document>``, ``sphinx``."""
        return catalog.relative_to(self.catalog_folder(language)).with_suffix("").as_posix()

    def paper_catalogs(self, paper: Paper, language: str) -> list[Path]:
        return sorted((self.catalog_folder(language) / paper.slug).rglob("*.po"))
