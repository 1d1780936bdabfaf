"""The PDF process: it builds only once released, and every way it can end reaches the parent.

The build it runs is a stand-in here (the real one is exercised by every site
build of the suite); what is tested is the hand-over between the two processes.
"""

from __future__ import annotations

import os
import time

import pytest

from papersite.pdfprocess import PdfProcess
from papersite.project import Project


def writes_marker(project: Project, language: str) -> list[str]:
    (project.root / f"built-{language}").write_text(str(os.getpid()))
    return [f"{language}: a warning"]


def fails(project: Project, language: str) -> list[str]:
    raise ValueError(f"no printable page for {language}")


def dies(project: Project, language: str) -> list[str]:
    os._exit(3)


def test_builds_only_once_released_and_returns_its_warnings(tmp_path):
    pdf = PdfProcess(Project(root=tmp_path), "ja", writes_marker)
    time.sleep(0.5)  # long enough for the child to load WeasyPrint and reach its wait
    assert not (tmp_path / "built-ja").exists()
    pdf.release()
    warnings, seconds = pdf.wait()
    assert warnings == ["ja: a warning"]
    assert seconds >= 0
    assert int((tmp_path / "built-ja").read_text()) != os.getpid()  # built in the child


def test_a_failing_build_is_reported_with_its_error(tmp_path):
    pdf = PdfProcess(Project(root=tmp_path), "de", fails)
    pdf.release()
    with pytest.raises(RuntimeError, match="ValueError: no printable page for de"):
        pdf.wait()


def test_a_process_that_dies_is_reported_with_its_exit_code(tmp_path):
    pdf = PdfProcess(Project(root=tmp_path), "de", dies)
    pdf.release()
    with pytest.raises(RuntimeError, match="exit code 3"):
        pdf.wait()


def test_cancel_ends_a_process_that_was_never_released(tmp_path):
    pdf = PdfProcess(Project(root=tmp_path), "de", writes_marker)
    pdf.cancel()
    assert not pdf._process.is_alive()
    assert not (tmp_path / "built-de").exists()


def test_the_pdf_build_beside_the_html_one_fails_rather_than_read_again(project_copy):
    """Were a document out of date for the PDF build, reading it would rewrite
    doctrees that the HTML build, running at the same time, loads."""
    from papersite.build import build_language, build_pdf

    assert build_language(project_copy, "en").ok
    page = project_copy.papers[0].folder / "conclusion.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nA late sentence.\n", encoding="utf-8")
    warnings = build_pdf(project_copy, "en")
    assert any("would read 1 document(s) again" in warning for warning in warnings), warnings
