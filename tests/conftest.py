"""Shared fixtures: real builds of a copy of the project in temporary folders."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import polib
import pytest
from rich.console import Console

from papersite.project import ROOT, Project

DATA = Path(__file__).parent / "data"
PROJECT_PARTS = ("conf.py", "source", "locale", "_templates")
# The paper whose text the behaviour tests edit and spoil (any paper would do;
# counts are never taken from here but from each paper's data, see reference_data).
FIRST_PAPER = "leveraging-containers-and-openstack"


def paper_source(project: Project, document: str, paper: str = FIRST_PAPER) -> Path:
    return project.source / paper / f"{document}.md"


def paper_catalog(project: Project, language: str, document: str, paper: str = FIRST_PAPER) -> Path:
    return project.catalog_folder(language) / paper / f"{document}.po"


def paper_page(project: Project, language: str, document: str, paper: str = FIRST_PAPER) -> Path:
    return project.site / language / paper / f"{document}.html"


def first_paper(project: Project):
    return next(paper for paper in project.papers if paper.slug == FIRST_PAPER)


def papers_with_reference_data() -> list[str]:
    """Slugs of the papers whose original text is kept under tests/data/<slug>/."""
    return sorted(folder.name for folder in DATA.iterdir() if (folder / "reference.pot").is_file())


def copy_project(target: Path) -> Project:
    """The project's sources and catalogs, without its _build or .venv."""
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        else:
            shutil.copy2(source, target / part)
    return Project(root=target)


def uppercase_catalogs(project: Project, language: str) -> None:
    """Sphinx's own i18n tests' trick: the "translation" is the source in
    UPPERCASE, so every message that was applied shows. Link keys and
    placeholders keep their case, as a careful translator would."""
    for path in project.catalogs(language):
        catalog = polib.pofile(str(path))
        for entry in catalog:
            entry.msgstr = shout(entry.msgid)
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        catalog.save(str(path))


def shout(text: str) -> str:
    import re

    keep = re.compile(r"(<[a-z0-9-]+>`|\{link\}|%\(\w+\)s|\{\w+\}|<[^>]+>|&#\d+;)")
    return "".join(part if keep.fullmatch(part) else part.upper() for part in keep.split(text))


def summarised_build(project: Project, languages: list[str], width: int = 400):
    """Build ``languages`` as `make site` does: the report and the summary it printed."""
    from papersite.site import build_site, print_summary

    console = Console(file=io.StringIO(), width=width)
    report = build_site(project, languages, jobs=2, console=console)
    print_summary(report, project, console)
    return report, console.file.getvalue()


@pytest.fixture(scope="session")
def site_build(tmp_path_factory):
    """Every language, built for real, as `make site` does: (project, report, output, start time)."""
    import time

    project = copy_project(tmp_path_factory.mktemp("site"))
    started = time.time()
    time.sleep(0.01)
    report, output = summarised_build(project, project.language_codes, width=120)
    assert not report.failed, output
    return project, report, output, started


@pytest.fixture(scope="session")
def built_site(site_build) -> Project:
    return site_build[0]


@pytest.fixture
def project_copy(tmp_path) -> Project:
    return copy_project(tmp_path)


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return DATA / FIRST_PAPER / "seed.txt"  # only the first paper came as a flattened seed
