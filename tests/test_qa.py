"""Issue 4: `check-po` blocks broken, unsafe and stale catalogs."""

from __future__ import annotations

import json
import subprocess
import sys

import polib
import pytest

from papersite.checkpo import check_po
from papersite.project import ROOT
from papersite.qa import message_problems

from .conftest import DATA, paper_catalog, paper_source

SOURCE = "Container technologies like {link}`Docker <docker>` and {link}`Kubernetes <kubernetes>` are here."


@pytest.mark.parametrize(
    "translation, reason",
    [
        ("{link}`Docker <docker>` und {link}`Kubernetes <evil>` sind da.", "link targets differ"),
        ("{link}`Docker <docker>` und {link}`Kubernetes <kubernetes>` [hier](https://evil.example).", "link targets differ"),
        ("{link}`Docker <docker>` <script>alert(1)</script> {link}`Kubernetes <kubernetes>`.", "adds raw HTML"),
        ("{link}`Docker <docker>` <b onclick=x>K</b> {link}`Kubernetes <kubernetes>`.", "event-handler"),
        ("{link}`Docker <docker>` {link}`Kubernetes <kubernetes>` <javascript:alert(1)>", "javascript:"),
        ("{link}`Docker <docker>` und {link}`Kubernetes <kubernetes>` *sind da.", "asterisks"),
        ("{link}`Docker <docker>` und {link}`Kubernetes <kubernetes> sind da.", "backticks"),
    ],
)
def test_unsafe_or_broken_markup_is_rejected(translation, reason):
    assert any(reason in problem for problem in message_problems(SOURCE, translation))


def test_links_may_move_with_natural_word_order():
    moved = "{link}`Kubernetes <kubernetes>` と {link}`Docker <docker>` のようなコンテナ技術。"
    assert message_problems(SOURCE, moved) == []


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
    assert (result.returncode, result.stdout) == (0, "")


def test_check_po_json_for_machines_and_exit_status(project_copy):
    break_catalogs(project_copy)
    command = [sys.executable, "-m", "papersite", "--root", str(project_copy.root), "check-po", "--json", "--langs", "ja"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1
    reported = [{**p, "path": p["path"].replace(str(project_copy.root) + "/", "")} for p in json.loads(result.stdout)]
    assert reported == json.loads((DATA / "golden" / "check-po.json").read_text(encoding="utf-8"))
