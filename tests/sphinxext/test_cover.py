"""Issue 18: every paper has a designed cover, drawn from its settings, the same
on its PDF and on its first web page.

The PDF's cover draws the paper's artwork, in the paper's accent colour, as an
artifact (decoration, outside the tagged structure; pdfua checks the rest); the
web page shows the same artwork hidden from assistive technology and, in the
page itself, the authors line, publisher, year, the PDF and the translation notice.
"""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from papersite.coverart import WHITE, DARK_PAGE, _rgb, accent_of, artwork, contrast, derived_accent, palette
from papersite.notices import TRANSLATION
from papersite.project import Project

from ..htmlparse import elements, having


def drawings(reader, page) -> list[tuple[str, bool]]:
    """(XObject name, drawn inside an /Artifact section) of each XObject a page draws."""
    found, sections = [], []
    for operands, operator in ContentStream(page.get_contents(), reader).operations:
        if operator in (b"BMC", b"BDC"):
            sections.append(operands[0])
        elif operator == b"EMC" and sections:
            sections.pop()
        elif operator == b"Do":
            found.append((operands[0], "/Artifact" in sections))
    return found


def stream_text(xobject, depth: int = 0) -> str:
    """A form XObject's drawing operators, with those of the forms it draws."""
    text = xobject.get_data().decode("latin-1")
    resources = xobject.get("/Resources", {})
    for inner in (resources.get("/XObject") or {}).values():
        if depth < 4:
            text += stream_text(inner.get_object(), depth + 1)
    return text


def fill_operator(colour: str) -> str:
    red, green, blue = _rgb(colour)
    return f"{red:.6f} {green:.6f} {blue:.6f} rg"


def test_every_pdf_cover_draws_its_papers_artwork_as_an_artifact_in_its_colour(site_build):
    project = site_build[0]
    artworks = {}
    for code in project.language_codes:
        for paper in project.papers:
            pdf = project.site / code / paper.pdf_file(code)
            reader = PdfReader(pdf)
            cover = reader.pages[0]
            drawn = drawings(reader, cover)
            assert drawn and all(inside for _, inside in drawn), (pdf.name, drawn)
            art = stream_text(cover["/Resources"]["/XObject"][drawn[0][0]].get_object())
            band = palette(accent_of(paper.settings, paper.slug))["band"]
            assert fill_operator(band) in art, pdf.name
            artworks.setdefault(paper.slug, set()).add(len(re.findall(r"\bre\b|\bl\b", art)))
    # Each paper has its own artwork, the same in every language.
    assert all(len(sizes) == 1 for sizes in artworks.values()) and len({min(s) for s in artworks.values()}) == len(artworks)


def main_text(page) -> str:
    return " ".join(having(page, "div", role="main")[0]["text"].split())


def test_a_papers_first_web_page_shows_its_cover(built_site):
    for code in built_site.language_codes:
        for paper in built_site.papers:
            page = built_site.site / code / f"{paper.home}.html"
            art = having(page, "div", **{"class": "paper-cover-art"})
            assert len(art) == 1 and art[0]["attrs"].get("aria-hidden") == "true", page
            assert any(element["tag"] == "svg" for element in elements(page)), page
            # The credits are the page's own paragraphs, in the reader's language (index.po).
            # A paper may leave out its authors line and year (an empty paper.toml); the publisher defaults to conf.py's.
            authors = having(page, "p", **{"class": "paper-authors"})
            [publisher] = having(page, "p", **{"class": "paper-publisher"})
            assert len(authors) == bool(paper.authors) and all(a["text"].strip() for a in authors), page
            year = paper.settings.get("year")
            assert publisher["text"].strip() and (year is None or publisher["text"].strip().endswith(f", {year}")), page
            text = main_text(page)
            links = [a for a in having(page, "a", **{"class": "pdf-download"})]
            assert len(links) == 1 and links[0]["attrs"]["href"].endswith(paper.pdf_file(code)), page
            assert "download" in links[0]["attrs"], page
            credits = having(page, "div", **{"class": "paper-cover-credits"})
            assert len(credits) == 1 and "data-search-skip" in credits[0]["attrs"], page
            # A translation says so under its title, in its language (English says nothing of the kind).
            notice = having(page, "p", **{"class": "cover-translation"})
            assert bool(notice) == (code != built_site.source_language), page
            assert TRANSLATION not in text or code == built_site.source_language, page


def test_a_paper_without_an_accent_gets_one_from_its_slug_that_white_text_reads_on():
    for slug in ("leveraging-containers-and-openstack", "cloud-edge-computing", "a", "zz-top", "paper-3"):
        accent = accent_of({}, slug)
        assert accent == derived_accent(slug) and contrast(_rgb(accent), WHITE) >= 4.5
    colours = palette("#ffee00")  # a pale accent: the cover makes it dark enough to carry white text
    assert contrast(_rgb(colours["band"]), WHITE) >= 4.5 and contrast(_rgb(colours["ink"]), WHITE) >= 4.5
    assert contrast(_rgb(colours["ink_dark"]), DARK_PAGE) >= 4.5


@pytest.mark.parametrize("value", ["blue", "#12345", "#1234567", 12, "#12 456", "url(x)"])
def test_an_accent_that_is_not_a_colour_is_refused_naming_the_file(project_copy, value):
    settings = project_copy.source / "cloud-edge-computing" / "paper.toml"
    before = [paper.slug for paper in Project(root=project_copy.root).papers]
    text = re.sub(r'(?m)^accent = .*$', "", settings.read_text(encoding="utf-8"))
    settings.write_text(text + f"accent = {value!r}\n".replace("'", '"'), encoding="utf-8")
    # The paper is left out, its file and the setting named; the other papers stay.
    after = Project(root=project_copy.root)
    assert [paper.slug for paper in after.papers] == [slug for slug in before if slug != "cloud-edge-computing"]
    [problem] = after.paper_problems
    assert re.match(re.escape(str(settings)) + ".*'accent'.*#rrggbb", str(problem))


def test_the_artwork_is_the_papers_own_and_the_same_on_every_build():
    first = artwork("a-paper", "A Paper", "#1d4f7c")
    assert first == artwork("a-paper", "A Paper", "#1d4f7c")
    assert first != artwork("another-paper", "A Paper", "#1d4f7c")
    assert first.startswith("<svg") and "<script" not in first and "href" not in first
