"""Issue 9, item 6: a build killed at any point publishes the previous site or the new one.

One project (English and German of the small project: the library's own pages and
one short paper, conftest's small_project) is built, then rebuilt again and again
with the German catalog alternating between two versions; each rebuild is killed with
SIGKILL (its whole process group: the language workers too) at a seeded random
moment of one phase. Right after the kill the published site must be, byte for
byte, what a clean build of the previous or of the new catalogs publishes; after
the next complete build, the new one, with no release of the killed build left.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from pathlib import Path

from papersite.build import COMPLETE, staging
from papersite.project import ROOT, Project

from .conftest import SMALL_DOCUMENT, SMALL_PAPER, copy_built, mark_small_paper, paper_catalog, published, site_command

SEED = 9
# Longest random wait after each phase begins; shorter than the phase on an idle
# machine (the small paper's German HTML takes 0.2 s, its PDF 0.6 s), so the kill
# lands inside it.
PHASES = {"html": 0.15, "pdf": 0.4, "publish": 0.02}


def build(project: Project) -> None:
    subprocess.run(site_command(project), cwd=ROOT, check=True, capture_output=True, timeout=300)


def german_catalog(project: Project) -> Path:
    return paper_catalog(project, "de", SMALL_DOCUMENT, SMALL_PAPER)


def phase_started(project: Project, phase: str, launched: float):
    """A test of the files that shows the build has reached ``phase``."""
    releases = project.build / "releases"
    current = project.site.resolve().name
    search_index = staging(project, "de") / "html" / "searchindex.js"
    return {
        # the build takes staging over by removing its "complete" record
        "html": lambda: not (staging(project, "de") / COMPLETE).exists(),
        # the HTML builder's last file is written: the PDF builder runs
        "pdf": lambda: search_index.is_file() and search_index.stat().st_mtime > launched,
        # a new release folder is being assembled
        "publish": lambda: any(p.name != current for p in releases.iterdir()),
    }[phase]


def kill_during(project: Project, phase: str, rng: random.Random) -> bool:
    """Start a build, SIGKILL it at a random moment of ``phase``; whether it was still running."""
    launched = time.time()
    process = subprocess.Popen(site_command(project), cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    reached = phase_started(project, phase, launched)
    deadline = time.monotonic() + 300
    while not reached() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    time.sleep(rng.uniform(0, PHASES[phase]))
    running = process.poll() is None
    if running:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    return running


def test_a_build_killed_at_random_points_publishes_the_previous_or_the_new_site(
        small_english_and_german, small_english_and_german_marked, tmp_path):
    rng = random.Random(SEED)
    project = copy_built(small_english_and_german, tmp_path / "project")
    catalogs = {"original": german_catalog(project).read_bytes()}
    mark_small_paper(project)  # as a translator would: one message rewritten
    catalogs["edited"] = german_catalog(project).read_bytes()
    german_catalog(project).write_bytes(catalogs["original"])
    # What a clean build of each version publishes (both built once per run, see conftest).
    clean = {"original": published(small_english_and_german), "edited": published(small_english_and_german_marked)}
    assert clean["original"]["de/searchindex.js"] != clean["edited"]["de/searchindex.js"]

    current = "original"
    for phase in PHASES:
        new = "edited" if current == "original" else "original"
        german_catalog(project).write_bytes(catalogs[new])
        killed = kill_during(project, phase, rng)
        assert killed or phase == "publish", f"the build ended before it could be killed during {phase}"
        assert published(project) in (clean[current], clean[new]), f"killed during {phase}"
        build(project)
        assert published(project) == clean[new], f"rebuilt after a kill during {phase}"
        releases = [p.name for p in (project.build / "releases").iterdir()]
        assert releases == [project.site.resolve().name], f"releases left after a kill during {phase}"
        current = new
