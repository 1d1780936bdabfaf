"""Issue 11: what search engines and browser tabs read from every page of every
language: a description in the page's own words, and the site's icon."""

from __future__ import annotations

from ..htmlparse import having
from ..conftest import paper_page

LIMIT = 160  # papersite.sphinxext.standards.DESCRIPTION_LENGTH, as search engines show


# Paragraphs our templates put above the page's own text.
TEMPLATE_PARAGRAPHS = {"caption", "translation-notice"}


def first_paragraph_text(page) -> str:
    article = " ".join(having(page, "div", role="main")[0]["text"].split())
    paragraphs = [" ".join(p["text"].split()) for p in having(page, "p")
                  if p["text"].strip() and not TEMPLATE_PARAGRAPHS & set(p["attrs"].get("class", "").split())]
    return next(text for text in paragraphs if text in article)


def test_every_paper_page_is_described_by_its_own_first_paragraph(built_site):
    for language in built_site.language_codes:
        for paper in built_site.papers:
            for page in sorted((built_site.site / language / paper.slug).glob("*.html")):
                metas = having(page, "meta", name="description")
                assert len(metas) == 1, page
                description = metas[0]["attrs"]["content"]
                assert 0 < len(description) <= LIMIT, (page, description)
                opening = first_paragraph_text(page)
                assert opening.startswith(description.removesuffix("…")), (page, description, opening[:200])


def test_every_page_shows_the_site_icon(built_site):
    page = paper_page(built_site, "ja", "case-studies")
    icons = having(page, "link", rel="icon")
    assert len(icons) == 1
    assert (page.parent / icons[0]["attrs"]["href"]).resolve().read_bytes().startswith(b"<svg")
    landing = built_site.site / "index.html"
    (landing_icon,) = having(landing, "link", rel="icon")
    assert (landing.parent / landing_icon["attrs"]["href"]).read_bytes().startswith(b"<svg")


def test_every_page_of_the_site_is_described(built_site):
    """Issue 18: the search, index and 404 pages too, and the site's own pages."""
    site = built_site.site.resolve()
    pages = sorted(site.rglob("*.html"))
    assert {page.relative_to(site).as_posix() for page in pages} >= {"index.html", "404.html", "en/search.html",
                                                                      "ja/genindex.html", "ko_KR/404.html"}
    undescribed = []
    for page in pages:
        descriptions = [meta["attrs"].get("content", "").strip() for meta in having(page, "meta", name="description")]
        if len(descriptions) != 1 or not 0 < len(descriptions[0]) <= LIMIT:
            undescribed.append((page.relative_to(site).as_posix(), descriptions))
    assert undescribed == []
