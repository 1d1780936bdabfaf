"""``python -m papersite preview --base REF``: what a translation pull request changes,
built and shown for review.

Only the languages whose catalogs changed since ``REF`` are built (every
language when the sources, templates, settings or code changed), by the same
build as ``make site``, of a copy of the project's inputs in a folder of its own
(``_build/preview-work``, incremental from one preview to the next), so ``make
site``'s state and the published site are never touched. Then
``_build/preview/`` gets an index of every changed message (English, the
translation before and now, and the build's own verdict: published, or shown in
English and why), the rebuilt languages with the changed paragraphs marked, and
their PDFs; ``summary.md`` says the same for CI's job summary.
"""

from __future__ import annotations

import os
import shutil
from functools import cached_property
from pathlib import Path

from rich.console import Console

from ..project import Project
from .history import changed_files, file_at
from .marks import mark, message_words
from .messages import ChangedMessage, add_verdicts, changed_messages
from .report import LanguagePreview, index_page, summary

SHARED_DOMAINS = {"sphinx", "index"}  # the interface and the library home: on every page


INPUTS = ("conf.py", "source", "locale", "_templates")  # what a build reads besides our code


def work_copy(project: Project) -> Project:
    """The inputs, copied with their times (so Sphinx's next build there is incremental)."""
    root = project.build / "preview-work" / "project"
    root.mkdir(parents=True, exist_ok=True)
    for name in INPUTS:
        source, target = project.root / name, root / name
        if target.is_dir():
            shutil.rmtree(target)
        if source.is_dir():
            shutil.copytree(source, target)
        elif source.is_file():
            shutil.copy2(source, target)
    return Project(root=root)


def output_folder(project: Project) -> Path:
    return project.build / "preview"


def changed_inputs(project: Project, paths: list[Path]) -> tuple[dict[str, list[Path]], list[str]]:
    """The changed catalogs of each translation (any changed file of a language
    folder makes it rebuild), and the changed files that every language is made from."""
    catalogs: dict[str, list[Path]] = {}
    sources = []
    shared = [project.source, project.root / "_templates", project.root / "conf.py", project.root / "papersite"]
    for path in paths:
        if path.is_relative_to(project.locale):
            language = path.relative_to(project.locale).parts[0]
            if language in project.translations:
                found = catalogs.setdefault(language, [])
                if path.suffix == ".po" and path.is_relative_to(project.catalog_folder(language)):
                    found.append(path)
        elif any(path == folder or path.is_relative_to(folder) for folder in shared):
            sources.append(path.relative_to(project.root).as_posix())
    return catalogs, sources


def page_of(domain: str) -> str:
    return "index.html" if domain in SHARED_DOMAINS else f"{domain}.html"


def copy_language(work: Project, language: str, target: Path) -> None:
    from ..publish import PRIVATE

    shutil.copytree(work.html_work(language), target, ignore=PRIVATE)
    for pdf in work.pdf_work(language).glob("*.pdf"):
        shutil.copy2(pdf, target / pdf.name)


def mark_pages(preview: LanguagePreview, folder: Path) -> None:
    """Mark each changed message where it shows, and link the index to it."""
    by_page: dict[str, list[ChangedMessage]] = {}
    for message in preview.messages:
        if message.domain != "sphinx":  # interface strings: on every page, in no paragraph
            by_page.setdefault(page_of(message.domain), []).append(message)
    for page, messages in by_page.items():
        path = folder / page
        if not path.is_file():
            continue
        targets, owners = {}, {}
        for number, message in enumerate(messages):
            text = message_words(message.new if message.published else message.msgid)
            if text and text not in targets:
                targets[text] = (f"preview-{number}", "changed" if message.published else "rejected")
                owners[f"preview-{number}"] = message
        html, placed = mark(path.read_text(encoding="utf-8"), targets)
        path.write_text(html, encoding="utf-8")
        for anchor in placed:
            preview.anchors[id(owners[anchor])] = f"{preview.language}/{page}#{anchor}"
        for message in messages:
            preview.anchors.setdefault(id(message), f"{preview.language}/{page}")
        preview.pages.append(f"{preview.language}/{page}")


def changed_pdfs(work: Project, preview: LanguagePreview, everything: bool) -> list[str]:
    slugs = {message.domain.split("/")[0] for message in preview.messages if "/" in message.domain}
    return [f"{preview.language}/{paper.pdf_file(preview.language)}" for paper in work.papers
            if everything or paper.slug in slugs]


class Preview:
    def __init__(self, project: Project, base: str, jobs: int | None, console: Console) -> None:
        self.project, self.base, self.jobs, self.console = project, base, jobs, console

    @cached_property
    def work(self) -> Project:
        return work_copy(self.project)

    def in_work(self, path: Path) -> str:
        """A catalog's path as the build of the copy names it."""
        return str(self.work.root / path.relative_to(self.project.root))

    def run(self) -> tuple[list[LanguagePreview], list[str]]:
        catalogs, sources = changed_inputs(self.project, changed_files(self.project, self.base))
        languages = self.project.language_codes if sources else [code for code in self.project.language_codes
                                                                   if code in catalogs]
        previews = []
        for language in self.project.languages:
            if language.code in languages:
                preview = LanguagePreview(language.code, language.native_name, language.tag)
                for path in catalogs.get(language.code, []):
                    preview.messages += changed_messages(language.code, path, file_at(self.project, self.base, path))
                previews.append(preview)
        if previews:
            self.build(previews, sources, catalogs)
        return previews, sources

    def build(self, previews: list[LanguagePreview], sources: list[str], catalogs: dict[str, list[Path]]) -> None:
        from ..site import build_parallel

        jobs = max(1, min(self.jobs or os.cpu_count() or 1, len(previews)))
        report = build_parallel(self.work, [preview.language for preview in previews], jobs, self.console)
        folder = output_folder(self.project)
        for preview in previews:
            compiled, result = report.compiled.get(preview.language), report.results.get(preview.language)
            if compiled is not None:
                add_verdicts(preview.messages, compiled, self.in_work)
                changed = {self.in_work(path) for path in catalogs.get(preview.language, [])}
                preview.broken = [str(problem).replace(f"{self.work.root}/", "", 1)
                                  for problem in compiled.broken if problem.path in changed]
            if result is None or not result.ok:
                preview.failed = (result.error or "; ".join(result.warnings)) if result else "not built"
            if not self.work.html_work(preview.language).is_dir():
                continue
            copy_language(self.work, preview.language, folder / preview.language)
            mark_pages(preview, folder / preview.language)
            preview.pdfs = changed_pdfs(self.work, preview, bool(sources) or any(
                message.domain in SHARED_DOMAINS for message in preview.messages))


def make_preview(project: Project, base: str, jobs: int | None = None, console: Console | None = None):
    """Build and write the preview of what changed since ``base``; the previews and the folder."""
    folder = output_folder(project)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    previews, sources = Preview(project, base, jobs, console or Console(stderr=True)).run()
    (folder / "index.html").write_text(index_page(base, previews, sources), encoding="utf-8")
    text = summary(base, previews, sources)
    (folder / "summary.md").write_text(text, encoding="utf-8")
    if os.environ.get("GITHUB_STEP_SUMMARY"):
        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as step_summary:
            step_summary.write(text)
    return previews, sources, folder
