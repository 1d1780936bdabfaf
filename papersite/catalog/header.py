"""The header fields that would drive code, compared with what the build uses instead.

The build never reads ``Plural-Forms``, ``Language`` or the charset from a
translator's header: it writes its own, from the language's CLDR data (Babel),
into every file it compiles (``papersite.catalog.published``). A header that says
otherwise is misleading for tools and people, so check-po names the field and
its line and says what the build uses; the build ignores it.
"""

from __future__ import annotations

from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural

from ..notices import HEADER as METHOD_HEADER, METHODS
from .checks import Problem
from .model import Catalog


def expression(text: str) -> str:
    """A plural expression without spaces and without parentheses around the whole."""
    text = "".join(text.split())
    while text.startswith("(") and text.endswith(")") and balanced(text[1:-1]):
        text = text[1:-1]
    return text


def balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def plural_forms_problem(value: str, language: str) -> str | None:
    cldr = get_plural(language)
    parts = [part.strip() for part in value.split(";") if part.strip()]
    settings = [part.partition("=") for part in parts]
    names = [name.strip() for name, _, _ in settings]
    wanted = f"nplurals={cldr.num_plurals}; plural={cldr.plural_expr};"
    if sorted(names) != ["nplurals", "plural"]:
        return f"Plural-Forms must say nplurals and plural once each; the build uses {language}'s own: {wanted}"
    found = {name.strip(): setting.strip() for name, _, setting in settings}
    if found["nplurals"] != str(cldr.num_plurals) or expression(found["plural"]) != expression(cldr.plural_expr):
        return f"Plural-Forms differs from {language}'s (CLDR); the build uses {wanted}"
    return None


def language_problem(value: str, language: str) -> str | None:
    try:
        said = Locale.parse(value.replace("-", "_"))
    except (ValueError, TypeError, UnknownLocaleError):
        return f"Language {value!r} is no language code; the build uses {language}"
    ours = Locale.parse(language)
    if said.language != ours.language or (said.territory and ours.territory and said.territory != ours.territory):
        return f"Language says {value!r}, but this is the {language} catalog; the build uses {language}"
    return None


# An honest value is a few dozen characters (Arabic's Plural-Forms, the longest, is 180):
# a longer one is reported unread, so no check of it costs more than this.
LONGEST = 1000


def method_problem(value: str, language: str) -> str | None:
    """The one field a translator sets to drive something: which notice readers see."""
    if value.strip() and value.strip() not in METHODS:
        return f"{METHOD_HEADER} {value!r} is none of {', '.join(METHODS)}; readers are told nothing of the method"
    return None


def header_problems(catalog: Catalog) -> list[Problem]:
    problems = []
    for name, judge in (("Plural-Forms", plural_forms_problem), ("Language", language_problem),
                        (METHOD_HEADER, method_problem)):
        field = catalog.field(name)
        if field is not None and len(field.value) > LONGEST:
            problems.append(Problem(str(catalog.path), field.line, "", f"header: {name} is {len(field.value)} characters "
                                    f"long; the build ignores it and uses {catalog.language}'s own"))
        elif field is not None and (reason := judge(field.value, catalog.language)):
            problems.append(Problem(str(catalog.path), field.line, "", f"header: {reason}"))
    return problems
