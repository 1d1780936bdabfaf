"""Issue 16: every hostile catalog of ``corpus/`` keeps every property, and check-po
equals the build over all of them.

The corpus is the fuzzer's seed (``make fuzz``) and its regression suite: each file
is one catalog an attacker might write (its first line says which language and
catalog it stands for), and every crash or timeout the fuzzer ever finds is added
here. Each file goes through ``pipeline.py`` (reader, verdicts, the ``.mo`` read
back as Sphinx reads it, one page, one PDF page); the named ones also have their
exact outcome asserted: refused with the file and the line, or one message shown
in English with its reason. Then the whole corpus goes through the real check-po
and the real compile, and what check-po rejects is exactly what the build leaves
out.
"""

from __future__ import annotations

import gettext
import shutil
from pathlib import Path

import pytest

from papersite.catalog.checkpo import language_problems
from papersite.catalog.compile import compile_language
from papersite.catalog.checks import Problem
from papersite.catalog.reader import CatalogError, plural_count, read_catalog
from papersite.catalog.sync import write_templates

from ..conftest import copy_project
from .pipeline import Pipeline, placement

CORPUS = sorted((Path(__file__).parent / "corpus").glob("*.po"))

# Refused whole: (marker, which occurrence of it): the line named is the marker's; the reason.
REFUSED = {
    "control-escape-in-message": ((b'msgid "IV. Conclusion"', 1), "a message contains a control character U+001B"),
    "duplicate-message": ((b'msgid "IV. Conclusion"', 2), "GNU gettext: duplicate message definition"),
    "empty": ((b"# papersite-fuzz", 1), "has no header declaring charset=utf-8"),
    "header-charset-format-flowed": ((b'"Content-Type:', 1), "declares charset utf-8; format=flowed"),
    "header-charset-latin1": ((b"\xfc", 1), "is not valid UTF-8"),
    "header-field-escape-control": ((b'"Language-Team:', 1), "the header field Language-Team contains a control character U+001B"),
    "header-field-twice": ((b'"Language:', 2), "the header field Language is written twice"),
    "header-language-path": ((b'"Language:', 1), "the header field Language cannot be read"),
    "header-revision-date-unreadable": ((b'"PO-Revision-Date:', 1), "the header field PO-Revision-Date cannot be read"),
    "header-nplurals-disagrees-with-cldr": ((b'#, python-brace-format\nmsgid "Search finished, found one page', 1),
                                            "has 2 plural forms but the header's Plural-Forms says nplurals=1"),
    "plural-forms-beyond-language": ((b'msgid "one page"', 1), "has 2 plural forms but the header's Plural-Forms says nplurals=1"),
    "nul-byte": ((b"\x00", 1), "contains a NUL"),
    "obsolete-entry-control": ((b'#~ msgid "Gone"', 1), "a message contains a control character U+001B"),
    "previous-msgid-control": ((b'#, fuzzy\n#| msgid "IV.', 1), "a previous msgid (#|) contains a control character U+001B"),
    "syntax-error": ((b'msgstr "IV. Fazit\n', 1), "GNU gettext: end-of-line within string"),
}
# Read, with messages shown in English: (how many, the reason each gives).
REJECTED = {
    "glossary-term-collision": (2, "is also the text of the term"),
    # A msgid no source has, written so that its English side would allow any nesting.
    "foreign-msgid-deep": (1, "its msgid is longer or more nested than any message of the sources"),
    "long-word": (1, "has a word of 1350 letters (at most 64 here)"),
    "many-links-spacing": (1, "markup characters"),
    "msgctxt-never-asked": (1, "has the context (msgctxt) 'heading', which the sources never ask for"),
    "nested-brackets": (1, "nested too deep to check"),
    "nested-emphasis": (1, "nested too deep to check"),
    "percent-width-memory": (1, "a %-placeholder's width or precision has more than 3 digits"),
    "plural-on-paper-message": (1, "has plural forms, which a paper's message never has"),
    "script-in-message": (1, "found raw HTML '<script>alert(1)</script>'"),
    "undrawable-character": (1, "contains characters no font of the de PDF can draw (U+E000)"),
}
# Read and published whole; check-po names the header field the build ignores.
HEADERS = {
    "header-two-plural-expressions": (b'"Plural-Forms:', "Plural-Forms must say nplurals and plural once each"),
    "header-language-other": (b'"Language:', "Language says 'ja', but this is the de catalog; the build uses de"),
}


def line_of(data: bytes, marker: bytes, occurrence: int) -> int:
    at = -1
    for _ in range(occurrence):
        at = data.index(marker, at + 1)
    return data[:at].count(b"\n") + 1


@pytest.fixture(scope="module")
def pipeline():
    pipeline = Pipeline()
    yield pipeline
    pipeline.close()


def test_the_corpus_holds_every_named_case_and_the_real_catalogs():
    names = {path.stem for path in CORPUS}
    assert set(REFUSED) | set(REJECTED) | set(HEADERS) <= names
    assert any(name.startswith("real-") for name in names)


@pytest.mark.parametrize("path", CORPUS, ids=[path.stem for path in CORPUS])
def test_every_hostile_catalog_keeps_every_property(pipeline, path):
    data = path.read_bytes()
    outcome = pipeline.run(data)  # raises on any exception or broken property
    name = path.stem
    where = pipeline.project.catalog_folder(outcome.language) / f"{outcome.domain}.po"
    if name in REFUSED:
        (marker, occurrence), reason = REFUSED[name]
        assert outcome.error.startswith(f"{where}:{line_of(data, marker, occurrence)}: "), outcome.error
        assert reason in outcome.error
    elif name in REJECTED:
        count, reason = REJECTED[name]
        rejected = [found for found in outcome.reasons if not found.startswith("fuzzy")]
        assert (outcome.error, outcome.rejected, len(rejected)) == ("", count, count), outcome
        assert all(reason in found for found in rejected), rejected
    elif name in HEADERS:
        marker, reason = HEADERS[name]
        assert (outcome.error, outcome.rejected) == ("", 0)
        assert [(line, found.removeprefix("header: ")[:len(reason)]) for line, found in outcome.header] == \
            [(line_of(data, marker, 1), reason)]
    elif name.startswith("real-"):
        assert (outcome.error, outcome.rejected, outcome.header) == ("", 0, []) and outcome.published


def batches() -> list[list[Path]]:
    """The corpus in groups whose files stand for different catalogs (each goes in its own place)."""
    groups: list[dict[tuple[str, str], Path]] = []
    for path in CORPUS:
        place = placement(path.read_bytes())
        group = next((group for group in groups if place not in group), None)
        if group is None:
            groups.append(group := {})
        group[place] = path
    return [list(group.values()) for group in groups]


def published_by_the_build(project, language: str, domain: str, message) -> bool:
    """Whether Sphinx, reading the compiled catalog as it does (Python's gettext), holds the translation."""
    mo = project.compiled_locale() / language / "LC_MESSAGES" / f"{domain}.mo"
    if not mo.is_file():
        return False
    with mo.open("rb") as stream:
        held = gettext.GNUTranslations(stream)._catalog  # what gettext parsed of the file, by key
    key = message.msgid if message.msgctxt is None else f"{message.msgctxt}\x04{message.msgid}"
    if message.plural:
        return held.get((key, 0)) == message.strings[0]
    return held.get(key) == message.strings[0]


def test_check_po_rejects_exactly_what_the_build_leaves_out_over_the_whole_corpus(tmp_path):
    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project")
    pot_dir = tmp_path / "pot"
    write_templates(project, pot_dir)
    checked = 0
    for batch in batches():
        places = {}
        for path in batch:
            language, domain = placement(path.read_bytes())
            target = project.catalog_folder(language) / f"{domain}.po"
            target.write_bytes(path.read_bytes())
            places[target] = (language, domain)
        for language in sorted({language for language, _ in places.values()}):
            reports = compile_language(project, language)
            problems = language_problems(project, pot_dir, language)
            for target, (place_language, domain) in places.items():
                if place_language != language:
                    continue
                errors = [problem for problem in problems if problem.path == str(target) and problem.severity == "error"]
                try:
                    catalog = read_catalog(target, language)
                except CatalogError as error:  # refused whole: check-po says why, the build publishes none of it
                    refusal = Problem(str(target), error.line or 1, "", error.reason)
                    assert refusal in errors and refusal in reports.broken
                    assert not (project.compiled_locale() / language / "LC_MESSAGES" / f"{domain}.mo").exists()
                    checked += 1
                    continue
                rejected = {(problem.line, problem.msgid) for problem in errors if problem.msgid}
                fuzzy = {(p.line, p.msgid) for p in reports.fallbacks if p.path == str(target) and p.reason.startswith("fuzzy")}
                for message in catalog.live:
                    if not message.translated or (message.plural and len(message.strings) != plural_count(language)):
                        continue  # untranslated (a form missing): English by both, and no error
                    shown = published_by_the_build(project, language, domain, message)
                    accepted = (message.line, message.msgid) not in rejected and (message.line, message.msgid) not in fuzzy
                    assert shown == accepted, (target.name, message.msgid[:60], shown, accepted)
                    checked += 1
        for path in batch:  # put the project's own catalogs back for the next batch
            language, domain = placement(path.read_bytes())
            original = Path(__file__).resolve().parents[2] / "locale" / language / "LC_MESSAGES" / f"{domain}.po"
            shutil.copy2(original, project.catalog_folder(language) / f"{domain}.po")
    assert checked > 100


# Readable, but no merge could keep everything: the translation of a message whose
# context the sources do not have could only move to another message (update-po never
# moves work silently), so the file is left for the translator to fix.
MERGE_REFUSED = {
    "msgctxt-never-asked": ((b'msgctxt "heading"', 1), "the merge would lose or alter the translation"),
    # GNU msgmerge would keep msgstr[0] alone, as a fuzzy singular
    "plural-on-paper-message": ((b'msgid "IV. Conclusion"\nmsgid_plural', 1), "the merge would lose or alter the translation"),
}


def test_update_po_refuses_what_the_reader_refuses_and_leaves_it_byte_identical(tmp_path):
    """The merge reads with the same reader: each refused file of the corpus stays as it
    is, with the reader's file, line and reason; every other one is merged, but for those
    a merge cannot keep whole, which also stay as they are."""
    from papersite.catalog.sync import sync_catalog

    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project")
    pot_dir = tmp_path / "pot"
    write_templates(project, pot_dir)
    for path in CORPUS:
        data = path.read_bytes()
        language, domain = placement(data)
        target = project.catalog_folder(language) / f"{domain}.po"
        target.write_bytes(data)
        try:
            read_catalog(target, language)
            refusal = None
        except CatalogError as error:
            refusal = (error.line, error.reason)
        try:
            sync_catalog(pot_dir / f"{domain}.pot", target, language)
            merged = None
        except CatalogError as error:
            merged = (error.line, error.reason)
        if refusal is not None:
            assert merged == refusal, path.stem
            assert target.read_bytes() == data, path.stem
        elif path.stem in MERGE_REFUSED:
            (marker, occurrence), reason = MERGE_REFUSED[path.stem]
            assert merged is not None and merged[0] == line_of(data, marker, occurrence) and reason in merged[1]
            assert target.read_bytes() == data, path.stem
        else:
            assert merged is None, (path.stem, merged)
            read_catalog(target, language)  # what update-po writes, the reader reads
