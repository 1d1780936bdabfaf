"""The site's own stylesheets: diagrams and notices (shared with the PDF), switcher (screen),
and the switcher's script that keeps the section when changing language.

On the web, our two stylesheets are small and every page needs them before its
first paint: they are written into each page's ``<head>`` (after furo's, which
they refine) instead of being two more requests that block rendering, the cost
Lighthouse's mobile run measures on a slow network. furo's stylesheet for
third-party extensions (Read the Docs, sphinx-design, copy buttons) is not
loaded at all: the site uses none of them. The PDF reads the files themselves.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from markupsafe import Markup
from sphinx.application import Sphinx

STATIC = Path(__file__).parent / "static"
INLINE = ("papersite.css", "papersite-screen.css")
UNUSED = ("_static/styles/furo-extensions.css",)


def add_static_path(app: Sphinx, config) -> None:
    config.html_static_path = [*config.html_static_path, str(STATIC)]


@cache
def inline_styles(stamps: tuple[float, ...]) -> Markup:
    # Our own files, written by maintainers; nothing in them can close the element.
    return Markup("\n".join((STATIC / name).read_text(encoding="utf-8") for name in INLINE))


def add_styles(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if app.builder.name != "html":
        return
    styles = context.get("css_files", ())
    context["css_files"] = [css for css in styles if getattr(css, "filename", css) not in UNUSED]
    context["papersite_styles"] = inline_styles(tuple((STATIC / name).stat().st_mtime for name in INLINE))


def setup(app: Sphinx):
    app.connect("config-inited", add_static_path)
    app.connect("html-page-context", add_styles)
    app.add_js_file("papersite-switcher.js", loading_method="defer")
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
