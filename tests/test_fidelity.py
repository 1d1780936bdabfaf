"""Every paper with reference data (tests/data/<slug>/reference.pot, the original
the paper was converted from) keeps what the original said: its text strings
are messages of the paper's sources, its links are links of the sources on the
same words to the same addresses (as ``links.toml`` defines them), its images
are visuals with captions and text alternatives. Every count comes from the data.

The reference is the input of the conversion, not an oracle: where the sources
deliberately differ from it (an address the original got wrong, a typo), the
difference is recorded with its reason in tests/data/<slug>/repairs.toml (see
README, "Adding a paper"), and checked here to be applied.
"""

from __future__ import annotations

import html
import re
import tomllib
from pathlib import Path

import polib
import pytest

from papersite.catalog.markup import LINK_ROLE
from papersite.catalog.sync import write_templates
from papersite.project import Project

from .conftest import DATA, paper_page, papers_with_reference_data
from .htmlparse import having

PAPERS = papers_with_reference_data()
TAG = re.compile(r"<[^>]+>")
ANCHOR = re.compile(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', re.DOTALL)
IMAGE = re.compile(r"^<img\b")
IMAGE_SOURCE = re.compile(r'\bsrc="([^"]+)"')
EMPHASIS = re.compile(r"\*{1,2}")
ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # Markdown's backslash before punctuation ("1\." is not a list)
REPAIR_KINDS = {"links", "texts", "images"}


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


def repairs(slug: str) -> dict[str, dict[str, dict]]:
    """``{kind: {original: {"to": ..., "reason": ...}}}`` from repairs.toml, if the paper has one."""
    path = DATA / slug / "repairs.toml"
    recorded = tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    assert set(recorded) <= REPAIR_KINDS, f"{path}: kinds are {sorted(REPAIR_KINDS)}"
    for kind, entries in recorded.items():
        for original, repair in entries.items():
            assert isinstance(repair, dict) and str(repair.get("reason", "")).strip(), \
                f"{path}: {kind} {original!r} needs a reason"
            assert kind == "images" or isinstance(repair.get("to"), str), f"{path}: {kind} {original!r} needs 'to'"
    return {kind: recorded.get(kind, {}) for kind in REPAIR_KINDS}


@pytest.fixture(scope="module")
def templates(tmp_path_factory) -> Path:
    pot_dir = tmp_path_factory.mktemp("pot")
    write_templates(Project(), pot_dir)
    return pot_dir


def source_msgids(templates: Path, slug: str) -> list[str]:
    return [entry.msgid for pot in sorted((templates / slug).rglob("*.pot")) for entry in polib.pofile(str(pot))]


def repaired_text(text: str, slug: str) -> str:
    for original, repair in repairs(slug)["texts"].items():
        text = text.replace(original, repair["to"])
    return text


@pytest.mark.parametrize("slug", PAPERS)
def test_every_reference_text_string_is_a_message_of_its_paper(slug, templates):
    messages = {message_text(msgid) for msgid in source_msgids(templates, slug)}
    texts = [repaired_text(reference_text(msgid), slug) for msgid in reference_msgids(slug) if not IMAGE.match(msgid)]
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
    """(address, words) of every link of the original."""
    links = {(html.unescape(url), reference_text(words))
             for msgid in reference_msgids(slug) for url, words in ANCHOR.findall(msgid)}
    migration = DATA / slug / "migration.php"
    if migration.is_file():
        php = migration.read_text(encoding="utf-8")
        links |= {(html.unescape(url), reference_text(words)) for url, words in ANCHOR.findall(php)}
        links |= migration_links(php)
    return links


def source_links(templates: Path, paper) -> set[tuple[str, str]]:
    """(address, words) of every {link} of the paper's sources, the address from its links.toml."""
    return {(paper.link_targets[match["key"]], message_text(match["words"]))
            for msgid in source_msgids(templates, paper.slug) for match in LINK_ROLE.finditer(msgid)}


@pytest.mark.parametrize("slug", PAPERS)
def test_every_reference_link_is_a_link_of_the_sources_on_the_same_words(slug, templates):
    paper = next(paper for paper in Project().papers if paper.slug == slug)
    moved = repairs(slug)["links"]
    expected = {(moved[url]["to"] if url in moved else url, words) for url, words in reference_links(slug)}
    found = source_links(templates, paper)
    assert expected and not expected - found, f"missing links: {sorted(expected - found)}"


@pytest.mark.parametrize("slug", PAPERS)
def test_every_repair_is_of_something_the_reference_has(slug):
    """A repair whose original is no longer in the reference data would hide nothing; it must go."""
    recorded = repairs(slug)
    msgids = reference_msgids(slug)
    urls = {url for url, _ in reference_links(slug)}
    texts = " ".join(reference_text(msgid) for msgid in msgids)
    sources = {source for msgid in msgids for source in IMAGE_SOURCE.findall(msgid)}
    stale = [url for url in recorded["links"] if url not in urls] + \
        [text for text in recorded["texts"] if text not in texts] + \
        [source for source in recorded["images"] if source not in sources]
    assert stale == []


@pytest.mark.parametrize("slug", PAPERS)
def test_every_reference_image_is_a_visual_with_a_caption_and_a_text_alternative(built_site, slug):
    """A picture of the original is a figure now (a picture, or a drawing made
    of text) or a captioned table, unless repairs.toml says why it was left out."""
    dropped = repairs(slug)["images"]
    images = [msgid for msgid in reference_msgids(slug)
              if IMAGE.match(msgid) and not set(IMAGE_SOURCE.findall(msgid)) & set(dropped)]
    pages = sorted((built_site.site / "en" / slug).glob("*.html"))
    figures = [f for page in pages for f in having(page, "figure")]
    drawings = [d for page in pages for d in having(page, "div", **{"class": "diagram", "role": "img"})]
    pictures = [f for page in pages for f in having(page, "figure", **{"class": "paper-image"})]
    files = [i for page in pages for i in having(page, "img") if i["attrs"].get("src", "").startswith("../_images/")]
    captions = [c for page in pages for c in having(page, "figcaption")]
    tables = [c for page in pages for c in having(page, "caption")]
    assert len(figures) + len(tables) == len(images)
    assert len(drawings) + len(pictures) == len(figures) and len(files) == len(pictures)
    assert all(d["attrs"]["aria-label"].strip() for d in drawings) and all(i["attrs"]["alt"].strip() for i in files)
    assert len(captions) == len(figures) and all(c["text"].strip() for c in captions + tables)


def test_diagram_words_are_translated_in_japanese(built_site):
    page = paper_page(built_site, "ja", "introduction")
    [diagram] = having(page, "div", **{"class": "diagram"})
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", diagram["attrs"]["aria-label"])
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", diagram["text"])


def test_project_index_is_a_glossary_with_an_anchor_per_project(built_site):
    page = paper_page(built_site, "en", "project-index")
    ids = [term["attrs"].get("id") for term in having(page, "dt")]
    assert ids and all(ids) and "term-Kolla-Containers" in ids and "term-Triple-O" in ids
