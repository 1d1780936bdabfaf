"""Issue 9: values that reach a template are escaped, and unreadable catalogs cost only themselves.

One real build (en + de) of a project copy where the German paper title is
entity-escaped markup (MyST turns ``&lt;`` into ``<`` before any template sees
it), the German catalog headers credit a script, a language's display name
breaks out of its attribute, one German catalog has invalid UTF-8, and German
files named ``*.po`` are a symlink to a file of the build machine and a folder.
Japanese is not built, but its catalogs are compiled for the landing page: its
interface catalog has a Plural-Forms of 400 nested parentheses (which once made
Python's gettext refuse the whole catalog); the build now never reads that field.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

from papersite.site import NOT_A_CATALOG

from .conftest import spoiled_build_of
from ..conftest import FIRST_PAPER, paper_catalog, paper_page
from ..htmlparse import elements, having

SECRET = "SECRET-WORDS-OF-THE-BUILD-MACHINE-91c2"
TITLE = "&lt;script&gt;alert('title')&lt;/script&gt;Container"
TITLE_TEXT = "<script>alert('title')</script>Container"  # what MyST makes of it
TRANSLATOR = "<img src=x onerror=alert('translator')>"
CREDIT = "<script>alert('credit')</script>"
NAME = "Deutsch\"><script>alert('name')</script>"
RAW_SCRIPTS = ("<script>alert(", "<img src=x")


def spoil(project, secret: Path) -> dict:
    folder = project.locale / "de" / "LC_MESSAGES"
    index = polib.pofile(str(paper_catalog(project, "de", "index")))
    index.find("Leveraging Containers and OpenStack").msgstr = TITLE
    index.header = index.header.replace("Translators:\n", f"Translators:\n{CREDIT}\n")
    index.metadata["Last-Translator"] = TRANSLATOR
    index.save(str(paper_catalog(project, "de", "index")))
    broken = paper_catalog(project, "de", "introduction")
    data = broken.read_bytes()
    at = data.index(b'msgstr "', data.index(b'msgstr "') + 1) + len(b'msgstr "')
    broken.write_bytes(data[:at] + b"\xff" + data[at:])
    (folder / "linked.po").symlink_to(secret)
    (folder / "folder.po").mkdir()
    # The first finding of issue 16: msgfmt read the first plural=, Babel the last,
    # and Sphinx's search evaluated it with new Function on every search.
    interface = folder / "sphinx.po"
    interface.write_text(interface.read_text(encoding="utf-8").replace(
        "plural=(n != 1);", "plural=(n != 1); plural=(alert('plural'),0);", 1), encoding="utf-8")
    japanese = project.locale / "ja" / "LC_MESSAGES" / "sphinx.po"
    deep = "(" * 400 + "0" + ")" * 400  # msgfmt --check accepts it
    japanese.write_text(re.sub(r"plural=[^;]*;", f"plural={deep};", japanese.read_text(encoding="utf-8"), count=1),
                        encoding="utf-8")
    conf = project.root / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8").replace(
        'language_display_names = {"id": "Bahasa Indonesia"}',
        f'language_display_names = {{"id": "Bahasa Indonesia", "de": {NAME!r}}}'), encoding="utf-8")
    return {"broken": broken, "broken_line": data[:at].count(b"\n") + 1}


@pytest.fixture(scope="module")
def spoiled_build(tmp_path_factory):
    return spoiled_build_of(tmp_path_factory, "templates", "secret.po", f'msgid "{SECRET}"\nmsgstr "{SECRET}"\n', spoil)


def pages(project, language: str) -> list[Path]:
    """The spoiled paper's pages (the library's own pages carry the library's title)."""
    return sorted((project.site / language / FIRST_PAPER).glob("*.html"))


def test_the_translated_title_is_text_in_the_sidebar_and_title_of_every_page(spoiled_build):
    project, _, _, _ = spoiled_build
    for page in pages(project, "de"):
        brand = having(page, "div", **{"class": "brand"})
        assert [element["text"] for element in brand] == [TITLE_TEXT], page
        assert [e["text"] for e in elements(page) if e["tag"] == "title"][0].endswith(TITLE_TEXT), page
        assert not [e for e in elements(page) if e["tag"] == "script" and "alert(" in e["text"]], page


def test_no_raw_markup_from_titles_names_or_credits_in_any_published_file(spoiled_build):
    project, _, _, _ = spoiled_build
    for path in sorted(project.site.resolve().rglob("*")):
        if path.suffix in (".html", ".xml"):
            text = path.read_text(encoding="utf-8")
            assert not any(raw in text for raw in RAW_SCRIPTS), path
    # The search index holds titles as JSON data, which Sphinx's search escapes
    # (_escapeHTML) before it shows a result.
    index = (project.site / "de" / "searchindex.js").read_text(encoding="utf-8")
    assert '"' + TITLE_TEXT + '"' in index


def test_the_credits_are_shown_as_written_not_run(spoiled_build):
    project, _, _, _ = spoiled_build
    page = paper_page(project, "de", "translators")
    items = [e["text"] for e in elements(page) if e["tag"] == "li"]
    assert CREDIT in items and TRANSLATOR not in items  # only the # Translators: block is listed
    assert not [e for e in elements(page) if e["tag"] in ("script", "img") and "alert(" in str(e)]


def test_a_language_name_stays_inside_its_attribute_and_text(spoiled_build):
    project, _, _, _ = spoiled_build
    for page in [project.site / "en" / "index.html", project.site / "de" / "index.html"]:
        switchers = [e for e in elements(page) if e["tag"] == "a" and e["attrs"].get("hreflang") == "de"
                     and "pdf" not in e["attrs"]["href"]]
        assert [e["text"] for e in switchers] == [NAME, NAME], page  # sidebar and narrow-screen switcher
    landing = having(project.site / "index.html", "li", data_language="de")
    assert [e["text"] for e in elements(project.site / "index.html") if e["attrs"].get("class") == "name"][1] == NAME
    assert landing


def test_an_unreadable_catalog_costs_only_its_own_messages(spoiled_build):
    project, report, output, where = spoiled_build
    assert f"de: broken catalog, shown in English: {where['broken']}:{where['broken_line']}:" in output
    assert "is not valid UTF-8" in output
    assert report.results["en"].ok and not report.results["de"].warnings
    introduction = (paper_page(project, "de", "introduction")).read_text(encoding="utf-8")
    english = polib.pofile(str(paper_catalog(project, "ja", "introduction")))[0].msgid
    assert english in introduction  # that catalog falls back to English
    index = paper_page(project, "de", "index").read_text(encoding="utf-8")
    assert "Ein umfassender Überblick" in index  # the others stay German


def test_po_names_that_are_links_or_folders_are_never_read(spoiled_build):
    project, report, output, _ = spoiled_build
    assert SECRET not in output
    published = "".join(path.read_bytes().decode("utf-8", "replace")
                        for path in project.site.resolve().rglob("*") if path.is_file())
    assert SECRET not in published
    assert not (project.compiled_locale() / "de" / "LC_MESSAGES" / "linked.mo").exists()
    assert not (project.compiled_locale() / "de" / "LC_MESSAGES" / "folder.mo").exists()
    for name in ("linked.po", "folder.po"):  # reported by name, not skipped silently
        assert f"de/LC_MESSAGES/{name}:1: '': {NOT_A_CATALOG}" in output


def test_a_second_plural_expression_never_reaches_the_search_page(spoiled_build):
    project, report, _, _ = spoiled_build
    text = (project.site / "de" / "_static" / "translations.js").read_text(encoding="utf-8")
    assert "alert" not in text and '"plural_expr": "Number((n != 1))"' in text
    assert '"Searching": "Suche läuft"' in text  # the catalog itself is published
    from papersite.catalog.checkpo import check_po

    interface = project.catalog_folder("de") / "sphinx.po"
    line = interface.read_text(encoding="utf-8").split("\n").index(
        next(row for row in interface.read_text(encoding="utf-8").split("\n") if row.startswith('"Plural-Forms:'))) + 1
    header = [problem for problem in check_po(project, ["de"]) if problem.path == str(interface)]
    assert [(problem.line, problem.reason.split(";")[0]) for problem in header] == \
        [(line, "header: Plural-Forms must say nplurals and plural once each")]


def test_a_plural_formula_in_a_header_drives_nothing(spoiled_build):
    project, report, _, _ = spoiled_build
    entries = having(project.site / "index.html", "li", data_language="ja")
    assert len(entries) == 1
    links = [e["text"] for e in elements(project.site / "index.html") if e["tag"] == "a" and e["attrs"].get("hreflang") == "ja"]
    papers = len(project.papers)  # the language's name, then each paper's two links
    interface = polib.pofile(str(project.catalog_folder("ja") / "sphinx.po"))
    japanese = [interface.find(message).msgstr for message in ("Read online", "Download PDF")]
    assert links == ["日本語", *japanese * papers]  # published as translated: the build's header is CLDR's
    compiled = polib.mofile(str(project.compiled_locale() / "ja" / "LC_MESSAGES" / "sphinx.mo"))
    assert compiled.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    german = [e["text"] for e in elements(project.site / "index.html") if e["tag"] == "a" and e["attrs"].get("hreflang") == "de"]
    assert german == [NAME, *["Online lesen", "PDF herunterladen"] * papers]
