"""Compile a language's catalogs into ``_build/locale``, keeping out what must not ship.

Fuzzy messages and messages failing ``papersite.catalog.checks`` are left out of the ``.mo``,
so Sphinx shows the English text for them; each one is reported. A catalog that
msgfmt rejects is left out whole. The ``.mo`` is rewritten only when its bytes
change, so Sphinx re-reads only the documents whose catalog changed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path

import polib

from . import checks, stats
from .credits import language_credits
from ..records import read_json

STATS_FILE = "stats.json"  # read by papersite.sphinxext.progress and .translators
CHECKED = "checked"  # per catalog: what the checks found, keyed by what they read
PACKAGE = Path(__file__).resolve().parent.parent  # papersite/: all our code
# The checks parse every message with MyST and msgfmt: their verdict depends on these.
CHECKERS = ("myst-parser", "docutils", "markdown-it-py", "polib", "babel")


@dataclass
class CompileReport:
    language: str
    fallbacks: list[checks.Problem] = field(default_factory=list)  # published in English
    broken: list[checks.Problem] = field(default_factory=list)  # whole catalogs left out
    counts: dict[str, stats.Counts] = field(default_factory=dict)  # per catalog


def domain_of(path: Path) -> str:
    """The catalog's gettext domain: its path under LC_MESSAGES (``<slug>/<document>``)."""
    parts = path.with_suffix("").parts
    return "/".join(parts[len(parts) - parts[::-1].index("LC_MESSAGES"):])


def paper_slug(domain: str) -> str | None:
    """The paper a catalog belongs to; None for the interface and the library home."""
    return domain.split("/")[0] if "/" in domain else None


def credits_per_paper(catalogs: list[Path]) -> dict[str, dict]:
    slugs = sorted({slug for path in catalogs if (slug := paper_slug(domain_of(path)))})
    return {slug: language_credits([path for path in catalogs if paper_slug(domain_of(path)) == slug]).as_dict()
            for slug in slugs}


def publishable(entry: polib.POEntry) -> bool:
    return bool(entry.msgid) and entry.translated()  # a plural message: every form


def message_key(entry: polib.POEntry, interface: bool) -> str:
    """Everything of a message that the checks read, except where it stands in the file."""
    parts = [entry.msgctxt or "", entry.msgid, entry.msgid_plural or "", entry.msgstr,
             json.dumps(entry.msgstr_plural, sort_keys=True), " ".join(sorted(entry.flags)), str(interface)]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def fallback_reasons(path: Path, entry: polib.POEntry, verdicts: MessageVerdicts) -> list[checks.Problem]:
    """Why ``entry`` is shown in English (only new or edited messages are parsed again)."""
    if entry.obsolete or not entry.msgid or not (entry.msgstr or any(entry.msgstr_plural.values())):
        return []
    if entry.fuzzy:
        return [checks.Problem(str(path), entry.linenum, entry.msgid, "fuzzy: the translation awaits review")]
    interface = checks.is_interface(path)
    reasons = verdicts.reasons(message_key(entry, interface), lambda: checks.translation_problems(entry, interface=interface))
    return [checks.Problem(str(path), entry.linenum, entry.msgid, reason) for reason in reasons]


def published_catalog(path: Path, report: CompileReport, verdicts: MessageVerdicts) -> polib.POFile:
    source = polib.pofile(str(path))
    published = polib.POFile()
    published.metadata = dict(source.metadata)
    counts = stats.Counts()
    for entry in source:
        problems = fallback_reasons(path, entry, verdicts)
        report.fallbacks.extend(problems)
        if publishable(entry) and not problems:
            published.append(polib.POEntry(msgid=entry.msgid, msgstr=entry.msgstr, msgctxt=entry.msgctxt,
                                            msgid_plural=entry.msgid_plural, msgstr_plural=entry.msgstr_plural))
        if entry.msgid and not entry.obsolete:  # counted as stats.catalog_counts does, without checking twice
            counts.add_entry(entry, checks.is_interface(path), failing=bool(problems))
    report.counts[domain_of(path)] = counts
    return published


def write_if_changed(target: Path, data: bytes) -> bool:
    if target.exists() and target.read_bytes() == data:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".tmp")
    temporary.write_bytes(data)
    temporary.replace(target)
    return True


def compile_catalog(path: Path, target: Path, report: CompileReport, verdicts: MessageVerdicts) -> None:
    broken = checks.msgfmt_problems(path)
    if broken:
        report.broken.extend(broken)
        return
    published = published_catalog(path, report, verdicts)
    # Sphinx finds catalogs by their .po and makes each document depend on its
    # .mo: the published .po beside the .mo is what makes an edit rebuild
    # exactly the documents it touches.
    write_if_changed(target.with_suffix(".po"), str(published).encode("utf-8"))
    write_if_changed(target, published.to_binary())


@cache
def checker_digest() -> str:
    """Our code, conf.py (MyST settings) and the parsers' versions: what a verdict depends on."""
    digest = hashlib.sha256()
    for source in sorted(PACKAGE.rglob("*.py")):
        digest.update(source.read_bytes())
    digest.update((PACKAGE.parent / "conf.py").read_bytes())
    digest.update(" ".join(metadata.version(name) for name in CHECKERS).encode())
    return digest.hexdigest()


def catalog_key(path: Path) -> str:
    return hashlib.sha256(checker_digest().encode() + path.read_bytes()).hexdigest()


class MessageVerdicts:
    """Each message's reasons, by message key: the last verdict's where the
    message is unchanged, newly checked otherwise; ``current`` is the next verdict's."""

    def __init__(self, previous: dict[str, list[str]]):
        self.previous = previous
        self.current: dict[str, list[str]] = {}

    def reasons(self, key: str, check) -> list[str]:
        if key not in self.current:
            self.current[key] = self.previous[key] if key in self.previous else check()
        return self.current[key]


def known_messages(recorded: dict) -> dict[str, list[str]]:
    """The last verdict's message-by-message reasons, if the checks are still the same."""
    messages = recorded.get("messages")
    if recorded.get("checker") != checker_digest() or not isinstance(messages, dict):
        return {}
    return messages


def reuse_verdict(path: Path, target: Path, recorded: dict, report: CompileReport) -> bool:
    """Checking is the slow part of compiling (every message is parsed): a catalog
    whose bytes and checks are unchanged keeps its recorded verdict and its .mo."""
    if recorded.get("key") != catalog_key(path):
        return False
    broken = [checks.Problem(**problem) for problem in recorded["broken"]]
    if not broken and not (target.is_file() and target.with_suffix(".po").is_file()):
        return False
    report.broken += broken
    report.fallbacks += [checks.Problem(**problem) for problem in recorded["fallbacks"]]
    if "counts" in recorded:
        report.counts[domain_of(path)] = stats.Counts(recorded["counts"]["messages"], recorded["counts"]["words"])
    return True


def write_verdict(path: Path, verdict: Path, report: CompileReport, messages: dict[str, list[str]]) -> None:
    mine = lambda problems: [asdict(problem) for problem in problems if problem.path == str(path)]
    record = {"key": catalog_key(path), "broken": mine(report.broken), "fallbacks": mine(report.fallbacks),
              "checker": checker_digest(), "messages": messages}
    if domain_of(path) in report.counts:
        record["counts"] = asdict(report.counts[domain_of(path)])
    write_if_changed(verdict, json.dumps(record, ensure_ascii=False, sort_keys=True).encode())


def compile_language(language: str, catalogs: list[Path], out_dir: Path) -> CompileReport:
    """Write ``out_dir/<language>/LC_MESSAGES/<domain>.mo`` from ``catalogs``."""
    report = CompileReport(language)
    target_dir = out_dir / language / "LC_MESSAGES"
    expected = set()
    for path in catalogs:
        target = target_dir / f"{domain_of(path)}.mo"
        verdict = out_dir / language / CHECKED / f"{domain_of(path)}.json"
        recorded = read_json(verdict)
        if not reuse_verdict(path, target, recorded, report):
            verdicts = MessageVerdicts(known_messages(recorded))
            compile_catalog(path, target, report, verdicts)
            write_verdict(path, verdict, report, verdicts.current)
        if not any(problem.path == str(path) for problem in report.broken):
            expected |= {target, target.with_suffix(".po")}
    for stale in {*target_dir.rglob("*.mo"), *target_dir.rglob("*.po")} - expected:
        stale.unlink()  # a catalog removed or now broken must not keep its old text
    summary = {
        "catalogs": {name: counts.as_dict() for name, counts in sorted(report.counts.items())},
        "credits": credits_per_paper(catalogs),
    }
    data = json.dumps(summary, ensure_ascii=False, indent=1, sort_keys=True).encode()
    write_if_changed(out_dir / language / STATS_FILE, data)
    return report
