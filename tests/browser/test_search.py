"""Issue 11: search in every language, as a reader uses it.

Per language, a word of a heading and a compound (for Japanese and Chinese one
the index's segmenter cuts into parts): the page with that heading comes first,
the result count is said in the reader's language, and excerpts are the page's
content, never the language switcher. Expected pages and messages are read from
the built pages and the language's catalog, not written here.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest

from ..htmlparse import elements, having
from .test_site import wait_until_stable

SEARCHES = {
    "en": ["Superfluidity", "Bare-Metal"],
    "de": ["Virtualisierung", "Integrationspunkte"],
    "ja": ["索引", "導入事例", "仮想化"],
    "ko_KR": ["결론", "가상화"],
    "id": ["Kesimpulan", "Bare-Metal"],
    "zh_CN": ["结论", "案例研究"],
}
HEADING = re.compile(r"h[1-6]")
COUNT_MESSAGE = "Search finished, found one page matching the search query."


def pages_headed_by(site_language: Path, word: str) -> set[str]:
    """The pages (relative to the language's folder) with ``word`` in a heading."""
    found = set()
    for page in site_language.rglob("*.html"):
        headings = [element["text"] for element in elements(page) if HEADING.fullmatch(element["tag"])]
        if any(word.lower() in heading.lower() for heading in headings):
            found.add(page.relative_to(site_language).as_posix())
    return found


def interface_message(project, language: str, msgid: str) -> list[str]:
    """The forms a search page message takes in ``language`` (English: the source's)."""
    catalog_language = project.translations[0] if language == project.source_language else language
    entry = polib.pofile(str(project.catalog_folder(catalog_language) / "sphinx.po")).find(msgid)
    assert entry is not None, f"{msgid!r} is not in the interface catalog"
    if language == project.source_language:
        return [entry.msgid, entry.msgid_plural] if entry.msgid_plural else [entry.msgid]
    assert entry.translated(), f"{language}: {msgid!r} is not translated"
    return [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)] or [entry.msgstr]


def switcher_words(page: Path) -> list[str]:
    """The switcher's caption and language names, as the page shows them."""
    switcher = having(page, "nav", **{"class": "page-languages"})
    assert switcher, f"{page}: no language switcher"
    return [part for part in switcher[0]["text"].split("\n") if part.strip()]


def search(page, site_url: str, language: str, word: str):
    page.goto(f"{site_url}/{language}/search.html?q={word}")
    results = page.locator("#search-results ul.search li")
    results.first.wait_for(timeout=15000)
    wait_until_stable(page, results)
    page.locator("#search-results li p.context").first.wait_for(timeout=15000)
    return results


@pytest.mark.parametrize("language, word", [(lang, word) for lang, words in SEARCHES.items() for word in words])
def test_search_puts_the_headed_page_first_with_a_translated_count_and_content_excerpts(
        page, site_url, built_site, language, word):
    site_language = built_site.site / language
    expected = pages_headed_by(site_language, word)
    assert expected, f"no {language} page has {word!r} in a heading"
    results = search(page, site_url, language, word)

    first = results.first.locator("a").first.get_attribute("href").split("#")[0].split("?")[0]
    assert first in expected, (first, expected)

    count = results.count()
    status = page.locator("#search-results p.search-summary").inner_text()
    forms = [form.replace("${resultCount}", str(count)) for form in interface_message(built_site, language, COUNT_MESSAGE)]
    assert status in forms, (status, forms)
    title = page.locator("#search-results h2").inner_text()
    assert title in interface_message(built_site, language, "Search Results")

    interface = switcher_words(site_language / first)
    excerpt = results.first.locator("p.context").inner_text().lstrip(". ")
    assert excerpt, "empty excerpt"
    assert not any(excerpt.startswith(text.strip()) for text in interface), (excerpt[:80], interface)


def test_a_glossary_terms_excerpt_does_not_run_into_its_definition(page, site_url, built_site):
    """<dt>Docker</dt><dd>Docker is…</dd> read as "DockerDocker is…"."""
    language = built_site.source_language
    glossary_page = next(path for path in (built_site.site / language).rglob("*.html")
                         if having(path, "dl", **{"class": "glossary"}))
    term = having(glossary_page, "dt")[0]["text"].replace("¶", "").strip()
    results = search(page, site_url, language, term)
    excerpts = [results.nth(index).inner_text() for index in range(results.count())]
    assert any(term in excerpt for excerpt in excerpts)
    assert not any(term + term in excerpt for excerpt in excerpts), excerpts


class Prose(HTMLParser):
    """The text of a page's paragraphs of running text, in its main landmark:
    not in a table, a figure, a navigation, a list of links or an interface part."""

    NOT_PROSE_TAGS = {"table", "figure", "nav"}
    NOT_PROSE_CLASSES = {"toctree-wrapper"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, in main, excluded)
        self.paragraphs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        attributes = dict(attrs)
        in_main, excluded = self.stack[-1][1:] if self.stack else (False, False)
        in_main = in_main or attributes.get("role") == "main"
        excluded = excluded or tag in self.NOT_PROSE_TAGS or "data-search-skip" in attributes \
            or attributes.get("role") == "img" or bool(self.NOT_PROSE_CLASSES & set((attributes.get("class") or "").split()))
        self.stack.append((tag, in_main, excluded))
        if tag == "p" and in_main and not excluded:
            self.paragraphs.append("")

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if self.stack and any(tag == "p" for tag, _, _ in self.stack) and self.stack[-1][1] and not self.stack[-1][2]:
            if self.paragraphs:
                self.paragraphs[-1] += data


VOID = {"meta", "link", "img", "br", "hr", "input", "source", "wbr"}


def prose(page: Path) -> str:
    parser = Prose()
    parser.feed(page.read_text(encoding="utf-8"))
    return " ".join(" ".join(text.split()) for text in parser.paragraphs if text.strip())


@pytest.mark.parametrize("language, word", [("en", "OpenStack"), ("ja", "コンテナ"), ("de", "Container")])
def test_excerpts_come_from_paragraphs_of_running_text_only(page, site_url, built_site, language, word):
    """A paper's first page read as a run-on list of chapter titles; now every
    excerpt is a stretch of the page's own paragraphs."""
    results = search(page, site_url, language, word)
    page.wait_for_timeout(1000)  # every result's excerpt has arrived
    checked = 0
    for index in range(results.count()):
        item = results.nth(index)
        if not item.locator("p.context").count():
            continue
        href = item.locator("a").first.get_attribute("href").split("#")[0].split("?")[0]
        excerpt = " ".join(item.locator("p.context").inner_text().split()).strip(".").strip()
        assert excerpt in prose(built_site.site / language / href), (href, excerpt[:80])
        checked += 1
    assert checked > 3
