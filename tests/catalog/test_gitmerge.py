"""The catalogs' git merge driver (tools/weblate/merge-po): the sync race
between a translation not yet pushed and the repository's update-po, with
real git rebases as Weblate does them (its commits replayed on the branch)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from papersite.catalog.sync import update_po
from papersite.project import ROOT

from ..conftest import copy_project, paper_catalog, paper_source

WEBLATE_PYTHON = Path(__file__).with_name("weblate_python.py")

LANGUAGE = "de"
CHANGED = "Over the past few years, as containers have become an important tool"
REWORDED = "Over the last few years, as containers have become an important tool"
REMOVED = "To learn more, visit the"
ADDED = "A brand new closing sentence."
UNTOUCHED = "IV. Conclusion"


def git(folder, *args, check=True):
    return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, check=check)


def entry(po, start, obsolete=False):
    catalog = polib.pofile(str(po))
    entries = catalog.obsolete_entries() if obsolete else [e for e in catalog if not e.obsolete]
    return next(e for e in entries if e.msgid.startswith(start))


def translate(po, start, words, stamp):
    """What Weblate's save does to the file: one msgstr and the header's stamps."""
    text = po.read_text(encoding="utf-8")
    old = entry(po, start).msgstr
    assert f'msgstr "{old}"' in text
    text = text.replace(f'msgstr "{old}"', f'msgstr "{words}"', 1)
    for name, value in (("PO-Revision-Date", stamp), ("Last-Translator", f"Weblate Translator {stamp[-9:-5]} <t@example.invalid>")):
        start_of = text.index(f'"{name}: ')
        text = text[:start_of] + f'"{name}: {value}\\n"' + text[text.index("\n", start_of):]
    po.write_text(text, encoding="utf-8")


def edit_sources(project):
    path = paper_source(project, "conclusion")
    lines = [line.replace(CHANGED, REWORDED) for line in path.read_text(encoding="utf-8").splitlines()
             if not line.startswith(REMOVED)]
    path.write_text("\n".join(lines + ["", ADDED]) + "\n", encoding="utf-8")


@pytest.fixture
def race(tmp_path):
    """A repository whose branch `weblate` holds translations made before main
    ran update-po on a source change (one message reworded, one removed, one added)."""
    (tmp_path / "repo").mkdir()
    project = copy_project(tmp_path / "repo")
    shutil.copy(ROOT / ".gitattributes", project.root / ".gitattributes")
    git(project.root, "init", "-q", "-b", "main")
    git(project.root, "config", "user.email", "test@example.invalid")
    git(project.root, "config", "user.name", "Test")
    git(project.root, "add", "-A")
    git(project.root, "commit", "-qm", "start")
    po = paper_catalog(project, LANGUAGE, "conclusion")
    git(project.root, "checkout", "-q", "-b", "weblate")
    translate(po, CHANGED, "Weblates neue Übersetzung des geänderten Absatzes.", "2030-01-02 10:00+0000")
    translate(po, REMOVED, "Weblates Übersetzung eines entfernten Satzes", "2030-01-02 10:01+0000")
    git(project.root, "commit", "-qam", "Translated using Weblate")
    git(project.root, "checkout", "-q", "main")
    edit_sources(project)
    assert update_po(project, [LANGUAGE]).refused == []
    git(project.root, "commit", "-qam", "Source change and update-po")
    return project, po


def expected_after_sync(tmp_path, project, po):
    """What update-po writes for Weblate's file against the new sources."""
    (tmp_path / "expected").mkdir()
    other = copy_project(tmp_path / "expected")
    edit_sources(other)
    target = paper_catalog(other, LANGUAGE, "conclusion")
    target.write_bytes(git(project.root, "show", f"weblate:{po.relative_to(project.root)}").stdout.encode("utf-8"))
    assert update_po(other, [LANGUAGE]).refused == []
    return target.read_bytes()


def rebase_weblate(project, driver=True):
    """Weblate's update: its commits replayed on the branch it follows."""
    if driver:  # run as in Weblate's environment, which lacks most of the project's packages
        git(project.root, "config", "merge.papersite-po.driver",
            f"{sys.executable} {WEBLATE_PYTHON} {ROOT / 'tools' / 'weblate' / 'merge-po'} %O %A %B %P")
    git(project.root, "checkout", "-q", "weblate")
    return git(project.root, "rebase", "main", check=False)


def test_without_the_driver_the_race_conflicts(race):
    project, _ = race
    assert rebase_weblate(project, driver=False).returncode != 0


def test_the_driver_gives_what_update_po_gives_had_weblate_translated_first(race, tmp_path):
    project, po = race
    expected = expected_after_sync(tmp_path, project, po)
    result = rebase_weblate(project)
    assert result.returncode == 0, result.stderr + result.stdout
    assert po.read_bytes() == expected
    reworded = entry(po, REWORDED)
    assert reworded.fuzzy and reworded.previous_msgid.startswith(CHANGED)
    assert reworded.msgstr == "Weblates neue Übersetzung des geänderten Absatzes."
    assert entry(po, REMOVED, obsolete=True).msgstr == "Weblates Übersetzung eines entfernten Satzes"
    assert entry(po, ADDED).msgstr == ""
    catalog = polib.pofile(str(po))
    assert catalog.metadata["PO-Revision-Date"] == "2030-01-02 10:01+0000"
    assert update_po(project, [LANGUAGE]).changes == []  # nothing left to sync: no churn


def test_two_edits_of_one_translation_conflict_and_nothing_is_chosen(race):
    project, po = race
    translate(po, REWORDED, "Eine andere Übersetzung im Repository.", "2030-01-03 09:00+0000")
    git(project.root, "commit", "-qam", "Edited by hand on main")
    result = rebase_weblate(project)
    assert result.returncode != 0
    assert "CONFLICT" in result.stdout + result.stderr
    git(project.root, "rebase", "--abort")
    assert "Weblates neue" in git(project.root, "show", f"weblate:{po.relative_to(project.root)}").stdout


def test_untouched_messages_and_edits_on_both_sides_of_different_messages_merge(race):
    project, po = race
    translate(po, UNTOUCHED, "IV. Schlussfolgerung", "2029-12-31 08:00+0000")
    git(project.root, "commit", "-qam", "Another message edited on main")
    assert rebase_weblate(project).returncode == 0
    assert entry(po, UNTOUCHED).msgstr == "IV. Schlussfolgerung"
    assert entry(po, REWORDED).msgstr == "Weblates neue Übersetzung des geänderten Absatzes."
    assert polib.pofile(str(po)).metadata["PO-Revision-Date"] == "2030-01-02 10:01+0000"  # the later stamp
