"""Issue 18: the PDF's Japanese, Chinese and Korean lines, as a typesetter would
set them, read from WeasyPrint's page boxes of each paper as printed.

In Japanese and Chinese, headings, the cover's title and lines, captions, table
cells, diagram boxes, terms and the contents' entries break only between phrases
(BudouX's, computed here with BudouX itself, or after full-width punctuation)
unless a phrase is wider than the line, and no such line holds one character
alone. Korean lines break at spaces, never between two syllables of a word
that fits on a line.
"""

from __future__ import annotations

import pytest

from papersite.build import staging
from papersite.sphinxext.pdftags import RENDER_OPTIONS

from ..phrasebreaks import MODELS, phrase_breaks

SHORT_TEXT_TAGS = {"h1", "h2", "h3", "h4", "caption", "figcaption", "dt"}


def boxes(box, nested: bool = False):
    yield box, nested
    for child in getattr(box, "children", None) or []:
        yield from boxes(child, nested or type(box).__name__ == "InlineBlockBox")


def is_short_text(element, parents) -> bool:
    """Headings, captions, terms, the subtitle and cover lines, a table cell's or a
    diagram box's paragraph, a line of the contents."""
    classes = set((element.get("class") or "").split())
    if element.tag in SHORT_TEXT_TAGS or classes & {"subtitle", "cover-line"}:
        return True
    parent = parents.get(element)
    if element.tag == "p" and parent is not None and parent.tag in ("td", "th"):
        return True
    chain = []
    while parent is not None:
        chain.append(parent)
        parent = parents.get(parent)
    if element.tag == "p" and any("diagram" in (ancestor.get("class") or "").split() for ancestor in chain):
        return True
    return element.tag == "li" and any("pdf-toc" in (ancestor.get("class") or "").split() for ancestor in chain)


def printed_lines(html, every_block: bool = False):
    """For each short text block (or every block): its text, its lines' texts and its width, in CSS pixels."""
    from weasyprint import HTML

    source = HTML(filename=str(html))
    document = source.render(**RENDER_OPTIONS)
    root = source.etree_element
    parents = {child: parent for parent in root.iter() for child in parent}
    found = {}
    for page in document.pages:
        for box, nested in boxes(page._page_box):
            element = getattr(box, "element", None)
            if nested or type(box).__name__ != "LineBox" or element is None:
                continue
            if not (every_block or is_short_text(element, parents)):
                continue
            text = "".join(child.text for child, _ in boxes(box) if type(child).__name__ == "TextBox"
                           and "::" not in (child.element_tag or ""))
            widths = [child.width for child, _ in boxes(box) if type(child).__name__ == "TextBox"]
            entry = found.setdefault(element, {"lines": [], "width": 0.0, "size": box.style["font_size"],
                                               "text": " ".join("".join(element.itertext()).replace("¶", "").split())})
            entry["lines"].append(text)
            # The block's width: its line boxes all span it.
            entry["width"] = max(entry["width"], box.width, sum(widths))
    return [entry for entry in found.values() if "".join(entry["lines"]).strip()]


def printed_pages(project, codes):
    return [(code, paper.slug, staging(project, code) / "pdf" / paper.slug / "laid-out.html")
            for code in codes for paper in project.papers]


def estimated_width(text: str, size: float) -> float:
    """Full-width characters are one em wide; Latin letters and digits about half."""
    return sum(size if ord(character) > 0x2e80 else size * 0.55 for character in text)


def line_starts(text: str, lines: list[str]) -> list[int]:
    """Where each line begins in the element's text, matched character by
    character (a line loses the space it ends on)."""
    starts, position = [], 0
    for line in lines:
        while position < len(text) and text[position] == " ":
            position += 1
        starts.append(position)
        for _character in line.replace(" ", ""):
            while position < len(text) and text[position] == " ":
                position += 1
            position += 1
    return starts


def bad_breaks(entry: dict, language: str) -> list[str]:
    lines = [line for line in entry["lines"] if line.strip()]
    text = entry["text"]
    starts = line_starts(text, lines)
    allowed, spans = phrase_breaks(text, language)
    found = []
    for start in starts[1:]:
        if start in allowed or text[start - 1:start + 1].strip() != text[start - 1:start + 1]:
            continue
        phrase = next((span for span in spans if span[0] < start < span[1]), (start, start))
        if estimated_width(text[phrase[0]:phrase[1]], entry["size"]) < entry["width"] * 0.9:
            found.append(f"{text[:start][-8:]}/{text[start:][:8]}")
    found += [f"one character alone: {line.strip()!r} in {text[:30]!r}" for line in lines if len(line.strip()) == 1]
    return found


@pytest.mark.parametrize("language", MODELS)
def test_short_texts_break_between_phrases_in_the_pdf(site_build, language):
    project = site_build[0]
    problems, seen = [], 0
    for code, slug, html in printed_pages(project, [language]):
        for entry in printed_lines(html):
            seen += 1
            problems += [f"{code}/{slug}: {problem}" for problem in bad_breaks(entry, language)]
    assert seen > 100 and problems == []


def test_korean_lines_break_at_spaces_in_the_pdf(site_build):
    problems, lines = [], 0
    for code, slug, html in printed_pages(site_build[0], ["ko_KR"]):
        for entry in printed_lines(html, every_block=True):
            text = entry["text"]
            starts = line_starts(text, [line for line in entry["lines"] if line.strip()])
            lines += len(starts)
            problems += [f"{code}/{slug}: {text[max(0, start - 6):start]}/{text[start:start + 6]}"
                         for start in starts[1:] if 0 < start < len(text)
                         and "\uac00" <= text[start - 1] <= "\ud7a3" and "\uac00" <= text[start] <= "\ud7a3"]
    assert lines > 500 and problems == []
