"""Issue 19: `python -m papersite serve`, the live preview, in a real browser.

One server runs over a copy of the project, previewing Japanese; each test saves
a catalog as a translator would and watches the open page.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import polib
import pytest

from papersite.project import ROOT

from ..conftest import FIRST_PAPER, copy_project, paper_catalog

LANGUAGE = "ja"
PAGE = f"/{LANGUAGE}/{FIRST_PAPER}/conclusion.html"


def status(base: str) -> dict:
    with urllib.request.urlopen(f"{base}/_live/status", timeout=10) as response:
        return {state["language"]: state for state in json.load(response)["languages"]}


def wait_until(condition, seconds: float = 300, message: str = ""):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.1)
    raise AssertionError(f"not within {seconds} s: {message}")


def settled(base: str) -> bool:
    state = status(base)[LANGUAGE]
    return state["html"] == "ready" and state["pdf"] in ("ready", "failed")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("live"))
    command = [sys.executable, "-m", "papersite", "--root", str(project.root), "serve", "--port", "0", "--langs", LANGUAGE]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = process.stdout.readline()
        port = re.search(r"127\.0\.0\.1:(\d+)/", first)
        assert port, first + process.stderr.read()
        base = f"http://127.0.0.1:{port.group(1)}"
        wait_until(lambda: settled(base) and status(base)[LANGUAGE]["pdf"] == "ready", message="the first build")
        yield project, base, process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()


@pytest.fixture
def page(browser, server):  # the browser folder's chromium (one Playwright per worker); this page is the preview's
    _, base, _ = server
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.goto(base + PAGE)
    page.wait_for_selector("html[data-live-connected]")
    yield page
    context.close()


def edit(project, change) -> str:
    """Save the conclusion's first long paragraph with ``change(msgstr)``; its msgid."""
    path = paper_catalog(project, LANGUAGE, "conclusion")
    catalog = polib.pofile(str(path))
    entry = next(entry for entry in catalog if entry.msgstr and "{link}" not in entry.msgid and len(entry.msgid) > 80)
    entry.msgstr = change(entry.msgstr)
    catalog.save(str(path))
    return entry.msgid


def restore(project, original: bytes) -> None:
    paper_catalog(project, LANGUAGE, "conclusion").write_bytes(original)


def test_a_saved_message_reloads_the_open_page_and_the_pdf_follows(server, page):
    project, base, _ = server
    original = paper_catalog(project, LANGUAGE, "conclusion").read_bytes()
    pdf = project.build / "live" / LANGUAGE / "pdf" / next(p for p in project.papers if p.slug == FIRST_PAPER).pdf_file(LANGUAGE)
    pdf_before = pdf.stat().st_mtime_ns
    try:
        with page.expect_event("load", timeout=60000):
            edit(project, lambda text: text + "Zqxjv")  # no space after the full stop 。 (check-po)
        assert "Zqxjv" in page.inner_text("[role=main]")
        # The page says the PDF is being rebuilt, until it is.
        page.wait_for_selector("#papersite-live-status[data-pdf=building]", timeout=120000)
        assert "PDF" in page.inner_text("#papersite-live-status")
        page.wait_for_selector("#papersite-live-status", state="detached", timeout=1200000)
        assert status(base)[LANGUAGE]["pdf"] == "ready" and pdf.stat().st_mtime_ns != pdf_before
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "Zqxjv" in text
    finally:
        restore(project, original)
        wait_until(lambda: settled(base), message="rebuilt after the restore")


def test_a_message_failing_the_checks_shows_its_one_line_verdict_over_the_page(server, page):
    project, base, _ = server
    original = paper_catalog(project, LANGUAGE, "conclusion").read_bytes()
    try:
        with page.expect_event("load", timeout=60000):
            msgid = edit(project, lambda text: text + " <script>alert(1)</script>")
        overlay = page.wait_for_selector("#papersite-live-problems[role=alert]", timeout=120000)
        lines = [row.inner_text() for row in overlay.query_selector_all(".papersite-live-problem")]
        catalog = f"locale/{LANGUAGE}/LC_MESSAGES/{FIRST_PAPER}/conclusion.po"
        assert lines and all(line.startswith(f"shown in English: {catalog}:") for line in lines), lines
        assert any("raw HTML" in line for line in lines) and all("\n" not in line for line in lines)
        assert msgid[:40] in page.inner_text("[role=main]")  # the message is shown in English meanwhile
        assert "alert(1)" not in page.inner_html("[role=main]")
        # A catalog no longer readable at all: its one line, and a fixed catalog clears the overlay.
        path = paper_catalog(project, LANGUAGE, "conclusion")
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace('\nmsgstr "', '\nmsgstr "unterminated\n', 1), encoding="utf-8")
        page.wait_for_function("document.querySelector('.papersite-live-problem')?.textContent.includes('broken catalog')",
                               timeout=120000)
        restore(project, original)
        page.wait_for_selector("#papersite-live-problems", state="detached", timeout=120000)
    finally:
        restore(project, original)
        wait_until(lambda: settled(base), message="rebuilt after the restore")
    _, _, process = server
    assert process.poll() is None  # none of it stopped the server


def test_a_missing_page_is_answered_with_the_sites_404_page(server):
    _, base, _ = server
    for address, words in ((f"/{LANGUAGE}/no-such-page.html", 'lang="ja"'), ("/no-such-folder/x.html", "404")):
        with pytest.raises(urllib.error.HTTPError) as answer:
            urllib.request.urlopen(base + address, timeout=10)
        assert answer.value.code == 404
        body = answer.value.read().decode("utf-8")
        assert words in body and "/_live/client.js" in body


def test_the_preview_leaves_make_sites_state_and_published_site_alone(server):
    project, _, process = server
    built = {path.name for path in project.build.iterdir()}
    # No staging, output, compiled locale, doctrees or site of `make site`; the fonts'
    # character maps are a cache of facts about the machine, shared by every command.
    assert built - {"cache"} == {"live"}, built
    assert process.poll() is None


def serving_english(tmp_path) -> tuple[subprocess.Popen, list[str]]:
    """``make serve`` of English in a copy, once its first build started: the process and its children."""
    project = copy_project(tmp_path)
    command = [sys.executable, "-m", "papersite", "--root", str(project.root), "serve", "--port", "0", "--langs", "en"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first = process.stdout.readline()
    base = "http://127.0.0.1:" + re.search(r"127\.0\.0\.1:(\d+)/", first).group(1)
    wait_until(lambda: status(base)["en"]["html"] != "waiting", message="the first build started")
    children = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True).stdout.split()
    assert children  # the warm process
    return process, children


def running(pid: str) -> bool:
    """Alive and not a zombie (an orphan's zombie waits for init to reap it)."""
    try:
        return "zombie" not in Path(f"/proc/{pid}/status").read_text().lower()
    except OSError:
        return False


def test_ctrl_c_stops_the_server_and_its_processes_without_a_traceback(tmp_path):
    process, children = serving_english(tmp_path)
    process.send_signal(signal.SIGINT)
    _, errors = process.communicate(timeout=60)
    assert (process.returncode, errors) == (130, "interrupted (Ctrl-C)\n")  # as every command ends on Ctrl-C
    assert not any(map(running, children))


def test_a_server_killed_outright_takes_its_warm_processes_along(tmp_path):
    process, children = serving_english(tmp_path)
    process.kill()  # SIGKILL: no handler of the server runs
    process.communicate(timeout=60)  # an orphan still holding the server's pipes would hang this
    deadline = time.monotonic() + 10
    while any(map(running, children)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(map(running, children)), "a warm process outlived its server"
