"""Issue 4: `update-po` keeps every translation and one canonical format."""

from __future__ import annotations

import subprocess

import polib
import pytest

from papersite.project import Project
from papersite.catalog.sync import update_po

from ..conftest import paper_catalog, paper_source

OLD = "Over the past few years, as containers have become an important tool"
NEW = "Over the last few years, as containers have become an important tool"
REMOVED = "To learn more, visit the"


@pytest.fixture
def edited(project_copy):
    """The conclusion with one paragraph reworded, one removed and one added."""
    path = paper_source(project_copy, "conclusion")
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [line.replace(OLD, NEW) for line in lines if not line.startswith(REMOVED)]
    lines.append("\nA brand new closing sentence.")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return project_copy


def entry(catalog, start):
    return next(e for e in catalog if e.msgid.startswith(start))


def obsolete(catalog, start):
    return next(e for e in catalog.obsolete_entries() if e.msgid.startswith(start))


def test_no_translation_is_lost_when_the_source_changes(edited):
    po = paper_catalog(edited, "ja", "conclusion")
    before = polib.pofile(str(po))
    old_translation = entry(before, OLD).msgstr
    removed_translation = entry(before, REMOVED).msgstr

    update_po(edited, ["ja"])
    after = polib.pofile(str(po))

    changed = entry(after, NEW)
    assert changed.msgstr == old_translation
    assert changed.fuzzy
    assert changed.previous_msgid.startswith(OLD)
    assert obsolete(after, REMOVED).msgstr == removed_translation
    assert entry(after, "A brand new closing sentence.").msgstr == ""


def test_second_run_changes_nothing_and_msgcat_round_trip_is_identical(edited):
    update_po(edited, ["ja", "de"])
    assert update_po(edited, ["ja", "de"]).changes == []
    for po in edited.catalogs("ja"):
        round_trip = subprocess.run(["msgcat", "--no-wrap", str(po)], capture_output=True, check=True).stdout
        assert round_trip == po.read_bytes(), po


def test_prune_removes_obsolete_messages_only_when_asked(edited):
    update_po(edited, ["ja"])
    po = paper_catalog(edited, "ja", "conclusion")
    assert polib.pofile(str(po)).obsolete_entries()
    update_po(edited, ["ja"], prune=True)
    assert not polib.pofile(str(po)).obsolete_entries()
    assert entry(polib.pofile(str(po)), NEW).msgstr  # the fuzzy translation stays


CATALOG = paper_catalog(Project(), "de", "conclusion")
HEADING = b'msgid "IV. Conclusion"\nmsgstr "IV. Fazit"\n'


def refusal(old: bytes, merged: bytes):
    """What the last check before a write says of ``merged`` replacing ``old``."""
    from papersite.catalog.losses import check_nothing_lost
    from papersite.catalog.reader import CatalogError

    check_nothing_lost(CATALOG, polib.pofile(old.decode()), old)  # the unchanged file passes
    with pytest.raises(CatalogError) as refused:
        check_nothing_lost(CATALOG, polib.pofile(old.decode()), merged)
    return refused.value.line, refused.value.reason


@pytest.mark.parametrize(
    "before, after",
    [
        (HEADING, b'msgid "IV. Conclusion"\nmsgstr "IV. Fazi"\n'),
        (b"#, fuzzy\n" + HEADING, HEADING),
        (b"# checked by Anna\n" + HEADING, HEADING),
        (b"#, no-wrap\n" + HEADING, HEADING),
    ],
    ids=["altered", "fuzzy-cleared", "comment-dropped", "flag-dropped"],
)
def test_nothing_lost_check_refuses_a_merge_that_alters_a_translation(before, after):
    old = CATALOG.read_bytes().replace(HEADING, before)
    line = old[: old.index(before)].count(b"\n") + 1
    assert refusal(old, old.replace(before, after)) == (
        line, "the merge would lose or alter the translation of “IV. Conclusion”; catalog left unchanged",
    )


def test_nothing_lost_check_refuses_a_changed_header_field():
    old = CATALOG.read_bytes()
    merged = old.replace(b'"Language-Team: ', b'"Language-Team: X')
    assert refusal(old, merged) == (1, "the merge would change the header field Language-Team; catalog left unchanged")
