"""Issue 16: the one reader's model says everything a catalog says, with its lines."""

import pytest

from papersite.catalog.reader import CatalogError, read_catalog

HEADER = '''# German translation.
# Translators:
# Anna <anna@example.org>
msgid ""
msgstr ""
"Language: de\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"X-Translation-Method: human\\n"

'''
BODY = '''# checked by Anna
#. extracted
#: source.md:3
#, fuzzy
#| msgid "Old text"
msgctxt "nav"
msgid "New text"
msgstr "Neuer Text"

msgid "one page"
msgid_plural "{n} pages"
msgstr[0] "eine Seite"
msgstr[1] "{n} Seiten"

#~ msgid "Gone"
#~ msgstr "Weg"
'''


def catalog_file(tmp_path, text: str, language: str = "de"):
    path = tmp_path / "locale" / language / "LC_MESSAGES" / "sphinx.po"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_model_holds_every_part_with_its_line(tmp_path):
    catalog = read_catalog(catalog_file(tmp_path, HEADER + BODY))
    assert catalog.language == "de" and catalog.header_comment == ("German translation.", "Translators:", "Anna <anna@example.org>")
    assert [(field.name, field.line) for field in catalog.fields][:2] == [("Language", 6), ("Plural-Forms", 7)]
    assert catalog.value("x-translation-method") == "human"
    first, plural, gone = catalog.messages
    assert (first.line, first.msgctxt, first.strings, first.fuzzy, first.previous_msgid) == (11, "nav", ("Neuer Text",), True, "Old text")
    assert (first.translator_comments, first.extracted_comments, first.references) == (("checked by Anna",), ("extracted",), ("source.md:3",))
    assert (plural.line, plural.plural, plural.strings) == (20, True, ("eine Seite", "{n} Seiten"))
    assert (gone.obsolete, gone.strings) == (True, ("Weg",)) and catalog.live == (first, plural)


@pytest.mark.parametrize("edit, line, reason", [
    (lambda text: text.replace('"Language: de\\n"', '"Language: de\\033\\n"'), 6, "the header field Language contains a control character U+001B"),
    (lambda text: text.replace('#| msgid "Old text"', '#| msgid "Old\\ttext\\033"'), 11, "a previous msgid (#|) contains a control character U+001B"),
    (lambda text: text.replace('#~ msgstr "Weg"', '#~ msgstr "Weg\\a"'), 26, "should not contain the '\\a' escape sequence"),
    (lambda text: text.replace("# checked by Anna", "# checked by \u2028Anna"), 11, "contains a line separator (U+2028)"),
    (lambda text: text.replace('msgstr[1] "{n} Seiten"', 'msgstr[1] "{n} Seiten"\nmsgstr[2] "x"'), 20, "has 3 plural forms"),
])
def test_what_cannot_be_read_exactly_is_refused_with_its_line(tmp_path, edit, line, reason):
    path = catalog_file(tmp_path, edit(HEADER + BODY))
    with pytest.raises(CatalogError) as refused:
        read_catalog(path)
    assert refused.value.line == line and reason in refused.value.reason, refused.value


def test_plural_forms_are_the_languages_not_the_headers(tmp_path):
    text = (HEADER + BODY).replace("nplurals=2; plural=(n != 1);", "nplurals=3; plural=n%3;").replace(
        'msgstr[1] "{n} Seiten"', 'msgstr[1] "{n} Seiten"\nmsgstr[2] "{n} Seiten"')
    with pytest.raises(CatalogError) as refused:
        read_catalog(catalog_file(tmp_path, text))
    assert "has 3 plural forms, but de has 2 (CLDR)" in refused.value.reason
