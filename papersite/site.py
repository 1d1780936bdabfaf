"""Build the whole site: every requested language compiled and built in parallel, then the landing page."""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rich import box
from rich.console import Console
from rich.markup import escape  # problems and warnings quote translators' text
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .build import LanguageResult, build_language
from .catalog import checks
from .catalog.compile import CompileReport, compile_language
from .catalog.stats import Counts, total
from .publish import publish
from .project import Project
from .sphinxrun import import_what_sphinx_loads
from .workers import Limits, run_all

STEPS = {"html": 1, "pdf": 2, "done": 3, "failed": 3, "unchanged": 3}


@dataclass
class SiteReport:
    compiled: dict[str, CompileReport] = field(default_factory=dict)
    results: dict[str, LanguageResult] = field(default_factory=dict)
    seconds: float = 0.0
    left_out: list[str] = field(default_factory=list)  # papers whose settings failed: "file:line: what to do"

    @property
    def failed(self) -> list[str]:
        broken = [code for code, report in self.compiled.items() if report.broken]
        failing = [code for code, result in self.results.items() if not result.ok]
        return sorted(set(broken) | set(failing))


NOT_A_CATALOG = "not a regular file inside locale/ (a link, a folder or a device), so never read; put the catalog itself there"


def compile_translation(project: Project, code: str) -> CompileReport:
    report = compile_language(project, code)
    # Names that look like catalogs but are not ours to open are reported, not skipped silently.
    report.broken += [checks.Problem(str(path), 1, "", NOT_A_CATALOG) for path in project.rejected_catalogs(code)]
    return report


def compile_all(project: Project) -> dict[str, CompileReport]:
    """Every translation's catalogs, so the landing page knows them all."""
    return {code: compile_translation(project, code) for code in project.translations}


def _compile_and_build(root: str, language: str, build: bool, report) -> tuple[CompileReport | None, LanguageResult | None]:
    """In a worker: the language's catalogs, then (if asked) its build, which reads them."""
    project = Project(root=Path(root))
    compiled = compile_translation(project, language) if language in project.translations else None
    if not build:
        return compiled, None
    return compiled, build_language(project, language, report=report)


def build_parallel(project: Project, languages: list[str], jobs: int, console: Console) -> SiteReport:
    """Each language compiled and built in a bounded process of its own (``papersite.workers``),
    as soon as a core is free; then the translations not asked for are compiled too
    (the landing page shows them all)."""
    report = SiteReport()
    tasks = [(code, True) for code in languages] + [(code, False) for code in project.translations if code not in languages]
    columns = (TextColumn("{task.description:>18}"), BarColumn(), TextColumn("{task.fields[step]}"), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=False) as progress:
        bars = {code: progress.add_task(name, total=3, step="waiting")
                for code, name in ((lang.code, f"{lang.native_name} ({lang.code})")
                                   for lang in project.languages if lang.code in languages)}
        building = dict(tasks)

        def on_step(code: str, step: str) -> None:
            progress.update(bars[code], completed=STEPS[step], step=step)

        def on_done(code: str, outcome, error: str) -> None:
            compiled, result = outcome if outcome is not None else (None, None)
            if compiled is not None:
                report.compiled[code] = compiled
            if building[code]:
                if result is None:  # the worker failed or was stopped: the language keeps its last good output
                    result = LanguageResult(code, error=error)
                    on_step(code, "failed")
                report.results[code] = result

        work = [(code, _compile_and_build, (str(project.root), code, build)) for code, build in tasks]
        import_what_sphinx_loads(project)  # once here, not in every worker and PDF process forked from here
        run_all(work, jobs, Limits.from_config(project.config), on_step, on_done)
    return report


def build_site(project: Project, languages: list[str], jobs: int | None = None, console: Console | None = None) -> SiteReport:
    console = console or Console(stderr=True)
    started = time.perf_counter()
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(languages)))
    report = build_parallel(project, languages, jobs, console)
    report.left_out = [str(problem) for problem in project.paper_problems]
    publish(project)
    report.seconds = time.perf_counter() - started
    write_report(project, report)
    return report


def write_report(project: Project, report: SiteReport) -> None:
    """The summary for machines (CI, benchmarks): _build/build-report.json."""
    document = {
        "seconds": round(report.seconds, 3),
        "failed": report.failed,
        "papers_left_out": report.left_out,
        "languages": {code: asdict(result) for code, result in report.results.items()},
    }
    (project.build / "build-report.json").write_text(json.dumps(document, indent=1) + "\n")


def summary_table(report: SiteReport, project: Project) -> Table:
    # Must fit an 80-column CI log (tested): the split of each time between
    # HTML and PDF is in _build/build-report.json.
    table = Table(title=f"Site built in {report.seconds:.1f} s", box=box.SIMPLE_HEAD, show_edge=False,
                  pad_edge=False, collapse_padding=True)
    for column in ("lang", "status", "time", "warnings", "pages", "PDFs", "untranslated", "rejected"):
        # Only the status may wrap ("broken catalog"); every number stays whole.
        table.add_column(column, justify="left" if column in ("lang", "status") else "right", no_wrap=column != "status")
    for code in project.language_codes:
        if code not in report.results:
            continue
        result, compiled = report.results[code], report.compiled.get(code)
        status = "failed" if not result.ok else ("unchanged" if result.skipped else "built")
        if compiled and compiled.broken:
            status = "broken catalog"
        # Shown in English: messages nobody translated yet, and translations not
        # published (fuzzy, or failing the checks: listed below the table).
        counts = total(compiled.counts.values()) if compiled else Counts()
        table.add_row(
            code, status, f"{result.seconds:.1f} s", str(len(result.warnings)), str(result.pages),
            f"{result.pdf_bytes / 1024:.0f} KiB" if result.pdf_bytes else "-",
            str(counts.messages["untranslated"]), str(counts.rejected),
        )
    return table


def print_summary(report: SiteReport, project: Project, console: Console) -> None:
    console.print(summary_table(report, project))
    for code, compiled in report.compiled.items():
        if code not in report.results:
            continue
        for problem in compiled.broken:
            # emoji=False: rich would print "file.po:100:" as "file.po💯" (and a translator's ":smile:" as an emoji).
            console.print(f"[red]{code}: broken catalog, shown in English:[/red] {escape(str(problem))}", markup=True, highlight=False, emoji=False)
        for problem in compiled.fallbacks:
            console.print(f"[yellow]{code}: shown in English:[/yellow] {escape(str(problem))}", markup=True, highlight=False, emoji=False)
    for code, result in report.results.items():
        for warning in result.warnings:
            console.print(f"[red]{code}:[/red] {escape(warning)}", markup=True, highlight=False, emoji=False)
        if result.error:
            console.print(f"[red]{code}: {escape(result.error)}[/red]", markup=True, highlight=False, emoji=False)
    for problem in report.left_out:
        console.print(f"[red]paper left out:[/red] {escape(problem)}", markup=True, highlight=False, emoji=False)
    if report.failed:
        console.print(f"[red bold]Failed: {', '.join(report.failed)}[/red bold]")
