"""The search page's JavaScript catalog (``translations.js``), written by us.

Sphinx's search scripts take their words from ``Documentation.addTranslations``:
messages, and a ``plural_expr`` they evaluate with ``new Function`` on every
search. The messages are the language's published ``sphinx`` messages
(``published.json``), over Sphinx's own translations where ours are missing;
the expression is CLDR's for the language (Babel), never a catalog header's.
"""

from __future__ import annotations

import gettext
from functools import lru_cache
from pathlib import Path

import sphinx
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.plurals import get_plural

SPHINX_STATIC = Path(sphinx.__file__).resolve().parent / "themes" / "basic" / "static"
SPHINX_LOCALE = Path(sphinx.__file__).resolve().parent / "locale"
# How Sphinx's scripts mark their words.
JS_KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2)}


@lru_cache(maxsize=1)
def javascript_messages() -> tuple[str | tuple[str, str], ...]:
    """The words Sphinx's search scripts show, as they ask for them."""
    found = extract_from_dir(SPHINX_STATIC, [("**.js", "javascript")], {}, JS_KEYWORDS)
    return tuple(dict.fromkeys(message for _, _, message, _, _ in found))


def sphinx_own(language: str) -> dict[str, str | list[str]]:
    """Sphinx's shipped translations of those words (an installed package's file, not a translator's)."""
    shipped = gettext.find("sphinx", str(SPHINX_LOCALE), [language])  # ko_KR finds ko
    if not shipped:
        return {}
    with open(shipped, "rb") as stream:
        catalog = read_mo(stream)
    own = {}
    for message in javascript_messages():
        key = message[0] if isinstance(message, tuple) else message
        entry = catalog.get(key)
        if entry is None:
            continue
        forms = list(entry.string) if isinstance(entry.string, (tuple, list)) else [entry.string]
        # Babel reads an untranslated plural of a compiled catalog as the English
        # singular, which would then count every result as "one page".
        if all(forms) and not (isinstance(message, tuple) and set(forms) & set(message)):
            own[key] = forms if isinstance(message, tuple) else forms[0]
    return own


def complete(translation, message, forms: int) -> bool:
    """A translation with every form the message needs in the language, none empty."""
    if isinstance(message, tuple):
        return isinstance(translation, list) and len(translation) == forms and all(translation)
    return isinstance(translation, str) and bool(translation)


def plural_expression(language: str) -> str:
    # gettext's C expression is also JavaScript, but one such as (n != 1) gives a
    # boolean, and Sphinx uses the result as an index into the forms: as a number.
    return f"Number({get_plural(language).plural_expr})"


def javascript_catalog(language: str, ours: dict, shipped: dict) -> dict:
    """What ``Documentation.addTranslations`` takes: our published words first."""
    messages = {}
    forms = get_plural(language).num_plurals
    for message in javascript_messages():
        key = message[0] if isinstance(message, tuple) else message
        for source in (ours, shipped):
            if complete(source.get(key), message, forms):
                messages[key] = source[key]
                break
    return {"locale": language, "messages": messages, "plural_expr": plural_expression(language)}
