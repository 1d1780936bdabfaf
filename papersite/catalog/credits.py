"""Who translated a language, as its catalogs record it.

Weblate and Transifex keep a ``# Translators:`` block in the header comment and
the ``Last-Translator`` and ``Language-Team`` header fields; this project adds a
``# Translation method:`` line saying how the text was produced.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from ..notices import HEADER as METHOD_HEADER
from .model import Catalog

# What gettext's and Babel's templates write where a translator's or a team's
# name belongs ("FULL NAME <EMAIL@ADDRESS>", "LANGUAGE <LL@li.org>", Babel's
# "de <LL@li.org>", "FIRST AUTHOR <EMAIL@ADDRESS>, 2026."): never a credit.
PLACEHOLDER_NAMES = {"full name", "first author", "language", "your name", "name", "team", "translator",
                     "some descriptive title"}
ADDRESS = re.compile(r"<([^<>]*)>")
NOT_A_NAME = re.compile(r"[\s\d.,;:()\[\]<>—–_-]+")  # punctuation, years and spaces around a name


@dataclass
class Credits:
    teams: list[str] = field(default_factory=list)
    translators: list[str] = field(default_factory=list)
    last_translators: list[str] = field(default_factory=list)
    methods: list[str] = field(default_factory=list)
    method_keys: list[str] = field(default_factory=list)  # X-Translation-Method, see papersite.notices

    def as_dict(self) -> dict:
        return asdict(self)


def is_placeholder(value: str, language: str = "") -> bool:
    """Whether a credit names nobody: the template team's address, or no name
    but a template's word or the language's code."""
    addresses = {address.strip().lower() for address in ADDRESS.findall(value)}
    name = NOT_A_NAME.sub(" ", ADDRESS.sub(" ", value)).strip().lower()
    code = NOT_A_NAME.sub(" ", language).strip().lower()  # ko_KR and ko-KR alike
    return "ll@li.org" in addresses or not name or name in PLACEHOLDER_NAMES or name == code


def add_unique(items: list[str], value: str, language: str = "") -> None:
    value = value.strip()
    if value and not is_placeholder(value, language) and value not in items:
        items.append(value)


def read_header_comment(lines: tuple[str, ...], credits: Credits, language: str = "") -> None:
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
                add_unique(credits.translators, text, language)


def language_credits(catalogs: list[Catalog]) -> Credits:
    """From the readable catalogs' models (an unreadable one is reported as broken)."""
    credits = Credits()
    for catalog in catalogs:
        language = catalog.language
        read_header_comment(catalog.header_comment, credits, language)
        add_unique(credits.teams, catalog.value("Language-Team"), language)
        add_unique(credits.last_translators, catalog.value("Last-Translator"), language)
        add_unique(credits.method_keys, catalog.value(METHOD_HEADER))
    return credits
