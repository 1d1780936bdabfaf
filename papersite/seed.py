"""Read the whitepaper's flattened gettext template.

The seed catalog had its newlines replaced by spaces, so neither polib nor Babel can
load it. Its grammar is still simple: comments, the keywords ``msgid``/``msgstr``
and C string literals. This module tokenizes exactly that and nothing more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

# One token: a comment up to the next keyword, a keyword, or a C string literal.
_TOKEN = re.compile(
    r"""
      (?P<comment>\#[,.:|~]?[^"]*?(?=\s(?:msgid|msgstr|msgctxt)\b))
    | (?P<keyword>msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)
    | "(?P<string>(?:[^"\\]|\\.)*)"
    | (?P<space>\s+)
    """,
    re.VERBOSE,
)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}



class SeedSyntaxError(ValueError):
    """The seed does not follow the flattened gettext grammar."""


@dataclass(frozen=True)
class SeedEntry:
    msgid: str
    offset: int  # character offset in the one-line file, for error messages

    @property
    def is_image_placeholder(self) -> bool:
        # Where the original had an image, the seed kept a fragment of its HTML
        # alt attribute, quote included ('"Table', '"Cern"'); no text string starts so.
        return self.msgid.startswith('"')


def unescape(literal: str) -> str:
    """Decode the escapes a C string literal may contain."""
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), literal)


def tokenize(text: str, source: str = "<seed>"):
    """Yield ``(kind, value, offset)`` for every token of the flattened catalog."""
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise SeedSyntaxError(f"{source}:1:{position + 1}: unexpected {text[position:position + 20]!r}")
        kind = match.lastgroup
        if kind != "space":
            yield kind, match.group(kind), position
        position = match.end()


def parse(text: str, source: str = "<seed>") -> list[SeedEntry]:
    """Return the catalog's entries in order, header excluded."""
    entries: list[SeedEntry] = []
    keyword, parts, start = None, [], 0

    def flush():
        if keyword == "msgid" and "".join(parts):
            entries.append(SeedEntry("".join(parts), start))

    for kind, value, offset in tokenize(text, source):
        if kind == "keyword":
            flush()
            keyword, parts, start = value, [], offset
        elif kind == "string":
            if keyword is None:
                raise SeedSyntaxError(f"{source}:1:{offset + 1}: string outside an entry")
            parts.append(unescape(value))
    flush()
    return entries


def load(path: Path) -> list[SeedEntry]:
    return parse(path.read_text(encoding="utf-8"), str(path))


def text_strings(entries: list[SeedEntry]) -> list[str]:
    """The distinct text strings, in order, without the image placeholders."""
    seen: dict[str, None] = {}
    for entry in entries:
        if not entry.is_image_placeholder:
            seen.setdefault(entry.msgid)
    return list(seen)
