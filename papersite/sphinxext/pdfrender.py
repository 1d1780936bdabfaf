"""Printable pages into PDF files with WeasyPrint: only the changed ones, side by side.

A paper's PDF is rendered again only when its printable page, a file the page
can load, or the renderer changed since the stamp written beside it; so editing
one paper leaves the other papers' PDFs as they were.

WeasyPrint sets type in pure Python, one core per PDF. Rendered one after the
other, the papers of a slow language (Korean takes seconds per paper) would end
the site's build alone on one core; when a build renders several, each gets a
process of its own, up to one per core.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote

from . import pdflayout, pdftags
from .pdflayout import filled, markup_renderer, serialized
from .pdftags import RENDER_OPTIONS, finish_tagged_pdf

# WeasyPrint names each picture in the PDF after a digest of its address. The
# printable page is read from this address, of no folder, and each of its files
# fetched from the build's folder: two builds in two folders write the same bytes.
PRINT_ROOT = "file:///papersite-print/"

# Besides the page: what WeasyPrint draws it with.
RENDERERS = ("weasyprint", "pydyf", "fonttools", "tinycss2", "cssselect2", "pyphen", "pillow")


@dataclass(frozen=True)
class PdfJob:
    printable: Path  # the paper's print page
    target: Path  # its PDF
    digest: str  # of everything the PDF is made of
    assets: str = ""  # of all that but the page: what it loads, and the renderer

    @property
    def stamp(self) -> Path:
        return self.target.with_suffix(".sha256")

    @property
    def laid_out(self) -> Path:
        """The printable page as it was printed: with the page-fill fixes (see pdflayout)."""
        return self.printable.with_name("laid-out.html")


def assets_digest(outdir: Path) -> str:
    """Besides the page: every file it can load, and how it is rendered."""
    digest = hashlib.sha256()
    for folder in ("_static", "_images"):
        for path in sorted((outdir / folder).rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(outdir).as_posix().encode() + b"\0" + path.read_bytes())
    # How it is written: the options and what the finisher adds to WeasyPrint's tags.
    digest.update(repr(sorted(RENDER_OPTIONS.items())).encode() + Path(pdftags.__file__).read_bytes())
    digest.update(Path(pdflayout.__file__).read_bytes())  # how its pages are filled
    digest.update(renderer_versions().encode())
    return digest.hexdigest()


def renderer_versions() -> str:
    versions = []
    for renderer in RENDERERS:
        try:
            versions.append(f"{renderer}={metadata.version(renderer)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{renderer} missing")
    return "\n".join(versions)


def printable_digest(html: Path, assets: str) -> str:
    """What the PDF is made of: the paper's page, every file it can load, and the renderer."""
    return hashlib.sha256(html.read_bytes() + assets.encode()).hexdigest()


def stale(printable: Path, target: Path, outdir: Path) -> PdfJob | None:
    """The job of rendering ``target`` again, or None when its stamp says it is current."""
    assets = assets_digest(outdir)
    job = PdfJob(printable, target, printable_digest(printable, assets), assets)
    if target.exists() and job.stamp.exists() and job.stamp.read_text() == job.digest:
        return None
    return job


class _CollectingHandler(logging.Handler):
    def __init__(self, level: int):
        super().__init__(level)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def weasyprint_warnings():
    """WeasyPrint's warnings (a CSS rule it ignores, a font it cannot find), as
    text for the build to report, instead of scrolling past in its log."""
    weasy = logging.getLogger("weasyprint")
    progress = logging.getLogger("weasyprint.progress")
    saved = weasy.handlers[:], weasy.propagate, weasy.level, progress.level
    handler = _CollectingHandler(level=logging.WARNING)
    weasy.handlers[:] = [handler]
    weasy.propagate = False
    # Whatever level another part of the process set, warnings must reach the build.
    weasy.setLevel(logging.WARNING)
    progress.setLevel(logging.WARNING)  # its page-by-page log is noise here
    try:
        yield handler.messages
    finally:
        weasy.handlers[:], weasy.propagate, level, progress_level = saved
        weasy.setLevel(level)
        progress.setLevel(progress_level)


def folder_fetcher(folder: Path):
    """WeasyPrint's fetcher, reading ``PRINT_ROOT``'s addresses from ``folder``."""
    from weasyprint.urls import URLFetcher  # as weasyprint itself: loaded only to render

    class FolderFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith(PRINT_ROOT):
                url = (folder / unquote(url[len(PRINT_ROOT):].split("?")[0])).as_uri()
            return super().fetch(url, headers)

    return FolderFetcher()


def renderer_for(job: PdfJob):
    """WeasyPrint, reading the job's printable page and its files from the builder's output."""
    folder = job.target.parent  # the builder's output: the printable page and what it loads
    return markup_renderer(base_url=PRINT_ROOT + job.printable.relative_to(folder).as_posix(),
                           url_fetcher=folder_fetcher(folder), **RENDER_OPTIONS)


def whole(job: PdfJob):
    """The job's page rendered whole, its pages filled: (document, markup as printed)."""
    return filled(job.printable.read_text(encoding="utf-8"), renderer_for(job))


class Abandoned(Exception):
    """Whoever asked for the PDF is gone (its build was stopped): nothing is written."""


def render(job: PdfJob, lay_out=whole, wanted=lambda: True) -> list[str]:
    """Render one PDF (``lay_out(job)`` gives its document and markup as printed)
    and return WeasyPrint's warnings. Only a PDF rendered without a warning is
    stamped: one that warned renders (and warns) again next time. ``wanted()``
    is asked before each write: a render for a build that is gone writes nothing."""
    # From here on the PDF on disk is not the one any stamp describes: a render
    # that warns or is killed must never leave a stamp that a later page matches.
    job.stamp.unlink(missing_ok=True)
    partial = job.target.with_name(job.target.name + ".part")
    with weasyprint_warnings() as warnings:
        document, printed = lay_out(job)
        if not wanted():
            raise Abandoned(job.target.name)
        job.laid_out.write_text(serialized(printed), encoding="utf-8")
        document.write_pdf(partial, pdf_identifier=job.digest[:32].encode(), finisher=finish_tagged_pdf,
                           **RENDER_OPTIONS)
    if not wanted():
        partial.unlink(missing_ok=True)
        raise Abandoned(job.target.name)
    os.replace(partial, job.target)
    if not warnings:
        job.stamp.write_text(job.digest)
    return warnings


def render_all(jobs: list[PdfJob]) -> list[str]:
    """Render every job, side by side when there are several; all their warnings.
    Each goes through ``pdfwarm``: a PDF being edited may be served from kept pages."""
    from . import pdfwarm

    if len(jobs) <= 1:  # a one-paper edit: no pool to start
        return [warning for job in jobs for warning in pdfwarm.render(job)]
    workers = min(len(jobs), os.cpu_count() or 1)
    # fork: the workers start from this process's imports instead of importing them again.
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return [warning for warnings in pool.map(pdfwarm.render, jobs) for warning in warnings]
