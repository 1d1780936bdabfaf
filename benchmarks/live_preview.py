"""Benchmark: the live preview, from saving one message to the reloaded page showing it.

Run by ``make bench`` (not a test). A fresh copy of the project is served by
``python -m papersite serve`` (every language, as ``make serve`` does); once its
first build and PDFs are done, a real browser (Debian's chromium, driven by
Playwright) opens a Japanese page, and one message of that page is saved five
times, each time with new words, as a translator saves in an editor. Measured
each time: from the save to the reloaded page having loaded with the new words
(the goal: a median under 1 s), and from the save to the PDF being rebuilt.
The next save waits for the PDF, so each one starts from a quiet server.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LANGUAGE = "ja"
DOCUMENT = "conclusion"
SAVES = 5
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]

sys.path.insert(0, str(ROOT))
from papersite.project import Project  # noqa: E402
from site_build import fresh_copy  # noqa: E402  (this folder is on the path when run as a script)


def states(base: str) -> dict:
    with urllib.request.urlopen(f"{base}/_live/status", timeout=10) as response:
        return json.load(response)


def quiet(base: str) -> bool:
    status = states(base)
    return status["watching"] and all(state["html"] in ("ready", "failed") and state["pdf"] in ("ready", "failed")
                                      for state in status["languages"])


def wait_until(condition, seconds: float, what: str) -> float:
    started = time.perf_counter()
    while not condition():
        if time.perf_counter() - started > seconds:
            raise SystemExit(f"not within {seconds} s: {what}")
        time.sleep(0.02)
    return time.perf_counter() - started


def save_message(path: Path, words: str) -> str:
    """A paragraph of the page (a heading would rightly change every page's navigation)."""
    catalog = polib.pofile(str(path))
    entry = next(entry for entry in catalog if entry.msgstr and "{link}" not in entry.msgid and len(entry.msgid) > 80)
    # No space after the full stop 。: check-po refuses one, and the page would show English.
    entry.msgstr = re.sub(r"Zq\w+$", "", entry.msgstr) + words
    catalog.save(str(path))
    return entry.msgid


def main() -> int:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as work:
        base = Project()
        project = fresh_copy(Path(work) / "project", len(base.papers), len(base.language_codes))
        paper, languages = project.papers[0], len(project.language_codes)
        catalog = project.catalog_folder(LANGUAGE) / paper.slug / f"{DOCUMENT}.po"
        server = subprocess.Popen([sys.executable, "-m", "papersite", "serve", "--port", "0"], cwd=project.root,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            base = "http://127.0.0.1:" + re.search(r"127\.0\.0\.1:(\d+)/", server.stdout.readline()).group(1)
            first = wait_until(lambda: quiet(base), 900, "the first build of every language")
            reloads, pdfs, building = [], [], []  # building: the server's own part, from compile to page written
            languages_order = [state["language"] for state in states(base)["languages"]]
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page()
                page.goto(f"{base}/{LANGUAGE}/{paper.slug}/{DOCUMENT}.html")
                page.wait_for_selector("html[data-live-connected]")
                for number in range(SAVES):
                    words = f"Zq{number}v{os.getpid()}"
                    with page.expect_event("load", timeout=60000):
                        saved = time.perf_counter()
                        save_message(catalog, words)
                    reloads.append(time.perf_counter() - saved)
                    building.append(states(base)["languages"][languages_order.index(LANGUAGE)].get("pages_seconds", 0))
                    if words not in page.inner_text("[role=main]"):
                        raise SystemExit("the reloaded page does not show the saved words")
                    page.wait_for_selector("html[data-live-connected]")
                    pdfs.append(wait_until(lambda: quiet(base), 600, "the PDF") + reloads[-1])
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=60)
    median = statistics.median(reloads)
    print(f"live preview (python -m papersite serve, {languages} languages warm), first build {first:.1f} s")
    print(f"  save one {LANGUAGE} message -> reloaded page shows it: median {median:.2f} s (goal < 1 s); "
          f"runs {', '.join(f'{seconds:.2f}' for seconds in reloads)}")
    print(f"  of which the server built (compile, read, write that page): {', '.join(f'{seconds:.2f}' for seconds in building)}")
    print(f"  save -> its PDF rebuilt behind the page: median {statistics.median(pdfs):.1f} s")
    print(f"  load average now: {os.getloadavg()[0]:.1f} (a loaded machine makes every number larger)")
    return 0 if median < 1 else 1


if __name__ == "__main__":
    raise SystemExit(main())
