"""Issue 6: search indexes the translators' terms in Chinese. Issue 11: the
search page's own words in every language."""

import json

import polib

from papersite.catalog.glossary import cjk_terms
from papersite.catalog.jscatalog import javascript_catalog, javascript_messages


def test_terms_come_from_the_translation_column(tmp_path):
    glossary = tmp_path / "glossary.md"
    glossary.write_text("| English | 简体中文 | note |\n|---|---|---|\n| bare metal | 裸金属 | 不是 裸机 |\n"
                        "| container runtime | 容器运行时（runtime） | |\n| pod | Pod | |\n", encoding="utf-8")
    # The header row is no term (the strict reader of the list knows its tables).
    assert cjk_terms(glossary) == ["裸金属", "容器运行时"]
    glossary.write_bytes(b"| English | \xe8\xa3 | note |\n")
    assert cjk_terms(glossary) == []  # a list that cannot be read gives no term; check-po names its line


def search_terms(site, language):
    text = (site / language / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])["terms"]


def test_chinese_index_has_glossary_terms_whole(built_site):
    terms = search_terms(built_site.site, "zh_CN")
    assert "裸金属" in terms and "金属" in terms
    assert "コンテナ" in search_terms(built_site.site, "ja")


def test_chinese_splitter_keeps_its_cache_in_the_build(built_site):
    # Not in the machine's shared temporary folder, where any user could replace it.
    assert (built_site.doctrees("zh_CN") / "jieba.cache").is_file()


def javascript_catalog_of(site, language) -> dict:
    text = (site / language / "_static" / "translations.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


def test_every_language_translates_the_search_pages_words_from_its_catalog(built_site):
    """ko_KR had no translations.js (Sphinx ships one for "ko"), and de, ja and id
    one whose result count was empty."""
    for language in built_site.translations:
        shipped = javascript_catalog_of(built_site.site, language)
        catalog = polib.pofile(str(built_site.catalog_folder(language) / "sphinx.po"))
        for message in javascript_messages():
            entry = catalog.find(message[0] if isinstance(message, tuple) else message)
            expected = ([entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
                        if entry.msgid_plural else entry.msgstr)
            assert shipped["messages"][entry.msgid] == expected, (language, entry.msgid)
        # Sphinx indexes the forms with the expression's value: never a boolean.
        assert shipped["plural_expr"].startswith("Number(")
        assert 'src="_static/translations.js' in (built_site.site / language / "search.html").read_text(encoding="utf-8")


def test_untranslated_search_words_fall_back_to_sphinx_then_english():
    plural = next(message for message in javascript_messages() if isinstance(message, tuple))
    ours = {"Searching": "Suche läuft", "Search Results": "", plural[0]: ["eine Seite"]}
    sphinx_own = {"Searching": "Suchen", "Search Results": "Suchergebnisse"}
    catalog = javascript_catalog("de", ours, sphinx_own)
    assert catalog["messages"]["Searching"] == "Suche läuft"  # ours first
    assert catalog["messages"]["Search Results"] == "Suchergebnisse"  # empty: Sphinx's
    assert plural[0] not in catalog["messages"]  # a form missing: left to English
    assert javascript_catalog("ko_KR", {}, {}) == {"locale": "ko_KR", "messages": {}, "plural_expr": "Number(0)"}


def test_the_plural_expression_is_the_languages_never_a_headers(built_site):
    """Sphinx evaluates it with new Function on every search: only CLDR's ever ships."""
    for language, expected in (("de", "Number((n != 1))"), ("ja", "Number(0)"), ("ko_KR", "Number(0)")):
        assert javascript_catalog_of(built_site.site, language)["plural_expr"] == expected
