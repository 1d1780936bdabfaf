"""``check-po``: everything about the catalogs that must block a merge."""

from __future__ import annotations

import tempfile
from pathlib import Path

import polib

from .project import Project
from .qa import Problem, catalog_problems
from .sync import catalog_for, orphaned_catalogs, templates_in, write_templates


def msgids(path: Path) -> set[str]:
    return {entry.msgid for entry in polib.pofile(str(path)) if entry.msgid and not entry.obsolete}


def stale_problems(project: Project, pot_dir: Path, language: str) -> list[Problem]:
    """Catalogs whose messages are not exactly the sources' messages."""
    problems = []
    for pot in templates_in(pot_dir):
        po = catalog_for(pot, pot_dir, project.catalog_folder(language))
        if not po.exists():
            problems.append(Problem(str(po), 1, "", "stale: the catalog is missing; run make update-po"))
            continue
        missing, extra = msgids(pot) - msgids(po), msgids(po) - msgids(pot)
        if missing or extra:
            problems.append(Problem(str(po), 1, "", f"stale against the sources: {len(missing)} messages "
                                    f"missing, {len(extra)} no longer in the sources; run make update-po"))
    for po in orphaned_catalogs(project, pot_dir, language):
        problems.append(Problem(str(po), 1, "", "stale: no document has this catalog any more; "
                                "run make update-po --prune"))
    return problems


def check_po(project: Project, languages: list[str]) -> list[Problem]:
    problems = []
    with tempfile.TemporaryDirectory() as pot_dir:
        write_templates(project, Path(pot_dir))
        for language in languages:
            for catalog in project.catalogs(language):
                problems += catalog_problems(catalog)
            problems += stale_problems(project, Path(pot_dir), language)
    return problems
