"""Issue 6: the site in a real browser."""

from __future__ import annotations

import json

import pytest

from ..conftest import FIRST_PAPER
from .conftest import ARTIFACTS, AXE

# A word from a translated paragraph of each language, and the page it is on.
SEARCHES = {
    "de": ("Mandanten", f"{FIRST_PAPER}/case-studies.html"),
    "ja": ("コンテナ", f"{FIRST_PAPER}/introduction.html"),
    "ko_KR": ("베어메탈", f"{FIRST_PAPER}/introduction.html"),
    "id": ("kontainer", f"{FIRST_PAPER}/introduction.html"),
    "zh_CN": ("裸金属", f"{FIRST_PAPER}/introduction.html"),
}
LANGUAGES = ["en", "de", "ja", "ko_KR", "id", "zh_CN"]


def test_switcher_goes_to_the_same_page_in_another_language(page, site_url):
    page.goto(f"{site_url}/en/{FIRST_PAPER}/case-studies.html")
    page.locator(".sidebar-languages a[hreflang=ja]").click()
    page.wait_for_url(f"{site_url}/ja/{FIRST_PAPER}/case-studies.html")
    assert page.locator("html").get_attribute("lang") == "ja"


@pytest.mark.parametrize("language", SEARCHES)
def test_search_finds_a_translated_word_within_the_language(page, site_url, built_site, language):
    word, expected_page = SEARCHES[language]
    source = (built_site.site / language / expected_page).read_text(encoding="utf-8")
    assert word in source  # the word really is on that page
    page.goto(f"{site_url}/{language}/search.html?q={word}")
    results = page.locator("#search-results ul.search li a")
    results.first.wait_for(timeout=15000)
    wait_until_stable(page, results)
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert any(href.split("#")[0].split("?")[0].endswith(expected_page) for href in hrefs), hrefs
    for href in hrefs:  # relative links: they stay inside this language's site
        assert not href.startswith(("http", "/", "..")), href


def wait_until_stable(page, locator, settle_ms: int = 400, rounds: int = 25) -> None:
    """Sphinx shows search results one by one: wait until their number settles."""
    previous = -1
    for _ in range(rounds):
        count = locator.count()
        if count == previous:
            return
        previous = count
        page.wait_for_timeout(settle_ms)


def test_pdf_link_downloads_a_pdf(page, site_url):
    page.goto(f"{site_url}/ja/{FIRST_PAPER}/index.html")
    with page.expect_download() as download_info:
        page.locator(".sidebar-languages a.pdf-link").click()
    path = download_info.value.path()
    assert open(path, "rb").read(5) == b"%PDF-"
    assert download_info.value.suggested_filename.endswith(".ja.pdf")


def test_phone_shows_the_switcher_without_horizontal_scrolling(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone = context.new_page()
    for language in LANGUAGES:
        for name in ("index", f"{FIRST_PAPER}/index", f"{FIRST_PAPER}/case-studies"):
            phone.goto(f"{site_url}/{language}/{name}.html")
            assert phone.locator(".page-languages").is_visible()
            overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{language}/{name}: {overflow}px wider than the screen"
    context.close()


def test_screenshots_of_each_languages_library_home_and_papers(page, site_url, built_site):
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page.goto(f"{site_url}/index.html#languages")
    page.screenshot(path=str(folder / "landing.png"), full_page=True)
    for language in LANGUAGES:
        for name in ["index", *(paper.home for paper in built_site.papers)]:
            shot = folder / f"{language}-{name.replace('/', '-')}.png"
            page.goto(f"{site_url}/{language}/{name}.html")
            page.screenshot(path=str(shot))
            assert shot.stat().st_size > 10_000


def test_landing_sends_readers_to_their_language_and_lists_all_without_javascript(browser, site_url):
    context = browser.new_context(locale="ko-KR")
    korean = context.new_page()
    korean.goto(f"{site_url}/index.html")
    korean.wait_for_url(f"{site_url}/ko_KR/index.html")
    context.close()
    context = browser.new_context(locale="ko-KR", java_script_enabled=False)
    static = context.new_page()
    static.goto(f"{site_url}/index.html")
    assert static.url == f"{site_url}/index.html"
    assert static.locator("li[data-language]").count() == len(LANGUAGES)
    context.close()


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return result["violations"]  # of any impact (issue 11)


@pytest.mark.parametrize("address", ["index.html#languages", *[f"{code}/index.html" for code in LANGUAGES],
                                     *[f"{code}/{FIRST_PAPER}/{name}.html" for code in LANGUAGES
                                       for name in ("introduction", "case-studies")]])
def test_no_accessibility_violations(page, site_url, address):
    page.goto(f"{site_url}/{address}")
    violations = axe_violations(page)
    report = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    assert not violations, json.dumps(report, ensure_ascii=False, indent=1)
