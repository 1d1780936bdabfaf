"""Spacing around links in Chinese and Japanese, judged on the words a reader sees.

Both terminology lists set the convention: a half-width space separates Chinese
or Japanese text from Latin words and numbers, and nothing separates Chinese or
Japanese characters from each other or from full-width punctuation. A link's
words follow it like any other words, so at each edge of a ``{link}`` the
link's first or last character and the neighbouring text decide:

- CJK next to CJK, or anything next to full-width punctuation: no space;
- CJK next to a Latin letter or a digit: one space.

Other neighbours (Latin and Latin, ASCII punctuation, quotation marks) are left
to the translator. The message is parsed as the build parses it, so a link's
rendered words are what is compared, never its key.
"""

from __future__ import annotations

import re

from docutils import nodes

from . import markup

SPACELESS_LANGUAGES = ("ja", "zh")
# Han ideographs, kana (with the long vowel mark) and CJK compatibility ideographs.
CJK = re.compile("[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Ideographic punctuation (、。「」…) and the full-width forms (（）！：，).
FULL_WIDTH_PUNCTUATION = re.compile("[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]")
LATIN_OR_DIGIT = re.compile("[0-9A-Za-z\u00c0-\u024f]")


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


def neighbours(paragraph: nodes.Element):
    """Each link with the paragraph's text before and after it, as a reader sees it
    (emphasis and other links included)."""
    children = list(paragraph.children)
    for index, child in enumerate(children):
        if isinstance(child, markup.keyed_link):
            before = "".join(node.astext() for node in children[:index])
            after = "".join(node.astext() for node in children[index + 1:])
            yield child.astext(), before, after


def link_spacing_problems(msgstr: str) -> list[str]:
    """Why the spacing around this translation's links breaks the convention."""
    tree = markup.parse(msgstr)
    if len(tree.children) != 1 or not isinstance(tree[0], nodes.paragraph):
        return []  # the structure checks reject it already
    reasons = []
    for words, before, after in neighbours(tree[0]):
        words = words.strip()
        if not words:
            continue
        trimmed_before, trimmed_after = before.rstrip(), after.lstrip()
        if trimmed_before:
            reasons.append(edge_problem(words, trimmed_before[-1], before[len(trimmed_before):], before=True))
        if trimmed_after:
            reasons.append(edge_problem(words, trimmed_after[0], after[: len(after) - len(trimmed_after)], before=False))
    return [reason for reason in reasons if reason]
