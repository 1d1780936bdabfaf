"""A "page not found" page in every language, at ``<lang>/404.html``, offering
the language's library home and every paper's first page.

The server shows it at whatever address was missing, so its links are absolute
(``papersite.notfound.links_root``), and a ``<base>`` makes the theme's relative
links (styles, scripts, sidebar, switcher) resolve from the language's root, where
the page really is."""

from __future__ import annotations

from html import escape

from sphinx.application import Sphinx
from sphinx.locale import _

from papersite.notfound import links_root

from .linebreak import title_html
from .papers import library


def language_root(app: Sphinx) -> str:
    return f"{links_root(app.config.site_url)}/{app.config.language}/"


def paper_links(app: Sphinx, root: str) -> str:
    items = []
    for paper in library(app.srcdir):
        title = app.env.titles.get(paper.home)
        text = title.astext() if title is not None else paper.title
        items.append(f'<li><a href="{escape(root)}{escape(paper.home)}.html">{title_html(app, text)}</a></li>')
    return f"<ul>{''.join(items)}</ul>" if items else ""


def not_found_page(app: Sphinx):
    if app.builder.name != "html":
        return
    root = language_root(app)
    # Each message outside an f-string: Babel's extractor does not look inside one.
    title = _("Page not found")
    missing = _("The page you are looking for does not exist in this language.")
    home = _("Go to the library home")
    body = (
        f"<section><h1>{title_html(app, title)}</h1><p>{escape(missing)}</p>{paper_links(app, root)}"
        f'<p><a href="{escape(root)}index.html">{title_html(app, home)}</a></p></section>'
    )
    yield "404", {"title": title, "body": body, "toc": "", "display_toc": False}, "page.html"


def resolve_from_language_root(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if app.builder.name == "html" and pagename == "404":
        # First in <head> (furo writes metatags before any link), so every URL obeys it.
        context["metatags"] = f'<base href="{escape(language_root(app))}">\n' + context.get("metatags", "")


def setup(app: Sphinx):
    app.connect("html-collect-pages", not_found_page)
    app.connect("html-page-context", resolve_from_language_root, priority=900)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
