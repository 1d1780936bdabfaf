"""A paper's cover, designed once for its PDF and its first web page.

The design: a band of the paper's accent colour with its artwork
(``papersite.coverart``), then the title block (the page's own title and
subtitle), then the credits: authors, publisher and year (the page's own
translated paragraphs, see ``papersite.sphinxext.papers.PaperFrontMatter``), the
PDF, and for a translation how it was made (``pdf.paper_translation_notice``), so
both covers say the same.

* In the PDF, the band is the cover page's background (``@page cover``, set by
  the print template from ``cover_design``): a background is an artifact in the
  tagged PDF, as decoration is, and the credits follow the title in the text.
* On the web, the band is an inline SVG hidden from assistive technology, and
  the PDF link and the notice follow the credits in the page; they are
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


def front_matter_end(section: nodes.Element) -> int:
    """Where a paper's first page's front matter (title, subtitle, credits) ends."""
    position = 0
    for index, child in enumerate(section.children):
        if isinstance(child, nodes.title) or "subtitle" in child.get("classes", ()) \
                or "paper-credits" in child.get("classes", ()):
            position = index + 1
        elif position:
            break
    return position


def add_cover_credits(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """On a paper's first web page, after its title, subtitle and credits: the PDF and the notice."""
    from .pdf import paper_translation_notice

    paper = paper_for(app.srcdir, docname)
    section = doctree.next_node(nodes.section)
    if app.builder.name != "html" or paper is None or docname != paper.home or section is None:
        return
    language = app.config.language
    notice = paper_translation_notice(app.config, app.confdir, paper)
    context = {"notice": notice,
               "accent": cover_design(paper, app.srcdir)["colours"]["band"],
               "pdf_url": "../" * docname.count("/") + paper.pdf_file(language),
               "pdf_label": _("Download PDF")}
    if language in MODELS:  # lines break between phrases, as on the PDF's cover
        words = vocabulary(app.env, app.config)
        context["notice"] = [Markup(phrase_markup(sentence, language, words)) for sentence in notice]
    html = app.builder.templates.render(CREDITS_TEMPLATE, context)
    # Interface words: not indexed for search (no-search), not an excerpt (data-search-skip in the template).
    section.insert(front_matter_end(section), nodes.raw("", html, format="html", classes=["no-search"]))


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
