"""A "page not found" page in every language, at ``<lang>/404.html``, offering
the language's library home and every paper's first page."""

from __future__ import annotations

from html import escape

from sphinx.application import Sphinx
from sphinx.locale import _

from .papers import library


def paper_links(app: Sphinx, language_root: str) -> str:
    items = []
    for paper in library(app.srcdir):
        title = app.env.titles.get(paper.home)
        text = title.astext() if title is not None else paper.title
        items.append(f'<li><a href="{escape(language_root)}{escape(paper.home)}.html">{escape(text)}</a></li>')
    return f"<ul>{''.join(items)}</ul>" if items else ""


def not_found_page(app: Sphinx):
    if app.builder.name != "html":
        return
    # Absolute links: the server shows this page at whatever address was missing.
    language_root = f"{app.config.site_url.rstrip('/')}/{app.config.language}/"
    title = _("Page not found")
    body = (
        f"<section><h1>{escape(title)}</h1>"
        f"<p>{escape(_('The page you are looking for does not exist in this language.'))}</p>"
        f"{paper_links(app, language_root)}"
        f'<p><a href="{escape(language_root)}index.html">{escape(_("Go to the first page"))}</a></p></section>'
    )
    yield "404", {"title": title, "body": body, "toc": "", "display_toc": False}, "page.html"


def setup(app: Sphinx):
    app.connect("html-collect-pages", not_found_page)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
