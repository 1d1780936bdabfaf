from pathlib import Path

import pytest

from papersite import seed


def test_seed_has_175_text_strings_and_9_image_placeholders(seed_path: Path):
    entries = seed.load(seed_path)
    assert len(entries) == 184
    assert len(seed.text_strings(entries)) == 175
    placeholders = [entry.msgid for entry in entries if entry.is_image_placeholder]
    assert placeholders == ['"Table', '"Table', '"Intro"', '"AT&T"', '"Cern"', '"Cern"', '"SK', '"SK', '"Superfluidity"']


def test_adjacent_literals_join_and_escapes_decode():
    entries = seed.parse(r'msgid "" msgstr "" msgid "" "a \"quoted\" " "word\n" msgstr ""')
    assert [entry.msgid for entry in entries] == ['a "quoted" word\n']


def test_a_stray_token_is_reported_with_its_column():
    with pytest.raises(seed.SeedSyntaxError, match=r"x\.txt:1:18: unexpected"):
        seed.parse('msgid "a" msgstr oops ""', "x.txt")
