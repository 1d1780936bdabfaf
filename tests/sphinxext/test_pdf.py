"""Issue 3: one PDF per language, fonts embedded and subset, text extractable."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import polib
import pytest
from pypdf import PdfReader

from ..conftest import first_paper, paper_catalog


def pdf_of(project, language: str) -> Path:
    return project.site / language / first_paper(project).pdf_file(language)


def run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("language", ["en", "ja"])
def test_every_font_is_embedded_and_subset(built_site, language):
    rows = run("pdffonts", str(pdf_of(built_site, language))).splitlines()[2:]
    assert rows
    for row in rows:
        name, emb, sub = row.split()[0], row.split()[-5], row.split()[-4]
        assert (emb, sub) == ("yes", "yes"), row
        assert re.match(r"^[A-Z]{6}\+", name), row


def test_japanese_pdf_has_the_catalogs_japanese_text(built_site):
    text = re.sub(r"\s+", "", run("pdftotext", str(pdf_of(built_site, "ja")), "-"))
    catalog = polib.pofile(str(paper_catalog(built_site, "ja", "conclusion")))
    translated = [entry.msgstr for entry in catalog if entry.msgid.startswith("Over the past few years")]
    assert re.sub(r"\s+", "", translated[0]) in text
    title = polib.pofile(str(paper_catalog(built_site, "ja", "index"))).find(first_paper(built_site).settings["subtitle"])
    assert title.msgstr.replace(" ", "") in text


def test_pdf_has_title_language_bookmarks_and_page_numbers(built_site):
    pdf = pdf_of(built_site, "ja")
    info = run("pdfinfo", str(pdf))
    title = polib.pofile(str(paper_catalog(built_site, "ja", "index"))).find(first_paper(built_site).title)
    assert f"Title:           {title.msgstr}" in info
    reader = PdfReader(pdf)
    assert reader.trailer["/Root"]["/Lang"] == "ja"
    bookmarks = [item.title for item in reader.outline if not isinstance(item, list)]
    assert len(bookmarks) >= 8 and all(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", b) for b in bookmarks[1:5])
    for page in (4, 9):
        text = run("pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-")
        assert re.search(rf"^\s*{page}\s*$", text, re.MULTILINE), f"no page number on page {page}"


@pytest.mark.parametrize("language", ["en", "ja"])
def test_every_paper_has_its_own_pdf_with_its_translated_title(built_site, language):
    published = sorted(path.name for path in (built_site.site / language).glob("*.pdf"))
    assert published == sorted(paper.pdf_file(language) for paper in built_site.papers)
    for paper in built_site.papers:
        catalog = polib.pofile(str(paper_catalog(built_site, language, "index", paper.slug))) if language != "en" else None
        title = catalog.find(paper.title).msgstr if catalog else paper.title
        assert f"Title:           {title}" in run("pdfinfo", str(built_site.site / language / paper.pdf_file(language)))


def test_pdf_cover_and_contents_are_translated(built_site):
    cover = run("pdftotext", "-f", "1", "-l", "2", str(pdf_of(built_site, "ja")), "-")
    assert "目次" in cover or "コンテンツ" in cover or "内容" in cover


def test_korean_lines_break_between_words_not_inside_them(built_site):
    from papersite.catalog.markup import LINK_ROLE

    words = set()
    for catalog in built_site.catalogs("ko_KR"):
        for entry in polib.pofile(str(catalog)):
            words.update(LINK_ROLE.sub(lambda m: m["words"], entry.msgstr).split())
    lines = run("pdftotext", str(pdf_of(built_site, "ko_KR")), "-").splitlines()
    hangul_endings = [line.split()[-1] for line in lines if line.strip() and re.search(r"[\uac00-\ud7a3]$", line)]
    assert len(hangul_endings) > 100
    broken = [word for word in hangul_endings if word not in words]
    assert not broken, broken[:10]
