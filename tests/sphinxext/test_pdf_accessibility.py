"""Issue 11: every PDF is tagged PDF/UA-1 and passes the ``pdfua`` checker; its
links never point at the local preview, and it opens with its bookmarks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from ..conftest import copy_project, summarised_build

PREVIEW = ("http://127.0.0.1", "http://localhost")


def every_pdf(project) -> list[Path]:
    pdfs = [project.site / code / paper.pdf_file(code) for code in project.language_codes for paper in project.papers]
    assert all(pdf.is_file() for pdf in pdfs)
    return pdfs


def pdfua_findings(pdf: Path) -> list[dict]:
    checker = Path(sys.executable).with_name("pdfua")
    result = subprocess.run([str(checker), "check", "--format", "json", str(pdf)], capture_output=True, text=True)
    assert result.returncode in (0, 1, 2, 3), result.stderr  # 4 and 5: unreadable file, bad usage
    # A skipped rule is not a finding: pdfua 0.1.3 skips UA-14-001 (empty headings)
    # on every file whose headings hold several content items, a bug of its own
    # (it asks a pikepdf array for an attribute, which raises ValueError).
    return json.loads(result.stdout)["findings"]


def test_every_pdf_passes_the_pdfua_checker_without_errors_or_warnings(site_build):
    project = site_build[0]
    findings = {pdf.name: pdfua_findings(pdf) for pdf in every_pdf(project)}
    assert {name: found for name, found in findings.items() if found} == {}


def link_targets(pdf: Path) -> list[str]:
    reader = PdfReader(pdf)
    return [annotation.get_object()["/A"].get("/URI", "")
            for page in reader.pages for annotation in page.get("/Annots", [])
            if "/A" in annotation.get_object()]


def test_no_pdf_links_to_the_local_preview_and_each_opens_with_its_bookmarks(site_build):
    project = site_build[0]
    for pdf in every_pdf(project):
        reader = PdfReader(pdf)
        assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines", pdf.name
        assert reader.outline, pdf.name
        assert reader.trailer["/Root"]["/Lang"], pdf.name
        assert not [uri for uri in link_targets(pdf) if uri.startswith(PREVIEW)], pdf.name


def test_with_a_published_address_the_website_links_are_absolute_to_it(tmp_path, monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://papers.example.org/library/")
    project = copy_project(tmp_path)
    report, output = summarised_build(project, ["en"])
    assert not report.failed, output
    targets = [uri for paper in project.papers for uri in link_targets(project.site / "en" / paper.pdf_file("en"))]
    # The Translators page links to the other languages' Translators pages.
    assert "https://papers.example.org/library/de/cloud-edge-computing/translators.html" in targets
    assert not [uri for uri in targets if uri.startswith(PREVIEW)]
    for paper in project.papers:  # the cover prints where the paper lives
        cover = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(project.site / "en" / paper.pdf_file("en")), "-"],
                               capture_output=True, text=True, check=True).stdout
        assert f"https://papers.example.org/library/en/{paper.home}.html" in cover.split(), paper.slug
