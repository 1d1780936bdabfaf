"""The messages a change of catalogs touched, each with the build's verdict on it."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..catalog.compile import CompileReport
from ..catalog.model import Catalog, Message
from ..catalog.reader import CatalogError, read_catalog
from ..catalog.verdict import domain_of

PUBLISHED = "published"


@dataclass
class ChangedMessage:
    language: str
    catalog: Path
    domain: str  # <slug>/<document>, or a shared catalog (sphinx, index)
    line: int
    msgid: str
    old: str | None  # None: the message is new in the catalog
    new: str
    fuzzy: bool
    verdicts: list[str] = field(default_factory=list)  # the build's reasons for showing it in English

    @property
    def published(self) -> bool:
        return bool(self.new) and not self.verdicts

    @property
    def verdict(self) -> str:
        if self.verdicts:
            return "shown in English: " + "; ".join(self.verdicts)
        return PUBLISHED if self.new else "not translated: shown in English"


def translations(catalog: Catalog | None) -> dict[tuple[str, str], Message]:
    """Live messages by context and English text."""
    if catalog is None:
        return {}
    return {(message.msgctxt or "", message.msgid): message for message in catalog.live}


def text_of(message: Message | None) -> str | None:
    return None if message is None else " | ".join(message.strings)


def read_or_none(path: Path, language: str) -> Catalog | None:
    try:
        return read_catalog(path, language)
    except CatalogError:
        return None  # unreadable: the build reports the whole catalog as broken


def read_bytes(data: bytes, name: str, language: str) -> Catalog | None:
    """The catalog as it was at the base revision, read by the same reader."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / name
        copy.write_bytes(data)
        return read_or_none(copy, language)


def changed_messages(language: str, path: Path, before: bytes | None) -> list[ChangedMessage]:
    """The messages whose translation (or fuzzy mark) differs from ``before``; all of them when it cannot be read."""
    now = read_or_none(path, language)
    if now is None:
        return []
    old = translations(read_bytes(before, path.name, language)) if before is not None else {}
    found = []
    for key, message in translations(now).items():
        previous = old.get(key)
        if previous is not None and text_of(previous) == text_of(message) and previous.fuzzy == message.fuzzy:
            continue
        if previous is None and not any(message.strings):
            continue  # a new, empty message: nothing for a reviewer to see
        found.append(ChangedMessage(language, path, domain_of(path), message.line, message.msgid, text_of(previous),
                                    text_of(message), message.fuzzy))
    return found


def add_verdicts(messages: list[ChangedMessage], report: CompileReport, built_as) -> None:
    """Each message's reasons from the build's own checks (``built_as(path)``: the
    catalog's path as the build named it)."""
    reasons: dict[tuple[str, str], list[str]] = {}
    for problem in report.fallbacks:
        reasons.setdefault((problem.path, problem.msgid), []).append(problem.reason)
    broken = {problem.path: problem for problem in report.broken}
    for message in messages:
        path = built_as(message.catalog)
        if path in broken:
            message.verdicts = [f"the catalog cannot be read ({broken[path].reason})"]
        else:
            message.verdicts = reasons.get((path, message.msgid), [])
