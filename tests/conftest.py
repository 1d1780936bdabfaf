"""Shared fixtures: real builds of a copy of the project in temporary folders."""

from __future__ import annotations

import fcntl
import hashlib
import io
import os
import pickle
import shutil
import subprocess
import sys
import time
from pathlib import Path

import polib
import pytest
from hypothesis import settings
from rich.console import Console

from papersite.project import ROOT, Project

DATA = Path(__file__).parent / "data"
# The process that keeps a PDF's pages (papersite.sphinxext.pdfwarm) outlives the
# build that starts it: no build of the suite starts one, or its processes and
# sockets would outlive the tests; tests/sphinxext/test_pdfwarm.py turns it on.
os.environ["PAPERSITE_WARM_PDF"] = "0"
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


def uppercase_catalogs(project: Project, language: str, paper: str | None = None) -> None:
    """Sphinx's own i18n tests' trick: the "translation" is the source in
    UPPERCASE, so every message that was applied shows. Link keys and
    placeholders keep their case, as a careful translator would. With
    ``paper``, only that paper's catalogs."""
    folder = project.catalog_folder(language) / (paper or "")
    for path in (path for path in project.catalogs(language) if path.is_relative_to(folder)):
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


def inputs_key() -> str:
    """What a shared build is made from (the project's files and our code): its cache folder's name."""
    digest = hashlib.sha256()
    for part in (*PROJECT_PARTS, "papersite"):
        for path in sorted((ROOT / part).rglob("*")) if (ROOT / part).is_dir() else [ROOT / part]:
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    digest.update(os.environ.get("SITE_URL", "").encode())
    return digest.hexdigest()[:16]


def session_folder(tmp_path_factory) -> Path:
    """The folder every worker of this run shares: pytest-xdist gives each worker
    its own basetemp inside the run's, so the run's is the parent."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def built_once(tmp_path_factory, name: str, build):
    """``build(folder)`` run once per test session, whichever worker gets here first;
    the others wait on the lock and reuse what it returned (pickled beside the build).
    Whoever uses it only reads it: a test that changes a build makes its own."""
    folder = session_folder(tmp_path_factory) / f"shared-{name}-{inputs_key()}"
    folder.mkdir(exist_ok=True)
    result = folder / "result.pickle"
    with open(folder / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, or the worker dies
        if not result.is_file():
            shutil.rmtree(folder / "build", ignore_errors=True)  # what a failed first try left
            (folder / "build").mkdir()
            value = build(folder / "build")
            result.with_suffix(".tmp").write_bytes(pickle.dumps(value))
            result.with_suffix(".tmp").replace(result)
    return pickle.loads(result.read_bytes())


def build_every_language(folder: Path):
    project = copy_project(folder)
    started = time.time()
    time.sleep(0.01)
    report, output = summarised_build(project, project.language_codes, width=120)
    return project.root, report, output, started  # a Project holds conf.py's namespace: no pickle


@pytest.fixture(scope="session")
def site_build(tmp_path_factory):
    """Every language, built for real, as `make site` does: (project, report, output, start time).
    Built once per run, shared by every worker."""
    root, report, output, started = built_once(tmp_path_factory, "site", build_every_language)
    assert not report.failed, output
    return Project(root=root), report, output, started


@pytest.fixture(scope="session")
def built_site(site_build) -> Project:
    return site_build[0]


@pytest.fixture
def project_copy(tmp_path) -> Project:
    return copy_project(tmp_path)


# -- English and German, built by the command ------------------------------------
# The helpers of the tests of the build's behaviour (kills, failures, records): they
# build the small project (below) with `make site`'s command, once per run, and
# copy it (copy_built) in each test that changes it.

MARKER = "Zqxjv"  # a word no catalog or source holds
ENGLISH_AND_GERMAN = ["en", "de"]


def site_command(project: Project, languages=ENGLISH_AND_GERMAN) -> list[str]:
    return [sys.executable, "-m", "papersite", "--root", str(project.root), "site", "--langs", " ".join(languages)]


def edit_german(project: Project, edit, document: str = "conclusion", paper: str = FIRST_PAPER) -> str:
    """Apply ``edit`` to the first translated message of German's catalog of ``document``; returns the old msgstr."""
    path = paper_catalog(project, "de", document, paper)
    catalog = polib.pofile(str(path))
    entry = next(entry for entry in catalog if entry.msgstr and not entry.fuzzy)
    old = entry.msgstr
    entry.msgstr = edit(entry.msgstr)
    catalog.save(str(path))
    return old


def add_marker(msgstr: str) -> str:
    return f"{msgstr} {MARKER}"


def tree_digest(folder: Path) -> dict[str, str]:
    """Each file under ``folder`` by its path there: its bytes' digest."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def published(project: Project) -> dict[str, str]:
    """What the project's site publishes, file by file."""
    return tree_digest(project.site.resolve())


def copy_built(project: Project, target: Path) -> Project:
    """A private copy of a built project; its links are relative, so they hold."""
    shutil.copytree(project.root, target, symlinks=True)
    return Project(root=target)


def build_english_and_german(folder: Path, edit=None, make=copy_project) -> Path:
    project = make(folder)
    if edit is not None:
        edit(project)
    subprocess.run(site_command(project), cwd=ROOT, check=True, capture_output=True, timeout=600)
    return project.root


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return DATA / FIRST_PAPER / "seed.txt"  # only the first paper came as a flattened seed


# -- Running the suite -----------------------------------------------------------

# Hypothesis fails an example slower than 200 ms by default: on a machine busy with
# other builds, a fast test crossed it. Timings belong to `make bench`, never here.
settings.register_profile("suite", deadline=None)
settings.load_profile("suite")

# pytest-xdist hands whole files to its workers (--dist loadfile: a file's module
# fixtures build once). These files each run several complete builds of their
# own, one after the other; started last, one of them would keep one worker busy
# long after the others are done, so they are handed out first.
LONG_FILES = ("hostile/test_build_state.py", "test_publish.py", "test_kill.py", "browser/test_lighthouse.py",
              "test_incremental.py", "sphinxext/test_pdf_accessibility.py", "browser/test_live_serve.py",
              "test_preview.py")


def pytest_collection_modifyitems(items):
    def rank(item) -> int:
        path = Path(str(item.path)).relative_to(Path(__file__).parent).as_posix()
        return LONG_FILES.index(path) if path in LONG_FILES else len(LONG_FILES)
    items.sort(key=rank)  # stable: the rest keep their order


def pytest_sessionstart(session):
    session.config.stash[STARTED] = (time.monotonic(), os.getloadavg()[0])


def pytest_terminal_summary(terminalreporter, config):
    """The suite's wall time and the machine's load beside it: a loaded machine makes it longer."""
    if STARTED not in config.stash:
        return
    started, load = config.stash[STARTED]
    workers = getattr(config.option, "numprocesses", None) or 1
    terminalreporter.write_line(f"suite: {time.monotonic() - started:.0f} s with {workers} worker(s); "
                                f"load average {load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end")


STARTED = pytest.StashKey[tuple]()


# -- A small project -----------------------------------------------------------------
# The behaviour of the build's records, staging and promotion (tests/hostile/
# test_build_state.py) is the same for any paper; a build of this one takes a
# third of the time of ours. The library's own pages and catalogs are ours.

SMALL_PAPER, SMALL_DOCUMENT = "a-plain-note", "note"  # tests/shapes.py's PLAIN


def small_project(folder: Path, report: bool = False) -> Project:
    """Ours with one short paper instead of our papers (and, with ``report``, the
    short report of tests/shapes.py, which has links and pictures): their catalogs
    made by update-po, German's "translated" in UPPERCASE (see uppercase_catalogs)."""
    from papersite.catalog.sync import update_po

    from .shapes import PLAIN, REPORT, add_plain, add_report

    assert PLAIN == SMALL_PAPER
    project = copy_project(folder)
    for paper in project.papers:
        shutil.rmtree(paper.folder)
        for language in project.translations:
            shutil.rmtree(project.catalog_folder(language) / paper.slug, ignore_errors=True)
    add_plain(project.source)
    if report:
        add_report(project.source)
    project = Project(root=project.root)
    update_po(project, project.translations)
    for paper in (PLAIN, REPORT) if report else (PLAIN,):
        uppercase_catalogs(project, "de", paper)
    return project


@pytest.fixture(scope="session")
def small_sources(tmp_path_factory) -> Project:
    """small_project, not built, made once per run. Read only: copy_built it."""
    return Project(root=built_once(tmp_path_factory, "small-sources", lambda folder: small_project(folder).root))


@pytest.fixture(scope="session")
def small_sources_with_report(tmp_path_factory) -> Project:
    """small_project with the report, not built, made once per run. Read only: copy_built it."""
    make = lambda folder: small_project(folder, report=True).root
    return Project(root=built_once(tmp_path_factory, "small-sources-report", make))


def mark_small_paper(project: Project) -> None:
    edit_german(project, add_marker, SMALL_DOCUMENT, SMALL_PAPER)


@pytest.fixture(scope="session")
def small_english_and_german(tmp_path_factory) -> Project:
    """small_project with English and German built by `make site`, once per run. Read only: copy_built it."""
    build = lambda folder: build_english_and_german(folder, make=small_project)
    return Project(root=built_once(tmp_path_factory, "small-en-de", build))


@pytest.fixture(scope="session")
def small_english_and_german_marked(tmp_path_factory) -> Project:
    """The same from clean, with MARKER added to German's first message. Read only."""
    build = lambda folder: build_english_and_german(folder, mark_small_paper, make=small_project)
    return Project(root=built_once(tmp_path_factory, "small-en-de-marked", build))
