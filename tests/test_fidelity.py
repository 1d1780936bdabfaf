"""Every paper with reference data (tests/data/<slug>/) reproduces it: its text
strings are messages, its links are links on the same words, its images are
visuals with captions and text alternatives. Every count comes from the data."""

from __future__ import annotations

import html
import re
from pathlib import Path

import polib
import pytest

from papersite.project import Project
from papersite.catalog.markup import LINK_ROLE
from papersite.catalog.sync import write_templates

from .conftest import DATA, paper_page, papers_with_reference_data
from .htmlparse import having

PAPERS = papers_with_reference_data()
TAG = re.compile(r"<[^>]+>")
ANCHOR = re.compile(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', re.DOTALL)
IMAGE = re.compile(r"^<img\b")
EMPHASIS = re.compile(r"\*{1,2}")
ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # Markdown's backslash before punctuation ("1\." is not a list)


def plain(text: str) -> str:
    return " ".join(text.split())


def reference_text(msgid: str) -> str:
    """The words a reader sees: HTML tags (links, bold) removed."""
    return plain(html.unescape(TAG.sub("", msgid)))


def message_text(msgid: str) -> str:
    """The same for a MyST message: link keys, emphasis markers and escapes removed."""
    return plain(ESCAPED.sub(r"\1", EMPHASIS.sub("", LINK_ROLE.sub(lambda match: match["words"], msgid))))


def reference_msgids(slug: str) -> list[str]:
    return [entry.msgid for entry in polib.pofile(str(DATA / slug / "reference.pot"))]


@pytest.fixture(scope="module")
def templates(tmp_path_factory) -> Path:
    pot_dir = tmp_path_factory.mktemp("pot")
    write_templates(Project(), pot_dir)
    return pot_dir


@pytest.mark.parametrize("slug", PAPERS)
def test_every_reference_text_string_is_a_message_of_its_paper(slug, templates):
    messages = {message_text(entry.msgid) for pot in (templates / slug).rglob("*.pot") for entry in polib.pofile(str(pot))}
    texts = [reference_text(msgid) for msgid in reference_msgids(slug) if not IMAGE.match(msgid)]
    missing = [text for text in texts if text not in messages]
    assert texts and not missing, "not a msgid of the sources:\n" + "\n".join(text[:100] for text in missing)


def migration_links(php: str) -> set[tuple[str, str]]:
    """Resource lists the template lost: ``$x_idx_items = ['Title' => '…', …]`` and
    ``$x_links = ['https://…', …]``, paired in order."""
    quoted = r"'((?:[^'\\]|\\.)*)'"
    titles = {name.rstrip("_"): re.findall(quoted + r"\s*=>", body)
              for name, body in re.findall(r"\$(\w+?)_idx_items\s*=\s*\[(.*?)\];", php, re.DOTALL)}
    links = set()
    for name, body in re.findall(r"\$(\w+?)_links\s*=\s*\[(.*?)\];", php, re.DOTALL):
        urls = re.findall(quoted, body)
        assert len(urls) == len(titles[name.rstrip("_")]), name
        links |= {(url, title.replace("\\'", "'")) for url, title in zip(urls, titles[name.rstrip("_")])}
    return links


def reference_links(slug: str) -> set[tuple[str, str]]:
    links = {(url, reference_text(words)) for msgid in reference_msgids(slug) for url, words in ANCHOR.findall(msgid)}
    migration = DATA / slug / "migration.php"
    if migration.is_file():
        php = migration.read_text(encoding="utf-8")
        links |= {(url, reference_text(words)) for url, words in ANCHOR.findall(php)} | migration_links(php)
    return links


@pytest.mark.parametrize("slug", PAPERS)
def test_every_reference_link_is_a_link_on_the_same_words(built_site, slug):
    pages = sorted((built_site.site / "en" / slug).glob("*.html"))
    found = {(a["attrs"]["href"], plain(a["text"])) for page in pages for a in having(page, "a", href=True)}
    links = reference_links(slug)
    assert links and not links - found, f"missing links: {sorted(links - found)}"


@pytest.mark.parametrize("slug", PAPERS)
def test_every_reference_image_is_a_visual_with_a_caption_and_a_text_alternative(built_site, slug):
    images = [msgid for msgid in reference_msgids(slug) if IMAGE.match(msgid)]
    pages = sorted((built_site.site / "en" / slug).glob("*.html"))
    diagrams = [d for page in pages for d in having(page, "div", **{"class": "diagram", "role": "img"})]
    captions = [c for page in pages for c in having(page, "figcaption")]
    tables = [c for page in pages for c in having(page, "caption")]
    assert len(diagrams) + len(tables) == len(images)
    assert all(d["attrs"]["aria-label"].strip() for d in diagrams)
    assert len(captions) == len(diagrams) and all(c["text"].strip() for c in captions + tables)


def test_diagram_words_are_translated_in_japanese(built_site):
    page = paper_page(built_site, "ja", "introduction")
    [diagram] = having(page, "div", **{"class": "diagram"})
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", diagram["attrs"]["aria-label"])
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", diagram["text"])


def test_project_index_is_a_glossary_with_an_anchor_per_project(built_site):
    page = paper_page(built_site, "en", "project-index")
    ids = [term["attrs"].get("id") for term in having(page, "dt")]
    assert ids and all(ids) and "term-Kolla-Containers" in ids and "term-Triple-O" in ids
