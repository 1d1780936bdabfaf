"""Publish the built languages as one site, atomically.

Each language's last good build is in ``_build/output/<lang>/`` (``html/`` and
``pdf/``, see papersite.build). Publishing copies them, with the landing page and the
sitemap, into a new folder and then points ``_build/site`` at it with one
``rename`` of a symbolic link: a reader (or ``make serve``) sees the old site or
the new one, never half of one, and an interrupted build leaves the last good
site as it was; the next build removes what it left in ``_build/releases/``.

A file whose bytes are those the previous release has at the same place is not
copied: the new release gets a hard link to the previous release's file (never
to a work or staging folder's, which Sphinx rewrites in place). Publishing
unchanged papers and languages thus costs no copying, and their files keep
their bytes and times.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import time
from pathlib import Path

from .landing import render_landing
from .phrases import keep_jieba_cache_in, save_dictionary_words
from .project import Project
from .notfound import render_root_404
from .sitemap import render_sitemap

# Sphinx's bookkeeping (.buildinfo and its .buildinfo.bak, doctrees, sources,
# the inventory): of no use to readers, and .buildinfo holds absolute paths.
PRIVATE = shutil.ignore_patterns(".buildinfo*", ".doctrees", "_sources", "objects.inv")


def built_languages(project: Project) -> dict[str, list[Path]]:
    """Each built language's folders: its HTML, then the folder holding its PDF."""
    return {code: [project.html_work(code), project.pdf_work(code)] for code in project.language_codes
            if (project.html_work(code) / "index.html").is_file() and list(project.pdf_work(code).glob("*.pdf"))}


def downloaded_languages(project: Project, parts: Path) -> dict[str, list[Path]]:
    """Languages built elsewhere (one CI job each), as ``parts/<lang>/`` folders."""
    return {code: [parts / code] for code in project.language_codes if (parts / code / "index.html").is_file()}


def write_keeping_time(target: Path, text: str, previous_site: Path) -> None:
    """Write a generated file; when it is what the previous site had, share that
    file instead, so an unchanged site is unchanged to the last byte and mtime."""
    data = text.encode("utf-8")
    before = previous_site / target.name
    if before.is_file() and before.read_bytes() == data:
        try:
            os.link(before, target)
        except OSError:
            shutil.copy2(before, target)
    else:
        target.write_bytes(data)


def same_file(source: Path, published: Path) -> bool:
    """Whether ``published`` (in the previous release) already holds ``source``'s
    bytes: size and time first, so an untouched file is not even read."""
    try:
        mine, theirs = source.stat(), published.stat()
    except FileNotFoundError:
        return False
    if mine.st_size != theirs.st_size:
        return False
    return mine.st_mtime_ns == theirs.st_mtime_ns or filecmp.cmp(source, published, shallow=False)


def linking_to(previous_site: Path, new_site: Path):
    """A copy function for copytree: a hard link to the previous release's file
    when it has the same bytes, else a copy that keeps the time."""
    def link_or_copy(source: str, target: str) -> None:
        before = previous_site / Path(target).relative_to(new_site)
        if same_file(Path(source), before):
            try:
                os.link(before, target)
                return
            except OSError:
                pass  # another file system, or no hard links: copy instead
        shutil.copy2(source, target)
    return link_or_copy


def assemble(project: Project, folder: Path, languages: dict[str, list[Path]]) -> None:
    previous = project.site.resolve() if project.site.is_symlink() else project.site
    copy = linking_to(previous, folder)
    for code, (html, *others) in languages.items():
        shutil.copytree(html, folder / code, ignore=PRIVATE, copy_function=copy)
        for pdf in (pdf for other in others for pdf in other.glob("*.pdf")):
            copy(str(pdf), str(folder / code / pdf.name))
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


def remove_leftover_releases(project: Project, releases: Path) -> None:
    """Releases that a killed build half-assembled or never swapped in; never
    the one _build/site points at."""
    current = project.site.resolve() if project.site.is_symlink() else None
    for folder in releases.glob("site-*"):
        if folder.resolve() != current:
            shutil.rmtree(folder, ignore_errors=True)
    project.site.with_name(project.site.name + ".new").unlink(missing_ok=True)


def publish(project: Project, parts: Path | None = None) -> Path:
    keep_jieba_cache_in(project.build / "cache" / "jieba")  # the landing page's Chinese phrases
    languages = downloaded_languages(project, parts) if parts else built_languages(project)
    releases = project.build / "releases"
    releases.mkdir(parents=True, exist_ok=True)
    remove_leftover_releases(project, releases)
    # Unique even when one process publishes twice, and never the current release.
    folder = releases / f"site-{time.time_ns()}-{os.getpid()}"
    folder.mkdir()
    try:
        assemble(project, folder, languages)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    save_dictionary_words()
    # The link lives in _build/ and points into _build/releases/.
    relative = folder.relative_to(project.build)
    swap_in(project, project.build / relative)
    return folder
