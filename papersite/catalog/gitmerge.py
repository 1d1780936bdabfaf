"""A git merge driver for the catalogs: both sides re-synced, then merged.

The classic race between a translation platform and the repository: Weblate
holds a translation not yet pushed while the repository's ``update-po``
changes the same catalog (a message edited in the English, one added, one
removed). Git's line merge then conflicts, or worse, keeps the translation
on a message that no longer exists. Weblate's own driver (msgcat-based)
keeps both messages.

This driver gives the answer ``update-po`` would give had the translation
been made before the sync:

1. the side whose messages differ from the common ancestor's is the side
   that was synced (its live entries, in order, are the new template);
2. the ancestor and both sides are synced against that template with our
   own merge (``papersite.catalog.merge``): a translation made for an edited
   message lands on the new message, fuzzy, with ``#| msgid`` showing the
   English it was made for, exactly as ``update-po`` marks it;
3. the three synced texts, all in the one canonical form, are merged line by
   line (``git merge-file``); the header's stamps (PO-Revision-Date,
   Last-Translator, X-Generator) come from the side translated last.

Only two edits of the same message's translation conflict; the driver then
leaves git's conflict markers and fails, so nothing is silently chosen.

Configured with ``.gitattributes`` (``merge=papersite-po``) and, where it
should run, ``git config merge.papersite-po.driver "... %O %A %B %P"``
(``tools/weblate/merge-po``).
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path

import polib

from .merge import merge, render
from .reader import CatalogError

STAMPS = ("PO-Revision-Date", "Last-Translator", "X-Generator")
REVISION_FORMAT = "%Y-%m-%d %H:%M%z"


def language_of(path: str) -> str | None:
    """``locale/<lang>/LC_MESSAGES/…`` names the language; anything else is not a catalog of ours."""
    parts = Path(path).parts
    if "LC_MESSAGES" not in parts:
        return None
    index = parts.index("LC_MESSAGES")
    return parts[index - 1] if index > 0 else None


def keys(text: bytes) -> list[tuple[str | None, str]] | None:
    """The live messages, in order; None when the text is not a catalog polib reads."""
    try:
        catalog = polib.pofile(text.decode("utf-8"))
    except (OSError, ValueError):
        return None
    return [(entry.msgctxt, entry.msgid) for entry in catalog if not entry.obsolete]


def synced_side(base: bytes, ours: bytes, theirs: bytes) -> bytes | None:
    """The side whose messages are the sources' now; None when both changed them differently."""
    base_keys, our_keys, their_keys = keys(base), keys(ours), keys(theirs)
    if None in (our_keys, their_keys):
        return None
    if our_keys == their_keys or their_keys == base_keys:
        return ours
    if our_keys == base_keys:
        return theirs
    return None


def template_from(synced: bytes) -> bytes:
    """The template a synced catalog was made from: its live entries without translations."""
    catalog = polib.pofile(synced.decode("utf-8"))
    template = polib.POFile()
    template.metadata = {"Content-Type": "text/plain; charset=UTF-8", "MIME-Version": "1.0",
                         "Content-Transfer-Encoding": "8bit"}
    for entry in catalog:
        if entry.obsolete:
            continue
        template.append(polib.POEntry(
            msgid=entry.msgid, msgctxt=entry.msgctxt, msgid_plural=entry.msgid_plural,
            msgstr="",
            msgstr_plural={0: "", 1: ""} if entry.msgid_plural else {},
            occurrences=entry.occurrences, comment=entry.comment,
            flags=[flag for flag in entry.flags if flag != "fuzzy"],
        ))
    return str(template).encode("utf-8")


def resync(pot: Path, text: bytes, folder: Path, name: str, language: str) -> bytes:
    """``text`` as update-po would write it against ``pot``."""
    po = folder / name
    po.write_bytes(text)
    return render(merge(pot, po, language), po, with_obsolete=True)


def header_field(text: bytes, name: str) -> str | None:
    found = re.search(rb'^"' + re.escape(name.encode()) + rb': (.*)\\n"$', text, re.MULTILINE)
    return found.group(1).decode("utf-8") if found else None


def revision(text: bytes) -> datetime | None:
    value = header_field(text, "PO-Revision-Date")
    try:
        return datetime.strptime(value, REVISION_FORMAT) if value else None
    except ValueError:
        return None


def with_stamps_of(text: bytes, source: bytes) -> bytes:
    """``text`` with the header's stamps as ``source`` has them."""
    for name in STAMPS:
        value = header_field(source, name)
        if value is None or header_field(text, name) is None:
            continue
        line = f'"{name}: {value}\\n"'.encode("utf-8")
        text = re.sub(rb'^"' + re.escape(name.encode()) + rb': .*\\n"$', lambda _: line, text, count=1, flags=re.MULTILINE)
    return text


def unify_stamps(ours: bytes, theirs: bytes) -> tuple[bytes, bytes]:
    """Both sides stamped by whichever was translated last, so the stamps never conflict."""
    mine, other = revision(ours), revision(theirs)
    if mine is None or other is None:
        return ours, theirs
    latest = ours if mine >= other else theirs
    return with_stamps_of(ours, latest), with_stamps_of(theirs, latest)


def merge_file(ours: bytes, base: bytes, theirs: bytes, folder: Path) -> tuple[bytes, bool]:
    paths = []
    for label, data in (("ours", ours), ("base", base), ("theirs", theirs)):
        path = folder / label
        path.write_bytes(data)
        paths.append(str(path))
    result = subprocess.run(["git", "merge-file", "-p", "-L", "ours", "-L", "base", "-L", "theirs", *paths],
                            capture_output=True)
    if result.returncode < 0 or result.returncode > 127:
        raise RuntimeError(f"git merge-file failed: {result.stderr.decode(errors='replace').strip()}")
    return result.stdout, result.returncode == 0


def merge_catalog(base: bytes, ours: bytes, theirs: bytes, path: str) -> tuple[bytes, bool]:
    """The merged catalog and whether it is clean (no conflict markers)."""
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        language = language_of(path)
        synced = synced_side(base, ours, theirs) if language else None
        if synced is None:  # not ours to understand: git's own line merge
            return merge_file(ours, base, theirs, folder)
        pot = folder / Path(path).with_suffix(".pot").name
        pot.write_bytes(template_from(synced))
        name = Path(path).name
        try:
            sides = [resync(pot, text, folder, name, language) if text else text for text in (base, ours, theirs)]
        except CatalogError:  # a side update-po would refuse: leave it to people
            return merge_file(ours, base, theirs, folder)
        base, ours, theirs = sides
        ours, theirs = unify_stamps(ours, theirs)
        return merge_file(ours, base, theirs, folder)


def run(base: Path, ours: Path, theirs: Path, path: str) -> int:
    """Git's contract: the result replaces ``ours``; 0 when clean, 1 with conflict markers."""
    merged, clean = merge_catalog(base.read_bytes(), ours.read_bytes(), theirs.read_bytes(), path)
    ours.write_bytes(merged)
    return 0 if clean else 1
