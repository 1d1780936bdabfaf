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

import json
from dataclasses import dataclass, field
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


@dataclass
class CompileReport:
    language: str
    fallbacks: list[Problem] = field(default_factory=list)  # published in English
    broken: list[Problem] = field(default_factory=list)  # whole catalogs left out
    counts: dict[str, stats.Counts] = field(default_factory=dict)  # per catalog


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
    cache = load_cache(out_dir / CHECKED)
    paths = project.catalogs(language) if catalogs is None else catalogs
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
    return report
