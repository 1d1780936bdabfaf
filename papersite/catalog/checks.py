"""Checks on what translators write: the structure of a translation must be the source's.

Catalogs come from people we do not know, so a translation is parsed exactly as
the build will parse it (MyST, with ``conf.py``'s settings, see
``papersite.catalog.markup``) and its tree is compared with the source message's: one
paragraph of text, emphasis, strong, literals and ``{link}`` roles with the same
keys. Anything else (directives, other roles, raw HTML, URLs, images, footnotes,
targets, …) is rejected and named. A translation that fails is never published
(see ``papersite.catalog.compile``); ``check-po`` reports it with the file and line.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass

import re2
from docutils import nodes

from ..errors import printable
from . import markup
from .model import Message
from .placeholders import placeholder_problems

# C0/C1 controls (NUL included; tab and newline are ordinary in catalogs), the
# line separators only some parsers break lines at, and the bidirectional
# overrides that make text display other than it reads ("Trojan source").
# (RE2 everywhere translators' text is matched: its time is linear in the text.)
CONTROL_CHARACTERS = re2.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# Sphinx's Jinja templates do not escape translations: outside the source's own
# tags, these characters could open a tag or leave an attribute value.
HTML_SIGNIFICANT = re2.compile("[<>\"'`]")
INLINE_MARKUP = {nodes.emphasis: "emphasis", nodes.strong: "strong", nodes.literal: "literal"}


ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    msgid: str
    reason: str
    # An error fails check-po (and CI); a warning is shown and fails nothing.
    severity: str = ERROR

    def __str__(self) -> str:
        start = self.msgid[:48] + ("…" if len(self.msgid) > 48 else "")
        label = "warning: " if self.severity == WARNING else ""
        return printable(f"{self.path}:{self.line}: {start!r}: {label}{self.reason}")

    def as_dict(self) -> dict:
        return asdict(self)


def control_characters(text: str) -> list[str]:
    return sorted({f"U+{ord(char):04X}" for char in CONTROL_CHARACTERS.findall(text)})


def shape_problems(tree: nodes.document, allow_raw: bool) -> list[str]:
    """Why this parsed message is not one paragraph of allowed inline nodes."""
    if len(tree.children) != 1 or not isinstance(tree[0], nodes.paragraph):
        blocks = ", ".join(markup.describe(child) for child in tree.children) or "nothing"
        return [f"must be one paragraph of text, found {blocks}"]
    paragraph = tree[0]
    attributes = [name for name in ("ids", "classes", "names") if paragraph[name]]
    reasons = [f"gives the paragraph attributes ({', '.join(attributes)})"] if attributes else []
    allowed = (nodes.Text, markup.keyed_link, *INLINE_MARKUP, *((nodes.raw,) if allow_raw else ()))
    for node in paragraph.findall(include_self=False):
        if not isinstance(node, allowed):
            reasons.append(f"found {markup.describe(node)}")
        elif isinstance(node, nodes.Element) and any(node[name] for name in ("ids", "classes", "names")):
            reasons.append(f"found {markup.describe(node)} with attributes")
    return list(dict.fromkeys(reasons))


def inventory(tree: nodes.document) -> tuple[Counter, Counter, Counter]:
    """The link keys, the inline markup and the raw HTML a parsed message holds."""
    keys = Counter(node["key"] for node in tree.findall(markup.keyed_link))
    inline = Counter(name for kind, name in INLINE_MARKUP.items() for _ in tree.findall(kind))
    raw = Counter(node.astext().strip() for node in tree.findall(nodes.raw))
    return keys, inline, raw


def comparison_problems(source: nodes.document, translation: nodes.document) -> list[str]:
    (source_keys, source_inline, source_raw) = inventory(source)
    (keys, inline, raw) = inventory(translation)
    reasons = []
    if keys != source_keys:
        added, missing = sorted((keys - source_keys).elements()), sorted((source_keys - keys).elements())
        reasons.append(f"link targets differ from the source (added {added}, missing {missing})")
    for name in INLINE_MARKUP.values():
        if inline[name] != source_inline[name]:
            reasons.append(f"inline markup differs: {inline[name]} {name}, the source has {source_inline[name]}")
    if raw != source_raw:
        added, missing = sorted((raw - source_raw).elements()), sorted((source_raw - raw).elements())
        reasons.append(f"raw HTML differs from the source (added {added}, missing {missing})")
    return reasons


def outside_tags(text: str, source: str) -> str:
    """``text`` without the HTML tags ``source`` has (each as often as there)."""
    for tag in markup.html_tags(source):
        text = text.replace(tag, " ", 1)
    return text


def interface_problems(msgid: str, msgstr: str) -> list[str]:
    """What only matters where a string is pasted into HTML unescaped."""
    allowed = set(HTML_SIGNIFICANT.findall(outside_tags(msgid, msgid)))
    found = sorted(set(HTML_SIGNIFICANT.findall(outside_tags(msgstr, msgid))) - allowed)
    reasons = [f"adds HTML-significant characters {found} outside the source's tags"] if found else []
    return reasons + placeholder_problems(msgid, msgstr)


def as_parsed(text: str, interface: bool) -> str:
    # Templates ignore how an interface string is indented; MyST would read a
    # code block into it.
    return " ".join(text.split()) if interface else text


def message_problems(msgid: str, msgstr: str, interface: bool = False) -> list[str]:
    """Why this translation must not be published; empty when it is fine."""
    controls = control_characters(msgstr)
    if controls:
        return [f"contains control characters {controls}"]
    translation = markup.parse(as_parsed(msgstr, interface))
    reasons = shape_problems(translation, allow_raw=interface)
    if reasons:
        return reasons  # what it holds is refused already; comparing it would only add noise
    reasons = comparison_problems(markup.parse(as_parsed(msgid, interface)), translation)
    if interface:
        reasons += interface_problems(msgid, msgstr)
    return reasons


def translation_problems(message: Message, interface: bool) -> list[str]:
    """The problems of every translation a message holds, plural forms included."""
    reasons = []
    # A plural form may follow either English form: where a language has one
    # form for every count, it carries the plural's placeholder.
    sources = message.sources
    for msgstr in message.strings:
        if msgstr:
            found = min((message_problems(source, msgstr, interface) for source in sources), key=len)
            reasons += [reason for reason in found if reason not in reasons]
    return reasons
