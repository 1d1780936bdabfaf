"""Issue 3: the language switcher, hreflang links and <html lang>."""

from __future__ import annotations

from pathlib import Path

from ..conftest import FIRST_PAPER, paper_page
from ..htmlparse import having


def site_pages(project, language: str) -> list[Path]:
    """The library home and every page of every paper."""
    return [project.site / language / f"{doc}.html"
            for doc in ["index", *(doc for paper in project.papers for doc in paper.documents)]]


def test_switcher_links_resolve_to_the_same_page_in_each_built_language(built_site):
    for language in ("en", "ja"):
        for page in site_pages(built_site, language):
            links = having(page, "nav", **{"class": "sidebar-languages"})
            assert links, f"{page} has no switcher"
            targets = [a for a in having(page, "a", hreflang=True) if a["attrs"].get("lang")]
            assert len(targets) >= len(built_site.language_codes)
            built = [a for a in targets if a["attrs"]["hreflang"] in ("en", "ja")]
            for anchor in built:
                target = (page.parent / anchor["attrs"]["href"]).resolve()
                assert target.is_file(), f"{page}: {anchor['attrs']['href']} does not exist"
                assert target.relative_to(built_site.site.resolve() / anchor["attrs"]["hreflang"]) == \
                    page.relative_to(built_site.site / language)


def test_every_language_is_offered_by_its_own_name(built_site):
    page = paper_page(built_site, "ja", "introduction")
    names = [a["text"].strip() for a in having(page, "a", hreflang=True) if a["attrs"].get("lang")]
    assert names[:6] == ["English", "Deutsch", "日本語", "한국어", "Bahasa Indonesia", "简体中文"]


def test_every_page_of_every_paper_has_hreflang_alternates_for_every_language(built_site):
    site = built_site.config["site_url"].rstrip("/")
    tags = {language.code: language.tag for language in built_site.languages}
    for page in site_pages(built_site, "ja"):
        path = page.relative_to(built_site.site / "ja").as_posix()
        alternates = {link["attrs"]["hreflang"]: link["attrs"]["href"] for link in having(page, "link", rel="alternate")}
        expected = {tags[code]: f"{site}/{code}/{path}" for code in built_site.language_codes}
        assert alternates == {**expected, "x-default": f"{site}/en/{path}"}, page


def test_html_lang_is_bcp47_and_hreflang_covers_every_language(built_site):
    page = paper_page(built_site, "ja", "case-studies")
    [html] = having(page, "html")
    assert html["attrs"]["lang"] == "ja"
    alternates = {link["attrs"]["hreflang"]: link["attrs"]["href"] for link in having(page, "link", rel="alternate")}
    site = built_site.config["site_url"].rstrip("/")
    assert alternates == {
        "en": f"{site}/en/{FIRST_PAPER}/case-studies.html", "de": f"{site}/de/{FIRST_PAPER}/case-studies.html",
        "ja": f"{site}/ja/{FIRST_PAPER}/case-studies.html", "ko-KR": f"{site}/ko_KR/{FIRST_PAPER}/case-studies.html",
        "id": f"{site}/id/{FIRST_PAPER}/case-studies.html", "zh-CN": f"{site}/zh_CN/{FIRST_PAPER}/case-studies.html",
        "x-default": f"{site}/en/{FIRST_PAPER}/case-studies.html",
    }
    assert "ko_KR" not in {link["attrs"]["hreflang"] for link in having(page, "link", rel="alternate")}


def test_every_page_of_a_paper_links_that_papers_pdf_and_shows_its_title(built_site):
    for language in ("en", "ja"):
        for paper in built_site.papers:
            title = having(built_site.site / language / f"{paper.home}.html", "h1")[0]["text"].strip()
            for document in paper.documents:
                page = built_site.site / language / f"{document}.html"
                hrefs = {a["attrs"]["href"] for a in having(page, "a", **{"class": "pdf-link"})}
                assert hrefs == {f"../{paper.pdf_file(language)}"}, page
                [brand] = having(page, "span", **{"class": "sidebar-brand-text"})
                assert brand["text"].strip() == title.rstrip("¶#").strip(), page
                navigation = {a["attrs"]["href"].split("#")[0] for a in having(page, "a", **{"class": "reference internal"})}
                assert navigation <= {f"{doc.split('/', 1)[1]}.html" for doc in paper.documents} | {""}, page


def section_ids(page: Path) -> set[str]:
    # A page's outermost section is a <div class="section"> (see FallbackMarkingTranslator), the others <section>.
    sections = having(page, "section", id=True) + having(page, "div", id=True, **{"class": "section"})
    return {section["attrs"]["id"] for section in sections}


def test_a_section_has_the_same_id_in_every_language(built_site):
    """The switcher's script keeps the reader's #section across languages: it may,
    because ids come from the source's titles, whatever the translation says."""
    for page in site_pages(built_site, "en"):
        english = section_ids(page)
        assert english, page
        for language in built_site.translations:
            translated = built_site.site / language / page.relative_to(built_site.site / "en")
            assert english <= section_ids(translated), f"{translated}: {sorted(english - section_ids(translated))}"
