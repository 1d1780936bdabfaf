"""Issue 9, item 5: what the last build recorded is never trusted over the truth.

Each test starts from a copy of one real build of English and German of a small
project (ours with one short paper, conftest's small_project; built once per
run), changes or breaks something, builds again and asserts exactly what
is published: the last good output, or what a clean build of the same inputs
publishes, byte for byte.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time

import polib
import pytest

from papersite.build import COMPLETE, staging
from papersite.papers import load_papers
from papersite.project import ROOT, Project

from ..conftest import (ENGLISH_AND_GERMAN as LANGUAGES, MARKER, SMALL_DOCUMENT as DOCUMENT, SMALL_PAPER as PAPER,
                        add_marker, copy_built, edit_german, paper_catalog, paper_source, published, site_command)


def published_text(project: Project, language: str) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in sorted((project.site / language).rglob("*.html")))


def quiet_build(project: Project, languages=LANGUAGES) -> dict:
    """``make site``, in a process of its own; returns its build report."""
    subprocess.run(site_command(project, languages), cwd=ROOT, capture_output=True, timeout=300)
    return json.loads((project.build / "build-report.json").read_text())


def status(report: dict, language: str) -> str:
    result = report["languages"][language]
    return "failed" if result["error"] or result["warnings"] else ("unchanged" if result["skipped"] else "built")


@pytest.fixture
def built(small_english_and_german, tmp_path) -> Project:
    """A private copy of English and German of the small project, built once per run."""
    return copy_built(small_english_and_german, tmp_path / "project")


def start_cli_build(project: Project, languages=LANGUAGES) -> subprocess.Popen:
    # Its own process group, so the workers die with it; and a low priority, so
    # that on a busy machine this test's polling sees the kill point in time.
    return subprocess.Popen(site_command(project, languages), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True, preexec_fn=lambda: os.nice(15))


def kill_when(process: subprocess.Popen, condition, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert process.poll() is None, "the build ended before the point where it was to be killed"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL


def german_html_written_with_marker(project: Project):
    page = staging(project, "de") / "html" / PAPER / f"{DOCUMENT}.html"
    return lambda: page.is_file() and MARKER in page.read_text(encoding="utf-8", errors="ignore")


def test_a_build_killed_after_the_html_then_reverted_publishes_only_catalog_text(built):
    before = published(built)
    catalog = paper_catalog(built, "de", DOCUMENT, PAPER)
    original = catalog.read_bytes()
    edit_german(built, add_marker, DOCUMENT, PAPER)
    promoted = built.output("de").resolve()
    kill_when(start_cli_build(built), german_html_written_with_marker(built))
    assert built.output("de").resolve() == promoted, "killed too late: German was already promoted"
    assert published(built) == before  # the kill itself changed nothing
    catalog.write_bytes(original)  # the translator takes the edit back (git checkout)
    report = quiet_build(built)
    assert status(report, "de") == "unchanged"  # its last good output is still the truth
    assert MARKER not in published_text(built, "de")
    assert published(built) == before


def test_a_build_killed_during_the_pdf_then_rebuilt_equals_a_clean_build(built, small_english_and_german_marked):
    edit_german(built, add_marker, DOCUMENT, PAPER)
    pdf_started = lambda: (staging(built, "de") / "pdf" / PAPER / "index.html").is_file() and \
        MARKER in (staging(built, "de") / "pdf" / PAPER / "index.html").read_text(encoding="utf-8", errors="ignore")
    promoted = built.output("de").resolve()
    kill_when(start_cli_build(built), pdf_started)
    assert built.output("de").resolve() == promoted, "killed too late: German was already promoted"
    report = quiet_build(built)
    assert (status(report, "en"), status(report, "de")) == ("unchanged", "built")
    assert MARKER in published_text(built, "de")
    assert published(built) == published(small_english_and_german_marked)  # a clean build of the same edit


def test_a_pdf_that_warned_is_rendered_again_once_the_cause_is_fixed(built):
    before = published(built)
    source = paper_source(built, DOCUMENT, PAPER)
    good = source.read_bytes()
    # WeasyPrint warns about a property it does not know: the PDF step fails.
    source.write_bytes(good + f'\n\n<p style="colour-of: red">{MARKER}</p>\n'.encode())
    report = quiet_build(built)
    assert (status(report, "en"), status(report, "de")) == ("failed", "failed")
    assert any("WeasyPrint" in warning for warning in report["languages"]["en"]["warnings"])
    warned = next(paper for paper in load_papers(built.source) if paper.slug == PAPER)
    stamp = (staging(built, "en") / "pdf" / warned.pdf_file("en")).with_suffix(".sha256")
    assert not stamp.exists()  # no stamp for a PDF that warned (the other papers' PDFs keep theirs)
    assert published(built) == before  # both keep their last good pages
    source.write_bytes(good)  # the cause is fixed
    report = quiet_build(built)
    assert not report["failed"]
    assert published(built) == before
    # And once more through Sphinx, with the stale staging of the failed build.
    shutil.rmtree(built.output("en").resolve())
    report = quiet_build(built)
    assert status(report, "en") == "built" and not report["failed"]
    assert published(built) == before


def test_a_changed_site_url_rebuilds_every_language(built, monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://translations.example.org/paper/")
    report = quiet_build(built)
    assert (status(report, "en"), status(report, "de")) == ("built", "built")
    for language in LANGUAGES:
        text = published_text(built, language)
        assert f"https://translations.example.org/paper/de/{PAPER}/{DOCUMENT}.html" in text
        assert "127.0.0.1:8000" not in text


def test_a_failed_language_keeps_its_last_good_pages_while_others_publish(built):
    before = published(built)
    old = edit_german(built, add_marker, DOCUMENT, PAPER)
    source = paper_source(built, DOCUMENT, PAPER)
    source.write_text(source.read_text(encoding="utf-8") + f"\nEnglish {MARKER}.\n", encoding="utf-8")
    stage = staging(built, "de")
    shutil.rmtree(stage)
    stage.write_text("in the way")  # German cannot build at all
    report = quiet_build(built)
    assert (status(report, "en"), status(report, "de")) == ("built", "failed")
    assert "NotADirectoryError" in report["languages"]["de"]["error"]
    now = published(built)
    assert {k: v for k, v in now.items() if k.startswith("de/")} == \
        {k: v for k, v in before.items() if k.startswith("de/")}
    assert MARKER in published_text(built, "en") and MARKER not in published_text(built, "de")
    assert old in polib.pofile(str(paper_catalog(built, "de", DOCUMENT, PAPER))).find(
        next(e.msgid for e in polib.pofile(str(paper_catalog(built, "de", DOCUMENT, PAPER)))
             if e.msgstr.endswith(MARKER))).msgstr  # the catalog holds the edit; only the output waits
    stage.unlink()
    report = quiet_build(built)
    assert status(report, "de") == "built" and MARKER in published_text(built, "de")


def test_leftovers_of_a_killed_promotion_are_removed_and_the_output_kept(built):
    outputs = built.build / "outputs"
    current = built.output("de").resolve()
    half = outputs / "de-1-1"
    (half / "html").mkdir(parents=True)
    (half / "html" / "index.html").write_text("half")
    (built.build / "output" / ".de.new").symlink_to("../outputs/de-1-1")
    before = published(built)
    report = quiet_build(built)
    assert status(report, "de") == "unchanged"
    assert sorted(p.name for p in outputs.iterdir()) == sorted([current.name, built.output("en").resolve().name])
    assert not (built.build / "output" / ".de.new").is_symlink()
    assert published(built) == before


def test_an_unreadable_record_rebuilds_instead_of_trusting_it(built):
    before = published(built)
    built.state("de").write_text('{"inputs": ')  # a write cut short
    report = quiet_build(built)
    assert (status(report, "en"), status(report, "de")) == ("unchanged", "built")
    assert published(built) == before
    assert '"inputs"' in built.state("de").read_text()


def test_staging_of_an_unfinished_build_is_not_trusted(built):
    before = published(built)
    page = staging(built, "de") / "html" / PAPER / f"{DOCUMENT}.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</main>", f"{MARKER}</main>"), encoding="utf-8")
    (staging(built, "de") / COMPLETE).unlink()  # as a build killed after writing that page leaves it
    edit_german(built, lambda msgstr: msgstr, DOCUMENT, PAPER)  # rewritten as it was: the catalog's bytes may differ
    built.state("de").unlink()  # and nothing says the output is current
    report = quiet_build(built)
    assert status(report, "de") == "built"
    assert MARKER not in published_text(built, "de")
    assert published(built) == before
