"""Compiling reuses a message's recorded verdict only while the message and the
checks are unchanged, and a whole language's compile only while nothing it reads
or wrote changed."""

from __future__ import annotations

import polib
import pytest

from papersite.catalog import compile as compile_module
from papersite.catalog import verdict
from papersite.catalog.compile import compile_language

from ..conftest import paper_catalog, paper_source


def spoil_first_message(path) -> str:
    catalog = polib.pofile(str(path))
    entry = next(entry for entry in catalog if entry.msgstr)
    entry.msgstr = "<script>alert(1)</script>"
    catalog.save(str(path))
    return entry.msgid


def compiled(project, language: str):
    return compile_language(project, language)


def test_a_recorded_verdict_is_reported_again_and_a_changed_catalog_is_checked_again(project_copy):
    path = paper_catalog(project_copy, "de", "introduction")
    original = path.read_bytes()
    spoiled = spoil_first_message(path)

    first = compiled(project_copy, "de")
    mo = project_copy.compiled_locale() / "de" / "LC_MESSAGES" / "leveraging-containers-and-openstack" / "introduction.mo"
    written = mo.stat().st_mtime_ns
    second = compiled(project_copy, "de")

    assert [problem.msgid for problem in first.fallbacks] == [spoiled]
    assert second == first  # the same report, fallbacks and counts included
    assert mo.stat().st_mtime_ns == written  # and nothing rewritten

    path.write_bytes(original)
    fixed = compiled(project_copy, "de")
    assert fixed.fallbacks == []
    assert spoiled in {entry.msgid for entry in polib.mofile(str(mo))}


def test_a_verdict_without_its_compiled_catalog_is_not_reused(project_copy):
    path = paper_catalog(project_copy, "de", "introduction")
    compiled(project_copy, "de")
    mo = project_copy.compiled_locale() / "de" / "LC_MESSAGES" / "leveraging-containers-and-openstack" / "introduction.mo"
    mo.unlink()
    compiled(project_copy, "de")
    assert mo.is_file() and polib.mofile(str(mo)).find(polib.pofile(str(path))[0].msgid) is not None


def test_an_edited_catalog_checks_only_its_new_messages_again(project_copy, monkeypatch):
    path = paper_catalog(project_copy, "de", "introduction")
    compiled(project_copy, "de")
    catalog = polib.pofile(str(path))
    edited = next(entry for entry in catalog if entry.msgstr)
    edited.msgstr += " Zqxjv"
    catalog.save(str(path))
    checked = []
    check = verdict.local_reasons
    monkeypatch.setattr(verdict, "local_reasons", lambda message, *args: checked.append(message.msgid) or check(message, *args))

    report = compiled(project_copy, "de")

    assert checked == [edited.msgid]
    assert report.fallbacks == []
    mo = project_copy.compiled_locale() / "de" / "LC_MESSAGES" / "leveraging-containers-and-openstack" / "introduction.mo"
    assert polib.mofile(str(mo)).find(edited.msgid).msgstr.endswith(" Zqxjv")


def test_a_compile_of_unchanged_inputs_reads_nothing_and_reports_the_same(project_copy, monkeypatch):
    first = compiled(project_copy, "de")
    monkeypatch.setattr(compile_module, "judge_catalogs", lambda *arguments: pytest.fail("read again"))
    assert compiled(project_copy, "de") == first


def append_to_a_source(project):
    with paper_source(project, "conclusion").open("a", encoding="utf-8") as page:
        page.write("\nA new paragraph.\n")


def append_to_a_template(project):
    template = next(path for path in sorted((project.root / "_templates").rglob("*.html")))
    template.write_text(template.read_text(encoding="utf-8") + "\n", encoding="utf-8")


def spoil_a_catalog(project):
    spoil_first_message(paper_catalog(project, "de", "introduction"))


def remove_a_compiled_catalog(project):
    next((project.compiled_locale() / "de" / "LC_MESSAGES").rglob("*.po")).unlink()


@pytest.mark.parametrize("change", [append_to_a_source, append_to_a_template, spoil_a_catalog, remove_a_compiled_catalog])
def test_any_change_to_what_a_compile_reads_or_wrote_compiles_again(project_copy, monkeypatch, change):
    compiled(project_copy, "de")
    change(project_copy)
    judged = []
    judge = compile_module.judge_catalogs
    monkeypatch.setattr(compile_module, "judge_catalogs", lambda *arguments: judged.append(1) or judge(*arguments))
    compiled(project_copy, "de")
    assert judged == [1]
