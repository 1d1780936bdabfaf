"""Honest translation progress on every page.

A page below 100% opens with a notice ("This page is 62% translated; ...") whose
number is the one ``make stats`` and the landing page show: the build writes the
catalog counts to ``<locale_dir>/<lang>/stats.json`` (see ``papersite.catalog.compile``),
and this module reads them. Every element Sphinx leaves in English (class
``untranslated``, from ``translation_progress_classes``) gets ``lang="en"`` so
screen readers switch voice.
"""

from __future__ import annotations

import json
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.locale import _
from sphinx.util.i18n import docname_to_domain
from sphinx.writers.html5 import HTML5Translator

STATS_FILE = "stats.json"


class FallbackMarkingTranslator(HTML5Translator):
    """Marks text that fell back to the source language with its language."""

    def starttag(self, node: nodes.Element, tagname: str, suffix: str = "\n", empty: bool = False, **attributes):
        classes = node.get("classes", ())
        if "untranslated" in classes and self.config.language != "en":
            attributes.setdefault("lang", "en")
        elif "caption-number" in classes and self.config.language != "en":
            # Our words, in the page's language, even inside a caption shown in English.
            attributes.setdefault("lang", self.config.language.replace("_", "-"))
        return super().starttag(node, tagname, suffix, empty, **attributes)

    # The page's outermost section is the page itself: a <section> around the
    # title would make its <h1> a nested heading (the Nu checker's outline advice).
    def visit_section(self, node: nodes.section) -> None:
        if isinstance(node.parent, nodes.document) and self.builder.name != "pdf":
            self.section_level += 1
            self.body.append(self.starttag(node, "div", CLASS="section"))
        else:
            super().visit_section(node)

    def depart_section(self, node: nodes.section) -> None:
        if isinstance(node.parent, nodes.document) and self.builder.name != "pdf":
            self.section_level -= 1
            self.body.append("</div>\n")
        else:
            super().depart_section(node)


def catalog_stats(config: Config, confdir: str | Path) -> dict:
    """Counts per catalog, as the build's compile step recorded them."""
    for locale_dir in config.locale_dirs:
        path = Path(confdir, locale_dir) / config.language / STATS_FILE
        if path.is_file():
            return json.loads(path.read_text(encoding="utf-8"))
    return {}


def page_percent(app: Sphinx, pagename: str, doctree) -> int | None:
    domain = docname_to_domain(pagename, app.config.gettext_compact)
    counts = catalog_stats(app.config, app.confdir).get("catalogs", {}).get(domain)
    if counts is not None:
        return counts["percent"]
    progress = doctree.get("translation_progress") if doctree is not None else None
    if progress and progress["total"]:
        return progress["translated"] * 100 // progress["total"]
    return None


def add_notice(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if app.config.language == "en" or doctree is None:
        return
    percent = page_percent(app, pagename, doctree)
    context["translation_percent"] = percent
    if percent is not None and percent < 100:
        # Translated here, not at import: one worker process builds several languages.
        notice = _("This page is {percent}% translated; untranslated parts are shown in English.")
        context["translation_notice"] = notice.format(percent=percent)


def setup(app: Sphinx):
    for builder in ("html", "dirhtml", "singlehtml"):  # the pdf builder extends it
        app.set_translator(builder, FallbackMarkingTranslator, override=True)
    app.connect("html-page-context", add_notice)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
