"""Where a CJK line may break, as the tests of the web pages and the PDFs judge it:
between BudouX's phrases, at spaces, after full-width punctuation."""

from __future__ import annotations

# The languages whose lines break between phrases, and BudouX's model for each.
MODELS = {"ja": "ja", "zh_CN": "zh-hans"}
FULL_WIDTH_BREAKS = set("：；、，。！？）」』】")


def phrase_breaks(text: str, language: str) -> tuple[set[int], list[tuple[int, int]]]:
    """The offsets a line may break at, and each phrase's (start, end)."""
    import budoux

    parser = budoux.load_default_japanese_parser() if MODELS[language] == "ja" else \
        budoux.load_default_simplified_chinese_parser()
    allowed, spans, position = set(), [], 0
    for phrase in parser.parse(text):
        spans.append((position, position + len(phrase)))
        position += len(phrase)
        allowed.add(position)
    for index, character in enumerate(text):
        if character == " ":
            allowed |= {index, index + 1}
        if character in FULL_WIDTH_BREAKS:
            allowed.add(index + 1)
    return allowed, spans
