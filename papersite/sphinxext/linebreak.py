"""Line breaks a Japanese or Chinese typesetter accepts in short texts.

Browsers and WeasyPrint break Japanese and Chinese between any two characters,
which in body text is the rule, but in a heading, a caption, a table's cell, a
diagram's box, a list of titles or a cover it splits words (コンテナランタイ/ム,
编排引/擎) and leaves single characters alone on a line. There, a line breaks
only between phrases (``papersite.phrases``): a phrase wider than the line
breaks between its words, a word only inside, never leaving its first or last
character alone. Long katakana compounds are cut into the words the language's
own pages use alone (collected as they are read) and its terminology list knows.

The doctree keeps its text: the marked text nodes are a subclass of ``Text``
(so the search index and descriptions read them as before), and only the HTML
translators write the markup. Titles the theme writes around a page (the header,
the sidebar, lists of chapters) are given the same markup as the page is written.
"""

from __future__ import annotations

import re
from html import escape, unescape
from pathlib import Path

from docutils import nodes
from markupsafe import Markup
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from papersite.phrases import KATAKANA, MODELS, glossary_katakana, phrase_markup

from .diagrams import diagram
from .perdocument import PerDocument

# The katakana words of each Japanese page: the compounds a phrase may break between.
KATAKANA_RUNS = PerDocument("papersite_katakana")


class phrased_text(nodes.Text):
    """Text of a heading, caption, table header, diagram box or cover line,
    written as phrases by the HTML translators."""


# -- Which texts ----------------------------------------------------------------

def is_short_text(node: nodes.Node) -> bool:
    """A block whose lines break between phrases."""
    if isinstance(node, (nodes.title, nodes.caption, nodes.rubric, nodes.term)):
        return True
    if isinstance(node, nodes.paragraph):
        if {"subtitle", "cover-line", "paper-authors", "paper-publisher"} & set(node["classes"]):
            return True
        parent = node.parent
        if isinstance(parent, nodes.entry):  # table cells: narrow columns
            return True
        return isinstance(parent, nodes.list_item) and any(isinstance(a, diagram) for a in ancestors(parent))
    return False


def ancestors(node: nodes.Node):
    while node.parent is not None:
        node = node.parent
        yield node


def mark_phrases(tree: nodes.Node, everywhere: bool = False) -> None:
    """Marks the text of every short text block under ``tree`` (or all its text:
    a list of titles); literal text keeps its characters' own breaks."""
    for block in [tree] if everywhere else list(tree.findall(is_short_text)):
        for text in list(block.findall(nodes.Text)):
            if isinstance(text, phrased_text) or isinstance(text.parent, (nodes.literal, nodes.FixedTextElement)):
                continue
            text.parent.replace(text, phrased_text(str(text)))


class PhraseBreaks(SphinxPostTransform):
    formats = ("html",)  # the PDF is written by an HTML builder too
    default_priority = 800

    def run(self, **kwargs) -> None:
        if self.config.language in MODELS:
            mark_phrases(self.document)


# -- The language's words ----------------------------------------------------------

def collect_katakana(app: Sphinx, doctree: nodes.document) -> None:
    """The katakana runs each page uses, so a long compound can be cut into
    words the text itself uses on their own."""
    if app.config.language != "ja":
        return
    runs = {run for text in doctree.findall(nodes.Text) for run in KATAKANA.findall(str(text))}
    KATAKANA_RUNS.record(app.env, app.env.docname, sorted(runs))


def vocabulary(env, config) -> frozenset[str]:
    words = {run for runs in KATAKANA_RUNS.of(env).values() for run in runs}
    glossary = Path(config.terminology_list.format(language=config.language)) if config.terminology_list else None
    if glossary is not None and glossary.is_file():
        words |= glossary_katakana(str(glossary), glossary.stat().st_mtime)
    return frozenset(words)


TEXT_BETWEEN_TAGS = re.compile(r">([^<>]+)<")


def phrased_html(html: str, language: str, words: frozenset[str]) -> Markup:
    """The text between the tags of furo-rendered HTML (titles, escaped), as phrases."""
    def phrased(match: re.Match) -> str:
        text = unescape(match.group(1))
        return f">{phrase_markup(text, language, words)}<" if text.strip() else match.group(0)
    return Markup(TEXT_BETWEEN_TAGS.sub(phrased, f">{html}<")[1:-1])


def phrase_titles_around_the_page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The titles the theme writes around a page (the header's and the sidebar's
    title, the sidebar's contents) and the lists of chapters in it break between
    phrases as the page's headings do."""
    language = app.config.language
    if app.builder.name != "html" or language not in MODELS:
        return
    words = vocabulary(app.env, app.config)
    if context.get("docstitle"):
        context["docstitle"] = phrased_html(str(escape_once(context["docstitle"])), language, words)
    if context.get("furo_navigation_tree"):
        context["furo_navigation_tree"] = phrased_html(context["furo_navigation_tree"], language, words)
    if context.get("body"):  # a page's list of its chapters (resolved after the post-transforms)
        context["body"] = TOCTREE.sub(lambda match: phrased_html(match.group(0), language, words), context["body"])


# Sphinx writes a toctree as lists of links in this one element, without a <div> inside.
TOCTREE = re.compile(r'<div class="toctree-wrapper compound">.*?</div>', re.DOTALL)


def title_html(app: Sphinx, text: str) -> str:
    """A title the extensions write as HTML themselves (the 404 page's): escaped,
    and in Japanese and Chinese as phrases."""
    if app.config.language not in MODELS:
        return escape(text)
    return phrase_markup(text, app.config.language, vocabulary(app.env, app.config))


def escape_once(value) -> Markup:
    """A title as HTML: as it is when it is already markup, escaped when it is text."""
    return value if isinstance(value, Markup) else Markup.escape(value)


def visit_phrased_text(self, node: phrased_text) -> None:
    language = self.config.language
    if language not in MODELS:
        self.body.append(self.encode(node.astext()))
        raise nodes.SkipNode
    words = getattr(self, "_papersite_vocabulary", None)
    if words is None:
        words = self._papersite_vocabulary = vocabulary(self.builder.env, self.config)
    self.body.append(phrase_markup(node.astext(), language, words, self.encode))
    raise nodes.SkipNode


def visit_phrased_plain_text(self, node: phrased_text) -> None:
    self.visit_Text(node)


def depart_phrased_plain_text(self, node: phrased_text) -> None:
    self.depart_Text(node)


def setup(app: Sphinx):
    app.add_node(phrased_text, html=(visit_phrased_text, None),
                 text=(visit_phrased_plain_text, depart_phrased_plain_text))
    app.add_post_transform(PhraseBreaks)
    app.connect("doctree-read", collect_katakana)
    KATAKANA_RUNS.connect(app)
    # After furo's context and the paper's title and navigation (papersite.sphinxext.papers, 900).
    app.connect("html-page-context", phrase_titles_around_the_page, priority=950)
    return {"version": "1", "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
