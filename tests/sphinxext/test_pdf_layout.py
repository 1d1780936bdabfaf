"""Issue 11: the PDF's pages are laid out as a printed paper's are.

The layout is read from WeasyPrint's own page boxes for each paper's printable
page (the PDF is exactly these pages), so every element is known by its markup,
in every language, without matching words in extracted text:

* a table's caption and its header row, a figure and its caption, a term and
  the start of its definition are on the same page;
* no page is less than a third full, except the cover, and a chapter's last
  page (chapters open on a new page).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from papersite.build import staging

SHORTEST = 1 / 3


def descendants(box):
    if "MarginBox" in type(box).__name__:  # page numbers and running heads are not the page's content
        return
    yield box
    for child in getattr(box, "children", None) or []:
        yield from descendants(child)


@dataclass
class Page:
    number: int
    fill: float
    opens_chapter: bool
    elements: set = field(default_factory=set)  # the markup elements with a box on this page
    caption_styles: set = field(default_factory=set)  # (font style, size) of the captions' text on this page


def laid_out_pages(html: Path):
    """The page's markup (its root element) and its pages."""
    from weasyprint import HTML

    source = HTML(filename=str(html))
    pages = []
    for number, page in enumerate(source.render().pages, 1):
        box = page._page_box
        top, bottom = box.content_box_y(), box.content_box_y()
        laid = Page(number, 0.0, False)
        for child in descendants(box):
            element = getattr(child, "element", None)
            if element is not None:
                laid.elements.add(element)
                if element.tag == "span" and (element.get("id") or "").startswith("document-"):
                    laid.opens_chapter = True
            if element is not None and element.tag in ("caption", "figcaption") and child.element_tag == element.tag:
                laid.caption_styles |= {(text.style["font_style"], text.style["font_size"])
                                        for text in descendants(child) if type(text).__name__ == "TextBox"}
            if type(child).__name__ == "LineBox":
                bottom = max(bottom, child.position_y + child.height)
        laid.fill = (bottom - top) / box.height
        pages.append(laid)
    return source.etree_element, pages


def printable_pages(project) -> list[tuple[str, Path]]:
    return [(f"{code}/{paper.slug}", staging(project, code) / "pdf" / paper.slug / "index.html")
            for code in project.language_codes for paper in project.papers]


@pytest.fixture(scope="module")
def layouts(site_build):
    return {name: laid_out_pages(html) for name, html in printable_pages(site_build[0])}


def page_of(pages: list[Page], element) -> set[int]:
    return {page.number for page in pages if element in page.elements}


def pairs_kept_together(root):
    """(what, first, second): elements that must share a page."""
    for element in root.iter():
        children = list(element)
        for index, child in enumerate(children):
            if child.tag == "caption":  # in its table, before the rows
                yield "table caption", child, element.find(".//tr")
            elif child.tag == "figcaption":  # in its figure, after what it captions
                yield "figure caption", child, children[index - 1] if index else None
            elif child.tag == "dt":
                yield "term", child, children[index + 1] if index + 1 < len(children) else None


def test_captions_stay_with_their_tables_and_figures_and_terms_with_their_definitions(layouts):
    apart = []
    for name, (root, pages) in layouts.items():
        for what, first, second in pairs_kept_together(root):
            if second is not None and not page_of(pages, first) & page_of(pages, second):
                apart.append(f"{name}: {what} {''.join(first.itertext())[:40]!r} on p{sorted(page_of(pages, first))}, "
                             f"what it belongs to on p{sorted(page_of(pages, second))}")
    assert apart == []


def test_no_page_is_less_than_a_third_full_except_a_chapters_last(layouts):
    short = []
    for name, (_, pages) in layouts.items():
        for page, following in zip(pages[1:], pages[2:]):  # the cover is meant to be mostly empty
            if page.fill < SHORTEST and not following.opens_chapter:
                short.append(f"{name} p{page.number}: {page.fill:.0%} full")
    assert short == []


CJK = ("ja", "ko", "zh")


def test_captions_have_one_style_in_every_language_never_a_slanted_cjk_font(layouts):
    """CJK fonts have no italic: WeasyPrint would slant their glyphs synthetically."""
    sizes, slanted = set(), []
    for name, (root, pages) in layouts.items():
        styles = set().union(*(page.caption_styles for page in pages))
        captions = [element for element in root.iter() if element.tag in ("caption", "figcaption")]
        assert bool(styles) == bool(captions), name  # a paper may have no figure or table
        sizes |= {size for _style, size in styles}
        if (root.get("lang") or "")[:2] in CJK and {style for style, _size in styles} - {"normal"}:
            slanted.append(name)
    assert slanted == [] and len(sizes) == 1
