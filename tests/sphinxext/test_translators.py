"""Issue 4: each language's Translators page comes from its catalogs; issue 11:
readers see names (no raw address, no repository path) and the method in their language."""

import re

import polib

from papersite.notices import METHODS, TRANSLATION

from ..conftest import FIRST_PAPER, paper_page, summarised_build
from ..htmlparse import having


def test_japanese_translators_page_shows_team_people_and_method(built_site):
    text = " ".join(p["text"] for p in having(paper_page(built_site, "ja", "translators"), "li"))
    interface = polib.pofile(str(built_site.locale / "ja" / "LC_MESSAGES" / "sphinx.po"))
    # The credits' own phrases are interface messages, shown in the reader's words.
    model = interface.find("AI model by Anthropic").msgstr or "AI model by Anthropic"
    assert f"Claude ({model})" in text
    assert "日本語 (ja)" in text


def test_translators_pages_show_names_and_the_method_in_the_readers_language(built_site):
    for code in built_site.translations:
        interface = polib.pofile(str(built_site.locale / code / "LC_MESSAGES" / "sphinx.po"))
        method = interface.find(METHODS["machine-ai-reviewed"]).msgstr
        assert method and interface.find(TRANSLATION).msgstr
        page = paper_page(built_site, code, "translators")
        credits = having(page, "section", **{"class": "translator-credits"})
        text = " ".join(block["text"] for block in credits)
        assert method in text, code
        assert not re.search(r"\S+@\S+", text), f"{code}: an e-mail address is shown"
        assert "locale/" not in text and ".md" not in text, f"{code}: a repository path is shown"
        # Issue 18: each part is a section headed by a real heading, in the reader's language.
        headings = [element for element in having(page, "h2") if element["text"].strip()]
        assert [" ".join(h["text"].replace("¶", "").split()) for h in headings] == \
            [interface.find(label).msgstr or label for label in LABELS][:len(headings)] and len(headings) == 3, code
        assert all(h["attrs"].get("lang") is None for h in headings), code
        assert having(page, "p", **{"class": "rubric"}) == [], code


LABELS = ("Language team", "Translators", "How this translation was made")


def test_the_credits_own_words_are_messages_in_the_readers_language(project_copy):
    """The phrases this project's catalogs use in their credits ("whitepaper
    translation team", the model's description) are interface messages: a
    language that translates them shows its own words on its Translators page."""
    from papersite.sphinxext.translators import CREDIT_PHRASES

    catalog_path = project_copy.locale / "ja" / "LC_MESSAGES" / "sphinx.po"
    catalog = polib.pofile(str(catalog_path))
    for number, phrase in enumerate(CREDIT_PHRASES):
        entry = catalog.find(phrase)
        assert entry is not None, f"{phrase!r} is not in sphinx.po"
        entry.msgstr, entry.flags = f"ことば{number}", []
    catalog.save(str(catalog_path))
    report, output = summarised_build(project_copy, ["ja"])
    assert not report.failed, output
    credits = " ".join(p["text"] for p in having(paper_page(project_copy, "ja", "translators"), "li"))
    headers = " ".join(polib.pofile(str(path)).header + str(polib.pofile(str(path)).metadata)
                       for path in project_copy.catalogs("ja"))
    used = [(number, phrase) for number, phrase in enumerate(CREDIT_PHRASES) if phrase in headers]
    assert used  # the catalogs credit someone in these words
    for number, phrase in used:
        assert phrase not in credits and f"ことば{number}" in credits, credits


def test_english_page_links_every_translations_page(built_site):
    hrefs = [a["attrs"]["href"] for a in having(paper_page(built_site, "en", "translators"), "a", href=True)]
    for code in ("de", "ja", "ko_KR", "id", "zh_CN"):
        assert f"../../{code}/{FIRST_PAPER}/translators.html" in hrefs
