"""``check-po``: everything about the catalogs that must block a merge."""

from __future__ import annotations

import tempfile
from pathlib import Path

import polib

from .glossary import Term, glossary_path, load_glossary
from ..project import Project
from .checks import WARNING, Problem, catalog_problems, is_interface
from .spacing import applies_to, link_spacing_problems
from .sync import catalog_for, orphaned_catalogs, templates_in, write_templates
from .terminology import terminology_warnings

NOT_A_CATALOG = "not a regular file inside locale/ (a link or a folder named *.po); it is ignored: replace it with the catalog itself"


def msgids(path: Path) -> set[str] | None:
    """The catalog's messages; None when it cannot be read (msgfmt's check reports why)."""
    try:
        catalog = polib.pofile(str(path))
    except (OSError, ValueError):  # polib's syntax errors are OSErrors, bad bytes ValueErrors
        return None
    return {entry.msgid for entry in catalog if entry.msgid and not entry.obsolete}


def stale_problems(project: Project, pot_dir: Path, language: str) -> list[Problem]:
    """Catalogs whose messages are not exactly the sources' messages (of those that can be read)."""
    problems = []
    catalogs = set(project.catalogs(language))  # a link or folder named *.po is reported, never read
    for pot in templates_in(pot_dir):
        po = catalog_for(pot, pot_dir, project.catalog_folder(language))
        if po not in catalogs:
            if not po.exists() and not po.is_symlink():
                problems.append(Problem(str(po), 1, "", "stale: the catalog is missing; run make update-po"))
            continue
        translated = msgids(po)
        if translated is None:
            continue
        missing, extra = msgids(pot) - translated, translated - msgids(pot)
        if missing or extra:
            problems.append(Problem(str(po), 1, "", f"stale against the sources: {len(missing)} messages "
                                    f"missing, {len(extra)} no longer in the sources; run make update-po"))
    for po in orphaned_catalogs(project, pot_dir, language):
        problems.append(Problem(str(po), 1, "", "stale: no document has this catalog any more; "
                                "run make update-po --prune"))
    return problems


def style_problems(path: Path, language: str, terms: list[Term]) -> list[Problem]:
    """The conventions of the language's terminology list: spacing around links in
    Chinese and Japanese (errors) and the list's terms (warnings). Paper and library
    catalogs only: interface strings are not running text."""
    if is_interface(path):
        return []
    try:
        catalog = polib.pofile(str(path))
    except (OSError, ValueError):  # what msgfmt accepts but polib cannot read is reported by the other checks
        return []
    problems = []
    if applies_to(language):
        for entry in catalog:
            if entry.msgstr and not (entry.obsolete or entry.fuzzy):
                problems += [Problem(str(path), entry.linenum, entry.msgid, reason)
                             for reason in link_spacing_problems(entry.msgstr)]
    problems += [Problem(str(path), line, msgid, reason, WARNING)
                 for line, msgid, reason in terminology_warnings(catalog, terms)]
    return problems


def glossary_terms(project: Project, language: str) -> tuple[list[Term], list[Problem]]:
    try:
        _, terms = load_glossary(project, language)
    except ValueError as error:
        return [], [Problem(str(glossary_path(project, language)), 1, "", str(error))]
    return terms, []


def language_problems(project: Project, pot_dir: Path, language: str) -> list[Problem]:
    problems = [Problem(str(path), 1, "", NOT_A_CATALOG) for path in project.rejected_catalogs(language)]
    terms, problems_of_list = glossary_terms(project, language)
    problems += problems_of_list
    for catalog in project.catalogs(language):
        found = catalog_problems(catalog)
        if not any(problem.msgid == "" for problem in found):  # msgfmt read it: its messages can be judged
            found += style_problems(catalog, language, terms)
        problems += found
    return problems + stale_problems(project, pot_dir, language)


def check_po(project: Project, languages: list[str]) -> list[Problem]:
    problems = []
    with tempfile.TemporaryDirectory() as pot_dir:
        write_templates(project, Path(pot_dir))
        for language in languages:
            problems += language_problems(project, Path(pot_dir), language)
    return problems
