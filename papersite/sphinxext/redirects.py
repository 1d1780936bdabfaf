"""Old addresses keep working: before the library, the first paper's pages were
``<lang>/<document>.html``; each such address becomes a small page that sends
the reader to ``<lang>/<slug>/<document>.html`` (meta refresh, canonical link and
a visible link, no JavaScript). ``conf.py`` names the paper (``former_root_paper``).
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.locale import _

from .papers import library

TEMPLATE = "papersite/redirect.html"


def former_addresses(app: Sphinx):
    """``(old pagename, new docname)`` for every page of the former root paper,
    except where the library now has a page of its own (``index``)."""
    slug = app.config.former_root_paper
    paper = next((paper for paper in library(app.srcdir) if paper.slug == slug), None)
    if paper is None:
        return
    for docname in sorted(app.env.found_docs):
        if paper.owns(docname):
            old = docname[len(slug) + 1:]
            if old not in app.env.found_docs:
                yield old, docname


def redirect_pages(app: Sphinx):
    if app.builder.name != "html":
        return
    site = app.config.site_url.rstrip("/")
    for old, new in former_addresses(app):
        target = f"{new}{app.builder.out_suffix}"
        yield old, {
            "redirect_to": "../" * old.count("/") + target,
            "redirect_canonical": f"{site}/{app.config.language}/{target}",
            "redirect_text": _("This page has moved."),
            "redirect_title": app.env.titles[new].astext() if new in app.env.titles else new,
        }, TEMPLATE


def setup(app: Sphinx):
    app.add_config_value("former_root_paper", "", "html", types=[str])
    app.connect("html-collect-pages", redirect_pages)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
