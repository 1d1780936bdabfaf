"""Checks on what translators write: nothing may redirect a link or inject HTML.

Each check compares a message's translation with its source text. A translation
that fails is never published (see ``papersite.compile``); ``check-po`` reports it
with the file and line so the translator can find it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

import polib

LINK_ROLE = re.compile(r"\{link\}`(?P<words>[^`]*?)\s*<(?P<key>[^<>`]*)>`")
ROLE = re.compile(r"\{[\w:.-]+\}`")
MARKDOWN_LINK = re.compile(r"\[[^\]]*\]\((?P<url>[^)\s]*)[^)]*\)")
AUTOLINK = re.compile(r"<(?P<url>[a-z][a-z0-9+.-]*:[^<>\s]*)>", re.IGNORECASE)
BARE_URL = re.compile(r"\b(?:https?|ftp)://[^\s<>`\"')]+", re.IGNORECASE)
HREF = re.compile(r"""\b(?:href|src)\s*=\s*["']?(?P<url>[^"'\s>]*)""", re.IGNORECASE)
HTML_TAG = re.compile(r"</?(?P<name>[a-zA-Z][\w-]*)\b[^<>]*>")
EVENT_HANDLER = re.compile(r"\bon[a-z]+\s*=", re.IGNORECASE)
DANGEROUS_SCHEME = re.compile(r"\b(?:javascript|vbscript|data)\s*:", re.IGNORECASE)
PLACEHOLDER = re.compile(r"%\([\w]+\)[sd]|\{[\w]+\}")
EMPHASIS = re.compile(r"(?<![\w*])\*{1,2}(?=\S)|(?<=\S)\*{1,2}(?![\w*])")


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    msgid: str
    reason: str

    def __str__(self) -> str:
        start = self.msgid[:48] + ("…" if len(self.msgid) > 48 else "")
        return f"{self.path}:{self.line}: {start!r}: {self.reason}"

    def as_dict(self) -> dict:
        return asdict(self)


def link_targets(text: str) -> set[str]:
    """Every place a message links to: link keys, Markdown links, autolinks, URLs, href."""
    targets = {f"key:{m['key']}" for m in LINK_ROLE.finditer(text)}
    without_roles = LINK_ROLE.sub(" ", text)
    for pattern in (MARKDOWN_LINK, AUTOLINK, HREF):
        targets |= {m["url"] for m in pattern.finditer(without_roles)}
    targets |= set(BARE_URL.findall(without_roles))
    return targets


def html_tags(text: str) -> Counter:
    return Counter(m.group(0) for m in HTML_TAG.finditer(LINK_ROLE.sub(" ", text)))


def markup_counts(text: str) -> dict[str, int]:
    plain = LINK_ROLE.sub(" ", text)
    return {
        "links": len(LINK_ROLE.findall(text)) + len(MARKDOWN_LINK.findall(plain)),
        "roles": len(ROLE.findall(text)),
        "backticks": text.count("`"),
        "opening brackets": plain.count("["),
        "closing brackets": plain.count("]"),
        "asterisks": len(EMPHASIS.findall(plain)),
    }


def message_problems(msgid: str, msgstr: str) -> list[str]:
    """Why this translation must not be published; empty when it is fine."""
    reasons = []
    if link_targets(msgstr) != link_targets(msgid):
        added = sorted(link_targets(msgstr) - link_targets(msgid))
        missing = sorted(link_targets(msgid) - link_targets(msgstr))
        reasons.append(f"link targets differ from the source (added {added}, missing {missing})")
    extra_tags = html_tags(msgstr) - html_tags(msgid)
    if extra_tags:
        reasons.append(f"adds raw HTML {sorted(extra_tags)}")
    if EVENT_HANDLER.search(msgstr) and not EVENT_HANDLER.search(msgid):
        reasons.append("adds an event-handler attribute")
    if DANGEROUS_SCHEME.search(msgstr) and not DANGEROUS_SCHEME.search(msgid):
        reasons.append("adds a javascript:, vbscript: or data: URL")
    source_markup, translated_markup = markup_counts(msgid), markup_counts(msgstr)
    for name, count in source_markup.items():
        if translated_markup[name] != count:
            reasons.append(f"inline markup differs: {translated_markup[name]} {name}, the source has {count}")
    if translated_markup["backticks"] % 2:
        reasons.append("unbalanced backticks")
    if Counter(PLACEHOLDER.findall(msgstr)) != Counter(PLACEHOLDER.findall(msgid)):
        reasons.append("placeholders differ from the source")
    return reasons


def msgfmt_problems(path: Path) -> list[Problem]:
    """What GNU msgfmt --check rejects: syntax, encoding, header, plural forms."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        raise RuntimeError("GNU msgfmt is missing: install the Debian package gettext")
    result = subprocess.run(
        [msgfmt, "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    if result.returncode == 0:
        return []  # warnings alone (say, an untouched PO-Revision-Date) do not reject it
    problems = []
    for line in result.stderr.splitlines():
        match = re.match(r"^(?P<path>.+?):(?P<line>\d+):\s*(?P<reason>.*)$", line)
        if match and not match["reason"].startswith("warning:"):
            problems.append(Problem(str(path), int(match["line"]), "", match["reason"]))
    if not problems:
        problems.append(Problem(str(path), 1, "", result.stderr.strip() or "msgfmt failed"))
    return problems


def entry_problems(path: Path, catalog: polib.POFile) -> list[Problem]:
    problems = []
    for entry in catalog:
        if entry.obsolete or entry.fuzzy or not entry.msgstr:
            continue
        for reason in message_problems(entry.msgid, entry.msgstr):
            problems.append(Problem(str(path), entry.linenum, entry.msgid, reason))
    return problems


def catalog_problems(path: Path) -> list[Problem]:
    problems = msgfmt_problems(path)
    if problems:
        return problems  # the messages cannot be trusted to parse as intended
    return entry_problems(path, polib.pofile(str(path)))
