"""Issue 19: what a saved file means for each language's live build."""

from __future__ import annotations

from papersite.live.changes import Rebuild, language_changes, merged
from papersite.project import Project

from ..conftest import FIRST_PAPER, paper_catalog, paper_source

PROJECT = Project()


def test_a_papers_catalog_rebuilds_the_pages_of_its_language_only():
    path = paper_catalog(PROJECT, "ja", "conclusion")
    assert language_changes(PROJECT, path, existed=True) == {"ja": Rebuild.PAGES}
    assert language_changes(PROJECT, path, existed=False) == {"ja": Rebuild.PAGES}  # saved by renaming a new file


def test_interface_strings_and_the_glossary_rebuild_their_language_afresh():
    for path in (PROJECT.catalog_folder("de") / "sphinx.po", PROJECT.catalog_folder("de") / "index.po",
                 PROJECT.locale / "de" / "glossary.md"):
        assert language_changes(PROJECT, path, existed=True) == {"de": Rebuild.FRESH}, path


def test_a_source_page_rebuilds_every_language_and_other_sources_afresh():
    page = paper_source(PROJECT, "conclusion")
    assert language_changes(PROJECT, page, existed=True) == dict.fromkeys(PROJECT.language_codes, Rebuild.PAGES)
    assert set(language_changes(PROJECT, page, existed=False).values()) == {Rebuild.FRESH}
    settings = PROJECT.source / FIRST_PAPER / "paper.toml"
    assert language_changes(PROJECT, settings, existed=True) == dict.fromkeys(PROJECT.language_codes, Rebuild.FRESH)


def test_a_template_rewrites_every_language_and_what_is_no_input_nothing():
    template = PROJECT.root / "_templates" / "page.html"
    assert language_changes(PROJECT, template, existed=True) == dict.fromkeys(PROJECT.language_codes, Rebuild.PAGES)
    for path in (PROJECT.catalog_folder("ja") / FIRST_PAPER / "conclusion.po~", PROJECT.locale / "en" / "x.po",
                 PROJECT.locale / "README", PROJECT.root / "README.md", PROJECT.build / "live" / "x.html"):
        assert language_changes(PROJECT, path, existed=True) == {}, path


def test_changes_merge_to_the_larger_rebuild_per_language():
    assert merged([{"ja": Rebuild.PAGES}, {"ja": Rebuild.FRESH, "de": Rebuild.PAGES}, {}]) == \
        {"ja": Rebuild.FRESH, "de": Rebuild.PAGES}
