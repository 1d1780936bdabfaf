"""Mark, in a built page, the elements whose text comes from changed messages.

A message's words are found as readers see them: the message is parsed as the
build parses it (``papersite.catalog.markup``, MyST with conf.py's settings) and
its text compared with each block element's text, spaces collapsed. The innermost
element that holds exactly those words gets ``data-preview`` and, right inside it,
an anchor the preview's index links to.
"""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser

from ..catalog import markup

BLOCKS = {"p", "li", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "th", "td", "caption", "figcaption"}
# Not words of the message: the "#" after a heading, a caption's "Figure N".
SKIPPED = re.compile(r"\b(headerlink|caption-number)\b")
CAPTION = re.compile(r"\bcaption-text\b")  # a caption's own words, after its "Figure N"
STYLE = """<style>
[data-preview] { outline: 3px solid #e8a317; outline-offset: 2px; background: #fff4d6; }
[data-preview=rejected] { outline-color: #b00020; background: #fde8ea; }
</style>
"""


def words(text: str) -> str:
    return " ".join(text.split())


def message_words(text: str) -> str:
    """The words a message shows once built (a link's words, emphasis without its stars…)."""
    return words(markup.parse(text).astext())


class Blocks(HTMLParser):
    """Each block element's start tag (where it ends in the text) and its words."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []  # (end of start tag, words), innermost first
        self.open: list[dict] = []
        self.offsets: list[int] = [0]

    def feed_text(self, text: str) -> None:
        for line in text.splitlines(keepends=True):
            self.offsets.append(self.offsets[-1] + len(line))
        self.feed(text)
        self.close()

    def position(self) -> int:
        line, column = self.getpos()
        return self.offsets[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        classes = " ".join(value or "" for name, value in attrs if name == "class")
        self.open.append({
            "tag": tag, "end": self.position() + len(self.get_starttag_text()), "text": "",
            "block": tag in BLOCKS or CAPTION.search(classes) is not None, "skipped": SKIPPED.search(classes) is not None,
        })

    def handle_endtag(self, tag):
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index]["tag"] == tag:
                for element in reversed(self.open[index:]):
                    if element["block"]:
                        self.found.append((element["end"], words(element["text"])))
                del self.open[index:]
                return

    def handle_data(self, data):
        if any(element["skipped"] for element in self.open):
            return  # a heading's "#" link: not words of the text
        for element in self.open:
            element["text"] += data


def mark(html: str, targets: dict[str, tuple[str, str]]) -> tuple[str, list[str]]:
    """``targets``: words -> (anchor id, "changed" or "rejected"). The page with the
    innermost element holding each target marked, and the ids it could place."""
    parser = Blocks()
    parser.feed_text(html)
    places: dict[str, int] = {}
    for end, text in parser.found:  # innermost first: an element ends before its parent
        if text in targets and text not in places:
            places[text] = end
    insertions = []
    for text, end in places.items():
        anchor, kind = targets[text]
        insertions.append((end, f'<span id="{escape(anchor)}"></span>'))
        # The attribute goes inside the start tag, just before its ">".
        tag_end = end - 1 if html[end - 2] != "/" else end - 2
        insertions.append((tag_end, f' data-preview="{kind}"'))
    for offset, text in sorted(insertions, reverse=True):
        html = html[:offset] + text + html[offset:]
    if places:
        html = html.replace("</head>", STYLE + "</head>", 1)
    return html, [targets[text][0] for text in places]
