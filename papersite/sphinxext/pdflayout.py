"""The PDF's pages filled as a typesetter fills them.

CSS alone keeps a caption with its table and a heading with its first lines,
but it cannot see the page: keeping a figure whole moves it to the next page and
leaves the rest of its page empty, and a chapter (each opens a page) may end
with one or two lines alone. This pass reads WeasyPrint's page boxes, moves
what print layout moves, and renders again:

* **a float after the following paragraph.** When a page is less than
  ``MIN_FILL`` full because the figure or table that opens the next page did not
  fit, that float moves after the paragraphs that follow it (as few as fill the
  page), within its section, before any other float: numbers stay in order and
  the caption stays with its float.
* **a table fits the page.** Header cells keep to one line (so a column is
  as wide as its heading), unless the table would then be wider than the page.
* **a picture smaller rather than a gap.** When no paragraph follows that
  float within its section (it ends the section), a picture alone in its figure
  is drawn smaller, down to ``MIN_PICTURE_SCALE`` of its height, so that it ends
  the page it did not fit on.
* **a chapter's last page holds ``MIN_LAST_LINES`` lines of text** when the
  chapter has more than one page (a chapter shorter than that is short, not cut
  short). A line is a row of text as a reader sees it: the boxes of a diagram
  side by side are one.
  Lines are pushed over from the page before, by a break inside its last
  paragraph (``widows``) or before a block, while that page stays ``MIN_FILL``
  full; a heading or a term goes with the text it heads.

Chapters open on their own page, so each is laid out independently: every fix
found on the first rendering is applied at once, and only the chapters it
changed are rendered again, alone (the cover and that chapter, numbered as in
the paper), then spliced into the first rendering's pages. Should a chapter then
take another number of pages (the contents' page numbers would move) or still
break a rule, the whole page is rendered again, at most ``MAX_RENDERINGS``
times in all. The fixes are made to the page's own markup (WeasyPrint's parsed
tree), written beside the PDF (``laid-out.html``) so the tests measure the
layout that was printed.
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

LOG = logging.getLogger(__name__)

MIN_FILL = 0.6  # of a page's text area, on every page but a chapter's last
MIN_LAST_LINES = 5  # lines of text on a chapter's last page
MAX_RENDERINGS = 3
MIN_PICTURE_SCALE = 0.6  # a picture ending a section may be drawn this much smaller to end its page
SHRINK_MARGIN = 4.0  # px: what rounding may add when the smaller picture is laid out again
CHAPTER_PREFIX = "document-"  # the single-page builder's anchor of each inlined page
CONTENTS = "pdf-toc"  # the class of the contents, which print each entry's page number
RUNNING_TEXT = {"p", "li", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre"}
TEXT_BLOCKS = {"p", "ul", "ol", "dl", "blockquote", "pre"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
KEPT_WITH_NEXT = HEADINGS | {"dt"}  # a heading, a term: never the last line of a page
DEFAULT_WIDOWS = 2  # CSS's initial value, which the print stylesheet keeps


def is_float(element) -> bool:
    """A figure, or a table in the block that keeps its caption with it."""
    return element.tag == "figure" or (element.tag == "div" and "table-block" in element.get("class", "").split())


def is_chapter_anchor(element) -> bool:
    return element.tag == "span" and element.get("id", "").startswith(CHAPTER_PREFIX)


def contents_targets(root) -> set[str]:
    """The ids the contents link to, and print the page number of."""
    return {link.get("href", "")[1:] for toc in root.iter() if CONTENTS in toc.get("class", "").split()
            for link in toc.iter("a") if link.get("href", "").startswith("#")}


def same_contents_pages(old: dict[str, int], alone: "Layout", shift: int) -> bool:
    """Whether a chapter laid out alone (its pages numbered ``shift`` less than in
    the paper) keeps every page number the contents print for it."""
    return all(old.get(target) == number + shift for target, number in alone.contents_pages(old.keys()).items())


@dataclass
class Line:
    block: object  # the element whose line it is
    top: float
    bottom: float


@dataclass
class Page:
    number: int
    top: float  # of the text area
    height: float
    bottom: float = 0.0  # of the lowest content
    chapter: str = ""  # the chapter this page belongs to ("" for the cover and the contents)
    lines: list[Line] = field(default_factory=list)  # of running text, top to bottom
    rows: set = field(default_factory=set)  # where lines of any text are (rounded to a point)
    wide_tables: list = field(default_factory=list)  # tables wider than the text area
    starts: list = field(default_factory=list)  # elements whose first box is on this page

    @property
    def fill(self) -> float:
        return max(0.0, self.bottom - self.top) / self.height


def _boxes(box, inside_inline_block: bool = False) -> Iterator[tuple[object, bool]]:
    """Every box under ``box`` but the page margins', with whether it is inside an inline block."""
    if type(box).__name__ == "MarginBox":
        return
    yield box, inside_inline_block
    nested = inside_inline_block or type(box).__name__ == "InlineBlockBox"
    for child in getattr(box, "children", None) or ():
        yield from _boxes(child, nested)


def _has_text(line) -> bool:
    """A line with words on it (a list's bullet or number alone is not one)."""
    return any(type(box).__name__ == "TextBox" and box.text.strip() and "::" not in (box.element_tag or "")
               for box, _ in _boxes(line))


def _drawn_bottom(box) -> float | None:
    """Where a box's drawing ends: text lines, and boxes with borders or a background."""
    kind = type(box).__name__
    if kind == "LineBox":
        return box.position_y + box.height
    style = getattr(box, "style", None)
    if style is None or kind in ("TextBox", "InlineBox"):
        return None
    decorated = style["border_bottom_width"] or style["background_color"].alpha or kind.endswith("ReplacedBox")
    return box.border_box_y() + box.border_height() if decorated else None


class Layout:
    """The pages of one rendering, as the page-fill rules read them."""

    def __init__(self, document, root):
        self.document = document
        self.root = root
        self.parents = {child: parent for parent in root.iter() for child in parent}
        self._seen: set = set()  # elements met on an earlier page
        self.pages = [self._page(number, page) for number, page in enumerate(document.pages, 1)]
        self._assign_chapters()

    def ancestors(self, element) -> Iterator:
        while element in self.parents:
            element = self.parents[element]
            yield element

    def in_float(self, element) -> bool:
        return any(is_float(ancestor) for ancestor in self.ancestors(element)) or is_float(element)

    def _page(self, number: int, page) -> Page:
        box = page._page_box
        laid = Page(number, box.content_box_y(), box.height, bottom=box.content_box_y())
        for child, nested in _boxes(box):
            element = getattr(child, "element", None)
            if element is not None and element not in self._seen:
                self._seen.add(element)
                laid.starts.append(element)
            bottom = _drawn_bottom(child)
            if bottom is not None:
                laid.bottom = max(laid.bottom, bottom)
            if type(child).__name__ == "TableBox" and child.border_width() > box.width + 0.5:
                laid.wide_tables.append(element)
            if type(child).__name__ != "LineBox" or nested or element is None or not _has_text(child):
                continue
            laid.rows.add(round(child.position_y + child.baseline))
            if element.tag in RUNNING_TEXT and not self.in_float(element):
                laid.lines.append(Line(element, child.position_y, child.position_y + child.height))
        return laid

    def _assign_chapters(self) -> None:
        chapter = ""
        for page in self.pages:
            opened = [element.get("id") for element in page.starts if is_chapter_anchor(element)]
            chapter = opened[-1] if opened else chapter
            page.chapter = chapter

    def chapters(self) -> dict[str, list[Page]]:
        found: dict[str, list[Page]] = {}
        for page in self.pages[1:]:  # the cover is a page of its own design
            found.setdefault(page.chapter, []).append(page)
        return found

    def contents_pages(self, targets=None) -> dict[str, int]:
        """The page number the contents give each of their targets (CSS target-counter:
        the page where the element holding the id starts); ``targets``: those ids only."""
        targets = contents_targets(self.root) if targets is None else set(targets)
        return {element.get("id"): page.number for page in self.pages for element in page.starts
                if element.get("id") in targets}

    def problems(self) -> list[str]:
        """Each broken rule, said as a reader would."""
        said = []
        for chapter, pages in self.chapters().items():
            for page in pages[:-1]:
                if page.fill < MIN_FILL:
                    said.append(f"p{page.number} is {page.fill:.0%} full ({chapter or 'contents'})")
            if len(pages) > 1 and len(pages[-1].rows) < MIN_LAST_LINES:  # one page: short, not cut short
                said.append(f"p{pages[-1].number} ends {chapter or 'the contents'} with {len(pages[-1].rows)} lines")
            said += [f"p{page.number}: a table wider than the page" for page in pages if page.wide_tables]
        return said


# -- Fixes ---------------------------------------------------------------------------

def add_style(element, declarations: str) -> None:
    style = element.get("style", "").rstrip("; ")
    element.set("style", f"{style}; {declarations}" if style else declarations)


def block_height(layout: Layout, element) -> float:
    """The height of an element's boxes on every page it spans, margins included."""
    height = 0.0
    for page in layout.document.pages:
        for box, _ in _boxes(page._page_box):
            if getattr(box, "element", None) is element and box.element_tag == element.tag and hasattr(box, "margin_height"):
                height += box.margin_height()
                break
    return height


def float_opening(layout: Layout, page: Page):
    """The float that opens ``page``: before any of its running text (a heading kept with it may precede it)."""
    first_text = page.lines[0].block if page.lines else None
    for element in page.starts:
        if element is first_text and element.tag not in HEADINGS:
            return None
        if is_float(element):
            return element
    return None


def move_float(layout: Layout, page: Page, following: Page) -> bool:
    """Moves the float that opens ``following`` after as few paragraphs as fill ``page``."""
    figure = float_opening(layout, following)
    if figure is None or figure not in layout.parents:
        return False
    parent = layout.parents[figure]
    siblings = list(parent)
    position = siblings.index(figure)
    needed = MIN_FILL * page.height - (page.bottom - page.top)
    after, gained = None, 0.0
    for sibling in siblings[position + 1:]:
        if sibling.tag not in TEXT_BLOCKS:
            break  # a heading, another float: the float stays in its place in the text
        after, gained = sibling, gained + block_height(layout, sibling)
        if gained >= needed:
            break
    if after is None:
        return False
    parent.remove(figure)
    parent.insert(list(parent).index(after) + 1, figure)
    return True


def image_height(layout: Layout, image) -> float:
    """The height an image is drawn at (its content box), 0 if it is not drawn."""
    for page in layout.document.pages:
        for box, _ in _boxes(page._page_box):
            if getattr(box, "element", None) is image and type(box).__name__.endswith("ReplacedBox"):
                return box.height
    return 0.0


def shrink_float(layout: Layout, page: Page, following: Page) -> bool:
    """Draws the picture that opens ``following`` smaller, so that it ends ``page``
    instead: when no paragraph follows it to fill the gap (the end of a section),
    a picture scaled to no less than MIN_PICTURE_SCALE is what a typesetter prints.
    A picture printed smaller keeps its pixels: its resolution on paper only rises."""
    figure = float_opening(layout, following)
    images = list(figure.iter("img")) if figure is not None and figure.tag == "figure" else []
    if len(images) != 1:
        return False
    drawn = image_height(layout, images[0])
    room = page.height - (page.bottom - page.top) - (block_height(layout, figure) - drawn) - SHRINK_MARGIN
    if not drawn or room < MIN_PICTURE_SCALE * drawn:
        return False
    add_style(images[0], f"height: {room:.1f}px; width: auto")
    return True


def running_blocks(page: Page) -> list[tuple[object, int]]:
    """The blocks of running text on a page, in order, with their number of lines there."""
    counted: dict = {}
    for line in page.lines:
        counted[line.block] = counted.get(line.block, 0) + 1
    return list(counted.items())


def push_lines(layout: Layout, before: Page, last: Page) -> bool:
    """Moves lines from ``before`` to ``last`` so that it holds MIN_LAST_LINES,
    while ``before`` stays MIN_FILL full. False when that is impossible."""
    deficit = MIN_LAST_LINES - len(last.rows)
    blocks = running_blocks(before)
    carried = dict(running_blocks(last))
    moved = 0
    for index in range(len(blocks) - 1, -1, -1):
        block, count = blocks[index]
        wanted = deficit - moved
        later = [element for element, _ in blocks[index + 1:]]
        keep = wanted if block in carried else max(wanted, DEFAULT_WIDOWS)
        if block.tag == "p" and count - keep >= DEFAULT_WIDOWS:
            # The page breaks inside this paragraph: its last lines, and what follows, go over.
            if not stays_full(before, lines_of(before, block)[-keep].top):
                return False
            add_style(block, f"widows: {carried.get(block, 0) + keep}")
            for element in [block, *later][:-1] if block in carried else [block, *later]:
                add_style(element, "break-after: avoid")
            for element in later:
                add_style(element, "break-inside: avoid")
            return True
        moved += count
        if moved >= deficit:
            start = outermost_start(layout, block)
            previous = previous_sibling(layout, start)
            if previous is not None and previous.tag in KEPT_WITH_NEXT:  # a heading or term goes with its text
                start = previous
            if not stays_full(before, lines_of(before, block)[0].top):
                return False
            add_style(start, "break-before: page")
            return True
    return False


def lines_of(page: Page, block) -> list[Line]:
    return [line for line in page.lines if line.block is block]


def stays_full(page: Page, cut: float) -> bool:
    """Whether ``page`` stays MIN_FILL full when everything from ``cut`` down leaves it."""
    return (cut - page.top) / page.height >= MIN_FILL


def outermost_start(layout: Layout, element):
    """Where a break before ``element`` is made: a list item's first paragraph
    breaks before its item (a page break between siblings, where CSS makes them)."""
    while element in layout.parents and previous_sibling(layout, element) is None \
            and layout.parents[element].tag in ("li", "ul", "ol", "dd", "dl", "blockquote"):
        element = layout.parents[element]
    return element


def previous_sibling(layout: Layout, element):
    parent = layout.parents.get(element)
    if parent is None:
        return None
    siblings = list(parent)
    index = siblings.index(element)
    return siblings[index - 1] if index else None


def fix(layout: Layout) -> set[str]:
    """Applies one fix for each broken rule to the markup; the chapters changed."""
    fixed: set[str] = set()
    for chapter, pages in layout.chapters().items():
        if not chapter:
            continue  # the contents: lines of titles, laid out by their own rules
        for table in (table for page in pages for table in page.wide_tables):
            # Header cells keep to one line while the table has room (print stylesheet); this one has not.
            for cell in table.iter("th"):
                add_style(cell, "white-space: normal")
            fixed.add(chapter)
        for page, following in zip(pages, pages[1:]):
            if page.fill < MIN_FILL and (move_float(layout, page, following) or shrink_float(layout, page, following)):
                fixed.add(chapter)
        if len(pages) > 1 and len(pages[-1].rows) < MIN_LAST_LINES:
            if push_lines(layout, pages[-2], pages[-1]):
                fixed.add(chapter)
    return fixed


# -- Rendering ------------------------------------------------------------------------

def serialized(root) -> str:
    return "<!DOCTYPE html>\n" + ET.tostring(root, encoding="unicode", method="html")


def parsed(markup: str):
    import tinyhtml5  # WeasyPrint's own parser

    return tinyhtml5.parse(markup, namespace_html_elements=False)


def chapter_alone(root, chapter: str, first_page: int) -> str:
    """The page's markup with the cover and one chapter only, numbered from
    ``first_page``: a rendering of what a fix changed, and nothing else."""
    copy = parsed(serialized(root))
    for toc in [element for element in copy.iter() if CONTENTS in element.get("class", "").split()]:
        parent_of(copy, toc).remove(toc)
    for wrapper in [element for element in copy.iter() if any(is_chapter_anchor(child) for child in element)]:
        keep = False
        for child in list(wrapper):
            if is_chapter_anchor(child):
                keep = child.get("id") == chapter
            if not keep:
                wrapper.remove(child)
    head = copy.find("head")
    style = ET.SubElement(head, "style")
    # The cover is page 1; the chapter opens page 2 and takes its number in the whole paper.
    style.text = f"@page :nth(2) {{ counter-reset: page {first_page} }}"
    return serialized(copy)


def parent_of(root, element):
    return next(parent for parent in root.iter() if element in list(parent))


def spliced(layout: Layout, chapters: set[str], render):
    """The document with each changed chapter's pages rendered again alone, or
    None when a chapter then breaks a rule, takes another number of pages or
    moves a heading the contents list to another page (the contents' page
    numbers would be wrong): the whole page is rendered again."""
    pages = list(layout.document.pages)
    before, contents = layout.chapters(), layout.contents_pages()
    for chapter in sorted(chapters):
        old = before[chapter]
        source = render(chapter_alone(layout.root, chapter, old[0].number))
        alone = Layout(source[0], source[1])
        new = alone.chapters().get(chapter, [])
        if len(new) != len(old) or alone.problems() or not same_contents_pages(contents, alone, old[0].number - new[0].number):
            return None
        pages[old[0].number - 1:old[-1].number] = [source[0].pages[page.number - 1] for page in new]
    return layout.document.copy(pages)


def markup_renderer(*, base_url: str, url_fetcher=None, **options):
    """``render(markup) -> (document, root)``: WeasyPrint's rendering of a printable
    page's markup and the tree it parsed. Every rendering of one renderer shares
    its fonts, so pages of several renderings can make one document.
    ``base_url`` and ``url_fetcher`` say where the page's files are read from."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    reading = {"base_url": base_url, **({"url_fetcher": url_fetcher} if url_fetcher else {})}

    def render(markup: str):
        source = HTML(string=markup, **reading)
        return source.render(font_config=fonts, **options), source.etree_element

    return render


def filled(markup: str, render):
    """The document of ``markup`` with the page-fill rules kept where a fix can, and
    the markup as printed: one rendering when none is needed; else the changed
    chapters rendered alone and spliced in, or, when that changes the page count,
    the whole page again (at most MAX_RENDERINGS whole renderings)."""
    layout = Layout(*render(markup))
    document, whole, alone = layout.document, 1, 0
    while layout.problems() and whole < MAX_RENDERINGS:
        chapters = fix(layout)
        if not chapters:
            break
        document, alone = spliced(layout, chapters, render), alone + len(chapters)
        if document is not None:
            break
        layout, whole = Layout(*render(serialized(layout.root))), whole + 1
        document = layout.document
    LOG.info("%d whole rendering(s), %d chapter(s) rendered alone", whole, alone)
    return document, layout.root


def laid_out(html: Path, laid_out_copy: Path | None = None, *, base_url: str | None = None, url_fetcher=None,
             **options):
    """The document of the printable page ``html``, filled (see ``filled``); the
    final markup is written to ``laid_out_copy``."""
    render = markup_renderer(base_url=base_url or str(html), url_fetcher=url_fetcher, **options)
    document, root = filled(html.read_text(encoding="utf-8"), render)
    if laid_out_copy is not None:
        laid_out_copy.write_text(serialized(root), encoding="utf-8")
    return document
