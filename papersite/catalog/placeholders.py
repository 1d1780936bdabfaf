"""Placeholders of interface strings: a translation keeps exactly the source's.

Our code fills ``{percent}`` with ``str.format`` and the templates fill
``%(path)s`` with ``%``; a translation that renames, adds or drops one, or that
the formatter cannot parse, would crash the page that shows it or, with
``{percent.__class__}``, print what the program holds. Which style applies is read
from the source message itself, not from its ``#, python-format`` flag: a
translator can remove the flag.
"""

from __future__ import annotations

import re2
from collections import Counter
from string import Formatter

# One %-conversion as Python's ``%`` operator reads it; ``%%`` is a literal percent.
PERCENT_FIELD = re2.compile(
    r"%(?:\((?P<name>[^)]*)\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<conversion>[diouxXeEfFgGcrsa%])"
)
# Only these are unmistakably meant as placeholders where the source has none.
NAMED_PERCENT = re2.compile(r"%\(\w+\)")
# A width or precision of 4 digits or more: the probe below would build a string that long.
HUGE_WIDTH = re2.compile(r"%(?:\([^)]*\))?[#0\- +]*(?:\d{4,}|\d*\.\d{4,})")
BRACE_NAME = re2.compile(r"\{\w*\}")


def percent_fields(text: str) -> list[str]:
    return [match[0] for match in PERCENT_FIELD.finditer(text) if match["conversion"] != "%"]


def brace_fields(text: str) -> Counter:
    """``{name!conversion:spec}`` fields as ``str.format`` reads them; ValueError if it cannot."""
    return Counter(
        f"{{{name}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}}"
        for _, name, spec, conversion in Formatter().parse(text)
        if name is not None
    )


def brace_problems(msgid: str, msgstr: str) -> list[str]:
    try:
        source = brace_fields(msgid)
    except ValueError:
        return []  # the source is no str.format string: its braces are text
    try:
        translation = brace_fields(msgstr)
    except ValueError as error:
        return [f"not a valid format string ({error}); keep the source's {{…}} placeholders as they are"]
    return difference("{…}", source, translation)


def percent_problems(msgid: str, msgstr: str) -> list[str]:
    source = percent_fields(msgid)
    if not source:
        added = NAMED_PERCENT.findall(msgstr)
        return [f"adds %-placeholders {sorted(set(added))} the source does not have"] if added else []
    if HUGE_WIDTH.search(msgstr):
        return ["a %-placeholder's width or precision has more than 3 digits (formatting it would fill memory); "
                "keep the source's %(…)s placeholders as they are"]
    try:
        probe_percent_format(msgstr, named=any(field.startswith("%(") for field in source), count=len(source))
    except (ValueError, TypeError, KeyError) as error:
        return [f"not a valid %-format string ({error}); keep the source's %(…)s placeholders as they are"]
    translation = percent_fields(msgstr)
    if any(not field.startswith("%(") for field in source) and source != translation:
        return [f"positional %-placeholders differ from the source's: {translation}, the source has {source}"]
    return difference("%", Counter(source), Counter(translation))


def probe_percent_format(text: str, named: bool, count: int) -> None:
    """Formats ``text`` as the program would, with zeros: raises what the program would."""
    class Zeros(dict):
        def __missing__(self, key):
            return 0

    text % (Zeros() if named else (0,) * count)


def difference(style: str, source: Counter, translation: Counter) -> list[str]:
    if source == translation:
        return []
    added, missing = sorted((translation - source).elements()), sorted((source - translation).elements())
    return [f"{style} placeholders differ from the source (added {added}, missing {missing})"]


def placeholder_problems(msgid: str, msgstr: str) -> list[str]:
    """Why ``msgstr`` cannot replace ``msgid`` where the program formats it; empty when it can."""
    reasons = percent_problems(msgid, msgstr)
    if brace_fields_possible(msgid, msgstr):
        reasons += brace_problems(msgid, msgstr)
    return reasons


def brace_fields_possible(msgid: str, msgstr: str) -> bool:
    # A source without braces is not formatted with str.format unless a
    # translation makes it look so ({name}); plain braces elsewhere are text.
    return "{" in msgid or "}" in msgid or bool(BRACE_NAME.search(msgstr))
