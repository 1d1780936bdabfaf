"""What a translator's catalog says, once read: immutable, validated, with lines.

``papersite.catalog.reader`` is the only code that turns a ``.po`` file's bytes
into this model; everything else (check-po, compile, stats, credits, the
writers of the ``.mo``, the published messages and the JavaScript catalog)
reads the model. A value here was checked when it was read: UTF-8, no control
character, each header field once, no duplicate message, no more plural forms
than the language has.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class HeaderField:
    name: str
    value: str
    line: int  # where the field is written in the file


@dataclass(frozen=True)
class Message:
    msgid: str
    strings: tuple[str, ...]  # msgstr, or msgstr[0], msgstr[1], …
    line: int  # where the entry starts in the file as written
    msgctxt: str | None = None
    msgid_plural: str | None = None
    flags: frozenset[str] = frozenset()
    translator_comments: tuple[str, ...] = ()  # "# …" lines, without the "# "
    extracted_comments: tuple[str, ...] = ()  # "#. …"
    references: tuple[str, ...] = ()  # "#: …"
    previous_msgid: str | None = None  # "#| msgid …"
    obsolete: bool = False

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def plural(self) -> bool:
        return self.msgid_plural is not None

    @property
    def translated(self) -> bool:
        """Every form has a translation (an empty form would show the reader nothing)."""
        return bool(self.strings) and all(self.strings)

    @property
    def has_translation(self) -> bool:
        return any(self.strings)

    @property
    def sources(self) -> tuple[str, ...]:
        """The English forms a translation may follow (a plural form either one)."""
        return (self.msgid, self.msgid_plural) if self.msgid_plural is not None else (self.msgid,)


@dataclass(frozen=True)
class Catalog:
    path: Path
    language: str
    header_comment: tuple[str, ...]  # the comment lines above the header, without "# "
    fields: tuple[HeaderField, ...]
    messages: tuple[Message, ...]  # in file order, obsolete ones included

    def field(self, name: str) -> HeaderField | None:
        wanted = name.lower()
        return next((field for field in self.fields if field.name.lower() == wanted), None)

    def value(self, name: str) -> str:
        found = self.field(name)
        return found.value if found else ""

    @property
    def live(self) -> tuple[Message, ...]:
        return tuple(message for message in self.messages if not message.obsolete and message.msgid)
