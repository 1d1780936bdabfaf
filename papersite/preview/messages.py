"""The messages a change of catalogs touched, each with the build's verdict on it."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import polib

from ..catalog.compile import CompileReport, domain_of
from ..project import Project

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


def translations(catalog: polib.POFile) -> dict[tuple[str, str], polib.POEntry]:
    """Live messages by context and English text (read with polib, as the compile step reads them)."""
    return {(entry.msgctxt or "", entry.msgid): entry for entry in catalog if entry.msgid and not entry.obsolete}


def text_of(entry: polib.POEntry | None) -> str | None:
    if entry is None:
        return None
    return entry.msgstr if not entry.msgid_plural else " | ".join(entry.msgstr_plural[key] for key in sorted(entry.msgstr_plural))


def read_bytes(data: bytes) -> polib.POFile | None:
    with tempfile.NamedTemporaryFile(suffix=".po") as file:
        file.write(data)
        file.flush()
        try:
            return polib.pofile(file.name)
        except (OSError, ValueError):
            return None


def changed_messages(language: str, path: Path, before: bytes | None) -> list[ChangedMessage]:
    """The messages whose translation (or fuzzy mark) differs from ``before``; all of them when it cannot be read."""
    try:
        now = polib.pofile(str(path))
    except (OSError, ValueError):
        return []  # unreadable: the build reports the whole catalog as broken
    old = translations(read_bytes(before)) if before is not None and read_bytes(before) is not None else {}
    found = []
    for key, entry in translations(now).items():
        previous = old.get(key)
        if previous is not None and text_of(previous) == text_of(entry) and previous.fuzzy == entry.fuzzy:
            continue
        if previous is None and not text_of(entry):
            continue  # a new, empty message: nothing for a reviewer to see
        found.append(ChangedMessage(language, path, domain_of(path), entry.linenum, entry.msgid, text_of(previous),
                                    text_of(entry), entry.fuzzy))
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
