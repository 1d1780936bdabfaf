"""Who translated a language, as its catalogs record it.

Weblate and Transifex keep a ``# Translators:`` block in the header comment and
the ``Last-Translator`` and ``Language-Team`` header fields; this project adds a
``# Translation method:`` line saying how the text was produced.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from ..notices import HEADER as METHOD_HEADER
from .model import Catalog

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


def read_header_comment(lines: tuple[str, ...], credits: Credits) -> None:
    in_block = False
    for line in lines:
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


def language_credits(catalogs: list[Catalog]) -> Credits:
    """From the readable catalogs' models (an unreadable one is reported as broken)."""
    credits = Credits()
    for catalog in catalogs:
        read_header_comment(catalog.header_comment, credits)
        add_unique(credits.teams, catalog.value("Language-Team"))
        add_unique(credits.last_translators, catalog.value("Last-Translator"))
        add_unique(credits.method_keys, catalog.value(METHOD_HEADER))
    return credits
