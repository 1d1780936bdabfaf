"""Small readers for built HTML, on the standard library's parser."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path


class Elements(HTMLParser):
    """Every element's tag, attributes and text content."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[dict] = []
        self._open: list[dict] = []

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, "attrs": dict(attrs), "text": ""}
        self.elements.append(element)
        if tag not in {"meta", "link", "img", "br", "hr", "input", "source"}:
            self._open.append(element)

    def handle_endtag(self, tag):
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index]["tag"] == tag:
                del self._open[index:]
                break

    def handle_data(self, data):
        for element in self._open:
            element["text"] += data


def elements(path: Path) -> list[dict]:
    parser = Elements()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.elements


def having(path: Path, tag: str, **attrs) -> list[dict]:
    def matches(element):
        if element["tag"] != tag:
            return False
        for name, value in attrs.items():
            actual = element["attrs"].get(name.replace("_", "-"))
            if value is True and actual is None:
                return False
            if value is not True and (actual is None or value not in actual.split()):
                return False
        return True

    return [element for element in elements(path) if matches(element)]
