"""Compile a language's catalogs into ``_build/locale``, keeping out what must not ship.

Fuzzy messages and messages failing ``papersite.qa`` are left out of the ``.mo``,
so Sphinx shows the English text for them; each one is reported. A catalog that
msgfmt rejects is left out whole. The ``.mo`` is rewritten only when its bytes
change, so Sphinx re-reads only the documents whose catalog changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import polib

from . import qa, stats
from .credits import language_credits

STATS_FILE = "stats.json"  # read by papersite.sphinxext.progress and .translators


@dataclass
class CompileReport:
    language: str
    fallbacks: list[qa.Problem] = field(default_factory=list)  # published in English
    broken: list[qa.Problem] = field(default_factory=list)  # whole catalogs left out
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
    return bool(entry.msgid and entry.msgstr and not entry.fuzzy and not entry.obsolete)


def fallback_reasons(path: Path, entry: polib.POEntry) -> list[qa.Problem]:
    if entry.obsolete or not entry.msgid or not entry.msgstr:
        return []
    if entry.fuzzy:
        return [qa.Problem(str(path), entry.linenum, entry.msgid, "fuzzy: the translation awaits review")]
    return [qa.Problem(str(path), entry.linenum, entry.msgid, reason)
            for reason in qa.translation_problems(entry, interface=qa.is_interface(path))]


def published_catalog(path: Path, report: CompileReport) -> polib.POFile:
    source = polib.pofile(str(path))
    published = polib.POFile()
    published.metadata = dict(source.metadata)
    for entry in source:
        problems = fallback_reasons(path, entry)
        report.fallbacks.extend(problems)
        if publishable(entry) and not problems:
            published.append(polib.POEntry(msgid=entry.msgid, msgstr=entry.msgstr, msgctxt=entry.msgctxt))
    report.counts[domain_of(path)] = stats.catalog_counts(source)
    return published


def write_if_changed(target: Path, data: bytes) -> bool:
    if target.exists() and target.read_bytes() == data:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".tmp")
    temporary.write_bytes(data)
    temporary.replace(target)
    return True


def compile_language(language: str, catalogs: list[Path], out_dir: Path) -> CompileReport:
    """Write ``out_dir/<language>/LC_MESSAGES/<domain>.mo`` from ``catalogs``."""
    report = CompileReport(language)
    target_dir = out_dir / language / "LC_MESSAGES"
    expected = set()
    for path in catalogs:
        target = target_dir / f"{domain_of(path)}.mo"
        broken = qa.msgfmt_problems(path)
        if broken:
            report.broken.extend(broken)
            continue
        published = published_catalog(path, report)
        # Sphinx finds catalogs by their .po and makes each document depend on its
        # .mo: the published .po beside the .mo is what makes an edit rebuild
        # exactly the documents it touches.
        expected |= {target, target.with_suffix(".po")}
        write_if_changed(target.with_suffix(".po"), str(published).encode("utf-8"))
        write_if_changed(target, published.to_binary())
    for stale in {*target_dir.rglob("*.mo"), *target_dir.rglob("*.po")} - expected:
        stale.unlink()  # a catalog removed or now broken must not keep its old text
    summary = {
        "catalogs": {name: counts.as_dict() for name, counts in sorted(report.counts.items())},
        "credits": credits_per_paper(catalogs),
    }
    data = json.dumps(summary, ensure_ascii=False, indent=1, sort_keys=True).encode()
    write_if_changed(out_dir / language / STATS_FILE, data)
    return report
