"""Credits name real people and teams: never what a catalog template writes where
a name belongs (GNU's, Babel's), whatever language or year it carries."""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from papersite.catalog.credits import PLACEHOLDER_NAMES, is_placeholder, language_credits
from papersite.catalog.reader import read_catalog

TEMPLATE_HEADER = """# SOME DESCRIPTIVE TITLE.
# Copyright (C) 2018, OpenStack Foundation
# FIRST AUTHOR <EMAIL@ADDRESS>, {year}.
#
#, fuzzy
msgid ""
msgstr ""
"Project-Id-Version: OpenStack Whitepapers \\n"
"PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE\\n"
"Last-Translator: FULL NAME <EMAIL@ADDRESS>\\n"
"Language: {language}\\n"
"Language-Team: {team}\\n"
"Content-Type: text/plain; charset=utf-8\\n"

msgid "Translators"
msgstr ""
"""
LANGUAGES = st.sampled_from(["de", "ja", "ko_KR", "id", "zh_CN", "pt_BR"])
# Babel writes "<code> <LL@li.org>", GNU "LANGUAGE <LL@li.org>".
TEAMS = st.sampled_from(["{language} <LL@li.org>", "LANGUAGE <LL@li.org>", "{language}", "{hyphenated} <LL@li.org>"])
NAMES = st.text(st.characters(categories=["L"]), min_size=2, max_size=20).filter(
    lambda name: name.lower() not in {"name", "team", "language", "translator"})


@given(language=LANGUAGES, team=TEAMS, year=st.integers(2000, 2100))
def test_a_new_catalogs_template_header_credits_nobody(tmp_path_factory, language, team, year):
    path = tmp_path_factory.mktemp("catalog") / "translators.po"
    team = team.format(language=language, hyphenated=language.replace("_", "-"))
    path.write_text(TEMPLATE_HEADER.format(language=language, team=team, year=year), encoding="utf-8")
    credits = language_credits([read_catalog(path, language)])
    assert (credits.teams, credits.translators, credits.last_translators) == ([], [], [])


@given(name=NAMES, surname=NAMES, address=st.sampled_from(["", " <EMAIL@ADDRESS>", " <jo@example.org>"]),
       language=LANGUAGES)
def test_a_name_is_a_credit_whatever_its_address(name, surname, address, language):
    assume(f"{name} {surname}".lower() not in PLACEHOLDER_NAMES)
    assert not is_placeholder(f"{name} {surname}{address}", language)


def test_the_templates_own_words_are_placeholders_in_any_case():
    for value in ("FULL NAME <EMAIL@ADDRESS>", "First Author <EMAIL@ADDRESS>, 2026.", "LANGUAGE <LL@li.org>",
                  "Deutsch <LL@li.org>", "ko-KR", "<someone@example.org>", "2026", ""):
        assert is_placeholder(value, "ko_KR" if "ko" in value else "de"), value
    assert not is_placeholder("Deutsch (de) — whitepaper translation team", "de")
