"""The site's own stylesheets: diagrams and notices (shared with the PDF), switcher (screen),
and the switcher's script that keeps the section when changing language."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

STATIC = Path(__file__).parent / "static"


def add_static_path(app: Sphinx, config) -> None:
    config.html_static_path = [*config.html_static_path, str(STATIC)]


def setup(app: Sphinx):
    app.connect("config-inited", add_static_path)
    app.add_css_file("papersite.css")  # shared with the PDF
    app.add_css_file("papersite-screen.css")
    app.add_js_file("papersite-switcher.js", loading_method="defer")
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
