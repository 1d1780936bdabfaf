"""A paper is a folder, of any shape: two papers unlike our two (``tests/shapes.py``:
a plain note with every setting left out, a report with pictures, headings holding
links and lists nested three deep), made here in a temporary copy of the project,
appear everywhere a paper should with no edit to code, templates or configuration;
their states are told honestly; deleting a folder and pruning removes its catalogs.

The module builds English, Japanese (the report "translated" in UPPERCASE, with
one hostile and one rejected text alternative, one fuzzy message) and German
(the new papers untranslated, below the translation threshold).
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import polib
import pytest
from PIL import Image
from rich.console import Console

from papersite.catalog.checkpo import check_po
from papersite.catalog.checks import WARNING
from papersite.catalog.stats import recorded_percent
from papersite.catalog.sync import STALE, update_po
from papersite.notices import IN_PROGRESS, IN_PROGRESS_LABEL, TRANSLATION
from papersite.project import ROOT, ProjectError
from papersite.report import print_stats, stats_document
from papersite.site import build_site, summary_table

from .conftest import copy_project, shout
from .htmlparse import having
from .shapes import PICTURES, PLAIN, REPORT, REPORT_LINKS, REPORT_TITLE, add_shapes

LANGUAGES = ["en", "ja", "de"]
# Alt texts of the report's pictures, as the sources give them.
MEMBERS_ALT = "A bar chart of members per year: 400 in 2024, 550 in 2025 and 700 in 2026."
SUMMIT_ALT = "People in a hall, facing a stage lit in blue."
REGIONS_ALT = "A map with one dot for each regional event."
# Text, however it looks, stays text in an attribute: published, and escaped.
HOSTILE_ALT = 'SUMMIT" onerror="alert(1)'
# Markup is refused by the checks: the English alt text is shown instead.
REFUSED_ALT = "<script>alert(1)</script>"
FUZZY = "Members joined from every region this year."
# A catalog entry for a picture's file: Sphinx never asks the catalog for one.
FILE_NAME_MESSAGE = f".. image:: {REPORT}/images/members.png"


def interface(project, code: str, msgid: str) -> str:
    return polib.pofile(str(project.catalog_folder(code) / "sphinx.po")).find(msgid).msgstr


def translate_report_in_japanese(project) -> None:
    for path in (project.catalog_folder("ja") / REPORT).rglob("*.po"):
        catalog = polib.pofile(str(path))
        for entry in catalog:
            entry.msgstr = {SUMMIT_ALT: HOSTILE_ALT, REGIONS_ALT: REFUSED_ALT}.get(entry.msgid, shout(entry.msgid))
            if entry.msgid == FUZZY:
                entry.flags.append("fuzzy")
        if path.stem == "community":
            catalog.append(polib.POEntry(msgid=FILE_NAME_MESSAGE, msgstr=".. image:: /etc/passwd"))
        catalog.save(str(path))


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("library"))
    add_shapes(project.root)
    created = update_po(project, project.translations)
    translate_report_in_japanese(project)
    console = Console(file=io.StringIO(), width=200)
    report = build_site(project, LANGUAGES, jobs=2, console=console)
    assert not report.failed, console.file.getvalue()
    papers = {paper.slug: paper for paper in project.papers}
    return project, papers, created, report


def test_update_po_creates_their_catalogs_in_every_language(library):
    project, papers, created, _ = library
    expected = {project.catalog_folder(code) / f"{doc}.po"
                for code in project.translations for slug in (PLAIN, REPORT) for doc in papers[slug].documents}
    assert {change.path for change in created.changes if change.action == "created"} == expected


def test_a_paper_may_leave_every_setting_out(library):
    project, papers, _, _ = library
    plain = papers[PLAIN]
    assert plain.title == "A Plain Note" and plain.pdf_name == PLAIN and plain.subtitle is None
    unnumbered = project.papers[project.papers.index(plain):]
    assert all(paper.order is None for paper in unnumbered)  # after the numbered papers
    home = project.site / "en" / PLAIN / "index.html"
    assert not having(home, "p", **{"class": "subtitle"}) and not having(home, "p", **{"class": "paper-authors"})
    [publisher] = having(home, "p", **{"class": "paper-publisher"})
    assert publisher["text"].strip() == project.config["author"]  # conf.py's author publishes it
    cover = pdf_text(project.site / "en" / plain.pdf_file("en"), first=1, last=1)
    assert "A Plain Note" in cover and project.config["author"] in cover


def test_the_reports_pages_title_sidebar_links_and_nested_lists(library):
    project, papers, _, _ = library
    page = project.site / "ja" / REPORT / "highlights.html"
    assert having(page, "h1")[0]["text"].startswith("HIGHLIGHTS")
    [brand] = having(page, "span", **{"class": "sidebar-brand-text"})
    assert brand["text"].strip() == REPORT_TITLE.upper()
    # A heading that holds a link keeps it, and its words are the translation's.
    [heading] = [h for h in having(page, "h2") if "FOUNDATION" in h["text"]]
    assert REPORT_LINKS["foundation"] in {a["attrs"]["href"] for a in having(page, "a", href=True)}
    html = page.read_text(encoding="utf-8")
    assert re.search(r"<ul[^>]*>(?:(?!</ul>).)*<ul[^>]*>(?:(?!</ul>).)*<ul", html, re.S), "three nested lists"
    assert "BARE METAL CLUSTERS GREW BY A THIRD." in html
    assert {a["attrs"]["href"] for a in having(page, "a", **{"class": "pdf-link"})} == {"../annual-report-2026.ja.pdf"}
    navigation = {a["text"].strip() for a in having(page, "a", **{"class": "reference internal"})}
    assert "Introduction" not in navigation and "はじめに" not in navigation  # no other paper's chapters


def pdf_text(pdf, first: int | None = None, last: int | None = None) -> str:
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    return subprocess.run(["pdftotext", *pages, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_their_pdfs_in_each_language(library):
    project, papers, _, _ = library
    for code in LANGUAGES:
        for paper in (papers[PLAIN], papers[REPORT]):
            pdf = project.site / code / paper.pdf_file(code)
            info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
            title = paper.title.upper() if code == "ja" and paper.slug == REPORT else paper.title
            assert f"Title:           {title}" in info
            text = pdf_text(pdf)
            assert "Imagine that you are tasked" not in text  # not the first paper's text
    assert "THREE THOUSAND PEOPLE" in pdf_text(project.site / "ja" / papers[REPORT].pdf_file("ja"))


def test_landing_library_home_sitemap_and_404(library):
    project, papers, _, _ = library
    landing = project.site / "index.html"
    entries = [e for e in having(landing, "li", data_paper=True) if e["attrs"]["data-paper"] == REPORT]
    assert len(entries) == len(project.language_codes)
    stats = json.loads((project.compiled_locale() / "ja" / "stats.json").read_text(encoding="utf-8"))
    percent = recorded_percent(stats, REPORT)  # all but the fuzzy message and the refused alt text
    assert 50 < percent < 100
    assert any(REPORT_TITLE.upper() in e["text"] and f"{percent}%" in e["text"] for e in entries)
    hrefs = {a["attrs"]["href"] for a in having(landing, "a", href=True)}
    assert {f"ja/{REPORT}/index.html", "ja/annual-report-2026.ja.pdf", f"ja/{PLAIN}/index.html"} <= hrefs
    home = {a["attrs"]["href"] for a in having(project.site / "ja" / "index.html", "a", href=True)}
    assert {f"{REPORT}/index.html", f"{PLAIN}/index.html"} <= home
    site = project.config["site_url"].rstrip("/")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = {url.find("s:loc", ns).text: url for url in ET.parse(project.site / "sitemap.xml").getroot()}
    for code in LANGUAGES:
        assert f"{site}/{code}/{REPORT}/community.html" in urls
    alternates = {link.get("hreflang") for link in urls[f"{site}/ja/{REPORT}/community.html"].findall("x:link", ns)}
    assert alternates == {*LANGUAGES, "x-default"}
    assert f"/ja/{REPORT}/index.html" in (project.site / "ja" / "404.html").read_text(encoding="utf-8")


def test_hreflang_search_and_stats(library):
    project, papers, _, _ = library
    page = project.site / "ja" / REPORT / "community.html"
    alternates = {link["attrs"]["hreflang"] for link in having(page, "link", rel="alternate")}
    assert alternates == {language.tag for language in project.languages} | {"x-default"}
    index = (project.site / "ja" / "searchindex.js").read_text(encoding="utf-8")
    docnames = json.loads(index[index.index("(") + 1: index.rindex(")")])["docnames"]
    assert f"{REPORT}/community" in docnames and any(name.startswith("leveraging") for name in docnames)
    document = stats_document(project, ["ja", "de"])
    assert document["de"]["papers"][REPORT]["total"]["percent"] == 0
    assert set(document["de"]["papers"][REPORT]["documents"]) == {doc.split("/", 1)[1] for doc in papers[REPORT].documents}
    compiled = json.loads((project.compiled_locale() / "ja" / "stats.json").read_text(encoding="utf-8"))
    assert set(compiled["credits"]) >= {REPORT, PLAIN, "leveraging-containers-and-openstack"}


# -- Pictures -----------------------------------------------------------------------


def shown(page, img: dict) -> bytes:
    """The bytes of the file an <img> shows (Sphinx names files in _images/ apart: members1.png)."""
    return (page.parent / img["attrs"]["src"]).read_bytes()


def source_picture(project, name: str) -> bytes:
    return (project.source / REPORT / "images" / name).read_bytes()


def pictures(page) -> list[dict]:
    return [img for img in having(page, "img") if img["attrs"]["src"].startswith("../_images/")]


def test_pictures_have_their_size_lazy_loading_and_smaller_copies_for_narrow_screens(library):
    project, _, _, _ = library
    page = project.site / "en" / REPORT / "community.html"
    members, summit = pictures(page)
    assert (members["attrs"]["width"], members["attrs"]["height"]) == ("1600", "900")
    assert members["attrs"]["loading"] == "lazy" and members["attrs"]["alt"] == MEMBERS_ALT
    candidates = dict(reversed(candidate.split()) for candidate in members["attrs"]["srcset"].split(", "))
    assert candidates["1600w"] == members["attrs"]["src"] and members["attrs"]["sizes"]
    assert shown(page, members) == source_picture(project, "members.png")
    for width, uri in candidates.items():
        with Image.open(page.parent / uri) as copy:  # each copy is what srcset says it is
            assert f"{copy.width}w" == width and copy.height == round(int(width[:-1]) * 900 / 1600)
    logo = [img for img in pictures(project.site / "en" / REPORT / "events.html") if img["attrs"]["src"].endswith(".svg")]
    assert logo[0]["attrs"]["width"] == logo[0]["attrs"]["height"] == "120" and "srcset" not in logo[0]["attrs"]


def test_a_translated_picture_is_used_where_it_exists_and_its_words_are_the_catalogs(library):
    project, _, _, _ = library
    [en_members, _] = pictures(project.site / "en" / REPORT / "community.html")
    [ja_members, ja_summit] = pictures(project.site / "ja" / REPORT / "community.html")
    english, japanese = (project.site / code / REPORT / "community.html" for code in ("en", "ja"))
    assert shown(english, en_members) == source_picture(project, "members.png")
    assert shown(japanese, ja_members) == source_picture(project, "members.ja.png")  # figure_language_filename
    assert ja_members["attrs"]["alt"] == MEMBERS_ALT.upper() and "lang" not in ja_members["attrs"]
    assert shown(japanese, ja_summit) == source_picture(project, "summit.jpg")  # no Japanese variant: the original
    # Whatever a translated alt text holds is its text: no attribute can be added from a catalog.
    assert ja_summit["attrs"]["alt"] == HOSTILE_ALT and "onerror" not in ja_summit["attrs"]
    assert "/etc/passwd" not in (project.site / "ja" / REPORT / "community.html").read_text(encoding="utf-8")
    [regions, _] = pictures(project.site / "ja" / REPORT / "events.html")
    assert regions["attrs"]["alt"] == REGIONS_ALT and regions["attrs"]["lang"] == "en"  # refused: English
    captions = " ".join(c["text"] for c in having(project.site / "ja" / REPORT / "community.html", "figcaption"))
    assert "図 1" in captions and "MEMBERS PER YEAR." in captions


def test_pictures_in_the_pdf_are_the_original_files_at_print_resolution_tagged_with_their_alt_text(library):
    from .sphinxext.test_pdf_accessibility import pdfua_report, structure

    project, papers, _, _ = library
    pdf = project.site / "ja" / papers[REPORT].pdf_file("ja")
    listed = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in listed.splitlines()[2:]]
    rasters = [size for name, (size, _) in PICTURES.items() if name != "members.png"]  # ja: members.ja.png
    assert sorted((int(row[3]), int(row[4])) for row in rows) == sorted(rasters)  # every pixel, none rescaled
    assert all(int(row[12]) >= 150 for row in rows)  # x-ppi: never enlarged below print resolution
    alts = [element.get("/Alt") for element, _ in structure(pdf) if element["/S"] == "/Figure"]
    assert alts == [MEMBERS_ALT.upper(), HOSTILE_ALT, REGIONS_ALT, "THE FOUNDATION'S LOGO, A BLUE CIRCLE."]
    assert pdfua_report(pdf)["findings"] == []
    assert "図 4" in re.sub(r"\s+", " ", pdf_text(pdf))  # numbered like every figure: the SVG logo is the fourth


def test_a_picture_file_can_never_be_a_translation():
    from types import SimpleNamespace

    from sphinx.errors import ConfigError

    from papersite.sphinxext.images import refuse_translated_file_names

    with pytest.raises(ConfigError, match="name.<lang>.ext"):
        refuse_translated_file_names(None, SimpleNamespace(gettext_additional_targets=["literal-block", "image"]))


PICTURE_MISTAKES = {
    "no alt text": (":alt: A bar chart of members per year: 400 in 2024, 550 in 2025 and 700 in 2026.\n", "",
                    "has no alt text"),
    "inside a paragraph": (":::{figure} images/members.png", "See ![members](images/members.png) here.\n\n:::{figure} images/members.png",
                           "must be a figure of its own"),
    "outside images/": (":::{figure} images/summit.jpg", ":::{figure} summit.jpg", "outside source/"),
    "a size of its own": (":name: fig-members\n", ":name: fig-members\n:width: 50%\n", "a size of its own"),
}


@pytest.mark.parametrize("mistake", PICTURE_MISTAKES)
def test_a_maintainers_mistake_with_a_picture_fails_check_po_in_one_line(tmp_path, mistake):
    project = copy_project(tmp_path)
    add_shapes(project.root)
    old, new, reason = PICTURE_MISTAKES[mistake]
    page = project.source / REPORT / "community.md"
    page.write_text(page.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    if mistake == "outside images/":
        shutil.copy2(project.source / REPORT / "images" / "summit.jpg", project.source / REPORT / "summit.jpg")
    result = subprocess.run([sys.executable, "-m", "papersite", "--root", str(project.root), "check-po", "--langs", "de"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert f"{page}:" in line and reason in line, line


# -- Honest states --------------------------------------------------------------------


def test_below_the_threshold_a_paper_is_in_english_with_its_translation_in_progress(library):
    project, papers, _, _ = library
    sentence = interface(project, "de", IN_PROGRESS).format(percent=0)
    translation = interface(project, "de", TRANSLATION)
    cover = re.sub(r"\s+", " ", pdf_text(project.site / "de" / papers[REPORT].pdf_file("de"), first=1, last=1))
    assert sentence in cover and translation not in cover
    [entry] = [e for e in having(project.site / "index.html", "li", data_paper=True)
               if e["attrs"]["data-paper"] == REPORT and interface(project, "de", IN_PROGRESS_LABEL).format(percent=0)
               in e["text"]]
    page = " ".join(p["text"] for p in having(project.site / "de" / REPORT / "translators.html", "p"))
    assert sentence in page and translation not in page
    # Above it, the same paper in Japanese is a translation (UPPERCASE, but all of it).
    japanese = re.sub(r"\s+", "", pdf_text(project.site / "ja" / papers[REPORT].pdf_file("ja"), first=1, last=1))
    assert re.sub(r"\s+", "", interface(project, "ja", TRANSLATION)) in japanese


def test_credits_never_show_a_catalog_templates_placeholders(library):
    project, _, _, _ = library
    for code in ("de", "ja"):
        page = project.site / code / REPORT / "translators.html"
        text = " ".join(element["text"] for element in having(page, "div", role="main"))
        header = polib.pofile(str(project.catalog_folder(code) / REPORT / "translators.po")).metadata
        assert "LL@li.org" in header["Language-Team"]  # the new catalog's header is the template's
        assert not re.search(r"LL@li\.org|EMAIL@ADDRESS|FULL NAME|FIRST AUTHOR|\bLANGUAGE\b", text), code
        assert not re.search(rf"\b{code}\b\s*(<|$)", text), code
        assert interface(project, code, "No translators are recorded for this language yet.") in text


def test_the_build_table_counts_untranslated_and_rejected_apart_and_fits_80_columns(library):
    project, _, _, report = library
    console = Console(file=io.StringIO(), width=80)
    console.print(summary_table(report, project))
    output = console.file.getvalue()
    rows = {line.split()[0]: line.split() for line in output.splitlines() if line.split()[:1] in (["ja"], ["de"])}
    untranslated = sum(1 for path in project.catalogs("de") for entry in polib.pofile(str(path))
                       if entry.msgid and not entry.obsolete and not entry.translated())
    assert rows["de"][-2:] == [str(untranslated), "0"] and untranslated > 0
    assert rows["ja"][-1] == "2"  # the fuzzy message and the refused alt text
    assert_fits_80_columns(output, ["lang", "status", "time", "warnings", "pages", "PDFs", "untranslated", "rejected"])


def assert_fits_80_columns(output: str, headers: list[str]) -> None:
    assert "…" not in output and max(map(len, output.splitlines())) <= 80
    assert all(re.search(rf"\b{header}\b", output) for header in headers), output


def test_the_stats_tables_fit_80_columns(library):
    project, _, _, _ = library
    console = Console(file=io.StringIO(), width=80)
    print_stats(project, ["ja", "de"], console)
    output = console.file.getvalue()
    assert_fits_80_columns(output, ["document", "translated", "fuzzy", "failing", "untranslated", "words", "percent"])
    assert "highlights" in output and "leveraging-containers-and-openstack" in output.replace("\n", "")


def test_check_po_ends_with_one_line_saying_what_it_read_and_found(library):
    project, _, _, _ = library
    result = subprocess.run([sys.executable, "-m", "papersite", "--root", str(project.root), "check-po", "--langs", "ja"],
                            cwd=ROOT, capture_output=True, text=True)
    last = result.stdout.strip().splitlines()[-1]
    problems = check_po(project, ["ja"])
    errors = sum(problem.severity != WARNING for problem in problems)
    catalogs, messages = len(project.catalogs("ja")), sum(
        1 for path in project.catalogs("ja") for entry in polib.pofile(str(path)) if entry.msgid and not entry.obsolete)
    assert last == (f"check-po: {catalogs} catalogs, {messages:,} messages, 1 language: {errors} errors, "
                    f"{len(problems) - errors} warnings"), last
    assert result.returncode == 1 and errors >= 1  # the refused alt text and the unknown message


# -- Settings, and removing a paper -------------------------------------------------------


def test_a_paper_whose_settings_fail_is_left_out_alone(tmp_path, capsys):
    from papersite.cli import main

    project = copy_project(tmp_path)
    add_shapes(project.root)
    update_po(project, ["de"])
    settings = project.source / REPORT / "paper.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("year = 2026", 'year = "2026"'), encoding="utf-8")
    status = main(["--root", str(project.root), "site", "--langs", "en"])
    errors = capsys.readouterr().err
    assert status == 1
    [said] = [line for line in errors.splitlines() if line.startswith("error: paper left out:")]
    assert str(settings) in said and "'year'" in said and "like 2018" in said, errors
    assert (project.site / "en" / PLAIN / "index.html").is_file()  # the others build and publish
    assert (project.site / "en" / "leveraging-containers-and-openstack" / "index.html").is_file()
    assert not (project.site / "en" / REPORT).exists()  # its pages are left out, not published half-built
    assert f'data-paper="{REPORT}"' not in (project.site / "index.html").read_text(encoding="utf-8")
    report = json.loads((project.build / "build-report.json").read_text(encoding="utf-8"))
    assert report["papers_left_out"] and str(settings) in report["papers_left_out"][0]
    # Its translators' work is kept: update-po neither reports nor prunes its catalogs.
    kept = sorted((project.catalog_folder("de") / REPORT).rglob("*.po"))
    result = update_po(project, ["de"], prune=True)
    assert kept and all(path.is_file() for path in kept)
    assert not [change for change in result.changes if REPORT in str(change.path)]


def test_deleting_the_paper_keeps_its_catalogs_until_prune(library, tmp_path):
    project, papers, _, _ = library
    catalogs = {project.catalog_folder("de") / f"{doc}.po" for doc in papers[PLAIN].documents}
    shutil.rmtree(project.source / PLAIN)
    kept = update_po(project, ["de"])
    stale = {change.path for change in kept.changes if change.action == STALE}
    assert stale == catalogs
    assert all(path.is_file() for path in stale)
    assert any("stale" in problem.reason for problem in check_po(project, ["de"]))
    pruned = update_po(project, ["de"], prune=True)
    assert {change.path for change in pruned.changes if change.action == "deleted"} == stale
    assert not (project.catalog_folder("de") / PLAIN).exists()
    assert [p for p in check_po(project, ["de"]) if p.severity != WARNING and PLAIN in p.path] == []


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
    add_shapes(project.root)
    first = project.papers[0]
    borrowed = next(iter(first.link_targets))  # a key only another paper defines
    page = project.source / REPORT / "events.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\nSee {{link}}`elsewhere <{borrowed}>`.\n", encoding="utf-8")
    with pytest.raises(ProjectError, match=rf"{REPORT}/events.md.*unknown key '{borrowed}'"):
        write_templates(project, tmp_path / "pot")
