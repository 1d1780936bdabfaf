"""Terminology-list compliance: a warning for ``check-po``, never a reason to hide a translation.

When a source message uses an English term of the language's ``glossary.md``,
its translation should use the translation the list prescribes. Matching is
deliberately forgiving, so that a warning means a probable deviation:

- English terms are found as whole words, case-insensitively, with a plural
  ``s``/``es``, hyphen and space alike; a longer term claims its words first
  ("container runtime" is not also "container").
- A prescribed translation complies wherever it starts a word (lowercase
  Latin script) or anywhere (CJK, Hangul, and capitalised nouns, which end
  German compounds: "Dienst" in "Kerndienste"), each of its words followed by any ending
  (German and Indonesian inflection, compounds; a German adjective's own
  ending may change), hyphen and space alike. A term complies with any
  translation its row gives, and a term listed in two rows with either row's.
- A term inside a longer name that the translation keeps as written
  ("Containers" in "Kata Containers") is a name, not a term; a name that is
  only the term ("Machine Learning") is still checked.

Where a translation is right to differ, the translator says so on the message::

    # terminology: ignore <English term>: <why>

An opt-out without a reason, or for a term the message does not use, is itself
a warning.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import re2

from .glossary import GLOSSARY_FILE, Term
from .markup import LINK_ROLE
from .model import Message

# Every pattern that meets translators' text (messages, comments, the list's
# cells) is RE2's: its time is linear in the text, whatever the pattern. RE2
# has no look-around, so word edges are matched as characters and checked in code.
WORD = r"[\pL\pN\pM_]"
NOT_WORD = r"[^\pL\pN\pM_]"
OPT_OUT = re2.compile(r"(?i)^[\s\pZ]*terminology:[\s\pZ]*ignore[\s\pZ]+(?P<rest>.*)$")
SEPARATORS = r"[\s\pZ\-‐‑]"
SEPARATOR_RUN = re2.compile(f"{SEPARATORS}+")
ADJECTIVE_ENDING = re2.compile(r"e[mnrs]?$")
# Capitalised words (joined by the small words of titles, an optional
# parenthesised tail): a name such as "Kata Containers", "OpenStack in Production".
# Only ever matched against the English source (the maintainers' text), so re's look-ahead is safe.
NAME_WORD = r"[A-Z0-9](?:[\w&+]|\.(?=\w))*"
NAME = re.compile(rf"{NAME_WORD}(?:(?:[ /\-]|\s&\s|\s(?:as|a|for|in|of|on|the)\s){NAME_WORD})*(?:\s*\([A-Z][^()]*\))?")


@dataclass(frozen=True)
class Rule:
    english: str  # lowercase, spaces normalised: what opt-outs name
    written: str  # as the list writes it, for messages
    prescribed: tuple[str, ...]
    line: int  # where the list gives it first
    pattern: object  # re2: the English term, with the character before it (or the start)
    translations: tuple[object, ...]  # re2
    # Case-folded, it is in the case-folded text of any message the pattern matches
    # (case folding maps the letters that RE2's (?i) matches alike to one string).
    first_word: str


def plain(text: str) -> str:
    """A message as a reader sees its words: links as their words."""
    return LINK_ROLE.sub(lambda match: match["words"], text)


def words_of(text: str) -> list[str]:
    return [word for word in SEPARATOR_RUN.split(text) if word]


def english_pattern(term: str):
    """The term (plural too) after the start or a character that is neither a word's nor a hyphen;
    the character after it is checked by ``english_matches``."""
    words = [re2.escape(word) for word in words_of(term)]
    return re2.compile(rf"(?i)(?:^|[^\pL\pN\pM_\-])(?P<term>{f'{SEPARATORS}+'.join(words)}(?:e?s)?)")


def english_matches(pattern, text: str):
    """Spans of whole-word uses of the term: RE2's matches, kept where no word character follows."""
    for match in pattern.finditer(text):
        start, end = match.span(1)  # the term (RE2 names no span)
        if end == len(text) or not (text[end].isalnum() or text[end] == "_"):
            yield start, end


def is_latin(character: str) -> bool:
    return character.isascii() or "\u00c0" <= character <= "\u024f"


def word_pattern(word: str, last: bool) -> str:
    # German adjectives change their ending before a noun: "industrielles IoT",
    # "das industrielle IoT".
    if not last and word.islower() and len(word) > 5:
        word = ADJECTIVE_ENDING.sub("", word)
    return re2.escape(word)


def translation_pattern(form: str):
    split = words_of(form)
    words = [word_pattern(word, number == len(split) - 1) for number, word in enumerate(split)]
    start = ""  # CJK and Hangul words have no visible start; a German noun also ends compounds
    if is_latin(form[0]) and not form[0].isupper():
        start = r"(?:^|[^\pL])"  # where a word starts
    return re2.compile("(?i)" + start + rf"{WORD}*{SEPARATORS}*".join(words))


def rules_of(terms: list[Term]) -> list[Rule]:
    """One rule per English term, longest first, its senses' translations merged
    (compiled once per list: a language's catalogs share it)."""
    return list(compiled_rules(tuple(terms)))


@lru_cache(maxsize=8)
def compiled_rules(terms: tuple[Term, ...]) -> tuple[Rule, ...]:
    senses: dict[str, list[Term]] = defaultdict(list)
    for term in terms:
        senses[" ".join(term.english.lower().split())].append(term)
    rules = []
    for english, listed in senses.items():
        prescribed = tuple(dict.fromkeys(form for term in listed for form in term.prescribed))
        rules.append(Rule(english, listed[0].english, prescribed, listed[0].line, english_pattern(english),
                          tuple(translation_pattern(form) for form in prescribed), words_of(english)[0].casefold()))
    return tuple(sorted(rules, key=lambda rule: -len(rule.english)))


def names(text: str) -> list[tuple[int, int]]:
    return [match.span() for match in NAME.finditer(text)]


def in_kept_name(span: tuple[int, int], text: str, name_spans: list[tuple[int, int]], translation: str) -> bool:
    """Whether a term is part of a longer name and the translation keeps it as written:
    "Containers" of "Kata Containers" (while "Machine Learning" alone is a term)."""
    start, end = span
    within = any(first <= start and end <= last and (first, last) != span for first, last in name_spans)
    return within and text[start:end] in translation


def used_terms(rules: list[Rule], msgid: str, msgstr: str = "") -> list[Rule]:
    """The rules whose term the source message uses, a longer term claiming its words
    first; a term inside a name the translation keeps is not used."""
    text, translation, used = plain(msgid), plain(msgstr), []
    name_spans = names(text)
    claimed = [False] * len(text)
    folded = text.casefold()
    for rule in rules:
        if rule.first_word not in folded:  # a term the message cannot use: no regular expression to run
            continue
        for start, end in english_matches(rule.pattern, text):
            if any(claimed[start:end]):  # a longer term claimed these words
                continue
            claimed[start:end] = [True] * (end - start)
            if not in_kept_name((start, end), text, name_spans, translation) and rule not in used:
                used.append(rule)
    return used


def opt_outs(message: Message) -> dict[str, str | None]:
    """``# terminology: ignore <term>: <why>`` comments: term (lowercase) to reason.
    After RE2 finds the keyword, the rest is split at its first colon: no pattern backtracks."""
    found = {}
    for line in message.translator_comments:
        match = OPT_OUT.match(line)
        if match:
            term, colon, reason = match["rest"].partition(":")
            if term.strip():
                found[" ".join(term.lower().split())] = reason.strip() if colon and reason.strip() else None
    return found


def entry_warnings(rules: list[Rule], message: Message) -> list[str]:
    msgstr = message.strings[0]
    translation = plain(msgstr)
    ignored = opt_outs(message)
    used = used_terms(rules, message.msgid, msgstr)
    reasons = []
    for rule in used:
        if rule.english in ignored or any(pattern.search(translation) for pattern in rule.translations):
            continue
        wanted = " or ".join(f"“{form}”" for form in rule.prescribed[:3])
        reasons.append(f"terminology: “{rule.written}” is {wanted} in {GLOSSARY_FILE} (line {rule.line}); "
                       f"if this message is right to differ, say why: # terminology: ignore {rule.written}: <why>")
    english_used = {rule.english for rule in used}
    for term, reason in ignored.items():
        if term not in english_used:
            reasons.append(f"terminology: the comment ignores “{term}”, which the source message does not use "
                           f"as a term of {GLOSSARY_FILE}; remove it")
        elif reason is None:
            reasons.append(f"terminology: the comment ignoring “{term}” gives no reason; "
                           f"write # terminology: ignore {term}: <why>")
    return reasons


def terminology_warnings(messages, terms: list[Term]) -> list[tuple[int, str, str]]:
    """(line, msgid, reason) for each translated message that departs from the list."""
    rules = rules_of(terms)
    warnings = []
    for message in messages:
        if message.obsolete or message.fuzzy or not message.strings[0] or not message.msgid:
            continue
        warnings += [(message.line, message.msgid, reason) for reason in entry_warnings(rules, message)]
    return warnings
