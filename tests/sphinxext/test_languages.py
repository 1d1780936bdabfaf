"""Issue 3: the language switcher, hreflang links and <html lang>."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

from ..htmlparse import having


def test_switcher_links_resolve_to_the_same_page_in_each_built_language(built_site):
    for language in ("en", "ja"):
        for page in sorted((built_site.site / language).glob("*.html")):
            links = having(page, "nav", **{"class": "sidebar-languages"})
            assert links, f"{page} has no switcher"
            targets = [a for a in having(page, "a", hreflang=True) if a["attrs"].get("href", "").endswith(page.name)]
            built = [a for a in targets if a["attrs"]["hreflang"] in ("en", "ja")]
            for anchor in built:
                target = (page.parent / anchor["attrs"]["href"]).resolve()
                assert target.is_file(), f"{page}: {anchor['attrs']['href']} does not exist"
                assert target.name == page.name


def test_every_language_is_offered_by_its_own_name(built_site):
    page = built_site.site / "ja" / "introduction.html"
    names = [a["text"].strip() for a in having(page, "a", hreflang=True) if a["attrs"].get("lang")]
    assert names[:6] == ["English", "Deutsch", "日本語", "한국어", "Bahasa Indonesia", "简体中文"]


def test_html_lang_is_bcp47_and_hreflang_covers_every_language(built_site):
    page = built_site.site / "ja" / "case-studies.html"
    [html] = having(page, "html")
    assert html["attrs"]["lang"] == "ja"
    alternates = {link["attrs"]["hreflang"]: link["attrs"]["href"] for link in having(page, "link", rel="alternate")}
    site = built_site.config["site_url"].rstrip("/")
    assert alternates == {
        "en": f"{site}/en/case-studies.html", "de": f"{site}/de/case-studies.html",
        "ja": f"{site}/ja/case-studies.html", "ko-KR": f"{site}/ko_KR/case-studies.html",
        "id": f"{site}/id/case-studies.html", "zh-CN": f"{site}/zh_CN/case-studies.html",
        "x-default": f"{site}/en/case-studies.html",
    }
    assert "ko_KR" not in {link["attrs"]["hreflang"] for link in having(page, "link", rel="alternate")}


def test_every_page_links_its_languages_pdf(built_site):
    for language in ("en", "ja"):
        folder = built_site.site / language
        [pdf] = folder.glob("*.pdf")
        for page in folder.glob("*.html"):
            hrefs = {a["attrs"]["href"] for a in having(page, "a", **{"class": "pdf-link"})}
            assert hrefs == {pdf.name}, page
