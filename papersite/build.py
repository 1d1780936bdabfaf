"""Build one language: its HTML site and its PDF, from one read of the sources.

The HTML build reads; the PDF build, in a process of its own (``pdfprocess``),
writes from what it read, at the same time as the HTML pages are written.

Sphinx works in a staging folder per language (``_build/staging/<lang>``) that it
updates incrementally. Only a build that finished without a warning is promoted:
copied, with the fingerprint of its inputs, into a new folder of
``_build/outputs/``, at which ``_build/output/<lang>`` is then pointed in one
rename. Publishing reads that link, so a failed or killed build leaves the
language's last good output (and the fingerprint that describes it) as it was.

Staging is trusted for an incremental build only when the previous build there
ran to the end (a killed or failed build may have left pages that no catalog
holds) and only a catalog changed since; otherwise the build starts from nothing.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from .fingerprint import language_fingerprint
from .pdfprocess import PdfProcess
from .project import Project
from .records import read_json
from .sphinxrun import run_sphinx

COMPLETE = "complete.json"  # in staging: the fingerprint it was last completely built for
# Sphinx's own records of a build (.buildinfo, .buildinfo.bak): not output.
SPHINX_RECORDS = shutil.ignore_patterns(".buildinfo*")


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


def staging(project: Project, language: str) -> Path:
    return project.build / "staging" / language


def outputs_folder(project: Project) -> Path:
    return project.build / "outputs"


def write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
    os.replace(temporary, path)


def outputs_exist(project: Project, language: str) -> bool:
    return (project.html_work(language) / "index.html").is_file() and any(project.pdf_work(language).glob("*.pdf"))


def record_pdfs(project: Project, result: LanguageResult) -> None:
    pdfs = [project.pdf_work(result.language) / paper.pdf_file(result.language) for paper in project.papers]
    result.pdfs = [str(pdf) for pdf in pdfs]
    result.pdf_bytes = sum(pdf.stat().st_size for pdf in pdfs)


def remove_stale_outputs(project: Project, language: str) -> None:
    """Promoted folders that the link no longer points at: replaced ones, or
    half-copied ones of a killed build."""
    link = project.output(language)
    current = link.resolve() if link.is_symlink() else None
    for folder in outputs_folder(project).glob(f"{language}-*"):
        if folder.resolve() != current:
            shutil.rmtree(folder, ignore_errors=True)
    link.with_name(f".{language}.new").unlink(missing_ok=True)


def prepare_staging(project: Project, language: str, fingerprint: dict) -> bool:
    """Make staging ready and say whether Sphinx must start from a fresh environment."""
    stage = staging(project, language)
    recorded = read_json(stage / COMPLETE)
    (stage / COMPLETE).unlink(missing_ok=True)  # whatever happens next, staging is in progress
    # Sphinx tracks what it reads, but not our code, conf.py or the tools; and
    # it never deletes the output of a document, image or file that is gone.
    # A catalog can only change the text of existing pages: that much is incremental.
    if all(recorded.get(part) == fingerprint[part] for part in ("tooling", "sources")):
        return False
    shutil.rmtree(stage, ignore_errors=True)
    shutil.rmtree(project.doctrees(language), ignore_errors=True)
    return True


def promote(project: Project, language: str, record: dict) -> None:
    """Make staging the language's last good output, in one rename."""
    stage = staging(project, language)
    folder = outputs_folder(project) / f"{language}-{os.getpid()}-{time.time_ns()}"
    # copytree keeps times: a page Sphinx did not rewrite stays unchanged to the last byte and mtime.
    shutil.copytree(stage / "html", folder / "html", ignore=SPHINX_RECORDS)
    (folder / "pdf").mkdir()
    for pdf in (stage / "pdf").glob("*.pdf"):
        shutil.copy2(pdf, folder / "pdf" / pdf.name)
    write_json(folder / project.state(language).name, record)
    link = project.output(language)
    temporary = link.with_name(f".{language}.new")
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(os.path.relpath(folder, link.parent))
    os.replace(temporary, link)
    remove_stale_outputs(project, language)


def run_builder(project: Project, language: str, builder: str, result: LanguageResult, fresh: bool,
                on_write_started=None, **settings):
    overrides = {"language": language, "locale_dirs": [str(project.compiled_locale())], **settings}
    outdir = staging(project, language) / builder
    app, warnings = run_sphinx(project, builder, outdir, project.doctrees(language), overrides, fresh, on_write_started)
    result.warnings += warnings
    return app


def build_pdf(project: Project, language: str) -> list[str]:
    """The PDF builder, from what the HTML build of ``language`` stored; its warnings."""
    result = LanguageResult(language)
    run_builder(project, language, "pdf", result, fresh=False, pdf_write_only=True)
    return result.warnings


def build_html_and_pdf(project: Project, language: str, result: LanguageResult, fresh: bool, report) -> None:
    """HTML and PDF at once: the PDF process waits only for the HTML build's reading."""
    started = time.perf_counter()
    pdf = PdfProcess(project, language, build_pdf)
    try:
        app = run_builder(project, language, "html", result, fresh, on_write_started=pdf.release)
    except BaseException:
        pdf.cancel()
        raise
    result.pages = len(app.env.found_docs)
    result.html_seconds = time.perf_counter() - started
    report(language, "pdf")
    pdf.release()  # already done when writing started; after the whole HTML build it is safe in any case
    warnings, result.pdf_seconds = pdf.wait()
    result.warnings += warnings


def record_unchanged(project: Project, result: LanguageResult, recorded: dict) -> None:
    result.skipped = True
    result.pages = recorded["pages"]
    record_pdfs(project, result)


def out_of_memory(error: BaseException | None) -> bool:
    """Whether a MemoryError is behind ``error`` (Sphinx wraps what an extension raises)."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, MemoryError):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def build_language(project: Project, language: str, report=lambda language, step: None) -> LanguageResult:
    """Build ``language`` unless nothing it depends on changed; ``report`` hears each step."""
    started = time.perf_counter()
    result = LanguageResult(language)
    project.output(language).parent.mkdir(parents=True, exist_ok=True)
    outputs_folder(project).mkdir(parents=True, exist_ok=True)
    remove_stale_outputs(project, language)
    fingerprint = language_fingerprint(project, language)
    recorded = read_json(project.state(language))
    if outputs_exist(project, language) and recorded.get("inputs") == fingerprint and "pages" in recorded:
        record_unchanged(project, result, recorded)
        report(language, "unchanged")
        return result
    try:
        report(language, "html")
        fresh = prepare_staging(project, language, fingerprint)
        build_html_and_pdf(project, language, result, fresh, report)
        if result.ok:
            write_json(staging(project, language) / COMPLETE, fingerprint)
            promote(project, language, {"inputs": fingerprint, "pages": result.pages})
            record_pdfs(project, result)
    except Exception as error:  # one language's failure must not stop the others
        if out_of_memory(error):
            raise MemoryError from error  # the worker reports its memory limit
        result.error = f"{type(error).__name__}: {error}"
    result.seconds = time.perf_counter() - started
    report(language, "done" if result.ok else "failed")
    return result
