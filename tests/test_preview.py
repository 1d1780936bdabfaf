"""Issue 19: `python -m papersite preview --base REF`, on a real git history made here.

A copy of the project becomes a repository; a "pull request" commit then edits
Japanese catalogs (one message improved, one spoiled with markup, one marked
fuzzy) and the preview is built against the first commit.
"""

from __future__ import annotations

import os
import subprocess
import sys

import polib
import pytest

from papersite.catalog.markup import parse
from papersite.preview import changed_inputs
from papersite.project import ROOT

from .conftest import FIRST_PAPER, copy_project, paper_catalog, paper_source
from .htmlparse import elements

HOSTILE = " <img src=x onerror=alert(1)> | ![t](https://example.org/t.png)"


def git(root, *args) -> str:
    environment = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                   "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True,
                          env=environment).stdout.strip()


def paragraphs(path, source):
    """The catalog, and its translated messages that are paragraphs of their page (a line of the source)."""
    catalog = polib.pofile(str(path))
    lines = set(source.read_text(encoding="utf-8").splitlines())
    return catalog, [entry for entry in catalog if entry.msgstr and entry.msgid in lines and "{link}" not in entry.msgid]


@pytest.fixture(scope="module")
def pull_request(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("repository"))
    git(project.root, "init", "-q", "-b", "main")
    git(project.root, "add", "-A")
    git(project.root, "commit", "-q", "-m", "base")
    base = git(project.root, "rev-parse", "HEAD")
    path = paper_catalog(project, "ja", "case-studies")
    catalog, entries = paragraphs(path, paper_source(project, "case-studies"))
    improved, spoiled, fuzzy = entries[:3]
    before = {entry.msgid: entry.msgstr for entry in (improved, spoiled, fuzzy)}
    improved.msgstr += "（改訂）"
    spoiled.msgstr += HOSTILE
    fuzzy.flags.append("fuzzy")
    catalog.save(str(path))
    git(project.root, "commit", "-q", "-am", "ja: review of the case studies")
    command = [sys.executable, "-m", "papersite", "--root", str(project.root), "preview", "--base", base]
    summary = project.root.parent / "step-summary.md"
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == 0, result.stderr
    return project, result, summary, before, (improved, spoiled, fuzzy)


def test_only_the_changed_language_is_built_and_nothing_of_make_site_is_touched(pull_request):
    project, result, _, _, _ = pull_request
    preview = project.build / "preview"
    assert sorted(path.name for path in preview.iterdir()) == ["index.html", "ja", "summary.md"]
    assert sorted(path.name for path in project.build.iterdir()) == ["preview", "preview-work"]
    assert "languages rebuilt: ja" in result.stdout


def test_the_index_lists_each_changed_message_with_english_old_new_and_the_checks_verdict(pull_request):
    project, _, _, before, (improved, spoiled, fuzzy) = pull_request
    rows = [element for element in elements(project.build / "preview" / "index.html") if element["tag"] == "tr"][1:]
    texts = [" ".join(row["text"].split()) for row in rows]
    assert len(rows) == 3, texts
    for entry, verdict in ((improved, "published"), (spoiled, "shown in English: found raw HTML"),
                           (fuzzy, "shown in English: fuzzy")):
        [row] = [text for text in texts if " ".join(entry.msgid.split())[:60] in text]
        assert " ".join(before[entry.msgid].split())[:30] in row and verdict in row, row
    assert "（改訂）" in texts[[i for i, t in enumerate(texts) if "published" in t][0]]
    html = (project.build / "preview" / "index.html").read_text(encoding="utf-8")
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html  # a translator's text, escaped


def test_each_changed_paragraph_is_marked_on_its_rebuilt_page_and_linked(pull_request):
    project, _, _, _, (improved, spoiled, fuzzy) = pull_request
    preview = project.build / "preview"
    links = [element["attrs"]["href"] for element in elements(preview / "index.html")
             if element["tag"] == "a" and "#preview-" in element["attrs"].get("href", "")]
    assert len(links) == 3
    page = preview / "ja" / FIRST_PAPER / "case-studies.html"
    marked = {element["attrs"]["data-preview"]: [] for element in elements(page) if "data-preview" in element["attrs"]}
    for element in elements(page):
        if "data-preview" in element["attrs"]:
            marked[element["attrs"]["data-preview"]].append(" ".join(element["text"].split()))
    # The published one shows (and is marked in) its new words; the other two in English.
    assert marked["changed"] == [" ".join(parse(improved.msgstr).astext().split())]
    english = [" ".join(entry.msgid.split()) for entry in (spoiled, fuzzy)]
    assert len(marked["rejected"]) == 2  # a caption's element also holds its "Figure N"
    assert all(any(text.endswith(words) for text in marked["rejected"]) for words in english), marked
    ids = {element["attrs"].get("id") for element in elements(page)}
    for link in links:
        address, anchor = link.split("#")
        assert (preview / address).resolve() == page.resolve() and anchor in ids
    # The paper's PDF, rebuilt with the change, is offered too.
    pdf = f"ja/{next(p for p in project.papers if p.slug == FIRST_PAPER).pdf_file('ja')}"
    assert (preview / pdf).is_file() and f'href="{pdf}"' in (preview / "index.html").read_text(encoding="utf-8")


def test_the_job_summary_gets_the_verdicts_and_no_markup_from_a_catalog(pull_request):
    project, _, summary, _, _ = pull_request
    text = summary.read_text(encoding="utf-8")
    assert text == (project.build / "preview" / "summary.md").read_text(encoding="utf-8")
    assert text.count("<tr>") == 4 and "shown in English: found raw HTML" in text and "published" in text
    table = text[text.index("<table>"):text.index("</table>")]
    assert "\n" not in table  # one HTML block: GitHub reads no Markdown inside it
    assert "<img" not in text and "&lt;img" in text


def test_which_languages_a_change_rebuilds(project_copy):
    catalog = paper_catalog(project_copy, "de", "conclusion")
    glossary = project_copy.locale / "ko_KR" / "glossary.md"
    catalogs, sources = changed_inputs(project_copy, [catalog, glossary, project_copy.root / "README.md"])
    assert (catalogs, sources) == ({"de": [catalog], "ko_KR": []}, [])
    page = paper_source(project_copy, "conclusion")
    catalogs, sources = changed_inputs(project_copy, [page, project_copy.root / "conf.py"])
    assert catalogs == {} and sources == [page.relative_to(project_copy.root).as_posix(), "conf.py"]


def test_an_unknown_base_is_one_line(project_copy):
    git(project_copy.root, "init", "-q")
    command = [sys.executable, "-m", "papersite", "--root", str(project_copy.root), "preview", "--base", "no-such-ref"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.startswith("error: git rev-parse") and result.stderr.count("\n") == 1, result.stderr
