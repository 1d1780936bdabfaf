"""The last check before a merged catalog replaces the old one: nothing a
translator wrote is missing or changed.

The merge is Babel's, with our corrections around it; this check does not
trust either. Every translation, translator comment and translator-set flag of
the old catalog (as GNU gettext read it) must still be in the new one, live or
obsolete; a fuzzy translation stays fuzzy; the header keeps its fields.
"""

from __future__ import annotations

from pathlib import Path

import polib

from .reader import GUESSED_FLAGS, CatalogError, first_words, strings_of, without_empty_tail

# Fields the merge is meant to set (Babel's own stamp); every other header
# field is the translators'.
MERGE_HEADERS = {"Generated-By"}


def work_of(entry: polib.POEntry) -> tuple[str, ...]:
    return without_empty_tail(strings_of(entry))


def translator_flags(entry: polib.POEntry) -> set[str]:
    return set(entry.flags) - GUESSED_FLAGS - {"fuzzy"}


def holds(new: polib.POEntry, old: polib.POEntry) -> bool:
    """Whether ``new`` still carries the work of ``old`` (possibly under a changed msgid)."""
    return (
        work_of(new) == work_of(old)
        and new.tcomment == old.tcomment
        and translator_flags(old) <= set(new.flags)
        and (new.fuzzy or not old.fuzzy)
        and (new.msgid != old.msgid or new.msgctxt == old.msgctxt)
        and (not (new.obsolete and old.obsolete) or new.comment == old.comment)
    )


def has_work(entry: polib.POEntry) -> bool:
    return any(strings_of(entry)) or bool(entry.tcomment)


def check_header(po: Path, old: polib.POFile, new: polib.POFile) -> None:
    if new.header != old.header:
        raise CatalogError(po, 1, "the merge would change the header comment; catalog left unchanged")
    for name, value in old.metadata.items():
        if name not in MERGE_HEADERS and new.metadata.get(name) != value:
            raise CatalogError(po, 1, f"the merge would change the header field {name}; catalog left unchanged")


def check_nothing_lost(po: Path, old: polib.POFile, merged: bytes) -> None:
    new = polib.pofile(merged.decode("utf-8"))
    check_header(po, old, new)
    by_strings: dict[tuple[str, ...], list[polib.POEntry]] = {}
    for entry in new:
        by_strings.setdefault(work_of(entry), []).append(entry)
    for entry in old:
        if has_work(entry) and not any(holds(candidate, entry) for candidate in by_strings.get(work_of(entry), [])):
            raise CatalogError(
                po, entry.linenum,
                f"the merge would lose or alter the translation of “{first_words(entry.msgid)}”; catalog left unchanged",
            )
