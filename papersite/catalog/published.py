"""What the build publishes of a language, written by us from the verdicts.

Three writers, one set of messages (those ``papersite.catalog.verdict`` publishes):

* the ``.mo`` Sphinx reads (and the published ``.po`` beside it, by which Sphinx
  finds it), written with Babel from a catalog whose header is ours: charset
  UTF-8 and the language's ``Language`` and ``Plural-Forms`` from CLDR, never a
  field of the translator's header;
* ``published.json``, which the landing page and the root 404 page read
  (``Published``) instead of any gettext reader;
* the search page's JavaScript catalog (``papersite.catalog.jscatalog``) reads
  ``published.json`` too.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from babel.messages.catalog import Catalog as BabelCatalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import write_po

from .model import Message

PUBLISHED_FILE = "published.json"
# Fixed dates: the same messages give the same bytes (reproducible builds).
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
CONTEXT_SEPARATOR = "\x04"  # gettext's own, between a context and its msgid


def babel_catalog(language: str, messages: list[Message]) -> BabelCatalog:
    """A catalog whose header says only what CLDR and we say."""
    catalog = BabelCatalog(locale=language, project="papersite", version="1", charset="utf-8",
                           creation_date=EPOCH, revision_date=EPOCH, fuzzy=False)
    for message in messages:
        key = (message.msgid, message.msgid_plural) if message.plural else message.msgid
        strings = message.strings if message.plural else message.strings[0]
        catalog.add(key, strings, context=message.msgctxt)
    return catalog


def mo_bytes(catalog: BabelCatalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def po_bytes(catalog: BabelCatalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, omit_header=False)
    return buffer.getvalue()


def write_if_changed(target: Path, data: bytes) -> bool:
    if target.exists() and target.read_bytes() == data:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(target.name + ".tmp")
    temporary.write_bytes(data)
    temporary.replace(target)
    return True


def write_compiled(target: Path, language: str, messages: list[Message]) -> None:
    """``target`` (the .mo) and the published .po beside it, from the published messages only."""
    catalog = babel_catalog(language, messages)
    po_changed = write_if_changed(target.with_suffix(".po"), po_bytes(catalog))
    if not write_if_changed(target, mo_bytes(catalog)) and po_changed:
        target.touch()  # Sphinx would compile a .mo older than its .po again


def message_key(message: Message) -> str:
    return f"{message.msgctxt}{CONTEXT_SEPARATOR}{message.msgid}" if message.msgctxt is not None else message.msgid


def published_entry(message: Message) -> str | list[str]:
    return list(message.strings) if message.plural else message.strings[0]


def write_published(folder: Path, published: dict[str, list[Message]]) -> None:
    """Every published message of the language, by domain: ``<folder>/published.json``."""
    document = {domain: {message_key(m): published_entry(m) for m in messages} for domain, messages in sorted(published.items())}
    write_if_changed(folder / PUBLISHED_FILE, json.dumps(document, ensure_ascii=False, sort_keys=True, indent=0).encode())


@dataclass(frozen=True)
class Published:
    """A language's published messages, as the build published them: nothing else is shown."""

    messages: dict[str, dict]

    @classmethod
    def load(cls, compiled_locale: Path, language: str) -> "Published":
        path = compiled_locale / language / PUBLISHED_FILE
        try:
            return cls(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):  # not compiled (the source language), or cut short: English
            return cls({})

    def gettext(self, domain: str, msgid: str) -> str:
        found = self.messages.get(domain, {}).get(msgid)
        return found if isinstance(found, str) and found else msgid

    def domain(self, domain: str) -> dict:
        return self.messages.get(domain, {})
