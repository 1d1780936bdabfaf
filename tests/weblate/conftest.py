"""The Weblate round trip runs only where asked (``make weblate-test`` sets
PAPERSITE_WEBLATE=1): it starts PostgreSQL, Redis and Weblate and takes
minutes, beyond ``make test``'s budget. Asked for, nothing is skipped: a
missing Weblate is a failure."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from papersite.project import ROOT

from .services import Weblate

ASKED = os.environ.get("PAPERSITE_WEBLATE") == "1"


def pytest_collection_modifyitems(config, items):
    if ASKED:
        return
    skip = pytest.mark.skip(reason="the Weblate round trip: make weblate-test")
    for item in items:
        if "tests/weblate/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(skip)


def git(folder, *args: str) -> str:
    return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def remote(tmp_path_factory):
    """The project's repository as Weblate sees it: a bare repository on disk
    holding this checkout's last commit as `main`."""
    folder = tmp_path_factory.mktemp("remote") / "papers.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(folder)], check=True)
    git(ROOT, "push", "-q", str(folder), "HEAD:refs/heads/main")
    return folder


@pytest.fixture(scope="module")
def maintainer(remote, tmp_path_factory):
    """A maintainer's clone, where sources change and update-po runs."""
    folder = tmp_path_factory.mktemp("maintainer") / "papers"
    subprocess.run(["git", "clone", "-q", str(remote), str(folder)], check=True)
    git(folder, "config", "user.name", "Maintainer")
    git(folder, "config", "user.email", "maintainer@example.invalid")
    return folder


@pytest.fixture(scope="module")
def weblate():
    # Not under pytest's temporary folder: PostgreSQL runs as Debian's postgres
    # account, which cannot enter root's private folders.
    folder = Path(tempfile.mkdtemp(prefix="papersite-weblate-"))
    folder.chmod(0o755)
    instance = Weblate(folder)
    try:
        yield instance.start()
    finally:
        instance.stop()
        if os.environ.get("PAPERSITE_WEBLATE_KEEP") == "1":  # its logs, to read after a failure
            print(f"Weblate's folder kept: {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
