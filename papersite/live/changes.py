"""What a changed file means for each language's live build."""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path

from ..project import Project

# The interface's labels (Sphinx's own domain) and the library home: every page shows them,
# and no page records that it depends on them.
SHARED_CATALOGS = {"sphinx", "index"}


class Rebuild(IntEnum):
    """How much of a language a change asks for; a larger one includes the smaller."""

    PAGES = 1  # Sphinx finds what changed itself (a document's catalog, a source page, a template)
    FRESH = 2  # what Sphinx does not track (interface strings, settings, glossary, new or removed files)


def language_changes(project: Project, path: Path, existed: bool) -> dict[str, Rebuild]:
    """``{language: rebuild}`` for one changed ``path`` (``existed``: it was there before and still is)."""
    path = Path(path)
    everything = dict.fromkeys(project.language_codes, Rebuild.PAGES if existed else Rebuild.FRESH)
    if path.is_relative_to(project.locale):
        language, *rest = path.relative_to(project.locale).parts or ("",)
        if language not in project.translations or not rest:
            return {}
        if rest[0] != "LC_MESSAGES":
            return {language: Rebuild.FRESH}  # the glossary: the search splits words by it
        if path.suffix != ".po":
            return {}
        # A document depends on its own catalog's .mo, whether it was there before or not.
        domain = Path(*rest[1:]).with_suffix("").as_posix()
        return {language: Rebuild.FRESH if domain in SHARED_CATALOGS else Rebuild.PAGES}
    if path.is_relative_to(project.source):
        # Sphinx re-reads an edited page; paper.toml and links.toml it does not know of.
        return everything if path.suffix == ".md" else dict.fromkeys(everything, Rebuild.FRESH)
    if path.is_relative_to(project.root / "_templates"):
        return everything  # Sphinx writes every page again when a template is newer than it
    return {}


def merged(changes: list[dict[str, Rebuild]]) -> dict[str, Rebuild]:
    result: dict[str, Rebuild] = {}
    for change in changes:
        for language, rebuild in change.items():
            result[language] = max(result.get(language, rebuild), rebuild)
    return result
