"""``check-po``: everything about the catalogs that must block a merge."""

from __future__ import annotations

import tempfile
from pathlib import Path

import polib

from .project import Project
from .qa import Problem, catalog_problems
from .sync import write_templates


def msgids(path: Path) -> set[str]:
    return {entry.msgid for entry in polib.pofile(str(path)) if entry.msgid and not entry.obsolete}


def stale_problems(project: Project, pot_dir: Path, language: str) -> list[Problem]:
    """Catalogs whose messages are not exactly the sources' messages."""
    problems = []
    folder = project.locale / language / "LC_MESSAGES"
    templates = {pot.stem: pot for pot in pot_dir.glob("*.pot")}
    for name, pot in sorted(templates.items()):
        po = folder / f"{name}.po"
        if not po.exists():
            problems.append(Problem(str(po), 1, "", "stale: the catalog is missing; run make update-po"))
            continue
        missing, extra = msgids(pot) - msgids(po), msgids(po) - msgids(pot)
        if missing or extra:
            problems.append(Problem(str(po), 1, "", f"stale against the sources: {len(missing)} messages "
                                    f"missing, {len(extra)} no longer in the sources; run make update-po"))
    for po in sorted(folder.glob("*.po")):
        if po.stem not in templates:
            problems.append(Problem(str(po), 1, "", "stale: no document has this catalog any more; run make update-po"))
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
