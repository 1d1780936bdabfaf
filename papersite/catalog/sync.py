"""Keep every language's catalogs in sync with the sources, losing nothing.

Templates come from Sphinx's gettext builder (the paper) and from Babel's
extractors (the interface, see ``papersite.catalog.templates``); each catalog is merged
with its template (``papersite.catalog.merge``). A catalog is touched only when:

* it can be read exactly (``papersite.catalog.reader``), else it is reported with
  its file and line and left byte-identical, never "repaired";
* the merged result still holds everything a translator wrote
  (``papersite.catalog.losses``), checked before ``--prune`` drops obsolete entries;
* its bytes change: a second run changes nothing.

A catalog whose document (or whole paper) is gone is reported as stale and kept;
``--prune`` deletes it (its translations stay in git history).

Every catalog is written in one canonical form, GNU gettext's own (what
``msgcat`` prints), atomically: an interrupted or failed write leaves the old
file. A round trip through msgcat or an editor that writes gettext's format
gives no diff.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .templates import write_interface_template
from .losses import check_nothing_lost
from .merge import merge, render
from .reader import CatalogError, write_atomically
from ..papers import paper_folders
from ..project import Project, ProjectError
from ..sphinxrun import run_sphinx


@dataclass(frozen=True)
class Change:
    path: Path
    action: str  # "created", "updated", "deleted", or STALE

    def __str__(self) -> str:
        return f"{self.action}: {self.path}"


STALE = "stale, kept until --prune (no document has this catalog any more)"


def write_templates(project: Project, pot_dir: Path) -> list[Path]:
    """The .pot files: one per document (``<slug>/<document>.pot``), and the interface's."""
    with tempfile.TemporaryDirectory() as doctrees:
        _, warnings = run_sphinx(project, "gettext", pot_dir, Path(doctrees), {})
    if warnings:
        raise ProjectError("the sources have warnings (fix them first): " + "; ".join(warnings))
    write_interface_template(project.root, pot_dir)
    return templates_in(pot_dir)


def templates_in(pot_dir: Path) -> list[Path]:
    return sorted(pot_dir.rglob("*.pot"))


def catalog_for(pot: Path, pot_dir: Path, catalog_folder: Path) -> Path:
    return catalog_folder / pot.relative_to(pot_dir).with_suffix(".po")


def sync_catalog(pot: Path, po: Path, language: str, prune: bool = False) -> Change | None:
    existed = po.exists()
    merged = merge(pot, po, language)
    data = render(merged, po, with_obsolete=True)
    if merged.old is not None:
        check_nothing_lost(po, merged.old, data)  # checked before pruning: only --prune drops obsolete work
    if prune:
        data = render(merged, po, with_obsolete=False)
    if existed and po.read_bytes() == data:
        return None
    write_atomically(po, data)
    return Change(po, "updated" if existed else "created")


@dataclass
class SyncResult:
    changes: list[Change] = field(default_factory=list)
    refused: list[CatalogError] = field(default_factory=list)  # left byte-identical


def check_folder(project: Project, folder: Path) -> None:
    """A catalog folder that is a link (or inside one) would make update-po read
    and write files outside the project: a pull request can add such a link.
    Checked at every level: locale/<lang>, LC_MESSAGES, a paper's folder."""
    parts = folder.relative_to(project.locale).parts
    for depth in range(1, len(parts) + 1):
        path = project.locale.joinpath(*parts[:depth])
        inside = project.locale.resolve().joinpath(*parts[:depth])
        if path.is_symlink() or (path.exists() and path.resolve() != inside):
            raise CatalogError(path, None, "leads outside locale/ (a link?); replace it with a real folder")


def orphaned_catalogs(project: Project, pot_dir: Path, language: str) -> list[Path]:
    """Catalogs of documents (or papers) no longer in the sources. A paper left
    out for its settings (papersite.papers) is still there: its catalogs are kept."""
    expected = {catalog_for(pot, pot_dir, project.catalog_folder(language)) for pot in templates_in(pot_dir)}
    kept = [project.catalog_folder(language) / folder.name for folder in paper_folders(project.source)
            if not (pot_dir / folder.name).is_dir()]  # in source/, but nothing of it was read
    return [po for po in project.catalogs(language)
            if po not in expected and not any(po.is_relative_to(folder) for folder in kept)]


def remove_orphan(project: Project, po: Path, catalog_folder: Path) -> Change:
    check_folder(project, po.parent)
    po.unlink()
    for folder in po.parents:  # a deleted paper's folder goes too, once empty
        if folder == catalog_folder or any(folder.iterdir()):
            break
        folder.rmdir()
    return Change(po, "deleted")


def sync_language(project: Project, pot_dir: Path, language: str, prune: bool, result: SyncResult) -> None:
    target = project.catalog_folder(language)
    try:
        check_folder(project, target)
    except CatalogError as error:
        result.refused.append(error)
        return
    for pot in templates_in(pot_dir):
        po = catalog_for(pot, pot_dir, target)
        try:
            check_folder(project, po.parent)
            change = sync_catalog(pot, po, language, prune)
        except CatalogError as error:
            result.refused.append(error)
        else:
            if change:
                result.changes.append(change)
    for po in orphaned_catalogs(project, pot_dir, language):
        try:
            result.changes.append(remove_orphan(project, po, target) if prune else Change(po, STALE))
        except CatalogError as error:
            result.refused.append(error)


def update_po(project: Project, languages: list[str], prune: bool = False) -> SyncResult:
    """Sync every catalog it can read exactly; the others are reported and left as they are."""
    pot_dir = project.templates
    if pot_dir.exists():
        shutil.rmtree(pot_dir)  # a document removed from the sources must not linger
    write_templates(project, pot_dir)
    result = SyncResult()
    for language in languages:
        sync_language(project, pot_dir, language, prune, result)
    return result
