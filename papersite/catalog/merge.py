"""One catalog merged with its template: Babel's merge (through sphinx-intl)
with GNU msgmerge's rules where Babel's differ.

* a new message is added empty;
* a changed message keeps its translation, marked fuzzy, with ``#| msgid``
  showing the source text the translation was made for (msgmerge's rule);
* a removed message stays as obsolete ``#~``; obsolete entries are taken from
  GNU's reading of the file, not Babel's (Babel keys them by msgid and keeps
  only as many plural forms as the header allows), and written back as read;
* a message that comes back to the sources gets its old translation back.
* translator comments, the header's included, are written back as GNU read
  them (``papersite.catalog.comments``), not as Babel would rewrite them.
* an existing catalog's header is written back as it is, fields in its order
  with their values as written (msgmerge's rule too): Weblate writes its
  fields in translate-toolkit's order and Plural-Forms in its own words
  (``plural=n != 1``); rewriting them Babel's way would churn on every commit.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import polib
from babel.messages.catalog import Message
from babel.messages.pofile import write_po
from sphinx_intl import catalog as sphinx_intl_catalog

from .comments import CarriedComments
from .losses import MERGE_HEADERS
from .reader import GUESSED_FLAGS, CatalogError, Entry, comment_lines, msgcat, read_exactly, strings_of

UNWRAPPED = 1 << 30
# The catalogs' one form: GNU's, one line per string (a line breaks only after
# "\n"). Weblate writes exactly this with its "Long lines wrapping" set to
# "Only wrap lines at newlines" (po_line_wrap 65535); GNU's default wrapping at
# 79 columns differs from Weblate's wrapper (CJK punctuation, parentheses), so a
# wrapped form would churn on every commit of either. One line per message also
# keeps git's line merges to the message that changed.
CANONICAL = ("--no-wrap",)
INTERFACE_DOMAIN = "sphinx"  # furo's and our labels; translated through Sphinx's own domain


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
        # Babel reads "#|" lines as translator comments: they are not.
        message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
        if "fuzzy" not in message.flags or not isinstance(message.id, str):
            message.previous_id = []
            continue
        matched = message.previous_id[0] if message.previous_id else message.id
        if matched in previous:
            message.previous_id = [previous[matched]]


def as_message(obsolete: Entry, comments: CarriedComments) -> Message:
    """An obsolete entry (as GNU read it) made live again, with everything it held."""
    entry = obsolete.gnu
    strings = strings_of(entry)
    return Message(
        (entry.msgid, entry.msgid_plural) if entry.msgid_plural else entry.msgid,
        strings if entry.msgid_plural else strings[0],
        flags=entry.flags, auto_comments=comment_lines(entry.comment),
        user_comments=comments.token_for(obsolete.text), context=entry.msgctxt,
    )


def revive_obsolete(catalog, template, obsolete: list[Entry], comments: CarriedComments) -> list[Entry]:
    """A message that comes back to the sources gets its old translation back
    (Babel would otherwise add it empty beside the obsolete copy). Returns the
    obsolete entries that stay obsolete."""
    staying = []
    for entry in obsolete:
        gnu = entry.gnu
        if template.get(gnu.msgid, gnu.msgctxt) is not None and catalog.get(gnu.msgid, gnu.msgctxt) is None:
            catalog[gnu.msgid] = as_message(entry, comments)
        else:
            staying.append(entry)
    return staying


def as_obsolete(text: str) -> str:
    """GNU's text of a live entry, made obsolete the way msgmerge writes it."""
    def obsolete_line(line: str) -> str:
        if line.startswith("#|"):
            return "#~|" + line[2:]
        return line if line.startswith("#") else "#~ " + line

    return "\n".join(obsolete_line(line) for line in text.split("\n"))


def made_obsolete(catalog, live: list[Entry]) -> list[str]:
    """GNU's text of the entries the merge has just made obsolete, in file order."""
    removed = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in catalog.obsolete.values()}
    return [as_obsolete(entry.text) for entry in live if (entry.gnu.msgctxt, entry.gnu.msgid) in removed]


def field_line(name: str, value: str) -> str:
    return f'"{polib.escape(f"{name}: {value}")}\\n"'


def with_translators_header_fields(data: bytes, old: polib.POFile | None) -> bytes:
    """The header fields as the translator wrote them. Babel writes only the fields
    it knows (Weblate's X-Generator is put back, after Babel's) and rewrites some it
    parses (a Plural-Forms with its settings in another order): the translator's
    value is kept; the build reads none of them (``papersite.catalog.published``)."""
    if old is None:
        return data
    header, _, rest = data.partition(b"\n\n")
    lines = header.decode("utf-8").split("\n")
    written = polib.pofile("\n".join(lines) + "\n").metadata
    for index, line in enumerate(lines):
        name = line[1:].split(":", 1)[0] if line.startswith('"') and ":" in line else None
        if name in old.metadata and name not in MERGE_HEADERS and written.get(name) != old.metadata[name]:
            lines[index] = field_line(name, old.metadata[name])
    lines += [field_line(name, value) for name, value in old.metadata.items() if name not in written]
    return "\n".join(lines).encode("utf-8") + b"\n\n" + rest


def with_header(data: bytes, header: bytes) -> bytes:
    """``data`` with its header block (comments and entry: msgcat's first block) replaced."""
    _, separator, rest = data.partition(b"\n\n")
    return header.rstrip(b"\n") + separator + rest


@dataclass
class Merge:
    catalog: object  # Babel's catalog of the live messages
    obsolete: list[str]  # GNU's text of every obsolete entry, written back as it is
    old: polib.POFile | None  # the catalog before, as GNU read it
    comments: CarriedComments | None = None  # translator comments, as GNU read them
    header: str | None = None  # the existing catalog's header entry, comments included, as GNU read it


def merge(pot: Path, po: Path, language: str) -> Merge:
    template = sphinx_intl_catalog.load_po(str(pot))
    if not po.exists() and not po.is_symlink():
        template.locale = language
        drop_guessed_format_flags(template, pot.stem)
        return Merge(template, [], None)
    reading = read_exactly(po, language)
    catalog = reading.catalog
    comments = CarriedComments()
    comments.attach(reading, [entry for entry in reading.entries if not entry.gnu.obsolete])
    staying = revive_obsolete(catalog, template, [entry for entry in reading.entries if entry.gnu.obsolete], comments)
    catalog.update(template, update_creation_date=False)
    keep_previous_ids(catalog, previous_ids(reading.gnu))
    drop_guessed_format_flags(catalog, pot.stem)
    removed = made_obsolete(catalog, [entry for entry in reading.entries if not entry.gnu.obsolete])
    catalog.obsolete.clear()
    return Merge(catalog, removed + [entry.text for entry in staying], reading.gnu, comments, reading.header)


def render(merged: Merge, po: Path, with_obsolete: bool) -> bytes:
    """The merged catalog as GNU gettext writes it."""
    buffer = io.BytesIO()
    # Babel wraps previous-msgid comments word by word when width is 0: write
    # long lines and let msgcat write them the gettext way.
    write_po(buffer, merged.catalog, width=UNWRAPPED, include_previous=True, ignore_obsolete=True)
    if with_obsolete:
        for text in merged.obsolete:
            buffer.write(b"\n" + text.encode("utf-8") + b"\n")
    data = merged.comments.restore(buffer.getvalue()) if merged.comments else buffer.getvalue()
    try:
        written = msgcat(with_translators_header_fields(data, merged.old), po, *CANONICAL)
        if merged.header is None:
            return written
        return with_header(written, msgcat(merged.header.encode("utf-8") + b"\n", po, "--force-po", *CANONICAL))
    except CatalogError as error:  # its line would be one of the merged text, not of the file
        raise CatalogError(po, None, f"the merged catalog would not be valid ({error.reason}); catalog left unchanged") from None
