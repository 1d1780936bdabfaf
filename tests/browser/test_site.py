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
    page.goto(f"{site_url}/index.html")
    page.screenshot(path=str(folder / "landing.png"), full_page=True)
    for language in LANGUAGES:
        for name in ["index", *(paper.home for paper in built_site.papers)]:
            shot = folder / f"{language}-{name.replace('/', '-')}.png"
            page.goto(f"{site_url}/{language}/{name}.html")
            page.screenshot(path=str(shot))
            assert shot.stat().st_size > 10_000


def test_landing_is_a_plain_list_with_or_without_javascript(browser, site_url, built_site):
    for javascript in (True, False):
        context = browser.new_context(locale="ko-KR", java_script_enabled=javascript)
        page = context.new_page()
        page.goto(f"{site_url}/index.html")
        page.wait_for_load_state("load")
        assert page.url == f"{site_url}/index.html"  # no redirect: issue 10
        assert page.locator("li[data-language]").count() == len(LANGUAGES)
        context.close()


# Han characters take each language's forms: the font Chromium really used, from the DevTools protocol.
CJK_FONTS = {"ja": "Noto Sans CJK JP", "ko_KR": "Noto Sans CJK KR", "zh_CN": "Noto Sans CJK SC"}


def used_fonts(page, selector: str) -> list[str]:
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument")["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return [font["familyName"] for font in sorted(fonts, key=lambda font: -font["glyphCount"])]


def test_landing_sets_each_cjk_language_in_its_own_font(page, site_url):
    page.goto(f"{site_url}/index.html")
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / "landing-fonts.png"), full_page=True)
    for code, font in CJK_FONTS.items():
        fonts = used_fonts(page, f'li[data-language="{code}"] li[data-paper] .title')
        assert fonts[0] == font, (code, fonts)


def test_switching_language_keeps_the_section(page, site_url):
    section = "kata-containers-secure-applications-through-virtualization"
    page.goto(f"{site_url}/en/{FIRST_PAPER}/integration-points.html#{section}")
    page.locator(".sidebar-languages a[hreflang=ja]").click()
    page.wait_for_url(f"{site_url}/ja/{FIRST_PAPER}/integration-points.html#{section}")
    assert page.locator(f"section#{section}").count() == 1
    page.evaluate("location.hash = '#conclusion-missing'")  # the links follow the hash as it changes
    german = page.evaluate("document.querySelector('.page-languages a[hreflang=de]').href")
    assert german == f"{site_url}/de/{FIRST_PAPER}/integration-points.html#conclusion-missing"


# What a phone of 360 CSS pixels shows of a page: every element of the article
# inside the screen, unless it is inside a scroll container that shows it scrolls
# (a gradient shadow at its edges); no word of a Latin script or of Korean split
# across two lines when it would fit on one (Japanese and Chinese break between
# any characters by rule).
PHONE_PROBLEMS = """() => {
  const width = document.documentElement.clientWidth, problems = [];
  const scroller = (element) => {
    for (let node = element.parentElement; node; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (["auto", "scroll"].includes(style.overflowX) && node.scrollWidth > node.clientWidth) return node;
    }
    return null;
  };
  for (const element of document.querySelectorAll("#furo-main-content *")) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 0.5) continue;
    const container = scroller(element);
    if (!container) { problems.push("clipped: " + element.tagName + " " + element.textContent.slice(0, 60)); continue; }
    if (!getComputedStyle(container).backgroundImage.includes("gradient"))
      problems.push("scrolls without a cue: " + container.className);
    const frame = container.getBoundingClientRect();
    if (frame.right > width + 0.5) problems.push("scroller wider than the screen: " + container.className);
  }
  for (const caption of document.querySelectorAll("#furo-main-content caption .caption-text")) {
    if (caption.getBoundingClientRect().right > width + 0.5) problems.push("caption cut: " + caption.textContent.slice(0, 60));
  }
  const words = /[A-Za-z\u00C0-\u024F0-9]+|[\uAC00-\uD7A3]+/g;
  const walker = document.createTreeWalker(document.querySelector("#furo-main-content"), NodeFilter.SHOW_TEXT);
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    if (!text.parentElement.closest("td, th, caption, p, li, dt, dd, h1, h2, h3, h4, figcaption")) continue;
    for (const match of text.data.matchAll(words)) {
      const range = document.createRange();
      range.setStart(text, match.index);
      range.setEnd(text, match.index + match[0].length);
      const rects = [...range.getClientRects()].filter(r => r.width > 0);
      if (new Set(rects.map(r => Math.round(r.bottom))).size < 2) continue;
      // Outside tables (which scroll), a word longer than the whole line may break.
      const block = text.parentElement.closest("td, th, caption, p, li, dt, dd, h1, h2, h3, h4, figcaption");
      const style = getComputedStyle(block);
      const line = block.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      const wordWidth = rects.reduce((sum, r) => sum + r.width, 0);
      if (block.closest("table") || wordWidth <= line) problems.push("word broken: " + match[0]);
    }
  }
  return problems;
}"""


@pytest.mark.parametrize("language", LANGUAGES)
def test_phone_shows_every_page_whole_with_tables_that_say_they_scroll(browser, site_url, built_site, language):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    phone = context.new_page()
    for name in ["index", *(doc for paper in built_site.papers for doc in paper.documents)]:
        phone.goto(f"{site_url}/{language}/{name}.html")
        problems = phone.evaluate(PHONE_PROBLEMS)
        assert not problems, f"{language}/{name}: {problems[:8]}"
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
