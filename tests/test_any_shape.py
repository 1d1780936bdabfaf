"""The measure of "any paper, any shape": a copy of this repository with two more
papers (``tests/shapes.py``: one with every setting left out and nothing but
text, one report with pictures, headings holding links and lists nested three
deep), added as the README says (a folder, ``update-po``) with no edit to code,
templates or tests, passes the test suite, run as it is, in that copy.

It builds the site again, so it is run on purpose, not with every ``make test``:

    PAPERSITE_SHAPES=1 .venv/bin/python -m pytest tests/test_any_shape.py     # the whole suite
    PAPERSITE_SHAPES="tests/test_fidelity.py tests/sphinxext" .venv/bin/python -m pytest tests/test_any_shape.py

(``make test-shapes`` is the first.) The copy's log is kept in
``_build/test-artifacts/any-shape.log``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from papersite.project import ROOT

from .shapes import add_shapes

CHOICE = os.environ.get("PAPERSITE_SHAPES", "")
LOG = ROOT / "_build" / "test-artifacts" / "any-shape.log"
NODE_MODULES = Path("tests") / "browser" / "node_modules"

pytestmark = pytest.mark.skipif(not CHOICE, reason="runs the suite again: PAPERSITE_SHAPES=1 (make test-shapes)")


def repository_files(root: Path) -> list[Path]:
    """What a clone has: the tracked files, and those not yet committed (never what .gitignore leaves out)."""
    listed = subprocess.run(["git", "-C", str(root), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            capture_output=True, check=True).stdout
    return [Path(name) for name in listed.decode().split("\0") if name and (root / name).is_file()]


def clone(root: Path, target: Path) -> None:
    for name in repository_files(root):
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / name, target / name)
    if (root / NODE_MODULES).is_dir():  # npm's install, as `make test` leaves it
        (target / NODE_MODULES).symlink_to((root / NODE_MODULES).resolve())


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess:
    environment = {name: value for name, value in os.environ.items() if name != "PAPERSITE_SHAPES"}
    return subprocess.run(command, cwd=cwd, env=environment, capture_output=True, text=True)


def test_the_suite_passes_with_papers_of_other_shapes(tmp_path):
    copy = tmp_path / "repository"
    clone(ROOT, copy)
    add_shapes(copy, suffix="-too")  # test_third_paper adds the same shapes under their own names
    code = run([sys.executable, "-c", "import papersite; print(papersite.__file__)"], copy).stdout.strip()
    assert Path(code).is_relative_to(copy)  # the copy's code runs there, not this checkout's
    synced = run([sys.executable, "-m", "papersite", "update-po"], copy)  # README step 2
    assert synced.returncode == 0, synced.stderr
    chosen = [] if CHOICE == "1" else CHOICE.split()
    suite = run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--ignore", "tests/test_any_shape.py",
                 *chosen], copy)
    LOG.parent.mkdir(parents=True, exist_ok=True)
    LOG.write_text(suite.stdout + suite.stderr, encoding="utf-8")
    assert suite.returncode == 0, suite.stdout[-6000:]
