"""Issue 6: the published site is reproducible and replaced atomically."""

from __future__ import annotations

import filecmp
import hashlib
import io
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import polib
import pytest
from rich.console import Console

from papersite import publish
from papersite.project import ROOT
from papersite.site import build_site

from .conftest import copy_project


def tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def quiet_build(project, languages):
    return build_site(project, languages, jobs=2, console=Console(file=io.StringIO()))


def test_two_builds_in_different_folders_are_byte_identical(built_site, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    other = copy_project(tmp_path)
    quiet_build(other, other.language_codes)
    assert tree_digest(other.site.resolve()) == tree_digest(built_site.site.resolve())
    assert not any(str(tmp_path) in p.read_text(errors="ignore") for p in other.site.resolve().rglob("*.html"))


def test_a_failure_while_publishing_keeps_the_last_good_site(project_copy, monkeypatch):
    quiet_build(project_copy, ["en"])
    good = project_copy.site.resolve()
    before = tree_digest(good)

    def interrupted(project, folder, languages):
        (folder / "en").mkdir(parents=True)
        (folder / "en" / "half.html").write_text("half")
        raise KeyboardInterrupt

    monkeypatch.setattr(publish, "assemble", interrupted)
    with pytest.raises(KeyboardInterrupt):
        quiet_build(project_copy, ["en"])
    assert project_copy.site.resolve() == good
    assert tree_digest(good) == before
    assert [p.name for p in (project_copy.build / "releases").iterdir()] == [good.name]


def test_a_killed_build_leaves_the_last_good_site(project_copy):
    run = [sys.executable, "-m", "papersite", "--root", str(project_copy.root), "site", "--langs", "en ja"]
    subprocess.run(run, cwd=ROOT, check=True, capture_output=True)
    before = tree_digest(project_copy.site.resolve())
    assert "ja/index.html" in before and "index.html" in before
    catalog_path = project_copy.locale / "ja" / "LC_MESSAGES" / "conclusion.po"
    catalog = polib.pofile(str(catalog_path))
    catalog[0].msgstr += "†"
    catalog.save(str(catalog_path))
    process = subprocess.Popen(run, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    time.sleep(0.8)  # mid-build: rebuilding ja and its PDF takes longer than this
    os.killpg(process.pid, signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL, "the build ended before it could be interrupted"
    assert tree_digest(project_copy.site.resolve()) == before


def test_languages_built_by_separate_jobs_publish_with_the_landing_page(built_site, tmp_path):
    (tmp_path / "assembly").mkdir()
    project = copy_project(tmp_path / "assembly")
    parts = tmp_path / "parts"
    for code in ("en", "ja"):
        shutil.copytree(built_site.site / code, parts / code)
    run = [sys.executable, "-m", "papersite", "--root", str(project.root), "publish", "--parts", str(parts)]
    subprocess.run(run, cwd=ROOT, check=True, capture_output=True)
    published = project.site.resolve()
    assert {p.name for p in published.iterdir()} == {"en", "ja", "index.html", "404.html", "sitemap.xml"}
    assert filecmp.cmp(published / "ja" / "index.html", built_site.site / "ja" / "index.html", shallow=False)
    assert "ja/index.html" in (published / "sitemap.xml").read_text()
