"""Issue 11: Lighthouse (npm, pinned in package.json) scores 100 in performance,
accessibility, best practices and SEO on the landing page and on a paper's page
in two languages."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from ..conftest import FIRST_PAPER
from .conftest import CHROMIUM, CHROMIUM_ARGS

LIGHTHOUSE = Path(__file__).parent / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
# Throttling "provided": the page loads as fast as this machine loads it. The
# default (simulated Slow 4G with a 4x slower CPU) feeds the local server's
# observed response times and the observed paint timeline into its model; on a
# machine shared with other builds, two runs of the same page gave a first paint
# of 1.2 s and 1.7 s and a Speed Index of 1.2 s and 3.8 s (98 or 100), so it
# would measure the machine, not the page. Unthrottled, the performance score
# still fails for layout shifts, main-thread blocking scripts and a slow
# largest paint (a render-blocking font or a heavy image), and the other three
# categories do not depend on timing at all.
LIGHTHOUSE_ARGS = ["--throttling-method=provided", f"--only-categories={','.join(CATEGORIES)}",
                   "--output=json", "--output-path=stdout", "--quiet"]
PAGES = ["index.html#languages", f"en/{FIRST_PAPER}/case-studies.html", f"ja/{FIRST_PAPER}/case-studies.html"]


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


@pytest.mark.parametrize("address", PAGES)
def test_lighthouse_scores_100_in_every_category(site_url, address):
    report = lighthouse(f"{site_url}/{address}")
    assert not report.get("runtimeError"), report.get("runtimeError")
    scores = {name: category["score"] for name, category in report["categories"].items()}
    assert scores == dict.fromkeys(CATEGORIES, 1), (scores, shortfalls(report))
