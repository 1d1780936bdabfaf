"""The flattened seed of the first paper reads back as the reference catalog's entries."""

import html
import re
from pathlib import Path

import polib
import pytest

from papersite import seed

from .conftest import DATA, FIRST_PAPER

IMAGE_ALT = re.compile(r'^<img [^>]*\balt="([^"]*)"')


def reference_msgids() -> list[str]:
    return [entry.msgid for entry in polib.pofile(str(DATA / FIRST_PAPER / "reference.pot"))]


def test_seed_has_the_reference_entries_text_strings_and_image_placeholders(seed_path: Path):
    reference = reference_msgids()
    entries = seed.load(seed_path)
    assert len(entries) == len(reference)
    texts = [msgid for msgid in reference if not IMAGE_ALT.match(msgid)]
    assert len(seed.text_strings(entries)) == len(dict.fromkeys(texts))
    # The seed kept, of each image, its alt attribute up to the first space, quote included.
    alts = [html.unescape(IMAGE_ALT.match(msgid)[1]) for msgid in reference if IMAGE_ALT.match(msgid)]
    placeholders = [entry.msgid for entry in entries if entry.is_image_placeholder]
    assert placeholders == [f'"{alt}"'.split()[0] for alt in alts]


def test_adjacent_literals_join_and_escapes_decode():
    entries = seed.parse(r'msgid "" msgstr "" msgid "" "a \"quoted\" " "word\n" msgstr ""')
    assert [entry.msgid for entry in entries] == ['a "quoted" word\n']


def test_a_stray_token_is_reported_with_its_column():
    with pytest.raises(seed.SeedSyntaxError, match=r"x\.txt:1:18: unexpected"):
        seed.parse('msgid "a" msgstr oops ""', "x.txt")
