"""One decision per message: published as translated, or shown in English and why.

check-po reports exactly the messages this module rejects (plus what makes a
whole catalog unusable); compile publishes exactly the ones it accepts. Both
call ``judge_language``, so what the check accepts the build shows, and what
the build would drop the check names first, with its file and line.

The checks run cheapest and most bounded first: the context and plural rules,
control characters, size limits (``papersite.catalog.limits``), glyphs the
language's PDF can draw (``papersite.catalog.fonts``); only a message that
passes them reaches the MyST parser (``papersite.catalog.checks``) and, in
Chinese and Japanese, the link-spacing rule. Glossary terms are judged last,
site-wide: a translated term whose text another term of the language already
has would be Sphinx's fatal duplicate-term warning.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from . import checks
from .fonts import undrawable
from .limits import limit_problems
from .model import Catalog, Message
from .sources import INTERFACE_DOMAIN, SourceFacts, asked_contexts
from .spacing import applies_to, link_spacing_problems

PUBLISHED, FUZZY, UNTRANSLATED, REJECTED = "published", "fuzzy", "untranslated", "rejected"
FUZZY_REASON = "fuzzy: the translation awaits review"


@dataclass(frozen=True)
class Rules:
    """What a language's verdicts depend on besides the messages themselves."""

    language: str
    facts: SourceFacts
    drawable: frozenset[int]
    digest: str = ""  # of the checks, fonts and settings: part of every cached verdict's key
    plural_forms: int = 2  # the language's (CLDR): a plural message is translated with all of them


@dataclass(frozen=True)
class Verdict:
    message: Message
    state: str
    reasons: tuple[str, ...] = ()

    @property
    def published(self) -> bool:
        return self.state == PUBLISHED


@dataclass
class VerdictCache:
    """Reasons by message key: the last compile's where a message is unchanged."""

    previous: dict[str, list[str]] = field(default_factory=dict)
    current: dict[str, list[str]] = field(default_factory=dict)

    def reasons(self, key: str, check) -> list[str]:
        if key not in self.current:
            self.current[key] = list(self.previous[key]) if key in self.previous else check()
        return self.current[key]


def domain_of(path: Path) -> str:
    """The catalog's gettext domain: its path under LC_MESSAGES (``<slug>/<document>``)."""
    parts = path.with_suffix("").parts
    return "/".join(parts[len(parts) - parts[::-1].index("LC_MESSAGES"):])


def is_interface(domain: str) -> bool:
    return domain == INTERFACE_DOMAIN


def message_key(message: Message, domain: str, rules: Rules) -> str:
    """Everything a message's local verdict reads, except where it stands."""
    kind = "interface" if is_interface(domain) else "paper"
    parts = [message.msgctxt or "", message.msgid, message.msgid_plural or "", json.dumps(message.strings),
             kind, rules.language, rules.digest]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def local_reasons(message: Message, domain: str, rules: Rules) -> list[str]:
    """Why this translation cannot be published, judged on its own; empty when it can."""
    if message.msgctxt is not None and message.msgctxt not in asked_contexts(domain):
        return [f"has the context (msgctxt) {message.msgctxt!r}, which the sources never ask for: "
                "it would never be shown; remove the msgctxt line"]
    if message.plural and not is_interface(domain):
        return ["has plural forms, which a paper's message never has; remove msgid_plural and msgstr[n]"]
    translations = [string for string in message.strings if string]
    for translation in translations:
        if controls := checks.control_characters(translation):
            return [f"contains control characters {controls}"]
    for translation in translations:
        if problems := limit_problems(message.sources, translation):
            return problems
    for translation in translations:
        if missing := undrawable(translation, rules.drawable):
            return [f"contains characters no font of the {rules.language} PDF can draw ({', '.join(missing[:5])}); "
                    "remove them"]
    try:
        reasons = checks.translation_problems(message, interface=is_interface(domain))
    except RecursionError:  # the limits above keep honest and hostile text far from this; never a crash
        return ["is nested too deep to parse; keep the English markup"]
    if not reasons and not is_interface(domain) and applies_to(rules.language):
        for translation in translations:
            reasons += [reason for reason in link_spacing_problems(translation) if reason not in reasons]
    return reasons


def first_verdict(message: Message, domain: str, rules: Rules, cache: VerdictCache) -> Verdict:
    if not message.has_translation:
        return Verdict(message, UNTRANSLATED)
    if message.fuzzy:
        return Verdict(message, FUZZY, (FUZZY_REASON,))
    reasons = cache.reasons(message_key(message, domain, rules), lambda: local_reasons(message, domain, rules))
    if reasons:
        return Verdict(message, REJECTED, tuple(reasons))
    complete = message.translated and (not message.plural or len(message.strings) == rules.plural_forms)
    return Verdict(message, PUBLISHED if complete else UNTRANSLATED)


def term_key(text: str) -> str:
    """How Sphinx would see two terms as one, and a little more (case, spacing, escapes)."""
    return " ".join(text.replace("\\", "").casefold().split())


def shown_terms(verdicts: dict[str, list[Verdict]], facts: SourceFacts) -> dict[tuple[str, str], str]:
    """(domain, English term) -> the text the page will show for it."""
    shown = {(domain, term): term for domain, terms in facts.terms.items() for term in terms}
    for domain, judged in verdicts.items():
        for verdict in judged:
            if verdict.published and (domain, verdict.message.msgid) in shown:
                shown[domain, verdict.message.msgid] = verdict.message.strings[0]
    return shown


def reject_colliding_terms(verdicts: dict[str, list[Verdict]], facts: SourceFacts) -> None:
    """Until no two terms show the same text: each translated term that shares its text
    with another term goes back to English (English terms never collide: the sources build)."""
    while True:
        shown = shown_terms(verdicts, facts)
        holders: dict[str, list[tuple[str, str]]] = {}
        for place, text in shown.items():
            holders.setdefault(term_key(text), []).append(place)
        colliding = {place: others for group in holders.values() if len(group) > 1
                     for place in group for others in [[other for other in group if other != place]]}
        changed = False
        for domain, judged in verdicts.items():
            for index, verdict in enumerate(judged):
                place = (domain, verdict.message.msgid)
                if verdict.published and place in colliding:
                    other_domain, other_term = colliding[place][0]
                    reason = (f"the glossary term's translation “{verdict.message.strings[0]}” is also the text of the term "
                              f"“{other_term}” ({other_domain}); terms are site-wide, so each text may name one term")
                    judged[index] = Verdict(verdict.message, REJECTED, (reason,))
                    changed = True
        if not changed:
            return


def judge_language(catalogs: dict[str, Catalog], rules: Rules, cache: VerdictCache | None = None) -> dict[str, list[Verdict]]:
    """Every live message of every readable catalog of one language, by domain."""
    cache = cache or VerdictCache()
    verdicts = {domain: [first_verdict(message, domain, rules, cache) for message in catalog.live]
                for domain, catalog in catalogs.items()}
    reject_colliding_terms(verdicts, rules.facts)
    return verdicts


def problems_of(path: Path, verdicts: list[Verdict], states=(REJECTED,)) -> list[checks.Problem]:
    return [checks.Problem(str(path), verdict.message.line, verdict.message.msgid, reason)
            for verdict in verdicts if verdict.state in states for reason in verdict.reasons]
