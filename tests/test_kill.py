"""Issue 9, item 6: a build killed at any point publishes the previous site or the new one.

One project (English and German) is built, then rebuilt again and again with the
German catalog alternating between two versions; each rebuild is killed with
SIGKILL (its whole process group: the language workers too) at a seeded random
moment of one phase. Right after the kill the published site must be, byte for
byte, what a clean build of the previous or of the new catalogs publishes; after
the next complete build, the new one, with no release of the killed build left.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import polib

from papersite.build import COMPLETE, staging
from papersite.project import ROOT, Project

from .conftest import copy_project, paper_catalog

SEED = 9
LANGUAGES = "en de"
# Longest random wait after each phase begins; shorter than the phase (a German
# PDF takes seconds), so the kill lands inside it.
PHASES = {"html": 1.0, "pdf": 2.0, "publish": 0.02}


def tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def published(project: Project) -> dict[str, str]:
    return tree_digest(project.site.resolve())


def site_command(project: Project) -> list[str]:
    return [sys.executable, "-m", "papersite", "--root", str(project.root), "site", "--langs", LANGUAGES]


def build(project: Project) -> None:
    subprocess.run(site_command(project), cwd=ROOT, check=True, capture_output=True, timeout=300)


def german_catalog(project: Project) -> Path:
    return paper_catalog(project, "de", "conclusion")


def edited_catalog(path: Path) -> bytes:
    """The catalog with one translated message rewritten, as a translator would."""
    catalog = polib.pofile(str(path))
    entry = next(entry for entry in catalog if entry.msgstr and not entry.fuzzy)
    entry.msgstr = f"Zqxjv {entry.msgstr}"
    return str(catalog).encode("utf-8")


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


def test_a_build_killed_at_random_points_publishes_the_previous_or_the_new_site(tmp_path):
    rng = random.Random(SEED)
    (tmp_path / "project").mkdir()
    (tmp_path / "clean").mkdir()
    project = copy_project(tmp_path / "project")
    catalogs = {"original": german_catalog(project).read_bytes()}
    catalogs["edited"] = edited_catalog(german_catalog(project))
    build(project)
    clean = {"original": published(project)}
    other = copy_project(tmp_path / "clean")
    german_catalog(other).write_bytes(catalogs["edited"])
    build(other)
    clean["edited"] = published(other)
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
