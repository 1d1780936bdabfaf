"""Issues 11 and 18: the PDF's pages are laid out as a printed paper's are.

The layout is read from WeasyPrint's own page boxes of each paper's page as it
was printed (``laid-out.html``, the printable page with the layout pass's fixes,
see papersite.sphinxext.pdflayout; the PDF is exactly these pages, which the
last test checks), so every element is known by its markup, in every language,
without matching words in extracted text. The measuring here is the test's own:

* a table's caption and its header row, a figure and its caption, a term and
  the start of its definition are on the same page;
* no chapter ends on a page with fewer than 5 lines of text (a line as a reader
  counts them: boxes of a diagram side by side are one line);
* no page is less than 60% full, except the cover and a chapter's last
  (chapters open on a new page);
* figures and tables keep their number order and their captions wherever the
  layout moved them; tables have tight rows and columns as wide as their
  content asks.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from papersite.build import staging
from papersite.sphinxext.pdflayout import laid_out
from papersite.sphinxext.pdftags import RENDER_OPTIONS

MIN_FILL = 0.6
MIN_LAST_LINES = 5
STATIC = Path(__file__).resolve().parents[2] / "papersite" / "sphinxext" / "static"


def descendants(box, nested: bool = False):
    """(box, inside an inline block) for every box but the page margins' (running heads, page numbers)."""
    if "MarginBox" in type(box).__name__:
        return
    yield box, nested
    for child in getattr(box, "children", None) or []:
        yield from descendants(child, nested or type(box).__name__ == "InlineBlockBox")


def text_of(box) -> str:
    return "".join(child.text for child, _ in descendants(box) if type(child).__name__ == "TextBox"
                   and "::" not in (child.element_tag or ""))


@dataclass
class Page:
    number: int
    fill: float = 0.0
    chapter: str = ""  # id of the chapter opened on or before this page
    rows: set = field(default_factory=set)  # heights of the lines of text on this page
    elements: set = field(default_factory=set)  # the markup elements with a box on this page
    caption_styles: set = field(default_factory=set)  # (font style, size) of the captions' text on this page
    words: list = field(default_factory=list)  # the texts of its lines, in order


def page_layout(number: int, page, chapter: str) -> Page:
    box = page._page_box
    top = bottom = box.content_box_y()
    laid = Page(number, chapter=chapter)
    for child, nested in descendants(box):
        element = getattr(child, "element", None)
        if element is not None:
            laid.elements.add(element)
            if element.tag == "span" and (element.get("id") or "").startswith("document-"):
                laid.chapter = element.get("id")
        if element is not None and element.tag in ("caption", "figcaption") and child.element_tag == element.tag:
            laid.caption_styles |= {(text.style["font_style"], text.style["font_size"])
                                    for text, _ in descendants(child) if type(text).__name__ == "TextBox"}
        if type(child).__name__ == "LineBox":
            bottom = max(bottom, child.position_y + child.height)
            if not nested and text_of(child).strip():
                laid.rows.add(round(child.position_y + child.baseline))
                laid.words.append(text_of(child))
        elif getattr(child, "style", None) is not None and child.style["border_bottom_width"]:
            bottom = max(bottom, child.border_box_y() + child.border_height())  # a table's or a box's frame
    laid.fill = (bottom - top) / box.height
    return laid


def rendered(html: Path):
    """The page's markup (its root element) and WeasyPrint's document of it."""
    from weasyprint import HTML

    source = HTML(filename=str(html))
    return source.etree_element, source.render(**RENDER_OPTIONS)


def page_layouts(document) -> list[Page]:
    pages, chapter = [], ""
    for number, page in enumerate(document.pages, 1):
        pages.append(page_layout(number, page, chapter))
        chapter = pages[-1].chapter
    return pages


def laid_out_pages(html: Path):
    """The page's markup (its root element) and its pages."""
    root, document = rendered(html)
    return root, page_layouts(document)


def printed_pages(project) -> list[tuple[str, Path, Path]]:
    """(name, the page as printed, the PDF) of every paper in every language."""
    return [(f"{code}/{paper.slug}", staging(project, code) / "pdf" / paper.slug / "laid-out.html",
             project.site / code / paper.pdf_file(code))
            for code in project.language_codes for paper in project.papers]


@dataclass
class Printed:
    """What the tests measure of one paper's printed page, from one rendering of it."""
    root: object
    pages: list[Page]
    loose_rows: list[str]  # table rows with empty space under their text
    wrapped_headers: list[str]  # header cells on more than one line in a table that has room
    crossing: list[str]  # lines drawn across the border of their box


@pytest.fixture(scope="module")
def printed(site_build) -> dict[str, Printed]:
    """Every paper in every language, rendered once for all the measures below."""
    measured = {}
    for name, html, _pdf in printed_pages(site_build[0]):
        root, document = rendered(html)
        loose, wrapped = table_faults(document)
        measured[name] = Printed(root, page_layouts(document), loose, wrapped, overflowing_lines(document))
    return measured


@pytest.fixture(scope="module")
def layouts(printed) -> dict[str, tuple]:
    return {name: (measured.root, measured.pages) for name, measured in printed.items()}


def chapters(pages: list[Page]) -> dict[str, list[Page]]:
    """A chapter's pages; the contents are the pages before the first chapter, the cover is apart."""
    found: dict[str, list[Page]] = {}
    for page in pages[1:]:
        found.setdefault(page.chapter, []).append(page)
    return found


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


def test_no_chapter_ends_on_a_page_with_fewer_than_five_lines(layouts):
    short = {}
    for name, (_, pages) in layouts.items():
        for chapter, own in chapters(pages).items():
            if len(own) > 1:  # a chapter on one page is short, not cut short: no line could move there
                short[f"{name} {chapter or 'contents'} p{own[-1].number}"] = len(own[-1].rows)
    assert short and {where: lines for where, lines in short.items() if lines < MIN_LAST_LINES} == {}


def test_no_page_but_a_chapters_last_is_less_than_sixty_percent_full(layouts):
    fills = {}
    for name, (_, pages) in layouts.items():
        for own in chapters(pages).values():
            fills |= {f"{name} p{page.number}": round(page.fill, 2) for page in own[:-1]}
    assert fills and {page: fill for page, fill in fills.items() if fill < MIN_FILL} == {}


FLOAT_NUMBER = re.compile(r"\d+")


def numbered_floats(root) -> list[tuple[str, int, object]]:
    """(kind, number, element) of each figure and table with a caption, in the order they are printed."""
    found = []
    for element in root.iter():
        if element.tag in ("figure", "table"):
            caption = element.find("figcaption" if element.tag == "figure" else "caption")
            number = caption.find(".//span[@class='caption-number']") if caption is not None else None
            if number is not None:
                found.append((element.tag, int(FLOAT_NUMBER.search("".join(number.itertext()))[0]), element))
    return found


def test_floats_keep_their_number_order_and_captions(layouts):
    numbered = 0
    for name, (root, _pages) in layouts.items():
        floats = numbered_floats(root)
        for kind in ("figure", "table"):
            numbers = [number for found, number, _ in floats if found == kind]
            assert numbers == list(range(1, len(numbers) + 1)), (name, kind, numbers)
        numbered += len(floats)
    assert numbered  # a paper may have none, the library has some: the test saw them


def table_boxes(document):
    """Each table's box and its rows' boxes."""
    tables = []
    for page in document.pages:
        for box, _ in descendants(page._page_box):
            if type(box).__name__ == "TableBox":
                rows = [row for group in box.children for row in group.children]
                tables.append((box, rows))
    return tables


def table_faults(document) -> tuple[list[str], list[str]]:
    """Rows with empty space under their text; header cells that wrap in a table that has room."""
    loose, wrapped = [], []
    for table, rows in table_boxes(document):
        for row in rows:
            # The tallest cell ends right under its last line: no empty line under a row.
            spare = min(cell.content_box_y() + cell.height - max(
                (line.position_y + line.height for line, _ in descendants(cell) if type(line).__name__ == "LineBox"),
                default=cell.content_box_y()) for cell in row.children)
            if spare > 1:  # CSS pixels
                loose.append(f"a row with {spare:.1f}px under its text")
        header = rows[0].children
        one_line = sum(cell.padding_left + cell.padding_right + cell.border_left_width + sum(
            line.width for line, nested in descendants(cell) if type(line).__name__ == "LineBox" and not nested)
            for cell in header)
        if one_line <= table.width:
            lines = {text_of(cell): len({round(line.position_y) for line, nested in descendants(cell)
                                          if type(line).__name__ == "LineBox" and not nested}) for cell in header}
            wrapped += [repr(text) for text, count in lines.items() if count > 1]
    return loose, wrapped


def test_table_rows_are_tight_and_header_cells_do_not_wrap_when_the_table_has_room(printed):
    loose = [f"{name}: {fault}" for name, measured in printed.items() for fault in measured.loose_rows]
    wrapped = [f"{name}: {fault}" for name, measured in printed.items() for fault in measured.wrapped_headers]
    assert loose == [] and wrapped == []


def overflowing_lines(document) -> list[str]:
    """Lines drawn across the border of the box that holds them (beyond its padding)."""
    found = []

    def walk(box, parent, number):
        if type(box).__name__ == "LineBox" and parent is not None and box.children:
            right = max(child.position_x + child.margin_width() for child in box.children)
            limit = parent.padding_box_x() + parent.padding_width()
            if right > limit + 0.5:
                found.append(f"p{number}: {text_of(box)[:40]!r} {right - limit:.1f}px over")
        for child in getattr(box, "children", None) or []:
            walk(child, box, number)

    for number, page in enumerate(document.pages, 1):
        walk(page._page_box, None, number)
    return found


def test_no_line_crosses_the_border_of_its_box(printed):
    """Table cells, diagram boxes, headings: text stays inside (a long word is hyphenated or breaks between phrases)."""
    assert {name: measured.crossing for name, measured in printed.items() if measured.crossing} == {}


def test_captions_have_one_style_in_every_language_never_a_slanted_cjk_font(layouts):
    """CJK fonts have no italic: WeasyPrint would slant their glyphs synthetically."""
    sizes, slanted = set(), []
    for name, (root, pages) in layouts.items():
        styles = set().union(*(page.caption_styles for page in pages))
        captions = [element for element in root.iter() if element.tag in ("caption", "figcaption")]
        assert bool(styles) == bool(captions), name  # a paper may have no figure or table
        sizes |= {size for _style, size in styles}
        if (root.get("lang") or "")[:2] in ("ja", "ko", "zh") and {style for style, _size in styles} - {"normal"}:
            slanted.append(name)
    assert slanted == [] and len(sizes) == 1


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_pdf_is_the_page_as_laid_out(site_build, layouts):
    """The PDF (whose changed chapters were rendered alone and spliced in) has
    the pages of the laid-out markup rendered whole, line for line."""
    for name, _html, pdf in printed_pages(site_build[0]):
        _, pages = layouts[name]
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        printed = [squeezed(page) for page in text.split("\f")[:-1]]
        assert len(printed) == len(pages), name
        for page, words in zip(pages, printed):
            assert all(squeezed(line) in words for line in (page.words[:1] + page.words[-1:])), (name, page.number)


# -- The layout pass on pages made for it ----------------------------------------------

CHAPTER = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>t</title>
<link rel="stylesheet" href="_static/papersite.css"><link rel="stylesheet" href="_static/papersite-print.css">
</head><body><main class="paper"><section><h1>Cover</h1></section>
<div class="toctree-wrapper compound"><span id="document-chapter"></span><section id="chapter"><h2>A chapter</h2>
{body}
</section></div></main></body></html>"""
PARAGRAPH = "<p>" + "A sentence of running text, long enough to fill a line or two of the page. " * 6 + "</p>"


def made_page(tmp_path: Path, body: str) -> Path:
    (tmp_path / "_static").mkdir()
    for name in ("papersite.css", "papersite-print.css"):
        (tmp_path / "_static" / name).write_text((STATIC / name).read_text(encoding="utf-8"), encoding="utf-8")
    html = tmp_path / "index.html"
    html.write_text(CHAPTER.format(body=body), encoding="utf-8")
    return html


def test_a_figure_that_leaves_a_gap_moves_after_the_following_paragraphs(tmp_path):
    figure = ('<figure id="tall"><div style="height: 140mm; border: 1px solid"></div>'
              '<figcaption><span class="caption-number">Figure 1</span> Tall.</figcaption></figure>')
    html = made_page(tmp_path, PARAGRAPH * 4 + figure + PARAGRAPH * 6)
    _, unfixed = laid_out_pages(html)
    assert chapters(unfixed)["document-chapter"][0].fill < MIN_FILL  # the figure did leave a gap
    copy = tmp_path / "laid-out.html"
    document = laid_out(html, copy, **RENDER_OPTIONS)
    root, pages = laid_out_pages(copy)
    own = chapters(pages)["document-chapter"]
    assert [round(page.fill, 2) for page in own[:-1] if page.fill < MIN_FILL] == []
    section = root.find(".//section[@id='chapter']")
    order = [child.tag for child in section]
    assert order.index("figure") > 5  # after the paragraph or paragraphs that followed it
    assert section.find("figure/figcaption") is not None
    assert len(document.pages) == len(pages)


def fixed_by_the_pass(tmp_path: Path, counts: range, body, broken, what: str):
    """The first page, by number of paragraphs, whose layout breaks a rule as
    ``broken`` says (found, not assumed: fonts decide where lines fall), laid out
    by the pass: its markup and pages."""
    for count in counts:
        folder = tmp_path / str(count)
        folder.mkdir()
        html = made_page(folder, body(folder, count))
        if broken(laid_out_pages(html)[1]):
            break
    else:
        pytest.fail(f"no paragraph count {what}")
    copy = html.with_name("laid-out.html")
    laid_out(html, copy, **RENDER_OPTIONS)
    return laid_out_pages(copy)


def test_lines_alone_at_a_chapters_end_get_company(tmp_path):
    # Enough text for a page and one line over.
    _, pages = fixed_by_the_pass(tmp_path, range(8, 30), lambda _, count: PARAGRAPH * count,
                                 lambda pages: len(pages) == 3 and len(pages[-1].rows) < MIN_LAST_LINES,
                                 "left a short last page")
    assert len(pages[-1].rows) >= MIN_LAST_LINES and pages[-2].fill >= MIN_FILL


def test_a_picture_ending_its_section_is_drawn_smaller_rather_than_leave_a_gap(tmp_path):
    """Nothing follows the picture in its section to move it after: it ends the page it did not fit on, smaller."""
    from PIL import Image

    def body(folder: Path, count: int) -> str:
        Image.new("RGB", (800, 600), "steelblue").save(folder / "chart.png")
        return PARAGRAPH * count + ('<figure id="chart"><img src="chart.png" alt="A chart" style="height: 110mm; width: auto">'
                                    '<figcaption><span class="caption-number">Figure 1</span> A chart.</figcaption></figure>')

    def gap_before_the_picture(pages) -> bool:
        own = chapters(pages)["document-chapter"]
        return len(own) == 2 and own[0].fill < MIN_FILL

    root, pages = fixed_by_the_pass(tmp_path, range(2, 12), body, gap_before_the_picture, "left a gap before the picture")
    assert len(chapters(pages)["document-chapter"]) == 1  # picture and caption end the first page
    style = root.find(".//img").get("style")
    drawn = float(re.search(r"height: ([\d.]+)px; width: auto$", style)[1])
    assert 0.6 * 110 / 25.4 * 96 <= drawn < 110 / 25.4 * 96  # smaller, but not below 60% of its height
