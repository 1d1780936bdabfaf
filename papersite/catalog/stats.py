"""Translation progress, counted one way for the terminal, the JSON, the landing
page and the notice on each page: a message counts as translated only when it is
published, so fuzzy and failing messages never do."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

import polib

from .checks import is_interface, translation_problems

STATES = ("translated", "fuzzy", "failing", "untranslated")


def words(text: str) -> int:
    return len(text.split())


def state_of(entry: polib.POEntry, interface: bool = False, failing: bool | None = None) -> str:
    """``failing``: what the checks already said of this message, if they ran."""
    if entry.fuzzy:
        return "fuzzy"
    if not entry.translated():  # a plural message: until every form is
        return "untranslated"
    if translation_problems(entry, interface) if failing is None else failing:
        return "failing"
    return "translated"


@dataclass
class Counts:
    messages: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATES, 0))
    words: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATES, 0))

    def add_entry(self, entry: polib.POEntry, interface: bool = False, failing: bool | None = None) -> None:
        state = state_of(entry, interface, failing)
        self.messages[state] += 1
        self.words[state] += words(entry.msgid)

    def __iadd__(self, other: "Counts") -> "Counts":
        for state in STATES:
            self.messages[state] += other.messages[state]
            self.words[state] += other.words[state]
        return self

    @property
    def total(self) -> int:
        return sum(self.messages.values())

    @property
    def rejected(self) -> int:
        """Translated, but not published: fuzzy, or failing the checks (shown in English)."""
        return self.messages["fuzzy"] + self.messages["failing"]

    @property
    def percent(self) -> int:
        """Whole percent translated, rounded down: 99.6% is not done."""
        if not self.total:
            return 100
        return self.messages["translated"] * 100 // self.total

    def as_dict(self) -> dict:
        return {**asdict(self), "total": self.total, "percent": self.percent}


def catalog_counts(catalog: polib.POFile) -> Counts:
    counts = Counts()
    interface = bool(catalog.fpath) and is_interface(Path(catalog.fpath))
    for entry in catalog:
        if entry.msgid and not entry.obsolete:
            counts.add_entry(entry, interface)
    return counts


def total(counts) -> Counts:
    result = Counts()
    for item in counts:
        result += item
    return result


def recorded_percent(summary: dict, paper_slug: str) -> int:
    """A paper's percent in a language, from the counts the compile step recorded
    (stats.json): its own catalogs only, never the shared interface's."""
    return total(Counts(c["messages"], c["words"]) for domain, c in summary["catalogs"].items()
                 if domain.startswith(paper_slug + "/")).percent
