"""Spacing around links in Chinese and Japanese, judged on the words a reader sees.

Both terminology lists set the convention: a half-width space separates Chinese
or Japanese text from Latin words and numbers, and nothing separates Chinese or
Japanese characters from each other or from full-width punctuation. A link's
words follow it like any other words, so at each edge of a ``{link}`` the
link's first or last character and the neighbouring text decide:

- CJK next to CJK, or anything next to full-width punctuation: no space;
- CJK next to a Latin letter or a digit: one space.

Other neighbours (Latin and Latin, ASCII punctuation, quotation marks) are left
to the translator. Anywhere in the message, not only at links, no space stands
before or after full-width punctuation (``**降低延迟**：与…``, never ``：`` then a
space): full-width punctuation carries its own spacing. The message is parsed as the build parses it, so a link's
rendered words are what is compared, never its key.
"""

from __future__ import annotations

import re2
from docutils import nodes

from . import markup

SPACELESS_LANGUAGES = ("ja", "zh")
# Han ideographs, kana (with the long vowel mark) and CJK compatibility ideographs.
CJK = re2.compile("[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Ideographic punctuation (、。「」…) and the full-width forms (（）！：，).
FULL_WIDTH_PUNCTUATION = re2.compile("[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]")
LATIN_OR_DIGIT = re2.compile("[0-9A-Za-z\u00c0-\u024f]")
# A space after or before full-width punctuation (the ideographic space U+3000 is a space itself).
SPACE_AFTER_FULL_WIDTH = re2.compile("([\u3001-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65])[ \t\n]+\\S")
SPACE_BEFORE_FULL_WIDTH = re2.compile("\\S[ \t\n]+([\u3001-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65])")


def applies_to(language: str) -> bool:
    return language.split("_")[0] in SPACELESS_LANGUAGES


def kind(character: str) -> str:
    if CJK.match(character):
        return "cjk"
    if FULL_WIDTH_PUNCTUATION.match(character):
        return "full-width punctuation"
    if LATIN_OR_DIGIT.match(character):
        return "latin"
    return "other"


def edge_problem(link_words: str, neighbour: str, gap: str, before: bool) -> str | None:
    """What is wrong between one edge of a link and the text beside it, if anything."""
    link_edge = link_words[0] if before else link_words[-1]
    kinds = {kind(link_edge), kind(neighbour)}
    pair = f"“{neighbour}” and the link “{link_words}”" if before else f"the link “{link_words}” and “{neighbour}”"
    if "full-width punctuation" in kinds or kinds == {"cjk"}:
        if gap:
            return f"remove the space between {pair} (none between Chinese or Japanese characters)"
    elif kinds == {"cjk", "latin"} and not gap:
        return f"put a half-width space between {pair} (Latin words stand apart from Chinese or Japanese text)"
    return None


def links_in_text(paragraph: nodes.Element) -> tuple[str, list[tuple[int, int]]]:
    """The paragraph's text as a reader sees it (emphasis and other links included)
    and where each link's words are in it: built once, so the check is linear."""
    pieces, spans, position = [], [], 0
    for child in paragraph.children:
        text = child.astext()
        if isinstance(child, markup.keyed_link):
            spans.append((position, position + len(text)))
        pieces.append(text)
        position += len(text)
    return "".join(pieces), spans


def gap_before(text: str, start: int, floor: int) -> tuple[str, str]:
    """The character before ``start`` that is not a space (or ""), and the spaces between."""
    index = start
    while index > floor and text[index - 1].isspace():
        index -= 1
    return (text[index - 1] if index > 0 else ""), text[index:start]


def gap_after(text: str, end: int, ceiling: int) -> tuple[str, str]:
    index = end
    while index < ceiling and text[index].isspace():
        index += 1
    return (text[index] if index < len(text) else ""), text[end:index]


def punctuation_spacing_problems(text: str, msgstr: str, spans: list[tuple[int, int]]) -> list[str]:
    """Spaces beside full-width punctuation, in the text as readers see it (a link's
    edge is judged, and named, by the link rule instead)."""
    starts, ends = {start for start, _ in spans}, {end for _, end in spans}
    reasons = []
    def at_a_link(found) -> bool:  # the spaces begin where a link ends or end where one begins
        return found.start() + 1 in ends or found.end() - 1 in starts

    for found in SPACE_AFTER_FULL_WIDTH.finditer(text):
        if at_a_link(found):
            continue
        mark = found.group(1)
        # CommonMark does not close ** after punctuation when a letter follows, so
        # "**…：**后文" stays literal: the colon goes outside the bold instead.
        hint = f"; write a bold lead-in as **…**{mark}…, the mark outside the bold" if f"{mark}**" in msgstr else ""
        reasons.append(f"remove the space after “{mark}” (full-width punctuation takes no space{hint})")
    for found in SPACE_BEFORE_FULL_WIDTH.finditer(text):
        if at_a_link(found):
            continue
        reasons.append(f"remove the space before “{found.group(1)}” (full-width punctuation takes no space)")
    return reasons


def link_spacing_problems(msgstr: str) -> list[str]:
    """Why the spacing around this translation's links and full-width punctuation breaks the convention."""
    tree = markup.parse(msgstr)
    if len(tree.children) != 1 or not isinstance(tree[0], nodes.paragraph):
        return []  # the structure checks reject it already
    text, spans = links_in_text(tree[0])
    reasons = punctuation_spacing_problems(text, msgstr, spans)
    for number, (start, end) in enumerate(spans):
        words = text[start:end].strip()
        if not words:
            continue
        # Spaces are scanned only up to the neighbouring links: each once, whatever the message.
        floor = spans[number - 1][1] if number else 0
        ceiling = spans[number + 1][0] if number + 1 < len(spans) else len(text)
        before, gap = gap_before(text, start, floor)
        if before:
            reasons.append(edge_problem(words, before, gap, before=True))
        after, gap = gap_after(text, end, ceiling)
        if after:
            reasons.append(edge_problem(words, after, gap, before=False))
    return list(dict.fromkeys(reason for reason in reasons if reason))
