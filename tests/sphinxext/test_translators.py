"""Issue 4: each language's Translators page comes from its catalogs."""

from ..conftest import FIRST_PAPER, paper_page
from ..htmlparse import having


def test_japanese_translators_page_shows_team_people_and_method(built_site):
    text = " ".join(p["text"] for p in having(paper_page(built_site, "ja", "translators"), "li"))
    assert "Claude (AI model by Anthropic)" in text
    assert "日本語 (ja)" in text
    assert "machine translation by an AI language model" in text


def test_english_page_links_every_translations_page(built_site):
    hrefs = [a["attrs"]["href"] for a in having(paper_page(built_site, "en", "translators"), "a", href=True)]
    for code in ("de", "ja", "ko_KR", "id", "zh_CN"):
        assert f"../../{code}/{FIRST_PAPER}/translators.html" in hrefs
