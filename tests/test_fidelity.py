"""Issue 2: the MyST sources reproduce the seed catalog word for word."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

from papersite import seed
from papersite.markup import LINK_ROLE
from papersite.sync import write_templates

from .htmlparse import having


def without_markup(msgid: str) -> str:
    return LINK_ROLE.sub(lambda match: match["words"], msgid)


@pytest.fixture(scope="module")
def english_msgids(tmp_path_factory) -> set[str]:
    from papersite.project import Project

    pot_dir = tmp_path_factory.mktemp("pot")
    write_templates(Project(), pot_dir)
    return {without_markup(entry.msgid) for pot in pot_dir.glob("*.pot") for entry in polib.pofile(str(pot))}


def test_every_seed_string_is_one_msgid(seed_path: Path, english_msgids: set[str]):
    missing = [text for text in seed.text_strings(seed.load(seed_path)) if text not in english_msgids]
    assert not missing, "not a msgid of the sources:\n" + "\n".join(text[:100] for text in missing)


def reference_links(reference_path: Path) -> set[tuple[str, str]]:
    links = set()
    for entry in polib.pofile(str(reference_path)):
        for match in re.finditer(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', entry.msgid):
            links.add((match[1], match[2].strip()))
    return links


def test_every_reference_url_is_a_link_on_the_same_words(built_site, reference_path: Path):
    english = built_site.site / "en"
    found = {(a["attrs"].get("href"), a["text"].strip()) for page in english.glob("*.html") for a in having(page, "a", href=True)}
    links = reference_links(reference_path)
    assert len({url for url, _ in links}) == 45
    assert not links - found, f"missing links: {sorted(links - found)}"


def test_the_nine_visuals_have_captions_and_text_alternatives(built_site):
    pages = sorted((built_site.site / "en").glob("*.html"))
    diagrams = [d for page in pages for d in having(page, "div", **{"class": "diagram", "role": "img"})]
    captions = [c for page in pages for c in having(page, "figcaption")]
    tables = [c for page in pages for c in having(page, "caption")]
    assert len(diagrams) == 7 and all(d["attrs"]["aria-label"].strip() for d in diagrams)
    assert len(captions) == 7 and all(c["text"].strip() for c in captions)
    assert [c["text"].strip().startswith("Table 1") for c in tables].count(True) == 1
    assert len(tables) == 2


def test_diagram_words_are_translated_in_japanese(built_site):
    page = built_site.site / "ja" / "introduction.html"
    [diagram] = having(page, "div", **{"class": "diagram"})
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", diagram["attrs"]["aria-label"])
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", diagram["text"])


def test_project_index_is_a_glossary_with_an_anchor_per_project(built_site):
    terms = having(built_site.site / "en" / "project-index.html", "dt", id=True)
    ids = [term["attrs"]["id"] for term in terms]
    assert len(ids) == 24 and "term-Kolla-Containers" in ids and "term-Triple-O" in ids
