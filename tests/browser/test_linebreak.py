"""Issue 18: lines a Japanese, Chinese or Korean typesetter accepts, measured in
the browser at several widths.

Headings, titles (the page's, the sidebar's, lists of chapters), captions,
table cells, diagram boxes and the paper's cover lines in Japanese and Chinese
break only between phrases (BudouX's phrases,
computed here with BudouX itself, or after full-width punctuation), unless a
phrase is wider than the whole line; no such line holds one character alone.
Korean breaks at spaces. Japanese paragraphs obey the strict line-start rules
(no line starts with a small kana, a prolonged sound mark or closing punctuation).
Lines are read from where the browser drew each character (Range.getClientRects).
"""

from __future__ import annotations

import pytest

from ..conftest import FIRST_PAPER
from ..phrasebreaks import MODELS, phrase_breaks

WIDTHS = (320, 360, 768, 1280)
SHORT_TEXTS = ("#furo-main-content :is(h1, h2, h3, h4, caption, figcaption, th > p, td > p, dt, p.subtitle, .diagram li > p,"
               " .paper-cover-credits p, .toctree-wrapper a), .sidebar-brand-text, .sidebar-tree a")
PAGES = [f"{FIRST_PAPER}/index.html", f"{FIRST_PAPER}/integration-points.html", f"{FIRST_PAPER}/high-level-view.html",
         f"{FIRST_PAPER}/case-studies.html", "cloud-edge-computing/index.html", "cloud-edge-computing/characteristics.html",
         "cloud-edge-computing/translators.html"]
# Characters no Japanese line may start with under the strict rules (JIS X 4051's line-start prohibitions).
NO_LINE_START = set("ー・、。，．：；？！）」』】〕〉》ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々〻")

# Each element's characters with where they were drawn; the headers' pilcrow links are not text.
DRAWN = """(selector) => [...document.querySelectorAll(selector)].filter((element) => element.getClientRects().length)
  .map((element) => {
    const characters = [];
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT, {acceptNode: (node) =>
      node.parentElement.closest('.headerlink') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      for (let index = 0; index < text.data.length; index++) {
        const range = document.createRange();
        range.setStart(text, index);
        range.setEnd(text, index + 1);
        const box = [...range.getClientRects()].find((rect) => rect.width > 0);
        characters.push([text.data[index], box ? [box.top, box.height, box.width] : null]);
      }
    }
    const style = getComputedStyle(element);
    return {tag: element.tagName, characters,
            width: element.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)};
  })"""


def lines_of(drawn: dict) -> tuple[str, list[int], dict[int, float]]:
    """The element's text (white space collapsed), where each of its lines starts, and each character's width."""
    text, starts, widths, top = "", [], {}, None
    for character, box in drawn["characters"]:
        if character.isspace() or box is None:
            if text and not text.endswith(" "):
                text += " "
            continue
        line_top, height, width = box
        if top is None or line_top > top + height / 2:
            if text.endswith(" "):
                text = text[:-1] + " "
            starts.append(len(text))
            top = line_top
        widths[len(text)] = width
        text += character
    return text, starts, widths


def bad_breaks(drawn: dict, language: str) -> list[str]:
    text, starts, widths = lines_of(drawn)
    allowed, spans = phrase_breaks(text, language)
    found = []
    for start in starts[1:]:
        if start in allowed:
            continue
        phrase = next((span for span in spans if span[0] < start < span[1]), (start, start))
        phrase_width = sum(widths.get(index, 0) for index in range(*phrase))
        if phrase_width <= drawn["width"]:  # a phrase that fits on a line is never split
            found.append(f"{text[:start][-8:]}/{text[start:][:8]} in {text[phrase[0]:phrase[1]]!r}")
    for begin, end in zip(starts, [*starts[1:], len(text)]):
        if len(text[begin:end].strip()) == 1:
            found.append(f"one character alone: {text[begin:end].strip()!r} in {text[:30]!r}")
    return found


def measured(browser, site_url, language: str, width: int, selector: str) -> dict[str, list[dict]]:
    context = browser.new_context(viewport={"width": width, "height": 800}, is_mobile=width < 700)
    page = context.new_page()
    found = {}
    for address in PAGES:
        page.goto(f"{site_url}/{language}/{address}")
        found[address] = page.evaluate(DRAWN, selector)
    context.close()
    return found


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", MODELS)
def test_short_texts_break_only_between_phrases(browser, site_url, language, width):
    problems, seen = [], 0
    for address, drawn in measured(browser, site_url, language, width, SHORT_TEXTS).items():
        for element in drawn:
            seen += 1
            problems += [f"{address} {element['tag']}: {problem}" for problem in bad_breaks(element, language)]
    assert seen > 50 and problems == []


@pytest.mark.parametrize("width", WIDTHS)
def test_korean_breaks_lines_at_spaces_only(browser, site_url, width):
    problems = []
    selector = SHORT_TEXTS.replace(")", ", p)", 1)
    for address, drawn in measured(browser, site_url, "ko_KR", width, selector).items():
        for element in drawn:
            text, starts, widths = lines_of(element)
            for start in starts[1:]:
                word_start = text.rfind(" ", 0, start) + 1
                word_end = text.find(" ", start) % (len(text) + 1)
                hangul = "\uac00" <= text[start - 1] <= "\ud7a3" and "\uac00" <= text[start] <= "\ud7a3"
                word_width = sum(widths.get(index, 0) for index in range(word_start, word_end))
                if hangul and word_width <= element["width"]:
                    problems.append(f"{address}: {text[word_start:start]}/{text[start:word_end]}")
    assert problems == []


@pytest.mark.parametrize("width", (320, 360))
def test_japanese_lines_follow_the_strict_line_start_rules(browser, site_url, width):
    problems, lines = [], 0
    for address, drawn in measured(browser, site_url, "ja", width, "#furo-main-content p").items():
        for element in drawn:
            text, starts, _ = lines_of(element)
            lines += len(starts)
            problems += [f"{address}: …{text[max(0, start - 6):start]}/{text[start:start + 6]}…"
                         for start in starts[1:] if text[start] in NO_LINE_START]
    assert lines > 200 and problems == []
