"""Issue 4: fuzzy, unsafe and broken translations are never published.

The ja catalogs are replaced by Sphinx's test trick, the source in UPPERCASE, so
every message that was applied shows; then a few are spoiled on purpose.
"""

from __future__ import annotations

import io
import json

import polib
import pytest
from rich.console import Console

from papersite.site import build_site, print_summary

from .conftest import FIRST_PAPER, paper_catalog, paper_page, uppercase_catalogs
from .htmlparse import having

FUZZY = "Over the past few years"
REDIRECTED = "To learn more, visit the"
UNTRANSLATED = ("IV. Conclusion",)


@pytest.fixture(scope="module")
def spoiled_build(tmp_path_factory):
    from .conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("spoiled"))
    uppercase_catalogs(project, "ja")
    conclusion = polib.pofile(str(paper_catalog(project, "ja", "conclusion")))
    for entry in conclusion:
        if entry.msgid.startswith(FUZZY):
            entry.flags.append("fuzzy")
        if entry.msgid.startswith(REDIRECTED):
            entry.msgstr = entry.msgstr.replace("<containers-landing-page>", "<docker>")
        if entry.msgid in UNTRANSLATED:
            entry.msgstr = ""
    conclusion.save(str(paper_catalog(project, "ja", "conclusion")))
    broken = paper_catalog(project, "de", "authors")
    broken.write_text(broken.read_text(encoding="utf-8").replace('msgid "Editor"', 'msgid "Editor'), encoding="utf-8")
    console = Console(file=io.StringIO(), width=200)
    # One process builds both languages, as on a one-core machine.
    report = build_site(project, ["ja", "de"], jobs=1, console=console)
    print_summary(report, project, console)
    return project, report, console.file.getvalue()


def test_applied_translations_show(spoiled_build):
    project, _, _ = spoiled_build
    page = paper_page(project, "ja", "high-level-view")
    [title] = having(page, "h1")
    assert title["text"].startswith("I. A HIGH LEVEL VIEW OF CONTAINERS IN OPENSTACK")


def test_fuzzy_and_unsafe_messages_fall_back_to_english_marked_lang_en(spoiled_build):
    project, _, _ = spoiled_build
    page = paper_page(project, "ja", "conclusion")
    english = [p["text"] for p in having(page, "p", lang="en")]
    assert any(text.startswith(FUZZY) for text in english)
    assert any(text.startswith(REDIRECTED) for text in english)
    assert not any(a["attrs"]["href"] == "https://www.docker.com/open-source-0" for a in having(page, "a", href=True))
    assert [h["attrs"].get("lang") for h in having(page, "h1")] == ["en"]


def test_the_summary_says_which_fell_back_and_why(spoiled_build):
    _, report, output = spoiled_build
    reasons = [problem.reason for problem in report.compiled["ja"].fallbacks]
    assert any(reason.startswith("fuzzy") for reason in reasons)
    assert any("link targets differ" in reason for reason in reasons)
    assert "conclusion.po" in output and "shown in English" in output


def test_a_broken_catalog_fails_its_language_but_not_the_others(spoiled_build):
    project, report, output = spoiled_build
    assert report.failed == ["de"]
    assert "broken catalog" in output and "authors.po" in output
    assert (project.site / "ja" / "index.html").is_file()
    assert (project.site / "de" / "index.html").is_file()  # built, with authors in English


def test_notice_uses_the_stats_numbers(spoiled_build):
    project, _, _ = spoiled_build
    stats = json.loads((project.compiled_locale() / "ja" / "stats.json").read_text())
    percent = stats["catalogs"][f"{FIRST_PAPER}/conclusion"]["percent"]
    assert percent < 100
    [notice] = having(paper_page(project, "ja", "conclusion"), "p", **{"class": "translation-notice"})
    assert f"{percent}%" in notice["text"] and notice["text"].startswith("THIS PAGE IS")
    assert not having(paper_page(project, "ja", "authors"), "p", **{"class": "translation-notice"})


def test_compiled_catalogs_stay_out_of_locale(spoiled_build):
    project, _, _ = spoiled_build
    assert not list(project.locale.rglob("*.mo"))
    assert list(project.compiled_locale().rglob("*.mo"))


def test_one_process_building_two_languages_labels_each_in_its_own(spoiled_build):
    project, _, _ = spoiled_build
    labels = {
        language: having(paper_page(project, language, "index"), "nav", **{"class": "sidebar-languages"})[0]["attrs"]["aria-label"]
        for language in ("ja", "de")
    }
    assert labels == {"ja": "LANGUAGES", "de": "Sprachen"}
