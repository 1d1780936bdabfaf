"""Bounds on a translation, relative to its English message, checked in one pass
before any parser sees it.

A parser's time and depth depend on what it is given: deeply nested markup
makes docutils recurse past Python's limit, a huge message makes every later
step (MyST, the search index, the PDF) slower, and one very long word makes
WeasyPrint's hyphenation superlinear. An honest translation is never far from
its English message in these measures, so each bound is the English message's
own measure with generous room.
"""

from __future__ import annotations

# German is about 1.3 times as long as English, and a short label ("Go") may
# become a phrase: four times the English length, plus room for short messages.
LENGTH_FACTOR, LENGTH_ROOM = 4, 200
# Characters that can open a nested element (emphasis, strong, literal, link,
# role, raw HTML, block quote): their count bounds the depth of the tree the
# parser builds. A translation keeps the English markup, so a little room is plenty.
MARKUP = frozenset("*_`[{<>")
MARKUP_ROOM = 16
# Words are hyphenated in the PDF; a compound may be long (German), but never
# longer than twice the English message's longest word or 64 letters.
WORD_FACTOR, WORD_FLOOR = 2, 64
# The English side is bounded too: a catalog may hold a message the sources do
# not (a translator can write its msgid), and the sources' longest message has
# 1163 characters, 30 markup characters and an 18-letter word. Docutils recurses
# past Python's limit at about 500 nested emphases.
SOURCE_LENGTH_CAP, SOURCE_MARKUP_CAP, SOURCE_WORD_CAP = 5000, 100, 64
# Ideographs, kana and Hangul are not hyphenated (and are written without
# spaces): they do not count as one long word.
UNSPACED_START = 0x2E80


def markup_count(text: str) -> int:
    return sum(1 for char in text if char in MARKUP)


def longest_word(text: str) -> int:
    """The longest run of letters of a hyphenated script, in one pass."""
    longest = current = 0
    for char in text:
        if char.isalpha() and ord(char) < UNSPACED_START:
            current += 1
            longest = max(longest, current)
        else:
            current = 0
    return longest


def limit_problems(sources: tuple[str, ...], translation: str) -> list[str]:
    """Why ``translation`` is too large for the English message; empty when it is within bounds."""
    if any(len(source) > SOURCE_LENGTH_CAP or markup_count(source) > SOURCE_MARKUP_CAP for source in sources):
        return [f"its msgid is longer or more nested than any message of the sources "
                f"({SOURCE_LENGTH_CAP} characters, {SOURCE_MARKUP_CAP} markup characters): it is none of theirs; "
                "run make update-po"]
    length = min(SOURCE_LENGTH_CAP, max(len(source) for source in sources))
    if len(translation) > LENGTH_FACTOR * length + LENGTH_ROOM:
        return [f"is {len(translation)} characters long, more than {LENGTH_FACTOR}× the English "
                f"message ({length}) + {LENGTH_ROOM}; shorten it"]
    markup = min(SOURCE_MARKUP_CAP, max(markup_count(source) for source in sources))
    if markup_count(translation) > markup + MARKUP_ROOM:
        return [f"has {markup_count(translation)} markup characters ({''.join(sorted(MARKUP))}), the English "
                f"message {markup}: nested too deep to check; keep the English markup"]
    word = max(WORD_FLOOR, WORD_FACTOR * min(SOURCE_WORD_CAP, max(longest_word(source) for source in sources)))
    if longest_word(translation) > word:
        return [f"has a word of {longest_word(translation)} letters (at most {word} here); "
                "break it with a space or hyphen"]
    return []
