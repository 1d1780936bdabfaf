"""Issues 11 and 18: Lighthouse (npm, pinned in package.json) scores 100 in
accessibility, best practices and SEO on the pages readers land on: the landing
page, a paper's first page and a chapter (in two languages), the search page
and the 404 pages.

Performance is a timing, measured by ``make bench`` (benchmarks/lighthouse.py,
Lighthouse's default mobile run on a slow simulated network), never here: on a
machine shared with other builds the same page scored 97 and 100. These three
categories do not depend on timing at all.
"""

from __future__ import annotations

import json
import os
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from ..conftest import FIRST_PAPER
from .conftest import CHROMIUM, CHROMIUM_ARGS

LIGHTHOUSE = Path(__file__).parent / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ["accessibility", "best-practices", "seo"]
# Lighthouse's mobile run. "simulate" loads the page at full speed and only models
# a slow network for the performance metrics, which these categories never read;
# "provided" would make Lighthouse wait 5.25 s after every load stage for them
# (20 s a page instead of 11). The full-page screenshot is for the report's viewer.
LIGHTHOUSE_ARGS = ["--throttling-method=simulate", "--disable-full-page-screenshot",
                   f"--only-categories={','.join(CATEGORIES)}",
                   "--output=json", "--output-path=stdout", "--quiet"]
PAGES = ["index.html#languages", f"en/{FIRST_PAPER}/index.html", f"ja/{FIRST_PAPER}/index.html",
         f"en/{FIRST_PAPER}/case-studies.html", f"ja/{FIRST_PAPER}/case-studies.html",
         "en/search.html", "ja/search.html", "en/404.html", "404.html"]


def lighthouse(url: str) -> dict:
    chrome_flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    command = ["node", str(LIGHTHOUSE), url, *LIGHTHOUSE_ARGS, f"--chrome-flags={chrome_flags}"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "CHROME_PATH": CHROMIUM})
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)


def shortfalls(report: dict) -> list[str]:
    """Each scored audit below full marks, with what Lighthouse measured."""
    found = []
    for category in report["categories"].values():
        for reference in category["auditRefs"]:
            audit = report["audits"][reference["id"]]
            if reference["weight"] and audit["score"] is not None and audit["score"] < 1:
                found.append(f"{category['id']}: {audit['id']} {audit['score']} {audit.get('displayValue', '')}")
    return found


# A Lighthouse run mostly waits (for its browser to start, for each page to go
# quiet): one core runs several at once, each with a browser of its own.
AT_ONCE = 5


@pytest.fixture(scope="module")
def reports(site_url) -> dict[str, dict]:
    """Every page's report, the runs side by side."""
    with ThreadPoolExecutor(max_workers=AT_ONCE) as runs:
        return dict(zip(PAGES, runs.map(lambda address: lighthouse(f"{site_url}/{address}"), PAGES)))


@pytest.mark.parametrize("address", PAGES)
def test_lighthouse_scores_100_in_accessibility_best_practices_and_seo(reports, address):
    report = reports[address]
    assert not report.get("runtimeError"), report.get("runtimeError")
    scores = {name: category["score"] for name, category in report["categories"].items()}
    assert scores == dict.fromkeys(CATEGORIES, 1), (scores, shortfalls(report))
