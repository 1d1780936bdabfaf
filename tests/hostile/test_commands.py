"""Hostile files and settings: every command fails in one line naming the file, never a traceback.

check-po runs once, as a user runs it, on a copy of the project whose German
folder holds every kind of catalog that cannot be read; the assertions pick out
each one's line of the output.
"""

from __future__ import annotations

import os
import signal
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from papersite.catalog.placeholders import placeholder_problems
from tests.conftest import FIRST_PAPER, SMALL_PAPER, copy_built, copy_project
from tests.htmlparse import elements
from tests.shapes import REPORT

FOREIGN_WORDS = "secret-words-of-the-build-machine"


def run(project_root: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "papersite", "--root", str(project_root), *args],
                          capture_output=True, text=True, env=environment, timeout=300)


def lines_naming(output: str, path: Path) -> list[str]:
    return [line for line in output.splitlines() if str(path) in line]


@pytest.fixture(scope="module")
def unreadable(tmp_path_factory):
    """A German folder with every kind of unreadable catalog; check-po run once over it."""
    root = tmp_path_factory.mktemp("unreadable")
    (root / "project").mkdir()
    project = copy_project(root / "project")
    folder = project.locale / "de" / "LC_MESSAGES"
    foreign = root / "outside.po"  # a file of the machine, outside locale/
    foreign.write_text(f'msgid "{FOREIGN_WORDS}"\nmsgstr "{FOREIGN_WORDS}"\n', encoding="utf-8")
    paths = {
        "invalid_utf8": folder / FIRST_PAPER / "introduction.po",
        "directory": folder / "folder.po",
        "symlink": folder / FIRST_PAPER / "conclusion.po",
        "syntax": folder / FIRST_PAPER / "authors.po",
        "interface": folder / "sphinx.po",
    }
    data = paths["invalid_utf8"].read_bytes()
    second_msgstr = data.index(b'msgstr "', data.index(b'msgstr "') + 1)
    paths["invalid_utf8"].write_bytes(data[:second_msgstr + 8] + b"\xff\xfe" + data[second_msgstr + 8:])
    paths["directory"].mkdir()
    paths["symlink"].unlink()
    paths["symlink"].symlink_to(foreign)
    syntax = paths["syntax"].read_text(encoding="utf-8").replace('msgstr "', 'msgstr "unterminated\nmsgstr "', 1)
    paths["syntax"].write_text(syntax, encoding="utf-8")
    interface = paths["interface"].read_text(encoding="utf-8")
    interface = interface.replace('#, python-brace-format\nmsgid "{percent}% translated"\nmsgstr "{percent}% übersetzt"',
                                  'msgid "{percent}% translated"\nmsgstr "{percent.real}% übersetzt"')
    paths["interface"].write_text(interface, encoding="utf-8")
    result = run(project.root, "check-po", "--langs", "de ja")
    return project, paths, result


def test_invalid_utf8_is_reported_with_its_line(unreadable):
    project, paths, result = unreadable
    data = paths["invalid_utf8"].read_bytes()
    line = data[:data.index(b"\xff\xfe")].count(b"\n") + 1
    assert result.returncode == 1
    assert any(f"{paths['invalid_utf8']}:{line}:" in found and "is not valid UTF-8" in found
               for found in lines_naming(result.stdout, paths["invalid_utf8"])), result.stdout


def test_a_folder_named_po_is_reported_not_opened(unreadable):
    project, paths, result = unreadable
    assert lines_naming(result.stdout, paths["directory"]) == [
        f"{paths['directory']}:1: '': not a regular file inside locale/ (a link or a folder named *.po); "
        "it is ignored: replace it with the catalog itself"]


def test_a_symlinked_catalog_is_never_followed_nor_its_target_printed(unreadable):
    project, paths, result = unreadable
    assert lines_naming(result.stdout, paths["symlink"])[0].endswith("not a regular file inside locale/ "
                                                                     "(a link or a folder named *.po); it is ignored: "
                                                                     "replace it with the catalog itself")
    assert FOREIGN_WORDS not in result.stdout + result.stderr
    assert paths["symlink"] not in project.catalogs("de")


def test_a_syntax_error_is_reported_with_its_line(unreadable):
    project, paths, result = unreadable
    text = paths["syntax"].read_text(encoding="utf-8")
    line = text[:text.index("unterminated")].count("\n") + 1
    assert any(found.startswith(f"{paths['syntax']}:") for found in lines_naming(result.stdout, paths["syntax"]))
    numbers = {int(found.split(":")[1]) for found in lines_naming(result.stdout, paths["syntax"])}
    assert numbers & {line, line + 1}, result.stdout


def test_a_format_string_without_its_flag_still_keeps_its_placeholders(unreadable):
    project, paths, result = unreadable
    text = paths["interface"].read_text(encoding="utf-8")
    line = text[:text.index("{percent.real}")].count("\n")  # the msgid's line, above
    assert "python-brace-format\nmsgid \"{percent}% translated\"" not in text
    assert lines_naming(result.stdout, paths["interface"]) == [
        f"{paths['interface']}:{line}: '{{percent}}% translated': {{…}} placeholders differ from the source "
        "(added ['{percent.real}'], missing ['{percent}'])"]


def test_unreadable_catalogs_neither_crash_check_po_nor_hide_the_other_languages(unreadable):
    project, paths, result = unreadable
    assert "Traceback" not in result.stderr and result.stderr == ""
    german = project.locale / "de"
    *lines, summary = result.stdout.splitlines()
    assert all(line.startswith(str(german)) for line in lines) and summary.startswith("check-po: "), result.stdout
    assert project.catalogs("ja") == sorted((project.locale / "ja" / "LC_MESSAGES").rglob("*.po"))


def test_stats_names_an_unreadable_catalog_in_one_line(unreadable):
    project, paths, _ = unreadable
    result = run(project.root, "stats", "--langs", "de")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"error: {paths['syntax']}: cannot be read")  # the first, alphabetically


@pytest.mark.parametrize("site_url", [
    'https://example.org/"><script>alert(1)</script>',
    "javascript:alert(1)//",
    "https://example.org/paper/ x",
    "//example.org/paper/",
    "https:///paper/",
    "https://example.org/it's",
])
def test_a_site_url_that_is_no_plain_http_address_is_refused_by_every_command(project_copy, site_url):
    for command in (["check-po", "--langs", "de"], ["serve"], ["site", "--langs", "en"]):
        result = run(project_copy.root, *command, env={"SITE_URL": site_url})
        assert result.returncode == 1
        assert result.stderr == (f"error: {project_copy.root / 'conf.py'}: site_url (SITE_URL) {site_url!r} is not "
                                 "an absolute http(s) address; give scheme, host and path only, like "
                                 "https://example.org/paper/\n")
        assert result.stdout == ""
    assert not project_copy.build.exists()  # refused before anything was built


def test_an_unknown_root_is_one_line(tmp_path):
    result = run(tmp_path, "check-po")
    assert (result.returncode, result.stderr) == (1, f"error: {tmp_path / 'conf.py'}: not found; --root must name the project folder\n")


def test_ctrl_c_during_a_build_is_one_line_and_exit_130(project_copy):
    # As a terminal does: SIGINT to the whole process group, workers included,
    # once Sphinx is reading (its doctree folder exists).
    command = [sys.executable, "-m", "papersite", "--root", str(project_copy.root), "site", "--langs", "en"]
    build = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    while not project_copy.doctrees("en").exists() and build.poll() is None:
        time.sleep(0.05)
    os.killpg(build.pid, signal.SIGINT)
    stdout, stderr = build.communicate(timeout=300)
    assert build.returncode == 130
    assert "Traceback" not in stderr + stdout
    assert stderr.splitlines()[-1] == "interrupted (Ctrl-C)"


@pytest.mark.parametrize("msgid, msgstr, expected", [
    # the flag does not matter: the msgid's placeholders do
    ("{percent}% translated", "{percent.__class__}% übersetzt",
     ["{…} placeholders differ from the source (added ['{percent.__class__}'], missing ['{percent}'])"]),
    ("{percent}% translated", "{percent% übersetzt",
     ["not a valid format string (expected '}' before end of string); keep the source's {…} placeholders as they are"]),
    ("{percent}% translated", "übersetzt",
     ["{…} placeholders differ from the source (added [], missing ['{percent}'])"]),
    ("Copyright &#169; %(copyright)s", "Copyright &#169; %(copyright",
     ["not a valid %-format string (incomplete format key); keep the source's %(…)s placeholders as they are"]),
    ("Copyright &#169; %(copyright)s", "Copyright %(path)s",
     ["% placeholders differ from the source (added ['%(path)s'], missing ['%(copyright)s'])"]),
    ("Contents", "Inhalt %(path)s", ["adds %-placeholders ['%(path)'] the source does not have"]),
    ("Contents", "Inhalt {0}", ["{…} placeholders differ from the source (added ['{0}'], missing [])"]),
    ("{percent}% translated", "{percent}% diterjemahkan", []),
    ("Last updated on %(last_updated)s", "%(last_updated)s に最終更新", []),
])
def test_interface_placeholders_must_be_the_sources(msgid, msgstr, expected):
    assert placeholder_problems(msgid, msgstr) == expected


def test_a_linked_language_folder_leading_out_of_locale_yields_no_catalog(project_copy, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    (outside / "index.po").write_text(f'msgid "{FOREIGN_WORDS}"\nmsgstr ""\n', encoding="utf-8")
    folder = project_copy.locale / "id" / "LC_MESSAGES"
    shutil.rmtree(folder)
    folder.symlink_to(outside, target_is_directory=True)
    assert project_copy.catalogs("id") == []
    assert project_copy.rejected_catalogs("id") == [folder / "index.po"]
    result = run(project_copy.root, "check-po", "--langs", "id")
    assert f"{folder / 'index.po'}:1: '': not a regular file inside locale/" in result.stdout
    assert FOREIGN_WORDS not in result.stdout + result.stderr


def test_publish_without_built_languages_is_one_line(project_copy, tmp_path):
    result = run(project_copy.root, "publish", "--parts", str(tmp_path / "missing"))
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (f"error: {tmp_path / 'missing'}: no built language here "
                             "(expected <lang>/index.html, e.g. en/index.html)\n")
    assert not project_copy.build.exists()


def test_an_unknown_diagram_layout_is_one_line_naming_its_file_and_line(project_copy):
    source = next(path for path in sorted(project_copy.source.rglob("*.md")) if ":::{diagram} " in path.read_text(encoding="utf-8"))
    text = source.read_text(encoding="utf-8")
    layout = text[text.index(":::{diagram} ") + len(":::{diagram} "):].split("\n", 1)[0]
    line = text[:text.index(":::{diagram} ")].count("\n") + 1
    source.write_text(text.replace(f":::{{diagram}} {layout}", ":::{diagram} grid", 1), encoding="utf-8")
    for command in (["check-po", "--langs", "de"], ["update-po", "--langs", "de"]):
        result = run(project_copy.root, *command)
        assert (result.returncode, result.stdout) == (1, ""), command
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
        assert f"{source}:{line}: ERROR: unknown diagram layout 'grid'; choose from stack, columns, flow" in result.stderr


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "file:///etc/passwd",
                                 "https:///no-host", " https://example.org"])
def test_a_link_that_is_no_web_or_mail_address_is_refused_by_every_command(small_sources_with_report, tmp_path, url):
    # The small project's report has links; its other paper shows that the rest still builds.
    project_copy = copy_built(small_sources_with_report, tmp_path / "project")
    links = project_copy.source / REPORT / "links.toml"
    text = links.read_text(encoding="utf-8")
    key, old = next((line.split("=", 1)[0].strip(), line) for line in text.splitlines() if "=" in line and not line.startswith("#"))
    links.write_text(text.replace(old, f"{key} = {url!r}".replace("'", '"'), 1), encoding="utf-8")
    line = text[:text.index(old)].count("\n") + 1
    for command in (["check-po", "--langs", "de"], ["site", "--langs", "en"]):
        result = run(project_copy.root, *command)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        # The paper is left out (the others still build), named with the file and line.
        assert result.stderr.startswith(f"error: paper left out: {links}:{line}: the link {key!r} ")
    published = project_copy.site / "en"
    assert (published / SMALL_PAPER / "index.html").is_file() and not (published / REPORT).exists()
    # Nowhere an address (an attribute, as a browser reads it: trimmed), nor the text itself.
    # (Another paper may well link to https://example.org/something: only the bad value counts.)
    addresses = {value.strip() for page in published.rglob("*.html") for element in elements(page)
                 for value in element["attrs"].values() if value}
    assert url.strip() not in addresses
    assert not any(url.strip() + '"' in page.read_text(encoding="utf-8") or "<script>alert(1)" in page.read_text(encoding="utf-8")
                   for page in published.rglob("*.html"))
