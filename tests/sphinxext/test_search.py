"""Issue 6: search indexes the translators' terms in Chinese."""

import json

from papersite.sphinxext.search import glossary_terms


def test_terms_come_from_the_translation_column(tmp_path):
    glossary = tmp_path / "glossary.md"
    glossary.write_text("| English | 简体中文 | note |\n|---|---|---|\n| bare metal | 裸金属 | 不是 裸机 |\n"
                        "| container runtime | 容器运行时（runtime） | |\n| pod | Pod | |\n", encoding="utf-8")
    assert glossary_terms(glossary) == ["简体中文", "裸金属", "容器运行时"]


def search_terms(site, language):
    text = (site / language / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])["terms"]


def test_chinese_index_has_glossary_terms_whole(built_site):
    terms = search_terms(built_site.site, "zh_CN")
    assert "裸金属" in terms and "金属" in terms
    assert "コンテナ" in search_terms(built_site.site, "ja")
