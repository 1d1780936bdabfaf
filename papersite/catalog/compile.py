"""Compile a language's catalogs into ``_build/locale``, keeping out what must not ship.

Every catalog is read by the one reader (``papersite.catalog.reader``) and every
message judged by the same function check-po uses (``papersite.catalog.verdict``):
only the messages it publishes are written, by us, into the ``.mo`` Sphinx reads,
the published ``.po`` beside it and ``published.json`` (landing page, 404 page,
the search page's words). A catalog that cannot be read is left out whole and
reported; every message shown in English is reported with its reason. Files are
rewritten only when their bytes change, so Sphinx re-reads only the documents
whose catalog changed, and a message unchanged since the last compile keeps its
recorded verdict instead of being parsed again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

from ..project import Project
from ..records import read_json
from . import stats
from .checks import Problem
from .credits import language_credits
from .judge import Judged, checker_digest, judge_catalogs
from .published import write_compiled, write_if_changed, write_published
from .verdict import FUZZY, REJECTED, VerdictCache, problems_of

STATS_FILE = "stats.json"  # read by papersite.sphinxext.progress and .translators
CHECKED = "checked.json"  # per language: each message's reasons, keyed by what the checks read
COMPILED = "compiled.json"  # per language: the digest of all the last compile read, and its report
# Besides our code and the checkers (checker_digest): what the interface's words come from.
INTERFACE_PACKAGES = ("sphinx", "furo")


@dataclass
class CompileReport:
    language: str
    fallbacks: list[Problem] = field(default_factory=list)  # published in English
    broken: list[Problem] = field(default_factory=list)  # whole catalogs left out
    counts: dict[str, stats.Counts] = field(default_factory=dict)  # per catalog


def report_from(data: dict) -> CompileReport:
    return CompileReport(data["language"], [Problem(**problem) for problem in data["fallbacks"]],
                         [Problem(**problem) for problem in data["broken"]],
                         {domain: stats.Counts(**counts) for domain, counts in data["counts"].items()})


def compile_inputs(project: Project, language: str, paths: list[Path]) -> str:
    """Everything a compile reads, as one digest: the catalogs; the checks (our code,
    conf.py, the parsers); the fonts (what the PDF can draw); the sources (their
    glossary terms) and the templates (the interface's contexts)."""
    from ..fingerprint import installed_fonts  # it imports this module

    versions = " ".join(metadata.version(name) for name in INTERFACE_PACKAGES)
    digest = hashlib.sha256("\0".join([checker_digest(), language, versions, installed_fonts()]).encode())
    templates = sorted(path for path in (project.root / "_templates").rglob("*") if path.is_file())
    for path in [*paths, *sorted(project.source.rglob("*.md")), *templates]:
        digest.update(str(path).encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def recorded_report(out_dir: Path, inputs: str) -> CompileReport | None:
    """The last compile's report when it read exactly ``inputs`` and its catalogs are still there."""
    recorded = read_json(out_dir / COMPILED)
    if recorded.get("inputs") != inputs:
        return None
    try:
        report = report_from(recorded["report"])
    except (KeyError, TypeError, AttributeError):
        return None  # a record of another shape: compile again
    written = [out_dir / "LC_MESSAGES" / f"{domain}{suffix}" for domain in report.counts for suffix in (".mo", ".po")]
    written += [out_dir / CHECKED, out_dir / STATS_FILE]
    return report if all(path.is_file() for path in written) else None


def paper_slug(domain: str) -> str | None:
    """The paper a catalog belongs to; None for the interface and the library home."""
    return domain.split("/")[0] if "/" in domain else None


def credits_per_paper(judged: Judged) -> dict[str, dict]:
    slugs = sorted({slug for domain in judged.catalogs if (slug := paper_slug(domain))})
    return {slug: language_credits([catalog for domain, catalog in sorted(judged.catalogs.items())
                                    if paper_slug(domain) == slug]).as_dict() for slug in slugs}


def load_cache(path: Path) -> VerdictCache:
    recorded = read_json(path)
    messages = recorded.get("messages")
    if recorded.get("checker") != checker_digest() or not isinstance(messages, dict):
        return VerdictCache()
    return VerdictCache(previous=messages)


def write_outputs(judged: Judged, target_dir: Path, report: CompileReport) -> set[Path]:
    """The .mo and .po of every readable catalog; the set of files written."""
    written = set()
    published = {}
    for domain, verdicts in sorted(judged.verdicts.items()):
        path = judged.paths[domain]
        report.fallbacks += problems_of(path, verdicts, states=(FUZZY, REJECTED))
        report.counts[domain] = stats.counts_of(verdicts)
        published[domain] = [verdict.message for verdict in verdicts if verdict.published]
        target = target_dir / f"{domain}.mo"
        write_compiled(target, judged.language, published[domain])
        written |= {target, target.with_suffix(".po")}
    write_published(target_dir.parent, published)
    return written


def compile_language(project: Project, language: str, catalogs: list[Path] | None = None) -> CompileReport:
    """Write ``_build/locale/<language>/LC_MESSAGES/<domain>.mo`` from the language's catalogs."""
    out_dir = project.compiled_locale() / language
    target_dir = out_dir / "LC_MESSAGES"
    paths = project.catalogs(language) if catalogs is None else catalogs
    inputs = compile_inputs(project, language, paths)
    if (unchanged := recorded_report(out_dir, inputs)) is not None:
        return unchanged  # nothing it reads changed: what it wrote stands
    (out_dir / COMPILED).unlink(missing_ok=True)  # from here until the end, the outputs are in the making
    cache = load_cache(out_dir / CHECKED)
    judged = judge_catalogs(project, language, paths, cache)
    report = CompileReport(language, broken=list(judged.broken))
    written = write_outputs(judged, target_dir, report)
    for stale in {*target_dir.rglob("*.mo"), *target_dir.rglob("*.po")} - written:
        stale.unlink()  # a catalog removed or now broken must not keep its old text
    write_if_changed(out_dir / CHECKED, json.dumps({"checker": checker_digest(), "messages": cache.current},
                                                   ensure_ascii=False, sort_keys=True).encode())
    summary = {
        "catalogs": {name: counts.as_dict() for name, counts in sorted(report.counts.items())},
        "credits": credits_per_paper(judged),
    }
    write_if_changed(out_dir / STATS_FILE, json.dumps(summary, ensure_ascii=False, indent=1, sort_keys=True).encode())
    write_if_changed(out_dir / COMPILED, json.dumps({"inputs": inputs, "report": asdict(report)}, ensure_ascii=False,
                                                    sort_keys=True).encode())
    return report
