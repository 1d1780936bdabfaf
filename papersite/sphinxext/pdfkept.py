"""A paper's PDF rendered again from the pages of its last rendering: only the
chapters whose markup changed are laid out again.

Chapters open their own pages (see ``pdflayout``), so a chapter laid out alone,
numbered from where it starts, has the pages it has in the whole paper. When the
new printable page differs from the last one in some chapters only, each is laid
out alone, the page-fill rules kept on it as the whole rendering keeps them (its
first fix, then once more alone), and its pages replace the old ones. Anything
else is None, and the caller renders the page whole: a change outside the
chapters (title, contents, cover), another set of chapters, a chapter that then
takes another number of pages or moves a heading the contents list to another
page (the contents' page numbers would be wrong), or still breaks a rule. Used
by the process that keeps a PDF's pages (``pdfwarm``).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from copy import deepcopy
from dataclasses import dataclass

from .pdflayout import Layout, chapter_alone, fix, is_chapter_anchor, parsed, same_contents_pages, serialized


def chapters_of(root) -> dict[str, tuple[object, list]]:
    """Each chapter's anchor id -> (its parent, its elements: the anchor and the siblings up to the next)."""
    found: dict[str, tuple[object, list]] = {}
    for parent in root.iter():
        current = None
        for child in parent:
            if is_chapter_anchor(child):
                current = child.get("id")
                found[current] = (parent, [])
            if current is not None:
                found[current][1].append(child)
    return found


def markup_of(elements: list) -> str:
    return "".join(ET.tostring(element, encoding="unicode", method="html") for element in elements)


def skeleton(root, chapters: dict[str, tuple[object, list]]) -> str:
    """The page's markup without its chapters: the cover, the contents, the head."""
    removed = []
    for parent, elements in chapters.values():
        removed.append((parent, list(parent).index(elements[0]), elements))
        for element in elements:
            parent.remove(element)
    try:
        return serialized(root)
    finally:
        for parent, index, elements in reversed(removed):
            for offset, element in enumerate(elements):
                parent.insert(index + offset, element)


def replace_chapter(chapters: dict[str, tuple[object, list]], chapter: str, elements: list) -> None:
    parent, old = chapters[chapter]
    index = list(parent).index(old[0])
    for element in old:
        parent.remove(element)
    for offset, element in enumerate(elements):
        parent.insert(index + offset, element)
    chapters[chapter] = (parent, elements)


@dataclass
class Kept:
    """The last PDF this process rendered, as pages, and the markup it came from."""
    assets: str  # digest of everything the page loads and of the renderer
    printed: dict[str, str]  # chapter -> its markup in the printable page, before any page-fill fix
    skeleton: str  # the printable page without its chapters
    laid_root: object  # the markup as printed, fixes included
    document: object  # WeasyPrint's document of that markup
    pages: dict[str, list[int]]  # chapter -> its page numbers
    contents: dict[str, int]  # what the contents link to -> the page number they print
    render: object  # the renderer whose fonts those pages use: chapters rendered again use them too


def kept_from(printable_markup: str, assets: str, document, laid_root, render) -> Kept:
    root = parsed(printable_markup)
    chapters = chapters_of(root)
    layout = Layout(document, laid_root)
    pages = {chapter: [page.number for page in laid] for chapter, laid in layout.chapters().items()}
    return Kept(assets, {chapter: markup_of(elements) for chapter, (_, elements) in chapters.items()},
                skeleton(root, chapters), laid_root, document, pages, layout.contents_pages(), render)


def changed_chapters(kept: Kept, root) -> set[str] | None:
    """The chapters whose markup changed, or None when more than chapters changed."""
    chapters = chapters_of(root)
    if chapters.keys() != kept.printed.keys() or skeleton(root, chapters) != kept.skeleton:
        return None
    return {chapter for chapter, (_, elements) in chapters.items() if markup_of(elements) != kept.printed[chapter]}


def chapter_rendered(laid_root, chapter: str, first_page: int, render):
    """One chapter alone, with the page-fill fixes it needs: (its pages' layout, its fixed elements), or None."""
    layout = Layout(*render(chapter_alone(laid_root, chapter, first_page)))
    if layout.problems():  # the whole build's first fix, made on the chapter alone
        if not fix(layout):
            return None
        layout = Layout(*render(serialized(layout.root)))
        if layout.problems():
            return None
    return layout, chapters_of(layout.root)[chapter][1]


def spliced_again(kept: Kept, root, render):
    """The new page from the kept pages and its changed chapters rendered alone:
    (document, markup as printed), or None when it must be rendered whole."""
    changed = changed_chapters(kept, root)
    if not changed:
        return None  # the same page again, so what changed is something it loads: render whole
    laid_root = deepcopy(kept.laid_root)
    laid_chapters = chapters_of(laid_root)
    new_chapters = chapters_of(root)
    for chapter in changed:
        replace_chapter(laid_chapters, chapter, [deepcopy(element) for element in new_chapters[chapter][1]])
    pages = list(kept.document.pages)
    for chapter in sorted(changed):
        numbers = kept.pages.get(chapter)
        if not numbers:
            return None
        rendered = chapter_rendered(laid_root, chapter, numbers[0], render)
        if rendered is None:
            return None
        layout, fixed = rendered
        new = layout.chapters().get(chapter, [])
        if len(new) != len(numbers) or not same_contents_pages(kept.contents, layout, numbers[0] - new[0].number):
            return None  # the contents' page numbers would move
        replace_chapter(laid_chapters, chapter, [deepcopy(element) for element in fixed])
        pages[numbers[0] - 1:numbers[-1]] = [layout.document.pages[page.number - 1] for page in new]
    return kept.document.copy(pages), laid_root
