"""Every page links to itself in every site language.

Adds to each HTML page: the language switcher's data (used by the sidebar and
page templates) and one ``<link rel="alternate" hreflang>`` per language (the
paper's title and PDF link come from ``papersite.sphinxext.papers``).
Sphinx already writes ``<html lang>`` as a BCP 47 tag (ko-KR, not ko_KR).
"""

from __future__ import annotations

from html import escape

from sphinx.application import Sphinx
from sphinx.locale import _

from papersite.languages import site_languages
NOT_FOUND_PAGE = "404"  # papersite.sphinxext.notfound


def page_in(language_code: str, pagename: str, page_suffix: str) -> str:
    """Relative URL from a page to the same page of another language's site."""
    to_language_root = "../" * pagename.count("/")
    return f"{to_language_root}../{language_code}/{pagename}{page_suffix}"


def switcher(app: Sphinx, pagename: str) -> list[dict]:
    current = app.config.language
    suffix = app.builder.out_suffix
    return [
        {
            "code": language.code,
            "tag": language.tag,
            "name": language.native_name,
            "url": page_in(language.code, pagename, suffix),
            "current": language.code == current,
        }
        for language in site_languages(app.config.site_languages, app.config.language_display_names)
    ]


def absolute_url(site_url: str, language_code: str, pagename: str, page_suffix: str) -> str:
    return f"{site_url.rstrip('/')}/{language_code}/{pagename}{page_suffix}"


def alternate_links(app: Sphinx, pagename: str, languages: list[dict]) -> str:
    """Search engines want absolute URLs here; x-default is the source language."""
    suffix = app.builder.out_suffix
    links = [(entry["tag"], absolute_url(app.config.site_url, entry["code"], pagename, suffix)) for entry in languages]
    links.append(("x-default", absolute_url(app.config.site_url, languages[0]["code"], pagename, suffix)))
    return "".join(f'<link rel="alternate" hreflang="{escape(tag)}" href="{escape(url)}">\n' for tag, url in links)


def add_page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if app.builder.name not in ("html", "dirhtml"):
        return
    languages = switcher(app, pagename)
    context["site_languages"] = languages
    # Translated here, not at import: one worker process builds several languages.
    context["switcher_heading"] = _("Languages")
    if pagename != NOT_FOUND_PAGE:  # not a page of the site: nothing for search engines to pair
        context["metatags"] = context.get("metatags", "") + alternate_links(app, pagename, languages)


def setup(app: Sphinx):
    app.add_config_value("site_languages", ["en"], "html", types=[list])
    app.add_config_value("language_display_names", {}, "html", types=[dict])
    app.add_config_value("site_url", "", "html", types=[str])
    app.connect("html-page-context", add_page_context)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
