"""Who translated a language, as its catalogs record it.

Weblate and Transifex keep a ``# Translators:`` block in the header comment and
the ``Last-Translator`` and ``Language-Team`` header fields; this project adds a
``# Translation method:`` line saying how the text was produced.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

import polib

from ..notices import HEADER as METHOD_HEADER

PLACEHOLDERS = ("FULL NAME", "LANGUAGE <LL@li.org>", "")


@dataclass
class Credits:
    teams: list[str] = field(default_factory=list)
    translators: list[str] = field(default_factory=list)
    last_translators: list[str] = field(default_factory=list)
    methods: list[str] = field(default_factory=list)
    method_keys: list[str] = field(default_factory=list)  # X-Translation-Method, see papersite.notices

    def as_dict(self) -> dict:
        return asdict(self)


def add_unique(items: list[str], value: str) -> None:
    value = value.strip()
    if value and not any(value.startswith(p) for p in PLACEHOLDERS if p) and value not in items:
        items.append(value)


def read_header_comment(header: str, credits: Credits) -> None:
    in_block = False
    for line in header.splitlines():
        text = line.strip()
        if text.lower().startswith("translators:"):
            in_block = True
            continue
        if text.lower().startswith("translation method:"):
            add_unique(credits.methods, text.split(":", 1)[1])
            in_block = False
            continue
        if in_block:
            if not text:
                in_block = False
            else:
                add_unique(credits.translators, text)


def language_credits(catalogs: list[Path]) -> Credits:
    credits = Credits()
    for path in catalogs:
        try:
            catalog = polib.pofile(str(path))
        except (OSError, ValueError):  # a catalog msgfmt rejects; the build reports it as broken
            continue
        read_header_comment(catalog.header, credits)
        add_unique(credits.teams, catalog.metadata.get("Language-Team", ""))
        add_unique(credits.last_translators, catalog.metadata.get("Last-Translator", ""))
        add_unique(credits.method_keys, catalog.metadata.get(METHOD_HEADER, ""))
    return credits
