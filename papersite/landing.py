"""The landing page: every language by its own name and, in it, every paper with
its progress, HTML and PDF. A plain list; no script is needed to use it."""

from __future__ import annotations

import json

from .catalog.compile import STATS_FILE
from .catalog.published import Published
from .notices import translation_notice
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


def paper_entry(project: Project, language, paper: Paper, ui, stats: dict | None) -> dict:
    is_source = language.code == project.source_language
    percent = 100 if is_source or stats is None else recorded_percent(stats, paper.slug)
    return {
        "slug": paper.slug,
        "title": translations(project, language.code, paper.home).gettext(paper.title),
        "progress": ui.gettext(ORIGINAL) if is_source else ui.gettext(PERCENT_TRANSLATED).format(percent=percent),
        "percent": percent,
        "html": f"{language.code}/{paper.home}.html",
        "pdf": f"{language.code}/{paper.pdf_file(language.code)}",
    }


def method_keys(stats: dict | None) -> list[str]:
    """How the language's papers were translated (X-Translation-Method), each once."""
    keys: list[str] = []
    for credits in (stats or {}).get("credits", {}).values():
        keys += [key for key in credits.get("method_keys", []) if key not in keys]
    return keys


def language_entry(project: Project, language) -> dict:
    ui = translations(project, language.code, "sphinx")
    stats = recorded_stats(project, language.code)
    is_source = language.code == project.source_language
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
        "notice": [] if is_source else translation_notice(ui.gettext, method_keys(stats)),
    }


def render_landing(project: Project) -> str:
    entries = [language_entry(project, language) for language in project.languages]
    # hreflang alternates are absolute, as search engines require.
    return render("landing.html", languages=entries, source=entries[0], site_url=site_url(project))
