"""Translation progress, counted one way for the terminal, the JSON, the landing
page and the notice on each page: a message counts as translated only when it is
published, so fuzzy and failing messages never do."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .verdict import FUZZY, PUBLISHED, REJECTED, UNTRANSLATED, Verdict

STATES = ("translated", "fuzzy", "failing", "untranslated")
# The verdict's states, as the tables name them.
STATE_NAMES = {PUBLISHED: "translated", FUZZY: "fuzzy", REJECTED: "failing", UNTRANSLATED: "untranslated"}


def words(text: str) -> int:
    return len(text.split())


@dataclass
class Counts:
    messages: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATES, 0))
    words: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATES, 0))

    def add(self, verdict: Verdict) -> None:
        state = STATE_NAMES[verdict.state]
        self.messages[state] += 1
        self.words[state] += words(verdict.message.msgid)

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


def counts_of(verdicts: list[Verdict]) -> Counts:
    """A catalog's counts, from the verdicts the build publishes by."""
    counts = Counts()
    for verdict in verdicts:
        counts.add(verdict)
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


def language_counts_by_path(project, language: str) -> dict:
    """Each catalog's counts, judged as the build judges it; ProjectError names the first
    catalog that cannot be read (check-po shows them all)."""
    from ..project import ProjectError
    from .judge import judge_catalogs

    judged = judge_catalogs(project, language, project.catalogs(language))
    if judged.broken:
        first = min(judged.broken, key=lambda problem: problem.path)
        raise ProjectError(f"{first.path}: cannot be read ({first.path}:{first.line}: {first.reason}); "
                           "make check-po shows every problem")
    return {judged.paths[domain]: counts_of(verdicts) for domain, verdicts in judged.verdicts.items()}
