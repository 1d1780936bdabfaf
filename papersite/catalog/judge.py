"""A language's catalogs read and judged, the same way for check-po, compile and stats."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path

from ..project import Project
from . import fonts
from .checks import Problem
from .model import Catalog
from .reader import CatalogError, plural_count, read_catalog
from .sources import source_facts
from .verdict import Rules, Verdict, VerdictCache, domain_of, judge_language

PACKAGE = Path(__file__).resolve().parent.parent  # papersite/: all our code
# The checks parse messages with MyST and read catalogs with GNU gettext, polib
# and Babel: their verdicts depend on these.
CHECKERS = ("myst-parser", "docutils", "markdown-it-py", "polib", "babel", "google-re2", "fonttools")


@dataclass
class Judged:
    language: str
    catalogs: dict[str, Catalog] = field(default_factory=dict)  # by domain, the readable ones
    paths: dict[str, Path] = field(default_factory=dict)  # by domain
    verdicts: dict[str, list[Verdict]] = field(default_factory=dict)
    broken: list[Problem] = field(default_factory=list)  # catalogs that cannot be read at all


@cache
def checker_digest() -> str:
    """Our code, conf.py (MyST settings) and the parsers' versions: what a verdict depends on."""
    digest = hashlib.sha256()
    for source in sorted(PACKAGE.rglob("*.py")):
        digest.update(source.read_bytes())
    digest.update((PACKAGE.parent / "conf.py").read_bytes())
    digest.update(" ".join(metadata.version(name) for name in CHECKERS).encode())
    return digest.hexdigest()


def font_cache(project: Project) -> Path:
    return project.build / "cache" / "character-maps"


def language_rules(project: Project, language: str) -> Rules:
    drawable = fonts.drawable(language, font_cache(project))
    digest = hashlib.sha256(checker_digest().encode() + repr(fonts.as_ranges(set(drawable))).encode()).hexdigest()
    return Rules(language, source_facts(project.source), drawable, digest, plural_count(language))


def broken_problem(error: CatalogError) -> Problem:
    return Problem(str(error.path), error.line or 1, "", error.reason)


def read_all(paths: list[Path], language: str, judged: Judged) -> None:
    for path in paths:
        try:
            judged.catalogs[domain_of(path)] = read_catalog(path, language)
            judged.paths[domain_of(path)] = path
        except CatalogError as error:
            judged.broken.append(broken_problem(error))


def judge_catalogs(project: Project, language: str, paths: list[Path], cache: VerdictCache | None = None) -> Judged:
    """Read every catalog of ``paths`` (the language's) and judge every message."""
    judged = Judged(language)
    read_all(paths, language, judged)
    judged.verdicts = judge_language(judged.catalogs, language_rules(project, language), cache)
    return judged
