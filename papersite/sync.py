"""Keep every language's catalogs in sync with the sources, losing nothing.

Templates come from Sphinx's gettext builder (the paper) and from Babel's
extractors (the interface, see ``papersite.catalogs``). Catalogs are merged with
sphinx-intl's catalog functions (Babel underneath):

* a new message is added empty;
* a changed message keeps its translation, marked fuzzy, with the old source
  text recorded as ``#| msgid`` so the translator sees what changed;
* a removed message stays as obsolete ``#~`` until ``--prune``.

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
from dataclasses import dataclass, field
from pathlib import Path

import polib
from babel.messages.catalog import Message
from babel.messages.pofile import write_po
from sphinx_intl import catalog as sphinx_intl_catalog

from .catalogs import write_interface_template
from .losses import check_nothing_lost
from .pofile_io import GUESSED_FLAGS, CatalogError, comment_lines, msgcat, read_exactly, strings_of, write_atomically
from .project import Project
from .sphinxrun import run_sphinx

UNWRAPPED = 1 << 30
INTERFACE_DOMAIN = "sphinx"  # furo's and our labels; translated through Sphinx's own domain


@dataclass(frozen=True)
class Change:
    path: Path
    action: str  # "created", "updated"

    def __str__(self) -> str:
        return f"{self.action}: {self.path}"


def write_templates(project: Project, pot_dir: Path) -> list[Path]:
    """The .pot files for the paper (one per document) and for the interface."""
    with tempfile.TemporaryDirectory() as doctrees:
        _, warnings = run_sphinx(project, "gettext", pot_dir, Path(doctrees), {})
    if warnings:
        raise RuntimeError("the sources have warnings:\n" + "\n".join(warnings))
    write_interface_template(project.root, pot_dir)
    return sorted(pot_dir.glob("*.pot"))


def drop_guessed_format_flags(catalog, domain: str) -> None:
    """Babel flags prose like "100% of" as python-format and {link}`…` as
    python-brace-format, and msgfmt --check then holds translations to format
    rules. Only the interface's strings are ever formatted."""
    if domain == INTERFACE_DOMAIN:
        return
    for message in catalog:
        if message.id:
            message.flags -= GUESSED_FLAGS


def previous_ids(old: polib.POFile) -> dict[str, str]:
    """For each fuzzy message, the source text its translation was made for."""
    return {entry.msgid: entry.previous_msgid for entry in old if entry.fuzzy and entry.previous_msgid}


def keep_previous_ids(catalog, previous: dict[str, str]) -> None:
    """GNU msgmerge's rule: ``#|`` shows the msgid the translation was last made
    for. Babel records the msgid it matched, which after two source edits is the
    intermediate text; the one the old entry itself recorded wins. Once a
    translator clears the fuzzy flag, the old text goes."""
    for message in catalog:
        message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
        if "fuzzy" not in message.flags or not isinstance(message.id, str):
            message.previous_id = []
            continue
        matched = message.previous_id[0] if message.previous_id else message.id
        if matched in previous:
            message.previous_id = [previous[matched]]


def as_message(entry: polib.POEntry) -> Message:
    """An obsolete entry (as GNU read it) made live again, with everything it held."""
    strings = strings_of(entry)
    return Message(
        (entry.msgid, entry.msgid_plural) if entry.msgid_plural else entry.msgid,
        strings if entry.msgid_plural else strings[0],
        flags=entry.flags, auto_comments=comment_lines(entry.comment),
        user_comments=comment_lines(entry.tcomment), context=entry.msgctxt,
    )


def revive_obsolete(catalog, template, obsolete: list[polib.POEntry]) -> list[polib.POEntry]:
    """A message that comes back to the sources gets its old translation back
    (Babel would otherwise add it empty beside the obsolete copy). Returns the
    obsolete entries that stay obsolete."""
    staying = []
    for entry in obsolete:
        if template.get(entry.msgid, entry.msgctxt) is not None and catalog.get(entry.msgid, entry.msgctxt) is None:
            catalog[entry.msgid] = as_message(entry)
        else:
            staying.append(entry)
    return staying


def canonical(data: bytes, po: Path) -> bytes:
    """The merged catalog as GNU gettext writes it."""
    return msgcat(data, po)


def with_header_fields_babel_dropped(data: bytes, old: polib.POFile | None) -> bytes:
    """Babel writes only the header fields it knows: the others (Weblate's
    X-Generator, say) are put back, after Babel's."""
    if old is None:
        return data
    header, _, rest = data.partition(b"\n\n")
    written = polib.pofile(header.decode("utf-8") + "\n")
    missing = {name: value for name, value in old.metadata.items() if name not in written.metadata}
    if not missing:
        return data
    lines = "".join(f'\n"{polib.escape(f"{name}: {value}")}\\n"' for name, value in missing.items())
    return header + lines.encode("utf-8") + b"\n\n" + rest


@dataclass
class Merge:
    catalog: object  # Babel's catalog of the live messages
    newly_obsolete: list  # Babel messages the sources no longer have
    still_obsolete: list[polib.POEntry]  # obsolete before, kept exactly as GNU read them
    old: polib.POFile | None  # the catalog before, as GNU read it


def merged_catalog(pot: Path, po: Path, language: str) -> Merge:
    template = sphinx_intl_catalog.load_po(str(pot))
    if not po.exists() and not po.is_symlink():
        template.locale = language
        drop_guessed_format_flags(template, pot.stem)
        return Merge(template, [], [], None)
    catalog, old = read_exactly(po)
    catalog.obsolete.clear()  # taken from GNU's reading instead: Babel's cannot hold them all
    staying = revive_obsolete(catalog, template, old.obsolete_entries())
    catalog.update(template, update_creation_date=False)
    keep_previous_ids(catalog, previous_ids(old))
    drop_guessed_format_flags(catalog, pot.stem)
    newly_obsolete = list(catalog.obsolete.values())
    catalog.obsolete.clear()
    return Merge(catalog, newly_obsolete, staying, old)


def obsolete_text(entry: polib.POEntry) -> str:
    """polib leaves out an obsolete entry's extracted comments; msgcat puts
    them back in GNU's order wherever they stand."""
    return "".join(f"#. {line}\n" for line in comment_lines(entry.comment)) + entry.__unicode__()


def render(merge: Merge, po: Path, with_obsolete: bool) -> bytes:
    buffer = io.BytesIO()
    if with_obsolete:
        for message in merge.newly_obsolete:
            merge.catalog.obsolete[merge.catalog._key_for(message.id, message.context)] = message
    # Babel wraps previous-msgid comments word by word when width is 0: write
    # long lines and let msgcat wrap them the gettext way.
    write_po(buffer, merge.catalog, width=UNWRAPPED, include_previous=True, ignore_obsolete=not with_obsolete)
    merge.catalog.obsolete.clear()
    if with_obsolete:
        for entry in merge.still_obsolete:
            buffer.write(b"\n" + obsolete_text(entry).encode("utf-8") + b"\n")
    return canonical(with_header_fields_babel_dropped(buffer.getvalue(), merge.old), po)


def sync_catalog(pot: Path, po: Path, language: str, prune: bool = False) -> Change | None:
    existed = po.exists()
    merge = merged_catalog(pot, po, language)
    data = render(merge, po, with_obsolete=True)
    if merge.old is not None:
        check_nothing_lost(po, merge.old, data)
    if prune:
        data = render(merge, po, with_obsolete=False)
    if existed and po.read_bytes() == data:
        return None
    write_atomically(po, data)
    return Change(po, "updated" if existed else "created")


@dataclass
class SyncResult:
    changes: list[Change] = field(default_factory=list)
    refused: list[CatalogError] = field(default_factory=list)  # left byte-identical


def sync_language(project: Project, pot_dir: Path, language: str, prune: bool, result: SyncResult) -> None:
    target = project.locale / language / "LC_MESSAGES"
    for pot in sorted(pot_dir.glob("*.pot")):
        try:
            change = sync_catalog(pot, target / f"{pot.stem}.po", language, prune)
        except CatalogError as error:
            result.refused.append(error)
        else:
            if change:
                result.changes.append(change)


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
