"""Issue 16: header fields that would drive code are compared with CLDR's, never used."""

from pathlib import Path

import pytest

from papersite.catalog.header import header_problems
from papersite.catalog.model import Catalog, HeaderField


def catalog(language: str, **fields) -> Catalog:
    return Catalog(Path(f"locale/{language}/LC_MESSAGES/sphinx.po"), language, (),
                   tuple(HeaderField(name.replace("_", "-"), value, line) for line, (name, value) in enumerate(fields.items(), 10)), ())


@pytest.mark.parametrize("language, value", [
    ("de", "nplurals=2; plural=(n != 1);"), ("de", "nplurals=2; plural=n != 1;"),
    ("de", "plural=(n != 1); nplurals=2;"), ("ja", "nplurals=1; plural=0;"), ("ko_KR", "nplurals=1; plural=((0));"),
])
def test_plural_forms_that_say_what_cldr_says_pass(language, value):
    assert header_problems(catalog(language, Plural_Forms=value)) == []


@pytest.mark.parametrize("language, value, reason", [
    ("de", "nplurals=2; plural=(n != 1); plural=alert(1);", "must say nplurals and plural once each"),
    ("de", "nplurals=3; plural=n%3;", "differs from de's (CLDR); the build uses nplurals=2; plural=(n != 1);"),
    ("ja", "nplurals=2; plural=(n != 1);", "differs from ja's (CLDR)"),
    ("de", "(" * 2000 + "0" + ")" * 2000, "is 4001 characters long"),
])
def test_plural_forms_that_differ_are_named_with_their_line(language, value, reason):
    [problem] = header_problems(catalog(language, Plural_Forms=value))
    assert (problem.line, problem.msgid) == (10, "") and reason in problem.reason


@pytest.mark.parametrize("value, problems", [("de", 0), ("de_DE", 0), ("de-AT", 0), ("ja", 1), ("../../etc", 1)])
def test_the_language_field_must_be_the_catalogs(value, problems):
    assert len(header_problems(catalog("de", Language=value))) == problems


def test_an_unknown_translation_method_is_named():
    [problem] = header_problems(catalog("de", X_Translation_Method="trust-me"))
    assert "X-Translation-Method 'trust-me' is none of" in problem.reason
