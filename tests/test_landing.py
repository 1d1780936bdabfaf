"""The landing page lists every paper in every language, by the language's own name."""

from __future__ import annotations

import json

from papersite.catalog.stats import recorded_percent

from .htmlparse import having


def test_landing_lists_every_language_with_each_paper_html_and_pdf(built_site):
    page = built_site.site / "index.html"
    items = having(page, "li", data_language=True)
    assert [item["attrs"]["data-language"] for item in items] == built_site.language_codes
    names = [element["text"].strip() for element in having(page, "h2", **{"class": "name"})]
    assert names == [language.native_name for language in built_site.languages]
    papers = [item["attrs"]["data-paper"] for item in having(page, "li", data_paper=True)]
    assert papers == [paper.slug for paper in built_site.papers] * len(built_site.language_codes)
    hrefs = {a["attrs"]["href"] for a in having(page, "a", href=True)}
    for code in built_site.language_codes:
        assert f"{code}/index.html" in hrefs
        for paper in built_site.papers:
            for target in (f"{code}/{paper.home}.html", f"{code}/{paper.pdf_file(code)}"):
                assert target in hrefs and (built_site.site / target).is_file(), target


def test_landing_percent_is_each_papers_stats_percent(built_site):
    stats = json.loads((built_site.compiled_locale() / "ja" / "stats.json").read_text())
    page = built_site.site / "index.html"
    [ja] = [item for item in having(page, "li", data_language=True) if item["attrs"]["data-language"] == "ja"]
    assert "<script" not in ja["text"]
    entries = [entry for entry in having(page, "li", data_paper=True) if entry["text"] in ja["text"]]
    for paper in built_site.papers:
        percent = recorded_percent(stats, paper.slug)
        assert any(e["attrs"]["data-paper"] == paper.slug and f"{percent}%" in e["text"] for e in entries)


def test_landing_speaks_each_language_in_its_own_lines_without_a_script(built_site):
    import polib

    from papersite.notices import METHODS, TRANSLATION

    page = built_site.site / "index.html"
    assert "<script" not in page.read_text(encoding="utf-8")
    entries = having(page, "li", data_language=True)
    assert [entry["attrs"]["lang"] for entry in entries] == [language.tag for language in built_site.languages]
    choose = [span["attrs"]["lang"] for span in having(page, "span", lang=True)]
    assert choose == [language.tag for language in built_site.languages]  # "Choose a language" in each
    for code, entry in zip(built_site.language_codes, entries):
        if code not in built_site.translations:
            continue
        interface = polib.pofile(str(built_site.locale / code / "LC_MESSAGES" / "sphinx.po"))
        chooser = [s for s in having(page, "span", lang=True) if s["attrs"]["lang"] == entry["attrs"]["lang"]]
        assert chooser[0]["text"] == interface.find("Choose a language").msgstr
        notice = f'{interface.find(TRANSLATION).msgstr} {interface.find(METHODS["machine-ai-reviewed"]).msgstr}'
        assert notice in entry["text"], code
        library = polib.pofile(str(built_site.locale / code / "LC_MESSAGES" / "index.po"))
        assert library.find(built_site.config["project"]).msgstr in entry["text"], code
