"""Build one language: its HTML site and its PDF, from one read of the sources."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from .fingerprint import language_fingerprint
from .project import Project
from .sphinxrun import run_sphinx


@dataclass
class LanguageResult:
    language: str
    seconds: float = 0.0
    html_seconds: float = 0.0
    pdf_seconds: float = 0.0
    skipped: bool = False  # nothing it depends on changed since the last build
    warnings: list[str] = field(default_factory=list)
    pages: int = 0
    pdfs: list[str] = field(default_factory=list)  # one per paper
    pdf_bytes: int = 0  # all of them
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error and not self.warnings


def run_builder(project: Project, language: str, builder: str, outdir: Path, result: LanguageResult, fresh: bool):
    overrides = {"language": language, "locale_dirs": [str(project.compiled_locale())]}
    app, warnings = run_sphinx(project, builder, outdir, project.doctrees(language), overrides, fresh)
    result.warnings += warnings
    return app


def outputs_exist(project: Project, language: str) -> bool:
    return (project.html_work(language) / "index.html").is_file() and any(project.pdf_work(language).glob("*.pdf"))


def record_pdfs(project: Project, result: LanguageResult) -> None:
    pdfs = [project.pdf_work(result.language) / paper.pdf_file(result.language) for paper in project.papers]
    result.pdfs = [str(pdf) for pdf in pdfs]
    result.pdf_bytes = sum(pdf.stat().st_size for pdf in pdfs)


def build_language(project: Project, language: str, report=lambda language, step: None) -> LanguageResult:
    """Build ``language`` unless nothing it depends on changed; ``report`` hears each step."""
    started = time.perf_counter()
    result = LanguageResult(language)
    state = project.state(language)
    fingerprint = language_fingerprint(project, language)
    previous = json.loads(state.read_text()) if state.is_file() else {}
    if outputs_exist(project, language) and previous == fingerprint:
        result.skipped = True
        result.pages = len(list(project.html_work(language).rglob("*.html")))
        record_pdfs(project, result)
        report(language, "unchanged")
        return result
    try:
        report(language, "html")
        # Sphinx tracks sources and catalogs itself, but not our code or conf.py.
        fresh = previous.get("tooling") != fingerprint["tooling"]
        app = run_builder(project, language, "html", project.html_work(language), result, fresh)
        result.pages = len(app.env.found_docs)
        result.html_seconds = time.perf_counter() - started
        report(language, "pdf")
        run_builder(project, language, "pdf", project.pdf_work(language), result, fresh=False)
        result.pdf_seconds = time.perf_counter() - started - result.html_seconds
        record_pdfs(project, result)
    except Exception as error:  # one language's failure must not stop the others
        result.error = f"{type(error).__name__}: {error}"
    result.seconds = time.perf_counter() - started
    if result.ok:
        state.parent.mkdir(parents=True, exist_ok=True)
        state.write_text(json.dumps(fingerprint))
    else:
        state.unlink(missing_ok=True)
    report(language, "done" if result.ok else "failed")
    return result
