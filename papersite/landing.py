"""The landing page: every language by its own name and, in it, every paper with
its progress, HTML and PDF. A plain list; no script is needed to use it."""

from __future__ import annotations

import json

from .catalog.compile import STATS_FILE
from .catalog.published import Published
from .notices import IN_PROGRESS_LABEL, is_translated, threshold_of, translation_notice
from .pages import render
from .papers import Paper
from .project import Project
from .sitemap import site_url
from .catalog.stats import recorded_percent


def N_(message: str) -> str:
    """Marks a message for extraction; it is translated per language below."""
    return message


READ_ONLINE = N_("Read online")
DOWNLOAD_PDF = N_("Download PDF")
PERCENT_TRANSLATED = N_("{percent}% translated")
ORIGINAL = N_("Original")
CHOOSE = N_("Choose a language")


class Domain:
    """One domain of a language's published messages (what the build published, no gettext reader)."""

    def __init__(self, published: Published, domain: str):
        self.published, self.name = published, domain

    def gettext(self, message: str) -> str:
        return self.published.gettext(self.name, message)


def translations(project: Project, language: str, domain: str) -> Domain:
    return Domain(Published.load(project.compiled_locale(), language), domain)


def recorded_stats(project: Project, language: str) -> dict | None:
    path = project.compiled_locale() / language / STATS_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def paper_percent(project: Project, language, paper: Paper, stats: dict | None) -> int:
    if language.code == project.source_language:
        return 100
    return recorded_percent(stats, paper.slug) if stats is not None else 0


def progress_label(project: Project, language, percent: int, ui) -> str:
    if language.code == project.source_language:
        return ui.gettext(ORIGINAL)
    # Below the threshold a paper is not presented as a translation (papersite.notices).
    label = PERCENT_TRANSLATED if is_translated(percent, threshold_of(project.config)) else IN_PROGRESS_LABEL
    return ui.gettext(label).format(percent=percent)


def paper_entry(project: Project, language, paper: Paper, ui, stats: dict | None) -> dict:
    percent = paper_percent(project, language, paper, stats)
    return {
        "slug": paper.slug,
        "title": translations(project, language.code, paper.home).gettext(paper.title),
        "progress": progress_label(project, language, percent, ui),
        "percent": percent,
        "html": f"{language.code}/{paper.home}.html",
        "pdf": f"{language.code}/{paper.pdf_file(language.code)}",
    }


def translated_papers(project: Project, language, stats: dict | None) -> list[Paper]:
    """The language's papers presented as translations (at or above the threshold)."""
    threshold = threshold_of(project.config)
    return [paper for paper in project.papers
            if is_translated(paper_percent(project, language, paper, stats), threshold)]


def method_keys(stats: dict | None, papers: list[Paper]) -> list[str]:
    """How those papers were translated (X-Translation-Method), each once."""
    keys: list[str] = []
    for paper in papers:
        credits = (stats or {}).get("credits", {}).get(paper.slug, {})
        keys += [key for key in credits.get("method_keys", []) if key not in keys]
    return keys


def language_notice(project: Project, language, ui, stats: dict | None) -> list[str]:
    """That the language's papers are translations, and how made; nothing while none is one yet."""
    papers = translated_papers(project, language, stats)
    if language.code == project.source_language or not papers:
        return []
    return translation_notice(ui.gettext, method_keys(stats, papers))


def language_entry(project: Project, language) -> dict:
    ui = translations(project, language.code, "sphinx")
    stats = recorded_stats(project, language.code)
    return {
        "code": language.code,
        "tag": language.tag,
        "name": language.native_name,
        "title": translations(project, language.code, "index").gettext(project.config["project"]),
        "html": f"{language.code}/index.html",
        "papers": [paper_entry(project, language, paper, ui, stats) for paper in project.papers],
        "read_online": ui.gettext(READ_ONLINE),
        "download_pdf": ui.gettext(DOWNLOAD_PDF),
        "choose": ui.gettext(CHOOSE),
        "notice": language_notice(project, language, ui, stats),
    }


def render_landing(project: Project) -> str:
    entries = [language_entry(project, language) for language in project.languages]
    # hreflang alternates are absolute, as search engines require.
    return render("landing.html", languages=entries, source=entries[0], site_url=site_url(project))
