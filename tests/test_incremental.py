"""Issue 9, item 5: an incremental build publishes exactly what a clean build does.

Sphinx's own incremental search index merges into the previous searchindex.js,
losing the index entries of the pages it keeps and keeping the old words of the
pages it rewrites; pages it does not rewrite keep an old title in their sidebar.
"""

from __future__ import annotations

import json
import subprocess
import sys

import polib

from papersite.project import ROOT, Project

from .conftest import copy_built, copy_project, paper_catalog, tree_digest

LANGUAGE = "ja"  # its search index is segmented through the splits of the last build (searchmemo)


def build(project: Project) -> dict:
    command = [sys.executable, "-m", "papersite", "--root", str(project.root), "site", "--langs", LANGUAGE]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True, timeout=300)
    return json.loads((project.build / "build-report.json").read_text())["languages"][LANGUAGE]


def retitle_conclusion(project: Project) -> None:
    """A translator rewrites the conclusion's title: its words change on every page's sidebar."""
    path = paper_catalog(project, LANGUAGE, "conclusion")
    catalog = polib.pofile(str(path))
    entry = next(entry for entry in catalog if entry.msgstr and not entry.fuzzy)
    entry.msgstr = "Zqxjv"
    catalog.save(str(path))


def test_an_incremental_build_after_a_catalog_edit_publishes_what_a_clean_build_does(built_site, tmp_path):
    incremental = copy_built(built_site, tmp_path / "incremental")  # every language built, as make site left it
    (tmp_path / "clean").mkdir()
    before = (incremental.site / LANGUAGE / "searchindex.js").read_text(encoding="utf-8")
    retitle_conclusion(incremental)
    result = build(incremental)
    assert not result["skipped"] and not result["warnings"] and not result["error"]
    clean = copy_project(tmp_path / "clean")
    retitle_conclusion(clean)
    build(clean)

    index = (incremental.site / LANGUAGE / "searchindex.js").read_text(encoding="utf-8")
    assert index != before
    assert index == (clean.site / LANGUAGE / "searchindex.js").read_text(encoding="utf-8")
    assert '"indexentries":{}' not in index  # the glossary's entries survive
    # The language rebuilt, file for file (the clean build has no other language).
    assert tree_digest(incremental.site.resolve() / LANGUAGE) == tree_digest(clean.site.resolve() / LANGUAGE)
