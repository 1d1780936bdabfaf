"""Issue 4: `check-po` blocks broken, unsafe and stale catalogs."""

from __future__ import annotations

import json
import subprocess
import sys

import polib
import pytest

from papersite.catalog.checkpo import check_po
from papersite.project import ROOT
from papersite.catalog.markup import parse
from papersite.catalog.checks import message_problems, translation_problems
from papersite.catalog.model import Message

from ..conftest import DATA, paper_catalog, paper_source

SOURCE = "Container technologies like {link}`Docker <docker>` and {link}`Kubernetes <kubernetes>` are here."


@pytest.mark.parametrize(
    "translation, reason",
    [
        ("{link}`Docker <docker>` und {link}`Kubernetes <evil>` sind da.", "(added ['evil'], missing ['kubernetes'])"),
        ("{link}`Docker <docker>` und {link}`Kubernetes <https://evil.example>` sind da.", "found a malformed link"),
        ("{link}`Docker <docker>` und {link}`Kubernetes <docker>` sind da.",
         "link targets differ from the source (added ['docker'], missing ['kubernetes'])"),
        ("{link}`Docker <docker>` und {link}`Kubernetes <kubernetes>` [hier](https://evil.example).", "found a link or URL"),
        ("{link}`Docker <docker>` <script>alert(1)</script> {link}`Kubernetes <kubernetes>`.", "found raw HTML '<script>'"),
        ("{link}`Docker <docker>` <b onclick=x>K</b> {link}`Kubernetes <kubernetes>`.", "found raw HTML '<b onclick=x>'"),
        ("{link}`Docker <docker>` und {link}`Kubernetes <kubernetes>` **sind** da.", "1 strong, the source has 0"),
        ("{link}`Docker <docker>` und {link}`Kubernetes <kubernetes> sind da.", "found raw HTML '<kubernetes>'"),
        ("{link}`Docker <docker>` und {sub-ref}`today` {link}`Kubernetes <kubernetes>`.", "found the role {sub-ref}"),
    ],
)
def test_unsafe_or_broken_markup_is_rejected(translation, reason):
    assert any(reason in problem for problem in message_problems(SOURCE, translation))


@pytest.mark.parametrize(
    "translation",
    [
        "{link}`Docker <docker>` {link}`Kubernetes <kubernetes>` <javascript:alert(1)>",
        "{link}`Docker <docker>` und {link}`Kubernetes <kubernetes>` *sind da.",
        "{link}`Docker <docker>` {link}`Kubernetes <kubernetes>` [x](javascript:alert(1))",
    ],
)
def test_what_markdown_does_not_read_as_markup_is_text_and_passes(translation):
    # The HTML writer escapes text, so these reach readers as the characters typed.
    assert message_problems(SOURCE, translation) == []
    [paragraph] = parse(translation).children
    assert {type(node).__name__ for node in paragraph.children} == {"keyed_link", "Text"}


def break_catalogs(project):
    conclusion = polib.pofile(str(paper_catalog(project, "ja", "conclusion")))
    target = next(e for e in conclusion if "{link}" in e.msgid)
    target.msgstr = target.msgstr.replace("<kubernetes-sig-openstack>", "<docker>")
    conclusion.save(str(paper_catalog(project, "ja", "conclusion")))
    authors_po = paper_catalog(project, "ja", "authors")
    authors = authors_po.read_text(encoding="utf-8")
    authors_po.write_text(authors.replace('msgid "Editor"', 'msgid "Editor'), encoding="utf-8")
    authors_md = paper_source(project, "authors")
    authors_md.write_text(authors_md.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")


def test_check_po_names_file_line_message_and_reason(project_copy):
    break_catalogs(project_copy)
    problems = check_po(project_copy, ["ja"])
    relative = [
        {**problem.as_dict(), "path": str(problem.path).replace(str(project_copy.root) + "/", "")}
        for problem in problems
    ]
    golden = json.loads((DATA / "golden" / "check-po.json").read_text(encoding="utf-8"))
    assert relative == golden


def test_clean_catalogs_pass_silently():
    result = subprocess.run([sys.executable, "-m", "papersite", "check-po"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0
    [summary] = result.stdout.splitlines()  # nothing but check-po's last line
    assert summary.startswith("check-po: ") and summary.endswith(": 0 errors, 0 warnings"), summary


def test_check_po_json_for_machines_and_exit_status(project_copy):
    break_catalogs(project_copy)
    command = [sys.executable, "-m", "papersite", "--root", str(project_copy.root), "check-po", "--json", "--langs", "ja"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1
    reported = [{**p, "path": p["path"].replace(str(project_copy.root) + "/", "")} for p in json.loads(result.stdout)]
    assert reported == json.loads((DATA / "golden" / "check-po.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "forms, problems",
    [
        # One form for every count (ja, ko, zh): it carries the plural's placeholder.
        (["検索が完了しました。${resultCount} 件見つかりました。"], []),
        (["Eine Seite gefunden.", "${resultCount} Seiten gefunden."], []),
        (["Eine Seite gefunden.", "{percent} Seiten gefunden."], ["{…} placeholders differ"]),
    ],
)
def test_a_plural_form_may_follow_either_english_form(forms, problems):
    message = Message("Search finished, found one page matching the search query.", tuple(forms), line=1,
                      msgid_plural="Search finished, found ${resultCount} pages matching the search query.")
    found = translation_problems(message, interface=True)
    assert len(found) == len(problems) and all(p in f for p, f in zip(problems, found)), found
