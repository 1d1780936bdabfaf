"""Issue 9, item 4: hostile or unusual catalogs against the real `update-po`.

A catalog the merge cannot read exactly stays byte-identical and is reported
with its file and line; one it can read keeps everything a translator wrote.
"""

from __future__ import annotations

import errno
import os
import shutil

import polib
import pytest

from papersite.catalog import reader as pofile_io
from papersite.cli import main
from papersite.catalog.sync import update_po

from ..conftest import paper_catalog, paper_source

LANGUAGE = "de"
FIRST = 'msgid "IV. Conclusion"\nmsgstr "IV. Fazit"\n'
PARAGRAPH = "Over the past few years, as containers have become an important tool"


def conclusion(project):
    return paper_catalog(project, LANGUAGE, "conclusion")


def tamper(po, old: bytes, new: bytes) -> int:
    """Replace ``old`` by ``new`` in the catalog; the line where ``new`` starts."""
    data = po.read_bytes()
    assert old in data
    po.write_bytes(data.replace(old, new, 1))
    return data[: data.index(old)].count(b"\n") + 1


def append(po, text: str) -> None:
    po.write_bytes(po.read_bytes() + b"\n" + text.encode("utf-8"))


def assert_refused(project, po, line, reason_part) -> None:
    before = po.read_bytes()
    result = update_po(project, [LANGUAGE])
    assert [(error.path, error.line) for error in result.refused] == [(po, line)]
    assert reason_part in result.refused[0].reason
    assert po.read_bytes() == before


def entries(po, msgid):
    return [entry for entry in polib.pofile(str(po)) if entry.msgid == msgid]


# Edits a translator's catalog may carry that update-po must refuse, leaving the
# file as it is: (what is replaced, by what, lines from there to the one named, reason).
FIRST_BYTES = FIRST.encode()
REFUSED_EDITS = {
    "syntax-error-not-repaired": (FIRST_BYTES, b'msgid "IV. Conclusion"\nmsgstr "IV. Fazit\n', 1,
                                  "GNU gettext: end-of-line within string"),
    "nul-byte-not-truncated": (b'msgstr "IV. Fazit"', b'msgstr "IV.\x00 Fazit"', 0, "NUL"),
    "invalid-utf8": (b'msgstr "IV. Fazit"', b'msgstr "IV. F\xe4zit"', 0, "not valid UTF-8"),
    "escaped-control-character": (b'msgstr "IV. Fazit"', b'msgstr "IV.\\b Fazit"', 0,
                                  "should not contain the '\\b' escape sequence"),
    "charset-other-than-utf8": (b"charset=utf-8", b"charset=ISO-8859-1", 0,
                                "declares charset iso-8859-1; catalogs must declare charset=utf-8"),
    # polib and Babel would split the message there; GNU would not.
    "unicode-line-separator-not-split": (b'msgstr "IV. Fazit"', 'msgstr "IV.\u2028Fazit"'.encode(), 0,
                                         "contains a line separator (U+2028); remove it"),
    # Octal escapes of the bytes of U+0085 (NEL): invisible in the file, a control character once read.
    "control-character-as-octal-escapes": (FIRST_BYTES, b'msgid "IV. Conclusion"\nmsgstr "IV.\\302\\205Fazit"\n', 0,
                                           "a message contains a next-line control (NEL, U+0085); remove it"),
    # Babel and polib keep only the last value: "de" would vanish without a word.
    "header-field-written-twice": (b'"Language: de\\n"\n', b'"Language: de\\n"\n"Language: ja\\n"\n', 1,
                                   "the header field Language is written twice; keep one"),
}


@pytest.mark.parametrize("edit", list(REFUSED_EDITS))
def test_a_catalog_update_po_cannot_read_exactly_is_refused_with_its_line_and_left_alone(project_copy, edit):
    old, new, lines_on, reason = REFUSED_EDITS[edit]
    po = conclusion(project_copy)
    line = tamper(po, old, new) + lines_on
    assert_refused(project_copy, po, line, reason)


def test_an_escape_means_what_gnu_reads_not_what_babel_would(project_copy):
    """Babel alone keeps "\\x61" as four characters; the merge reads GNU's output."""
    po = conclusion(project_copy)
    tamper(po, FIRST.encode(), b'msgid "IV. Conclusion"\nmsgstr "IV. F\\x61zit"\n')
    result = update_po(project_copy, [LANGUAGE])
    assert (result.refused, [change.path for change in result.changes]) == ([], [po])
    assert FIRST.encode() in po.read_bytes()


def test_obsolete_entry_colliding_with_a_live_one_is_refused(project_copy):
    po = conclusion(project_copy)
    append(po, '#~ msgid "IV. Conclusion"\n#~ msgstr "IV. Schluss"\n')
    line = po.read_bytes().count(b"\n") - 1
    assert_refused(project_copy, po, line, "duplicate message definition")


def test_more_plural_forms_than_the_header_allows_are_refused_not_dropped(project_copy):
    po = paper_catalog(project_copy, "ja", "conclusion")
    append(po, 'msgid "one page"\nmsgid_plural "%d pages"\nmsgstr[0] "1ページ"\nmsgstr[1] "%dページ"\n')
    line = po.read_bytes().count(b"\n") - 3
    before = po.read_bytes()
    result = update_po(project_copy, ["ja"])
    assert [(error.path, error.line) for error in result.refused] == [(po, line)]
    assert "has 2 plural forms but the header's Plural-Forms says nplurals=1" in result.refused[0].reason
    assert po.read_bytes() == before


def test_symlink_and_folder_named_po_are_refused_and_left_alone(project_copy, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("do not publish\n")
    link = conclusion(project_copy)
    link.unlink()
    link.symlink_to(secret)
    folder = project_copy.locale / LANGUAGE / "LC_MESSAGES" / "index.po"
    folder.unlink()
    folder.mkdir()
    result = update_po(project_copy, [LANGUAGE])
    assert sorted(str(error) for error in result.refused) == sorted(
        f"{path}: is not a regular file (a link or a folder?); replace it with the catalog itself" for path in (link, folder)
    )
    assert link.is_symlink() and secret.read_text() == "do not publish\n" and folder.is_dir()


def test_cli_names_file_and_line_and_exits_non_zero(project_copy, capsys):
    po = conclusion(project_copy)
    line = tamper(po, b'msgstr "IV. Fazit"', b'msgstr "IV.\x00 Fazit"')
    before = po.read_bytes()
    assert main(["--root", str(project_copy.root), "update-po", "--langs", LANGUAGE]) == 1
    error = capsys.readouterr().err
    assert error == f"left unchanged: {po}:{line}: contains a NUL; remove it\n"
    assert po.read_bytes() == before


def test_disk_full_during_the_write_leaves_the_old_catalog(project_copy, monkeypatch):
    po = conclusion(project_copy)
    source = paper_source(project_copy, "conclusion")
    source.write_text(source.read_text(encoding="utf-8") + "\nA brand new closing sentence.\n", encoding="utf-8")
    before = po.read_bytes()
    real_fdopen = os.fdopen

    class DiskFull:
        """Takes half of what is written, then the disk is full."""

        def __init__(self, stream):
            self.stream = stream

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.stream.close()

        def write(self, data):
            self.stream.write(data[: len(data) // 2])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(pofile_io.os, "fdopen", lambda fd, mode: DiskFull(real_fdopen(fd, mode)))
    result = update_po(project_copy, [LANGUAGE])
    assert [str(error) for error in result.refused if error.path == po] == [
        f"{po}: could not be written (No space left on device); the old catalog is unchanged"
    ]
    assert po.read_bytes() == before
    assert sorted(p.name for p in po.parent.iterdir() if p.name.startswith(".")) == []


def test_everything_a_translator_wrote_survives(project_copy):
    """Plural forms, msgctxt, comments, flags, a custom header field and
    obsolete entries that share a msgid, through a merge that rewrites the file."""
    po = conclusion(project_copy)
    tamper(po, b'"Generated-By: Babel 2.18.0\\n"\n', b'"Generated-By: Babel 2.18.0\\n"\n"X-Generator: Weblate 5.8\\n"\n')
    tamper(po, FIRST.encode(), b"# Fazit: im Glossar pruefen\n#, no-wrap\n" + FIRST.encode())
    append(
        po,
        '# gepflegt von Anna\n#. from the 2017 draft\n#~ msgctxt "heading"\n#~ msgid "Summary"\n#~ msgstr "Zusammenfassung"\n\n'
        '#~ msgctxt "table"\n#~ msgid "Summary"\n#~ msgstr "Übersicht"\n\n'
        '#~ msgid "one page"\n#~ msgid_plural "%d pages"\n#~ msgstr[0] "eine Seite"\n#~ msgstr[1] "%d Seiten"\n',
    )
    source = paper_source(project_copy, "conclusion")
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("# IV. Conclusion", "# IV. Conclusion\n\nSummary") + "\nNew sentence.\n", encoding="utf-8")

    result = update_po(project_copy, [LANGUAGE])

    assert result.refused == [] and [change.path for change in result.changes] == [po]
    catalog = polib.pofile(str(po))
    assert catalog.metadata["X-Generator"] == "Weblate 5.8"
    heading = entries(po, "IV. Conclusion")[0]
    assert (heading.msgstr, heading.tcomment, heading.flags) == ("IV. Fazit", "Fazit: im Glossar pruefen", ["no-wrap"])
    summaries = {entry.msgctxt: (entry.msgstr, entry.tcomment, entry.comment, entry.obsolete) for entry in entries(po, "Summary")}
    assert summaries == {
        None: ("", "", "", False),
        "heading": ("Zusammenfassung", "gepflegt von Anna", "from the 2017 draft", True),
        "table": ("Übersicht", "", "", True),
    }
    plural = entries(po, "one page")[0]
    assert (plural.obsolete, plural.msgstr_plural) == (1, {0: "eine Seite", 1: "%d Seiten"})
    assert update_po(project_copy, [LANGUAGE]).changes == []


@pytest.fixture
def reworded(project_copy):
    """Reword the paragraph's source: each call one more edit."""
    source = paper_source(project_copy, "conclusion")

    def edit(old: str, new: str) -> None:
        source.write_text(source.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        assert update_po(project_copy, [LANGUAGE]).refused == []

    return project_copy, edit


def paragraph(po, start):
    return next(entry for entry in polib.pofile(str(po)) if entry.msgid.startswith(start) and not entry.obsolete)


def test_previous_msgid_is_the_text_the_translation_was_made_for(reworded):
    project, edit = reworded
    po = conclusion(project)
    translation = paragraph(po, PARAGRAPH).msgstr
    edit("Over the past few years", "Over the last few years")
    edit("Over the last few years", "Over the recent years")
    entry = paragraph(po, "Over the recent years")
    assert (entry.fuzzy, entry.msgstr) == (True, translation)
    assert entry.previous_msgid.startswith(PARAGRAPH)


def test_previous_msgid_goes_when_the_translator_clears_fuzzy(reworded):
    project, edit = reworded
    po = conclusion(project)
    edit("Over the past few years", "Over the last few years")
    catalog = polib.pofile(str(po))
    entry = paragraph(po, "Over the last few years")
    assert entry.previous_msgid.startswith(PARAGRAPH)
    tamper(po, b"#, fuzzy\n", b"")  # the translator reviewed it; the #| lines stay in the file
    assert update_po(project, [LANGUAGE]).refused == []
    entry = paragraph(po, "Over the last few years")
    assert (entry.fuzzy, entry.previous_msgid) == (False, None)
    assert entry.msgstr == next(e for e in catalog if e.msgid == entry.msgid).msgstr


def test_a_removed_fuzzy_translation_stays_obsolete_with_its_previous_msgid(reworded):
    project, edit = reworded
    po = conclusion(project)
    translation = paragraph(po, PARAGRAPH).msgstr
    edit("Over the past few years", "Over the last few years")
    source = paper_source(project, "conclusion")
    source.write_text(
        "\n".join(line for line in source.read_text(encoding="utf-8").splitlines() if not line.startswith("Over the last")) + "\n",
        encoding="utf-8",
    )
    assert update_po(project, [LANGUAGE]).refused == []
    entry = next(e for e in polib.pofile(str(po)).obsolete_entries() if e.msgid.startswith("Over the last"))
    assert (entry.msgstr, entry.fuzzy) == (translation, True)
    # polib does not read "#~|"; GNU does, and the next run keeps it as it is
    assert b'#~| msgid "Over the past few years' in po.read_bytes()
    assert update_po(project, [LANGUAGE]).changes == []


def test_a_catalog_without_header_is_refused_not_given_babel_defaults(project_copy):
    po = conclusion(project_copy)
    po.write_bytes(FIRST.encode())
    assert_refused(project_copy, po, 1, "has no header declaring charset=utf-8")


def test_an_invalid_nplurals_is_reported_with_gnu_line_not_a_traceback(project_copy):
    po = conclusion(project_copy)
    tamper(po, b"nplurals=2;", b"nplurals=two;")
    line = tamper(po, b'msgid ""\nmsgstr ""\n', b'msgid ""\nmsgstr ""\n') + 1
    assert_refused(project_copy, po, line, "GNU gettext: invalid nplurals value")


def test_a_second_entry_with_an_empty_msgid_is_reported(project_copy):
    """GNU reads it as a message with a context; Babel would take it for a second header."""
    po = conclusion(project_copy)
    append(po, 'msgctxt "menu"\nmsgid ""\nmsgstr "Startseite"\n')
    line = po.read_bytes().count(b"\n") - 2
    assert_refused(project_copy, po, line, "a message has an empty msgid (only the header may); give it one or remove it")


COMMENTS = (
    "#   indented note\n"
    "#\tchecked by Anna\n"
    "#\n"
    "#\n"
    "# same line\n"
    "# same line\n"
    "# papersite-comment-0123456789abcdef-0\n"
)


def test_translator_comments_survive_byte_exact_through_a_fuzzy_match(project_copy):
    """Babel alone would strip the indentation and tab, drop the repeated
    lines and fill in PROJECT in the header; GNU's text of them is kept (in
    GNU's own form: msgcat writes "#<tab>" as "# <tab>")."""
    po = conclusion(project_copy)
    tamper(po, b"# Translators:\n", b"# PROJECT notes\n#\n#\n# Translators:\n")
    data = po.read_bytes()
    start = data.index(PARAGRAPH.encode())
    entry_start = data.rindex(b"\n\n", 0, start) + 2
    po.write_bytes(data[:entry_start] + COMMENTS.encode() + data[entry_start:])
    kept = COMMENTS.replace("#\tchecked", "# \tchecked")
    source = paper_source(project_copy, "conclusion")
    source.write_text(source.read_text(encoding="utf-8").replace("Over the past few years", "Over the last few years"), encoding="utf-8")

    result = update_po(project_copy, [LANGUAGE])

    assert (result.refused, [change.path for change in result.changes]) == ([], [po])
    data = po.read_bytes().decode("utf-8")
    assert data.startswith("# German translation of") and "\n# PROJECT notes\n#\n#\n# Translators:\n" in data
    moved = paragraph(po, "Over the last few years")
    assert moved.fuzzy and moved.previous_msgid.startswith(PARAGRAPH)
    assert data.count(kept) == 1 and data.index(kept) < data.index('\nmsgid "Over the last few years')
    assert update_po(project_copy, [LANGUAGE]).changes == []


def test_a_refused_catalog_does_not_stop_the_others(project_copy):
    po = conclusion(project_copy)
    line = tamper(po, b'msgstr "IV. Fazit"', b'msgstr "IV. F\xe4zit"')
    before = po.read_bytes()
    source = paper_source(project_copy, "conclusion")
    source.write_text(source.read_text(encoding="utf-8") + "\nA brand new closing sentence.\n", encoding="utf-8")
    result = update_po(project_copy, [LANGUAGE, "ja"])
    assert [str(error) for error in result.refused] == [f"{po}:{line}: is not valid UTF-8; save the file as UTF-8"]
    assert [change.path for change in result.changes] == [paper_catalog(project_copy, "ja", "conclusion")]
    assert po.read_bytes() == before


def test_a_fifo_named_po_is_refused_without_waiting_for_a_writer(project_copy):
    fifo = conclusion(project_copy)
    fifo.unlink()
    os.mkfifo(fifo)
    result = update_po(project_copy, [LANGUAGE])
    assert [str(error) for error in result.refused] == [
        f"{fifo}: is not a regular file (a link or a folder?); replace it with the catalog itself"
    ]
    assert fifo.is_fifo()


@pytest.mark.parametrize(
    "field, value, found",
    [
        ("PO-Revision-Date", "2026-13-45 99:99+9999", "time data '2026-13-45 99:99' does not match format"),
        ("Language", "../../etc", "expected only letters"),
    ],
    ids=["date", "language"],
)
def test_a_header_value_the_merge_cannot_read_is_named_with_its_line(project_copy, field, value, found):
    po = conclusion(project_copy)
    data = po.read_bytes().decode("utf-8")
    old = next(line for line in data.split("\n") if line.startswith(f'"{field}:'))
    line = tamper(po, old.encode(), f'"{field}: {value}\\n"'.encode())
    assert_refused(project_copy, po, line, f"the header field {field} cannot be read ({found}")


def test_a_plural_message_gone_from_the_sources_stays_obsolete_with_every_form(project_copy):
    po = conclusion(project_copy)
    append(po, 'msgid "one page"\nmsgid_plural "%d pages"\nmsgstr[0] "eine Seite"\nmsgstr[1] "%d Seiten"\n')
    result = update_po(project_copy, [LANGUAGE])
    assert (result.refused, [change.path for change in result.changes]) == ([], [po])
    assert po.read_bytes().endswith(
        b'\n\n#~ msgid "one page"\n#~ msgid_plural "%d pages"\n#~ msgstr[0] "eine Seite"\n#~ msgstr[1] "%d Seiten"\n'
    )


def test_a_message_made_plural_by_a_translator_is_refused_not_cut_to_one_form(project_copy):
    """GNU msgmerge would keep msgstr[0] alone, as a fuzzy singular, and say nothing."""
    po = conclusion(project_copy)
    line = tamper(
        po, FIRST.encode(),
        b'msgid "IV. Conclusion"\nmsgid_plural "IV. Conclusions"\nmsgstr[0] "IV. Fazit"\nmsgstr[1] "IV. Fazits"\n',
    )
    assert_refused(project_copy, po, line, "the merge would lose or alter the translation of “IV. Conclusion”")


def test_a_catalog_folder_linked_outside_the_project_is_neither_read_nor_written(project_copy, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "conclusion.po").write_bytes(b"not a catalog\n")
    folder = project_copy.locale / LANGUAGE / "LC_MESSAGES"
    shutil.rmtree(folder)
    folder.symlink_to(outside)
    result = update_po(project_copy, [LANGUAGE])
    assert result.changes == [] and [str(error) for error in result.refused] == [
        f"{folder}: leads outside locale/ (a link?); replace it with a real folder"
    ]
    assert sorted(path.name for path in outside.iterdir()) == ["conclusion.po"]
    assert (outside / "conclusion.po").read_bytes() == b"not a catalog\n"


def test_a_language_folder_linked_elsewhere_gets_no_new_catalogs(project_copy, tmp_path):
    """Without the check, the missing LC_MESSAGES would be created there and filled."""
    outside = tmp_path / "outside"
    outside.mkdir()
    language = project_copy.locale / LANGUAGE
    shutil.rmtree(language)
    language.symlink_to(outside)
    result = update_po(project_copy, [LANGUAGE])
    assert [str(error) for error in result.refused] == [
        f"{language}: leads outside locale/ (a link?); replace it with a real folder"
    ]
    assert list(outside.iterdir()) == []
