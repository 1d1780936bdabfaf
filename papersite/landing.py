"""The landing page: every language by its own name, its progress, HTML and PDF."""

from __future__ import annotations

import json
from gettext import NullTranslations
from pathlib import Path

from babel.support import Translations

from .compile import STATS_FILE
from .pages import render
from .project import Project
from .sphinxext.pdf import pdf_name
from .stats import recorded_percent


def N_(message: str) -> str:
    """Marks a message for extraction; it is translated per language below."""
    return message


READ_ONLINE = N_("Read online")
DOWNLOAD_PDF = N_("Download PDF")
PERCENT_TRANSLATED = N_("{percent}% translated")
ORIGINAL = N_("Original")
CHOOSE = N_("Choose a language")


def translations(project: Project, language: str, domain: str):
    try:
        found = Translations.load(str(project.compiled_locale()), [language], domain)
    except ValueError:  # say, a Plural-Forms that msgfmt accepts and Python's gettext refuses
        return NullTranslations()  # that language's entry stays in English; the others do not
    return found if isinstance(found, Translations) else NullTranslations()


def language_entry(project: Project, language) -> dict:
    ui = translations(project, language.code, "sphinx")
    paper = translations(project, language.code, "index")
    stats_path = project.compiled_locale() / language.code / STATS_FILE
    is_source = language.code == project.source_language
    percent = 100
    if not is_source and stats_path.is_file():
        percent = recorded_percent(json.loads(stats_path.read_text(encoding="utf-8")))
    return {
        "code": language.code,
        "tag": language.tag,
        "name": language.native_name,
        "title": paper.gettext(project.config["project"]),
        "progress": ui.gettext(ORIGINAL) if is_source else ui.gettext(PERCENT_TRANSLATED).format(percent=percent),
        "percent": percent,
        "html": f"{language.code}/index.html",
        "pdf": f"{language.code}/{pdf_name(project.config['pdf_basename'], language.code)}",
        "read_online": ui.gettext(READ_ONLINE),
        "download_pdf": ui.gettext(DOWNLOAD_PDF),
        "choose": ui.gettext(CHOOSE),
    }


def render_landing(project: Project) -> str:
    entries = [language_entry(project, language) for language in project.languages]
    return render("landing.html", languages=entries, source=entries[0])

