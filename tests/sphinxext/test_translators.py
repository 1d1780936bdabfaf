"""Issue 4: each language's Translators page comes from its catalogs; issue 11:
readers see names (no raw address, no repository path) and the method in their language."""

import re

import polib

from papersite.notices import METHODS, TRANSLATION

from ..conftest import FIRST_PAPER, paper_page
from ..htmlparse import having


def test_japanese_translators_page_shows_team_people_and_method(built_site):
    text = " ".join(p["text"] for p in having(paper_page(built_site, "ja", "translators"), "li"))
    assert "Claude (AI model by Anthropic)" in text
    assert "日本語 (ja)" in text


def test_translators_pages_show_names_and_the_method_in_the_readers_language(built_site):
    for code in built_site.translations:
        interface = polib.pofile(str(built_site.locale / code / "LC_MESSAGES" / "sphinx.po"))
        method = interface.find(METHODS["machine-unreviewed"]).msgstr
        assert method and interface.find(TRANSLATION).msgstr
        page = paper_page(built_site, code, "translators")
        credits = having(page, "div", **{"class": "translator-credits"})
        text = " ".join(block["text"] for block in credits)
        assert method in text, code
        assert not re.search(r"\S+@\S+", text), f"{code}: an e-mail address is shown"
        assert "locale/" not in text and ".md" not in text, f"{code}: a repository path is shown"
        for element in having(page, "p", **{"class": "rubric"}):
            assert element["attrs"].get("lang") is None, f"{code}: {element}"


def test_english_page_links_every_translations_page(built_site):
    hrefs = [a["attrs"]["href"] for a in having(paper_page(built_site, "en", "translators"), "a", href=True)]
    for code in ("de", "ja", "ko_KR", "id", "zh_CN"):
        assert f"../../{code}/{FIRST_PAPER}/translators.html" in hrefs
