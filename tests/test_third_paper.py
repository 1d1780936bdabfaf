"""A paper is a folder: a throw-away third paper, made here in a temporary copy of
the project, appears everywhere a paper should, with no edit to code, templates
or configuration; deleting its folder and pruning removes its catalogs."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import polib
import pytest
from rich.console import Console

from papersite.catalog.checkpo import check_po
from papersite.catalog.checks import WARNING
from papersite.project import ROOT, ProjectError
from papersite.report import stats_document
from papersite.site import build_site
from papersite.catalog.sync import STALE, update_po

from .conftest import copy_project, shout
from .htmlparse import having

SLUG = "a-third-paper"
PDF_NAME = "third"
URL = "https://example.org/orchids"
LANGUAGES = ["en", "ja"]  # two are enough to show every language gets it; the suite stays fast

SETTINGS = f"""title = "Growing Orchids on Bare Metal"
subtitle = "A Field Guide"
publisher = "Example Press"
authors = "The Greenhouse Group"
year = 2026
pdf_name = "{PDF_NAME}"
order = 3
"""
INDEX = """# Growing Orchids on Bare Metal

{.subtitle}
A Field Guide

```{toctree}
:maxdepth: 2

overview
translators
```
"""
OVERVIEW = """# Overview

Orchids thrive where {link}`the greenhouse <greenhouse>` keeps them warm.

## Needs

- Light without direct sun
- Water once a week

## Layout

:::{diagram} columns
:alt: Two boxes side by side: the greenhouse and the potting shed.

Where the orchids live.

- Greenhouse
- Potting shed
:::
"""
TRANSLATORS = "# Translators\n\nWho translated this guide.\n\n```{translators}\n```\n"


def add_third_paper(project) -> None:
    folder = project.source / SLUG
    folder.mkdir()
    (folder / "paper.toml").write_text(SETTINGS, encoding="utf-8")
    (folder / "links.toml").write_text(f'greenhouse = "{URL}"\n', encoding="utf-8")
    (folder / "index.md").write_text(INDEX, encoding="utf-8")
    (folder / "overview.md").write_text(OVERVIEW, encoding="utf-8")
    (folder / "translators.md").write_text(TRANSLATORS, encoding="utf-8")


def translate_in_uppercase(project, language: str) -> None:
    for path in (project.catalog_folder(language) / SLUG).rglob("*.po"):
        catalog = polib.pofile(str(path))
        for entry in catalog:
            entry.msgstr = shout(entry.msgid)
        catalog.save(str(path))


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("library"))
    add_third_paper(project)
    created = update_po(project, project.translations)
    translate_in_uppercase(project, "ja")
    console = Console(file=io.StringIO(), width=200)
    report = build_site(project, LANGUAGES, jobs=2, console=console)
    assert not report.failed, console.file.getvalue()
    paper = next(paper for paper in project.papers if paper.slug == SLUG)
    return project, paper, created


def test_update_po_creates_its_catalogs_in_every_language(library):
    project, paper, created = library
    expected = {project.catalog_folder(code) / f"{doc}.po" for code in project.translations for doc in paper.documents}
    assert {change.path for change in created.changes if change.action == "created"} == expected
    # Clean: no error. The UPPERCASE "translation" uses none of the terminology
    # lists' terms, which check-po rightly reports as warnings only.
    assert [problem for problem in check_po(project, project.translations) if problem.severity != WARNING] == []


def test_its_pages_title_sidebar_link_and_diagram(library):
    project, paper, _ = library
    page = project.site / "ja" / SLUG / "overview.html"
    assert having(page, "h1")[0]["text"].startswith("OVERVIEW")
    [brand] = having(page, "span", **{"class": "sidebar-brand-text"})
    assert brand["text"].strip() == "GROWING ORCHIDS ON BARE METAL"
    assert URL in {a["attrs"]["href"] for a in having(page, "a", href=True)}
    [diagram] = having(page, "div", **{"class": "diagram", "role": "img"})
    assert "GREENHOUSE" in diagram["text"] and diagram["attrs"]["aria-label"].startswith("TWO BOXES")
    assert {a["attrs"]["href"] for a in having(page, "a", **{"class": "pdf-link"})} == {f"../{PDF_NAME}.ja.pdf"}
    navigation = {a["text"].strip() for a in having(page, "a", **{"class": "reference internal"})}
    assert "Introduction" not in navigation and "はじめに" not in navigation  # no other paper's chapters


def test_its_pdf_in_each_language(library):
    project, paper, _ = library
    for code in LANGUAGES:
        pdf = project.site / code / paper.pdf_file(code)
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        title = "GROWING ORCHIDS ON BARE METAL" if code == "ja" else paper.title
        assert f"Title:           {title}" in info
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "Orchids thrive" in text or "ORCHIDS THRIVE" in text
        assert "Imagine that you are tasked" not in text  # not the first paper's text


def test_landing_library_home_sitemap_and_404(library):
    project, paper, _ = library
    landing = project.site / "index.html"
    entries = [e for e in having(landing, "li", data_paper=True) if e["attrs"]["data-paper"] == SLUG]
    assert len(entries) == len(project.language_codes)
    assert any("GROWING ORCHIDS" in e["text"] and "100%" in e["text"] for e in entries)
    hrefs = {a["attrs"]["href"] for a in having(landing, "a", href=True)}
    assert {f"ja/{SLUG}/index.html", f"ja/{PDF_NAME}.ja.pdf"} <= hrefs
    home = {a["attrs"]["href"] for a in having(project.site / "ja" / "index.html", "a", href=True)}
    assert f"{SLUG}/index.html" in home
    site = project.config["site_url"].rstrip("/")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = {url.find("s:loc", ns).text: url for url in ET.parse(project.site / "sitemap.xml").getroot()}
    for code in LANGUAGES:
        assert f"{site}/{code}/{SLUG}/overview.html" in urls
    alternates = {link.get("hreflang") for link in urls[f"{site}/ja/{SLUG}/overview.html"].findall("x:link", ns)}
    assert alternates == {"en", "ja", "x-default"}
    assert f"/ja/{SLUG}/index.html" in (project.site / "ja" / "404.html").read_text(encoding="utf-8")


def test_hreflang_search_and_stats(library):
    project, paper, _ = library
    page = project.site / "ja" / SLUG / "overview.html"
    alternates = {link["attrs"]["hreflang"] for link in having(page, "link", rel="alternate")}
    assert alternates == {language.tag for language in project.languages} | {"x-default"}
    index = (project.site / "ja" / "searchindex.js").read_text(encoding="utf-8")
    docnames = json.loads(index[index.index("(") + 1: index.rindex(")")])["docnames"]
    assert f"{SLUG}/overview" in docnames and any(name.startswith("leveraging") for name in docnames)
    document = stats_document(project, ["ja", "de"])
    assert document["ja"]["papers"][SLUG]["total"]["percent"] == 100
    assert document["de"]["papers"][SLUG]["total"]["percent"] == 0
    assert set(document["de"]["papers"][SLUG]["documents"]) == {doc.split("/", 1)[1] for doc in paper.documents}
    compiled = json.loads((project.compiled_locale() / "ja" / "stats.json").read_text(encoding="utf-8"))
    assert set(compiled["credits"]) >= {SLUG, "leveraging-containers-and-openstack"}


def test_deleting_the_paper_keeps_its_catalogs_until_prune(library, tmp_path):
    project, paper, _ = library
    catalogs = {project.catalog_folder("de") / f"{doc}.po" for doc in paper.documents}
    shutil.rmtree(project.source / SLUG)
    kept = update_po(project, ["de"])
    stale = {change.path for change in kept.changes if change.action == STALE}
    assert stale == catalogs
    assert all(path.is_file() for path in stale)
    assert any("stale" in problem.reason for problem in check_po(project, ["de"]))
    pruned = update_po(project, ["de"], prune=True)
    assert {change.path for change in pruned.changes if change.action == "deleted"} == stale
    assert not (project.catalog_folder("de") / SLUG).exists()
    assert check_po(project, ["de"]) == []


def test_a_malformed_paper_toml_is_one_line_naming_the_file(tmp_path):
    project = copy_project(tmp_path)
    broken = project.source / "leveraging-containers-and-openstack" / "paper.toml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("year = 2018", "year = 2018 2019"), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "papersite", "--root", str(project.root), "check-po"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert str(broken) in line and "line 5" in line


def test_link_keys_come_from_the_papers_own_links_toml(tmp_path):
    from papersite.catalog.sync import write_templates

    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project")
    add_third_paper(project)
    first = project.papers[0]
    borrowed = next(iter(first.link_targets))  # a key only another paper defines
    overview = project.source / SLUG / "overview.md"
    overview.write_text(overview.read_text(encoding="utf-8") + f"\nSee {{link}}`elsewhere <{borrowed}>`.\n",
                        encoding="utf-8")
    with pytest.raises(ProjectError, match=rf"{SLUG}/overview.md.*unknown key '{borrowed}'"):
        write_templates(project, tmp_path / "pot")
