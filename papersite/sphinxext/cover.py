"""A paper's cover, designed once for its PDF and its first web page.

The design: a band of the paper's accent colour with its artwork
(``papersite.coverart``), then the title block (the page's own title and
subtitle), then the credits: authors, publisher and year, the PDF, and for a
translation how it was made. The words come from ``papersite.sphinxext.pdf``'s
``cover_lines``, so both covers say the same.

* In the PDF, the band is the cover page's background (``@page cover``, set by
  the print template from ``cover_design``): a background is an artifact in the
  tagged PDF, as decoration is, and the credits follow the title in the text.
* On the web, the band is an inline SVG hidden from assistive technology, and
  the credits follow the subtitle in the page, with the PDF link; they are
  interface words, kept out of the search index and its excerpts.
"""

from __future__ import annotations

import base64
from pathlib import Path

from docutils import nodes
from markupsafe import Markup
from sphinx.application import Sphinx
from sphinx.locale import _

from papersite.coverart import accent_of, artwork, palette
from papersite.papers import SETTINGS, Paper

from .linebreak import MODELS, phrase_markup, vocabulary
from .papers import paper_for

CREDITS_TEMPLATE = "papersite/cover-credits.html"
BAND_HEIGHT = 165  # millimetres of the A4 cover (the print stylesheet places the title under it)


def cover_design(paper: Paper, srcdir) -> dict:
    """The colours and artwork of a paper's cover, from its settings."""
    accent = accent_of(paper.settings, paper.slug, str(Path(paper.folder) / SETTINGS))
    svg = artwork(paper.slug, paper.title, accent, width=210, height=BAND_HEIGHT)
    return {
        "band_height": BAND_HEIGHT,
        "colours": palette(accent),
        "svg": Markup(svg),  # made of numbers and validated colours only (see papersite.coverart)
        "data_uri": "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode(),
    }


def is_subtitle(node: nodes.Node) -> bool:
    return isinstance(node, nodes.paragraph) and "subtitle" in node["classes"]


def add_cover_credits(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """On a paper's first web page, the credits under its title and subtitle."""
    from .pdf import cover_lines

    paper = paper_for(app.srcdir, docname)
    if app.builder.name != "html" or paper is None or docname != paper.home:
        return
    subtitle = next(doctree.findall(is_subtitle), None)
    if subtitle is None:
        return
    language, source = app.config.language, app.config.site_languages[0]
    lines = cover_lines(app, paper)
    context = {**lines,
               # The authors line in the original's words is English text on a translated page.
               "authors_lang": source if lines.get("authors_untranslated") and language != source else "",
               "accent": cover_design(paper, app.srcdir)["colours"]["band"],
               "pdf_url": "../" * docname.count("/") + paper.pdf_file(language),
               "pdf_label": _("Download PDF")}
    if language in MODELS:  # lines break between phrases, as on the PDF's cover
        words = vocabulary(app.env, app.config)
        for key in ("authors", "publisher"):
            context[key] = Markup(phrase_markup(context[key], language, words))
        context["notice"] = [Markup(phrase_markup(sentence, language, words)) for sentence in lines["notice"]]
    html = app.builder.templates.render(CREDITS_TEMPLATE, context)
    # Interface words: not indexed for search (no-search), not an excerpt (data-search-skip in the template).
    subtitle.parent.insert(subtitle.parent.index(subtitle) + 1, nodes.raw("", html, format="html", classes=["no-search"]))


def add_cover_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if app.builder.name != "html":
        return
    paper = paper_for(app.srcdir, pagename)
    if paper is not None and pagename == paper.home:
        context["paper_cover"] = cover_design(paper, app.srcdir)


def setup(app: Sphinx):
    # Once the page is resolved (its links and numbers); the credits stay out of its search words (no-search).
    app.connect("doctree-resolved", add_cover_credits)
    app.connect("html-page-context", add_cover_context)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
