"""Keep every language's catalogs in sync with the sources, losing nothing.

Templates come from Sphinx's gettext builder (the paper) and from Babel's
extractors (the interface, see ``papersite.catalogs``). Catalogs are merged with
sphinx-intl's catalog functions (Babel underneath):

* a new message is added empty;
* a changed message keeps its translation, marked fuzzy, with the old source
  text recorded as ``#| msgid`` so the translator sees what changed;
* a removed message stays as obsolete ``#~`` until ``--prune``;
* a catalog whose document (or whole paper) is gone is reported as stale and
  kept; ``--prune`` deletes it (its translations stay in git history).

Every catalog is written in one canonical form, GNU gettext's own (what
``msgcat`` prints), and only when its bytes change: a second run changes nothing,
and a round trip through msgcat or an editor that writes gettext's format gives
no diff.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import polib
from babel.messages.pofile import write_po
from sphinx_intl import catalog as sphinx_intl_catalog

from .catalogs import write_interface_template
from .project import Project
from .sphinxrun import run_sphinx

UNWRAPPED = 1 << 30
INTERFACE_DOMAIN = "sphinx"  # furo's and our labels; translated through Sphinx's own domain


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
        raise RuntimeError("the sources have warnings:\n" + "\n".join(warnings))
    write_interface_template(project.root, pot_dir)
    return templates_in(pot_dir)


def templates_in(pot_dir: Path) -> list[Path]:
    return sorted(pot_dir.rglob("*.pot"))


def catalog_for(pot: Path, pot_dir: Path, catalog_folder: Path) -> Path:
    return catalog_folder / pot.relative_to(pot_dir).with_suffix(".po")


GUESSED_FLAGS = {"python-format", "python-brace-format"}


def drop_guessed_format_flags(catalog, domain: str) -> None:
    """Babel flags prose like "100% of" as python-format and {link}`…` as
    python-brace-format, and msgfmt --check then holds translations to format
    rules. Only the interface's strings are ever formatted."""
    if domain == INTERFACE_DOMAIN:
        return
    for message in catalog:
        if message.id:
            message.flags -= GUESSED_FLAGS


def previous_ids(po: Path) -> dict[str, str]:
    """Babel writes ``#| msgid`` but reads it back as a translator comment (and
    its merge keeps only new ones): polib reads the recorded ones."""
    return {entry.msgid: entry.previous_msgid for entry in polib.pofile(str(po)) if entry.previous_msgid}


def keep_previous_ids(catalog, previous: dict[str, str]) -> None:
    """Until a translator clears the fuzzy flag, the old source text stays beside it."""
    for message in [*catalog, *catalog.obsolete.values()]:
        message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
        if "fuzzy" not in message.flags:
            message.previous_id = []
        elif not message.previous_id and message.id in previous:
            message.previous_id = [previous[message.id]]


def revive_obsolete(catalog, template) -> None:
    """A message that comes back to the sources gets its old translation back
    (Babel would otherwise add it empty beside the obsolete copy)."""
    for key, message in list(catalog.obsolete.items()):
        if template.get(message.id, message.context) is not None:
            del catalog.obsolete[key]
            catalog[message.id] = message


def canonical(data: bytes) -> bytes:
    """The catalog as GNU gettext writes it."""
    msgcat = shutil.which("msgcat")
    if msgcat is None:
        raise RuntimeError("GNU msgcat is missing: install the Debian package gettext")
    result = subprocess.run([msgcat, "-"], input=data, capture_output=True)
    if result.returncode:
        raise RuntimeError(f"msgcat rejected a merged catalog: {result.stderr.decode()}")
    return result.stdout


def merged_catalog(pot: Path, po: Path, language: str, prune: bool):
    template = sphinx_intl_catalog.load_po(str(pot))
    if po.exists():
        catalog = sphinx_intl_catalog.load_po(str(po))
        revive_obsolete(catalog, template)
        catalog.update(template, update_creation_date=False)
        keep_previous_ids(catalog, previous_ids(po))
    else:
        catalog = template
        catalog.locale = language
    if prune:
        catalog.obsolete.clear()
    drop_guessed_format_flags(catalog, pot.stem)
    return catalog


def sync_catalog(pot: Path, po: Path, language: str, prune: bool = False) -> Change | None:
    existed = po.exists()
    catalog = merged_catalog(pot, po, language, prune)
    buffer = io.BytesIO()
    # Babel wraps previous-msgid comments word by word when width is 0: write
    # long lines and let msgcat wrap them the gettext way.
    write_po(buffer, catalog, width=UNWRAPPED, include_previous=True, ignore_obsolete=prune, omit_header=False)
    data = canonical(buffer.getvalue())
    if existed and po.read_bytes() == data:
        return None
    po.parent.mkdir(parents=True, exist_ok=True)
    po.write_bytes(data)
    return Change(po, "updated" if existed else "created")


def orphaned_catalogs(project: Project, pot_dir: Path, language: str) -> list[Path]:
    """Catalogs of documents (or papers) no longer in the sources."""
    expected = {catalog_for(pot, pot_dir, project.catalog_folder(language)) for pot in templates_in(pot_dir)}
    return [po for po in project.catalogs(language) if po not in expected]


def remove_orphan(po: Path, catalog_folder: Path) -> Change:
    po.unlink()
    for folder in po.parents:  # a deleted paper's folder goes too, once empty
        if folder == catalog_folder or any(folder.iterdir()):
            break
        folder.rmdir()
    return Change(po, "deleted")


def sync_language(project: Project, pot_dir: Path, language: str, prune: bool = False) -> list[Change]:
    target = project.catalog_folder(language)
    changes = [sync_catalog(pot, catalog_for(pot, pot_dir, target), language, prune) for pot in templates_in(pot_dir)]
    for po in orphaned_catalogs(project, pot_dir, language):
        changes.append(remove_orphan(po, target) if prune else Change(po, STALE))
    return [change for change in changes if change]


def update_po(project: Project, languages: list[str], prune: bool = False) -> list[Change]:
    pot_dir = project.templates
    if pot_dir.exists():
        shutil.rmtree(pot_dir)  # a document removed from the sources must not linger
    write_templates(project, pot_dir)
    return [change for language in languages for change in sync_language(project, pot_dir, language, prune)]
