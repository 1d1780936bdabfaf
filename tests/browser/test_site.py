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


def page_types(project, language: str) -> dict[str, str]:
    """One page of each kind a reader meets in a language's site."""
    paper = next(paper for paper in project.papers if paper.slug == FIRST_PAPER)
    return {
        "library home": f"{language}/index.html",
        "paper": f"{language}/{paper.home}.html",
        "chapter": f"{language}/{FIRST_PAPER}/integration-points.html",  # with a wide table
        "search": f"{language}/search.html",
        "index": f"{language}/genindex.html",
        "404": f"{language}/404.html",
        "translators": f"{language}/{FIRST_PAPER}/translators.html",
    }


SITE_PAGES = {"landing": "index.html", "site 404": "404.html"}
PHONES = (320, 360)


@pytest.mark.parametrize("width", PHONES)
def test_no_page_of_any_kind_scrolls_sideways_on_a_phone(browser, site_url, built_site, width):
    context = browser.new_context(viewport={"width": width, "height": 740}, is_mobile=True, has_touch=True)
    phone = context.new_page()
    wider = {}
    addresses = [*SITE_PAGES.values(), *(path for code in LANGUAGES for path in page_types(built_site, code).values())]
    for address in addresses:
        phone.goto(f"{site_url}/{address}")
        # Compared with the screen, not window.innerWidth: a phone widens its layout viewport to the page.
        overflow = phone.evaluate("document.documentElement.scrollWidth") - width
        if overflow > 0:
            wider[address] = overflow
    context.close()
    assert wider == {}, f"pages wider than a {width}px screen: {wider}"


def visible_switchers(page) -> list[str]:
    return page.evaluate("""() => [...document.querySelectorAll('nav[aria-label]')]
        .filter((nav) => nav.querySelector('a[hreflang]') && nav.getClientRects().length && getComputedStyle(nav).visibility !== 'hidden')
        .map((nav) => nav.className)""")


@pytest.mark.parametrize("width", [360, 1280])
def test_every_kind_of_page_shows_one_language_switcher(browser, site_url, built_site, width):
    context = browser.new_context(viewport={"width": width, "height": 800}, is_mobile=width < 700)
    page = context.new_page()
    counts = {}
    for code in ("en", "ja"):
        for kind, address in page_types(built_site, code).items():
            page.goto(f"{site_url}/{address}")
            counts[f"{code} {kind}"] = visible_switchers(page)
    context.close()
    expected = ["page-languages"] if width < 700 else ["sidebar-languages"]
    assert {page: found for page, found in counts.items() if found != expected} == {}


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
    if (element.closest("[aria-hidden=true]")) continue;  // decoration (a cover's artwork), cropped by design
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


AXE_LANGUAGES = ("en", "ja", "ko_KR")


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_accessibility_violations(browser, site_url, built_site, width, scheme):
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme, is_mobile=width < 700)
    page = context.new_page()
    found = {}
    addresses = [*SITE_PAGES.values(), *(path for code in AXE_LANGUAGES for path in page_types(built_site, code).values())]
    for address in addresses:
        page.goto(f"{site_url}/{address}")
        violations = axe_violations(page)
        if violations:
            found[address] = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    context.close()
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)


def test_a_table_that_scrolls_is_a_named_region_the_keyboard_reaches(browser, site_url, built_site):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    phone = context.new_page()
    phone.goto(f"{site_url}/{page_types(built_site, 'en')['chapter']}")
    regions = phone.evaluate("""() => [...document.querySelectorAll('[role=main] .table-wrapper')]
        .filter((box) => box.scrollWidth > box.clientWidth)
        .map((box) => ({role: box.getAttribute('role'), tabIndex: box.tabIndex, name: box.getAttribute('aria-label'),
                        caption: box.querySelector('caption').textContent.replace(/\\s+/g, ' ').replace('¶', '').trim()}))""")
    assert regions, "no table scrolls on a phone: the test has nothing to check"
    for region in regions:
        assert region["role"] == "region" and region["tabIndex"] == 0, region
        assert region["name"] and region["caption"].startswith(region["name"]), region
    # The keyboard reaches it: tabbing through the page focuses the table's box.
    reached = False
    for _ in range(200):
        phone.keyboard.press("Tab")
        if phone.evaluate("document.activeElement.classList.contains('table-wrapper')"):
            reached = True
            break
    context.close()
    assert reached


# The layout shifts a reader sees, as the browser reports them (not a timing).
LAYOUT_SHIFTS = """window.__layoutShift = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__layoutShift += entry.value;
}).observe({type: 'layout-shift', buffered: true});"""


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("language, word", [("en", "container"), ("ja", "コンテナ")])
def test_search_results_arrive_without_moving_the_page(browser, site_url, width, language, word):
    context = browser.new_context(viewport={"width": width, "height": 800}, is_mobile=width < 700)
    page = context.new_page()
    page.add_init_script(LAYOUT_SHIFTS)
    page.goto(f"{site_url}/{language}/search.html?q={word}")
    results = page.locator("#search-results ul.search li")
    results.first.wait_for(timeout=15000)
    wait_until_stable(page, results)
    page.locator("#search-results li p.context").first.wait_for(timeout=15000)
    page.wait_for_timeout(500)
    shift = page.evaluate("window.__layoutShift")
    context.close()
    assert shift < 0.1, shift


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return result["violations"]  # of any impact (issue 11)
