"""update-po leaves a file as Weblate 5.14 writes it (the real round trip is
tests/weblate/): one line per string, and the header as the file has it."""

from __future__ import annotations

from papersite.catalog.sync import update_po

from ..conftest import paper_catalog

# What Weblate's first save made of a header (seen in tests/weblate/): its
# fields in translate-toolkit's order, Plural-Forms in Weblate's own words.
WEBLATE_HEADER = """\
"PO-Revision-Date: 2030-01-02 10:00+0000\\n"
"Last-Translator: Weblate Translator <t@example.invalid>\\n"
"Language-Team: Deutsch (de) — whitepaper translation team\\n"
"Language: de\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=utf-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=n != 1;\\n"
"X-Generator: Weblate 5.14.3\\n"
"Generated-By: Babel 2.18.0\\n"
"X-Translation-Method: machine-unreviewed\\n"
"""


def as_weblate_writes_it(text: str) -> str:
    start = text.index('"PO-Revision-Date:')
    end = text.index("\n\n", start)
    return text[:start] + WEBLATE_HEADER.rstrip("\n") + text[end:]


def test_a_header_in_weblates_order_and_words_is_kept_byte_for_byte(project_copy):
    po = paper_catalog(project_copy, "de", "conclusion")
    po.write_text(as_weblate_writes_it(po.read_text(encoding="utf-8")), encoding="utf-8")
    before = po.read_bytes()
    assert update_po(project_copy, ["de"]).changes == []
    assert po.read_bytes() == before


def test_long_messages_stay_on_one_line(project_copy):
    po = paper_catalog(project_copy, "ja", "conclusion")
    longest = max(po.read_text(encoding="utf-8").splitlines(), key=len)
    assert len(longest) > 200 and longest.startswith(("msgid \"", "msgstr \""))
