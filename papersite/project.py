"""Where things are, and the project's settings as ``conf.py`` declares them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .languages import Language, site_languages

import runpy

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

    def catalogs(self, language: str) -> list[Path]:
        return sorted((self.locale / language / "LC_MESSAGES").glob("*.po"))
