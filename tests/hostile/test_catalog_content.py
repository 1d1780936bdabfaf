"""Issue 9: what a hostile translator writes in a catalog never reaches the site.

One real build (en + de) of a project copy whose German catalogs hold one hostile
message per case, written as an attacker would. Each case asserts the exact
outcome: the message is left out with its file, line and what was found in the
build summary, the German page shows that message in English, and nothing of
the hostile text (the build machine's secret file, the attacker's host, the
case's marker) is in any published file, PDF text and search index included.
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from pypdf import PdfReader

from papersite.catalog.checkpo import check_po
from papersite.catalog.checks import message_problems


from .conftest import spoiled_build_of
from ..conftest import FIRST_PAPER, copy_project, paper_catalog, paper_page, paper_source
from ..htmlparse import elements, having

SECRET = "SECRET-OF-THE-BUILD-MACHINE-7f3a"
HOST = "evil.example"

# case: (hostile msgstr, what the build summary must say was found). {secret} is
# the path of a file on the build machine; {mark} is unique to the case.
PARAGRAPH_CASES = {
    "include-in-backtick-fence": ("```{{include}} {secret}\n```", "found the directive {include}"),
    "include-in-tilde-fence": ("~~~{{include}} {secret}\n~~~", "found the directive {include}"),
    "include-in-colon-fence": (":::{{include}} {secret}\n:::", "found the directive {include}"),
    "include-in-eval-rst": ("```{{eval-rst}}\n.. include:: {secret}\n```", "found a {eval-rst} block"),
    "literalinclude": ("```{{literalinclude}} {secret}\n```", "found the directive {literalinclude}"),
    "raw-directive-file": ("```{{raw}} html\n:file: {secret}\n```", "found the directive {raw}"),
    "csv-table-file": ("```{{csv-table}}\n:file: {secret}\n```", "found the directive {csv-table}"),
    "download-role": ("Lies {{download}}`{mark} <{secret}>` hier.", "found the role {download}"),
    "raw-html-block": ('<div onclick="{mark}">\n\nText\n\n</div>', "found raw HTML '<div onclick="),
    "raw-html-inline-script": ("Text <script>alert('{mark}')</script> mehr.", "found raw HTML '<script>'"),
    "attribute-containing-lt": ('Text <a title="a<b" href="https://evil.example/{mark}">x</a>.',
                                "found raw HTML '<a title=\"a<b\""),
    "protocol-relative-srcset": ('Text <img srcset="//evil.example/{mark}.png 2x"> mehr.',
                                 "found raw HTML '<img srcset=\"//evil.example/"),
    "meta-refresh": ('<meta http-equiv="refresh" content="0; url=//evil.example/{mark}">',
                     "found raw HTML '<meta http-equiv=\"refresh\""),
    "html-comment": ("Text <!-- {mark} --> mehr.", "found raw HTML '<!--"),
    "autolink": ("Siehe <https://evil.example/{mark}>.", "found a link or URL"),
    "markdown-link": ("Siehe [hier](https://evil.example/{mark}).", "found a link or URL"),
    "image": ("Bild ![{mark}](//evil.example/{mark}.png) hier.", "found an image"),
    "footnote": ("Text[^1] hier.\n\n[^1]: {mark}", "found a paragraph, a footnote"),
    "target": ("({mark})=\nText hier.", "found a target, a paragraph"),
    "block-attributes": ("{{#{mark} .x}}\nText hier.", "gives the paragraph attributes (ids, classes, names)"),
    "front-matter": ("---\nmyst:\n  enable_extensions: [substitution]\n---\n{mark}", "found front matter"),
    "heading": ("# {mark}", "found a heading"),
    # Aimed at the build log: rich markup in a quoted attribute broke the summary.
    "rich-markup-in-attribute": ('Text <b title="[/yellow][link=https://evil.example/{mark}]">x</b>.',
                                 "found raw HTML '<b title=\"[/yellow][link=https://evil"),
    # Issue 16: what the build could not publish, rejected by the same verdict first.
    "undrawable-character": ("Text {mark} \ue000 mehr.", "contains characters no font of the de PDF can draw (U+E000)"),
    "deep-nesting": ("*" * 150 + "{mark}" + "*" * 150, "nested too deep to check; keep the English markup"),
    "long-word": ("Text {mark} " + "Containerorchestrierung" * 10 + ".", "has a word of 230 letters (at most 64 here)"),
}
# Two links in the source, so a key can be swapped, added or dropped.
LINK_CASES = {
    "link-key-swapped": (lambda keys: [keys[1], keys[1]], "link targets differ from the source"),
    "link-key-added": (lambda keys: [*keys, "docker" if "docker" not in keys else "openstack"],
                       "link targets differ from the source"),
}
# Interface strings are pasted into HTML templates unescaped.
INTERFACE_CASES = {
    "Languages": ('Sprachen" onmouseover="alert(1)', "adds HTML-significant characters ['\"']"),
    "Download PDF": ("<img src=x onerror=alert(1)", "adds HTML-significant characters ['<']"),
    "Read online": ("<b>Online</b> lesen", "raw HTML differs from the source (added ['</b>', '<b>']"),
    "{percent}% translated": ("{percent}% übersetzt {", "not a valid format string"),
    "This page is {percent}% translated; untranslated parts are shown in English.": (
        "Zu {percent.__doc__}% übersetzt.", "placeholders differ from the source (added ['{percent.__doc__}']"),
}


def link_keys(text: str) -> list[str]:
    import re

    return re.findall(r"<([a-z0-9-]+)>`", text)


def spoil_german(project, secret: Path) -> dict[str, tuple[Path, str]]:
    """Write every case into its own German message; returns case -> (catalog, msgid)."""
    where = {}
    folder = project.locale / "de" / "LC_MESSAGES"
    path = paper_catalog(project, "de", "case-studies")
    catalog = polib.pofile(str(path))
    source = (paper_source(project, "case-studies")).read_text(encoding="utf-8")
    # Paragraphs only: a diagram's description is an attribute, which carries no lang.
    plain = [e for e in catalog if e.msgstr and "{link}" not in e.msgid and len(e.msgid) > 60
             and f":alt: {e.msgid}" not in source]
    linked = [e for e in catalog if e.msgstr and e.msgid.count("{link}") >= 2]
    for (case, (template, _)), entry in zip(PARAGRAPH_CASES.items(), plain, strict=False):
        entry.msgstr = template.format(secret=secret, mark=f"MARK-{case}")
        where[case] = (path, entry.msgid)
    for (case, (change, _)), entry in zip(LINK_CASES.items(), linked, strict=False):
        keys = link_keys(entry.msgid)
        entry.msgstr = " ".join(f"{{link}}`MARK-{case} <{key}>`" for key in change(keys))
        where[case] = (path, entry.msgid)
    catalog.save(str(path))
    interface_path = folder / "sphinx.po"
    interface = polib.pofile(str(interface_path))
    for msgid, (msgstr, _) in INTERFACE_CASES.items():
        entry = interface.find(msgid)
        entry.msgstr = msgstr
        entry.flags = []  # without its format flag, msgfmt no longer checks the placeholders
        where[msgid] = (interface_path, msgid)
    interface.save(str(interface_path))
    assert len(where) == len(PARAGRAPH_CASES) + len(LINK_CASES) + len(INTERFACE_CASES)
    glossary = paper_catalog(project, "de", "project-index")
    terms = polib.pofile(str(glossary))
    airship = terms.find("Airship").msgstr
    terms.find("Ansible").msgstr = airship  # two terms of one text: Sphinx's fatal duplicate-term warning
    terms.save(str(glossary))
    where["term-collision"] = (glossary, "Ansible")
    return where


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    return spoiled_build_of(tmp_path_factory, "hostile", "secret.txt", f"{SECRET}\n", spoil_german)


def published_text(project) -> str:
    """Every published file of the site as text: HTML, scripts, search index, PDF text."""
    texts = []
    for path in sorted(project.site.resolve().rglob("*")):
        if path.suffix == ".pdf":
            texts.append("\n".join(page.extract_text() for page in PdfReader(path).pages))
        elif path.is_file():
            texts.append(path.read_bytes().decode("utf-8", errors="replace"))
    return "\n".join(texts)


@pytest.fixture(scope="module")
def published(hostile_build) -> str:
    return published_text(hostile_build[0])


def line_of(path: Path, msgid: str) -> int:
    return polib.pofile(str(path)).find(msgid).linenum


EXPECTED = {case: reason for case, (_, reason) in {**PARAGRAPH_CASES, **LINK_CASES, **INTERFACE_CASES}.items()}


@pytest.mark.parametrize("case", list(EXPECTED))
def test_hostile_message_is_left_out_with_file_line_and_what_was_found(hostile_build, published, case):
    project, report, output, where = hostile_build
    path, msgid = where[case]
    problems = [p for p in report.compiled["de"].fallbacks if p.msgid == msgid]
    assert {(p.path, p.line) for p in problems} == {(str(path), line_of(path, msgid))}
    [problem] = [p for p in problems if EXPECTED[case] in p.reason]
    assert f"de: shown in English: {problem}" in output
    assert f"MARK-{case}" not in published


def test_nothing_hostile_is_published_anywhere(published):
    assert SECRET not in published
    assert HOST not in published
    assert "onmouseover" not in published and "onerror" not in published


def test_a_term_whose_translation_another_term_has_is_shown_in_english(hostile_build):
    project, report, output, where = hostile_build
    path, msgid = where["term-collision"]
    [problem] = [p for p in report.compiled["de"].fallbacks if p.msgid == msgid]
    assert (problem.path, problem.line) == (str(path), line_of(path, msgid))
    assert "is also the text of the term “Airship”" in problem.reason
    page = (paper_page(project, "de", "project-index")).read_text(encoding="utf-8")
    assert ">Ansible<" in page  # the English term, so each term is defined once


def test_every_language_still_builds(hostile_build):
    project, report, _, _ = hostile_build
    assert report.failed == []
    assert all((paper_page(project, language, "case-studies")).is_file() for language in ("en", "de"))


def test_the_left_out_messages_show_in_english_marked_lang_en(hostile_build):
    project, _, _, where = hostile_build
    page = elements(paper_page(project, "de", "case-studies"))
    english = [element["text"].strip() for element in page if element["attrs"].get("lang") == "en"]
    for case in PARAGRAPH_CASES:
        _, msgid = where[case]
        # A caption's element begins with its number ("Abbildung 3"), which stays German.
        assert any(msgid[:40] in text for text in english), case
    numbers = [element for element in page if "caption-number" in element["attrs"].get("class", "")]
    assert numbers and all(element["attrs"].get("lang") == "de" for element in numbers)


def test_interface_strings_fall_back_to_english(hostile_build):
    project, _, _, _ = hostile_build
    [nav] = having(project.site / "de" / "index.html", "nav", **{"class": "sidebar-languages"})
    assert nav["attrs"]["aria-label"] == "Languages"
    [notice] = having(paper_page(project, "de", "case-studies"), "p", **{"class": "translation-notice"})
    assert notice["text"].startswith("This page is ") and "__doc__" not in notice["text"]


def test_an_unclosed_tag_in_a_paragraph_is_published_as_text(tmp_path):
    # Not markup for MyST, so the HTML writer escapes it: it can open no element.
    msgid = "Container technologies like {link}`Docker <docker>` are here."
    assert message_problems(msgid, "Wie {link}`Docker <docker>` <img src=x onerror=alert(1)") == []
    assert message_problems(msgid, "Wie {link}`Docker <docker>` &lt;script&gt;alert(1)&lt;/script&gt;") == []


@pytest.mark.parametrize("character", ["\x00", "\x1b", "\u202e", "\x7f", "\u2028"])
def test_control_characters_and_nul_are_rejected(character):
    [reason] = message_problems("Some text.", f"Etwas{character}Text.")
    assert reason == f"contains control characters ['U+{ord(character):04X}']"


def test_raw_control_characters_cost_their_catalog_named_with_its_line(project_copy):
    """Terminal escapes aimed at the build log: the one reader refuses the whole file
    (issue 16); check-po and the build name the same line, the other catalogs publish."""
    from papersite.catalog.compile import compile_language

    path = paper_catalog(project_copy, "de", "conclusion")
    catalog = polib.pofile(str(path))
    entry = next(e for e in catalog if e.msgstr and "{link}" not in e.msgid)
    entry.msgstr = "Text \x1b]8;;https://evil.example/MARK\x1b\\ mehr\x07."
    catalog.save(str(path))
    text = path.read_text(encoding="utf-8")
    line = text[:text.index("\x1b")].count("\n") + 1
    report = compile_language(project_copy, "de")
    expected = f"{path}:{line}: '': contains a control character U+001B; remove it"
    assert [str(problem) for problem in report.broken] == [expected]
    assert expected in [str(problem) for problem in check_po(project_copy, ["de"])]
    compiled = project_copy.compiled_locale() / "de" / "LC_MESSAGES"
    assert not (compiled / FIRST_PAPER / "conclusion.mo").exists() and (compiled / FIRST_PAPER / "introduction.mo").is_file()


def test_check_po_reports_hostile_messages_with_file_and_line(project_copy):
    path = paper_catalog(project_copy, "de", "introduction")
    catalog = polib.pofile(str(path))
    entry = next(e for e in catalog if e.msgstr and "{link}" not in e.msgid)
    entry.msgstr = "```{include} /etc/passwd\n```"
    catalog.save(str(path))
    line = polib.pofile(str(path)).find(entry.msgid).linenum
    problems = check_po(project_copy, ["de"])
    assert [(p.path, p.line, p.reason) for p in problems] == [
        (str(path), line, "must be one paragraph of text, found the directive {include}")]


# Second line of defence: messages that would fail the check, put straight into
# the compiled catalog as if the check had missed them. Sphinx must neither read
# the file nor publish the markup; with -W the language fails instead.
BYPASSING = [
    "```{{include}} {secret}\n```",
    ":::{{literalinclude}} {secret}\n:::",
    "```{{raw}} html\n:file: {secret}\n```",
    "```{{csv-table}}\n:file: {secret}\n```",
    "```{{eval-rst}}\n.. include:: {secret}\n```",
    "Text <script>alert('MARK-raw')</script> mehr.",
    "Siehe [hier](https://evil.example/MARK-link).",
]


@pytest.fixture(scope="module")
def bypassing_build(tmp_path_factory):
    from papersite.catalog.compile import compile_language
    from papersite.sphinxrun import run_sphinx

    root = tmp_path_factory.mktemp("bypass")
    secret = root / "secret.txt"
    secret.write_text(f"{SECRET}\n", encoding="utf-8")
    (root / "project").mkdir()
    project = copy_project(root / "project")
    compile_language(project, "de")
    compiled = project.compiled_locale() / "de" / "LC_MESSAGES" / FIRST_PAPER / "case-studies.po"
    catalog = polib.pofile(str(compiled))
    targets = [e for e in catalog if "{link}" not in e.msgid and len(e.msgid) > 60]
    for template, entry in zip(BYPASSING, targets, strict=False):
        entry.msgstr = template.format(secret=secret)
    catalog.save(str(compiled))
    catalog.save_as_mofile(str(compiled.with_suffix(".mo")))
    overrides = {"language": "de", "locale_dirs": [str(project.compiled_locale())]}
    outdir = root / "html"
    _, warnings = run_sphinx(project, "html", outdir, root / "doctrees", overrides)
    return outdir, warnings


def test_sphinx_reads_no_file_and_publishes_no_markup_from_a_translation(bypassing_build):
    outdir, warnings = bypassing_build
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in outdir.rglob("*") if p.is_file())
    assert SECRET not in text
    assert "MARK-raw')</script>" not in text and "<script>alert" not in text and HOST not in text
    assert not list(outdir.rglob("secret.txt"))


def test_sphinx_says_what_it_refused_so_the_language_fails(bypassing_build):
    _, warnings = bypassing_build
    removed = [w for w in warnings if "which translations may not hold; it was removed" in w]
    assert any("case-studies.md" in w for w in removed)
    assert sum("File insertion disabled" in w or "file insertion" in w.lower() for w in warnings) >= 2
