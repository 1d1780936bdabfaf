"""Publish the built languages as one site, atomically.

Each language builds in its own work folder (``_build/html/<lang>``, PDF in
``_build/pdf/<lang>``). Publishing copies them, with the landing page and the
sitemap, into a new folder and then points ``_build/site`` at it with one
``rename`` of a symbolic link: a reader (or ``make serve``) sees the old site or
the new one, never half of one, and an interrupted build leaves the last good
site as it was. Copies keep their modification times, so a language that was
not rebuilt is not touched.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from .landing import render_landing
from .project import Project
from .sitemap import render_root_404, render_sitemap

# Sphinx's bookkeeping, of no use to readers (and .buildinfo holds absolute paths).
PRIVATE = shutil.ignore_patterns(".buildinfo", ".doctrees", "_sources", "objects.inv")


def built_languages(project: Project) -> dict[str, list[Path]]:
    """Each built language's folders: its HTML, then the folder holding its PDF."""
    return {code: [project.html_work(code), project.pdf_work(code)] for code in project.language_codes
            if (project.html_work(code) / "index.html").is_file() and list(project.pdf_work(code).glob("*.pdf"))}


def downloaded_languages(project: Project, parts: Path) -> dict[str, list[Path]]:
    """Languages built elsewhere (one CI job each), as ``parts/<lang>/`` folders."""
    return {code: [parts / code] for code in project.language_codes if (parts / code / "index.html").is_file()}


def write_keeping_time(target: Path, text: str, previous_site: Path) -> None:
    """Write a generated file; when it is what the previous site had, keep that
    file's time too, so an unchanged site is unchanged to the last byte and mtime."""
    data = text.encode("utf-8")
    before = previous_site / target.name
    if before.is_file() and before.read_bytes() == data:
        shutil.copy2(before, target)
    else:
        target.write_bytes(data)


def assemble(project: Project, folder: Path, languages: dict[str, list[Path]]) -> None:
    for code, (html, *others) in languages.items():
        shutil.copytree(html, folder / code, ignore=PRIVATE)
        for pdf in (pdf for other in others for pdf in other.glob("*.pdf")):
            shutil.copy2(pdf, folder / code / pdf.name)
    write_keeping_time(folder / "index.html", render_landing(project), project.site)
    write_keeping_time(folder / "404.html", render_root_404(project), project.site)
    write_keeping_time(folder / "sitemap.xml", render_sitemap(project, folder, languages), project.site)


def swap_in(project: Project, folder: Path) -> None:
    """Point _build/site at ``folder`` in one step, then drop the previous site."""
    link = project.site
    previous = link.resolve() if link.is_symlink() else None
    if link.exists() and not link.is_symlink():
        shutil.rmtree(link)  # a real folder from an older layout
    temporary = link.with_name(link.name + ".new")
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(folder.relative_to(link.parent))  # relative: _build/ can move
    os.replace(temporary, link)
    if previous is not None and previous != folder.resolve() and previous.exists():
        shutil.rmtree(previous)


def publish(project: Project, parts: Path | None = None) -> Path:
    languages = downloaded_languages(project, parts) if parts else built_languages(project)
    releases = project.build / "releases"
    releases.mkdir(parents=True, exist_ok=True)
    folder = releases / f"site-{os.getpid()}-{len(list(releases.iterdir()))}"
    try:
        assemble(project, folder, languages)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    # The link lives in _build/ and points into _build/releases/.
    relative = folder.relative_to(project.build)
    swap_in(project, project.build / relative)
    return folder
