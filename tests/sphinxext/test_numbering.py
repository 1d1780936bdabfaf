"""Issue 11: figures and tables are numbered per paper, in the reader's language,
the same on the web pages and in the PDF, and the text's own references match."""

from __future__ import annotations

import re
import subprocess

import polib

from papersite.build import staging

CAPTIONED = re.compile(r'<(figure|table)\b[^>]*\bid="([^"]+)"[^>]*>.*?<span class="caption-number"[^>]*>([^<]+)</span>', re.S)
REFERENCE = re.compile(r"\b(Figure|Table) (\d+)\b")


KOREAN_WORD = re.compile(r'<span class="word">(.*?)</span>')  # the PDF keeps Korean words whole with these


def labels(html: str) -> list[tuple[str, str, str]]:
    """(kind, id, label) of each numbered figure and table, in page order."""
    return CAPTIONED.findall(KOREAN_WORD.sub(r"\1", html))


def label_formats(project, code: str) -> dict[str, str]:
    if code == "en":
        return {"figure": "Figure {number}", "table": "Table {number}"}
    catalog = polib.pofile(str(project.catalog_folder(code) / "sphinx.po"))
    return {"figure": catalog.find("Figure {number}").msgstr, "table": catalog.find("Table {number}").msgstr}


CAPTION = re.compile(r"<(?:figcaption|caption)\b")
AUTOMATIC_ID = re.compile(r"id\d+")  # docutils' id for an element without a name


def test_each_paper_numbers_its_figures_and_tables_from_one_the_same_on_its_pages_and_in_its_pdf(site_build):
    project = site_build[0]
    for code in project.language_codes:
        formats = label_formats(project, code)
        for paper in project.papers:
            html = (staging(project, code) / "pdf" / paper.slug / "index.html").read_text(encoding="utf-8")
            printable = labels(html)
            # Every caption is numbered (a paper without figures or tables has no label at all).
            assert len(printable) == len(CAPTION.findall(html)), f"{code}/{paper.slug}"
            for kind in ("figure", "table"):
                numbered = [label for found, _, label in printable if found == kind]
                assert numbered == [formats[kind].format(number=n) for n in range(1, len(numbered) + 1)]
            on_pages = [(identifier, label) for page in (project.site / code / paper.slug).glob("*.html")
                        for _, identifier, label in labels(page.read_text(encoding="utf-8"))]
            assert sorted(label for _, label in on_pages) == sorted(label for _, _, label in printable), paper.slug
            # A named figure or table has its id on its page and in the PDF (an unnamed one's
            # id1 is per page, and the PDF, one page, makes it unique: see pdfids).
            named = {identifier: label for identifier, label in on_pages if not AUTOMATIC_ID.fullmatch(identifier)}
            assert named.items() <= {identifier: label for _, identifier, label in printable}.items(), paper.slug
            pdf_text = subprocess.run(["pdftotext", str(project.site / code / paper.pdf_file(code)), "-"],
                                      capture_output=True, text=True, check=True).stdout
            squeezed = re.sub(r"\s+", "", pdf_text)
            assert all(re.sub(r"\s+", "", label) in squeezed for _, _, label in printable), f"{code}/{paper.slug}"


def test_the_texts_references_to_figures_and_tables_name_numbers_their_paper_has(site_build):
    project = site_build[0]
    for paper in project.papers:
        printable = (staging(project, "en") / "pdf" / paper.slug / "index.html").read_text(encoding="utf-8")
        numbered = {label for _, _, label in labels(printable)}
        for source in sorted(paper.folder.glob("*.md")):
            for kind, number in REFERENCE.findall(source.read_text(encoding="utf-8")):
                assert f"{kind} {number}" in numbered, f"{source}: {kind} {number}"
