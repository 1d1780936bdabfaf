"""Issue 3: the landing page lists every language by its own name."""

from __future__ import annotations

import json

from papersite.stats import recorded_percent

from .htmlparse import having


def test_landing_lists_every_language_with_progress_html_and_pdf(built_site):
    page = built_site.site / "index.html"
    items = having(page, "li", data_language=True)
    assert [item["attrs"]["data-language"] for item in items] == ["en", "de", "ja", "ko_KR", "id", "zh_CN"]
    names = [element["text"].strip() for element in having(page, "div", **{"class": "name"})]
    assert names == ["English", "Deutsch", "日本語", "한국어", "Bahasa Indonesia", "简体中文"]
    hrefs = {a["attrs"]["href"] for a in having(page, "a", href=True)}
    for code in ("en", "ja"):
        assert f"{code}/index.html" in hrefs
        assert (built_site.site / f"{code}/index.html").is_file()
        [pdf] = (built_site.site / code).glob("*.pdf")
        assert f"{code}/{pdf.name}" in hrefs


def test_landing_percent_is_the_stats_percent(built_site):
    stats = json.loads((built_site.compiled_locale() / "ja" / "stats.json").read_text())
    percent = recorded_percent(stats)
    page = built_site.site / "index.html"
    [ja] = [item for item in having(page, "li", data_language=True) if item["attrs"]["data-language"] == "ja"]
    assert f"{percent}%" in ja["text"]
