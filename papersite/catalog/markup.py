"""Parse one message as the build parses it, with nothing able to run or read a file.

The build reads translations with myst-parser and ``conf.py``'s ``myst_*``
settings; so does this module, but through a renderer in which directives,
roles other than ``{link}``, reStructuredText blocks, substitutions and front
matter are never executed: each becomes a ``found`` node naming what it was.
Docutils' own file insertion is off too, should anything reach it regardless.
"""

from __future__ import annotations

import dataclasses
import io
from functools import lru_cache

import re2
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.utils import new_document
from myst_parser.config.main import MdParserConfig
from myst_parser.mdit_to_docutils import base as myst_renderer
from myst_parser.mdit_to_docutils.base import DocutilsRenderer
from myst_parser.parsers.docutils_ import Parser as MystDocutilsParser
from myst_parser.parsers.mdit import create_md_parser

from ..sphinxext.links import LINK_SYNTAX

HTML_TAG = re2.compile(r"</?[a-zA-Z][^<>]*>")
# A ``{link}`` role in a message's source text, for plain-text views of messages
# (word counts, the tests' comparisons); checks parse the message instead.
LINK_ROLE = re2.compile(r"\{link\}`(?P<words>[^`]*?)\s*<(?P<key>[^<>`]*)>`")
NODE_NAMES = {
    nodes.raw: "raw HTML",
    nodes.reference: "a link or URL (links are written {link}`words <key>`)",
    nodes.image: "an image",
    nodes.footnote_reference: "a footnote reference",
    nodes.footnote: "a footnote",
    nodes.target: "a target",
    nodes.substitution_reference: "a substitution",
    nodes.math: "math",
    nodes.literal_block: "a code block",
    nodes.section: "a heading",
    nodes.rubric: "a heading",
    nodes.bullet_list: "a list",
    nodes.enumerated_list: "a list",
    nodes.definition_list: "a definition list",
    nodes.block_quote: "a block quote",
    nodes.table: "a table",
    nodes.transition: "a horizontal rule",
    nodes.comment: "a comment",
}


class found(nodes.Element, nodes.Inline):
    """Markup the checker recognised and refused to run; ``what`` names it."""


class keyed_link(nodes.Inline, nodes.TextElement):
    """A ``{link}`words <key>``` role, kept as its key: the URL is the project's business."""


class InertRenderer(DocutilsRenderer):
    """myst-parser's renderer, minus everything that could act on the build machine."""

    def setup_render(self, options, env) -> None:
        # myst-parser makes a document for every render even when it is given one
        # (a default argument, evaluated first): docutils' default settings built
        # anew, a third of the time of checking a catalog. Ours is always given.
        given = options["document"]
        make_document = myst_renderer.make_document
        myst_renderer.make_document = lambda *args, **kwargs: given
        try:
            super().setup_render(options, env)
        finally:
            myst_renderer.make_document = make_document

    def found(self, what: str) -> None:
        self.current_node.append(found(what=what))

    def run_directive(self, name, first_line, content, position, additional_options=None, *, block_text=None):
        return [found(what=f"the directive {{{name}}}")]

    def render_restructuredtext(self, token) -> None:
        self.found("a {eval-rst} block")

    def render_front_matter(self, token) -> None:
        self.found("front matter")

    def render_substitution(self, token, inline: bool) -> None:
        self.found("a substitution")

    def render_html_block(self, token) -> None:
        self.current_node.append(nodes.raw(token.content, token.content, format="html"))

    def render_html_inline(self, token) -> None:
        self.render_html_block(token)

    def render_myst_role(self, token) -> None:
        name = token.meta["name"]
        match = LINK_SYNTAX.match(token.content)
        if name != "link":
            self.found(f"the role {{{name}}}")
        elif match is None:
            self.found(f"a malformed link {token.content!r}")
        else:
            self.current_node.append(keyed_link(token.content, match["words"], key=match["key"]))


def describe(node: nodes.Node) -> str:
    if isinstance(node, found):
        return node["what"]
    if isinstance(node, nodes.raw):
        return f"raw HTML {node.astext().strip()[:40]!r}"
    if isinstance(node, nodes.system_message):
        return f"markup the parser rejects ({node.astext().splitlines()[-1][:80]})"
    for kind, name in NODE_NAMES.items():
        if isinstance(node, kind):
            return name
    return f"a {node.tagname}"


@lru_cache(maxsize=1)
def build_settings() -> MdParserConfig:
    """The ``myst_*`` settings of ``conf.py``, as the build's MyST parser sees them."""
    from ..project import Project

    config = Project().config
    names = {field.name for field in dataclasses.fields(MdParserConfig)}
    return MdParserConfig(**{name: config[f"myst_{name}"] for name in names if f"myst_{name}" in config})


@lru_cache(maxsize=1)
def docutils_settings():
    settings = get_default_settings(MystDocutilsParser)
    settings.file_insertion_enabled = False  # include, raw :file:, csv-table :file: stay inert
    settings.report_level = 5  # problems become nodes, not lines on stderr
    settings.halt_level = 5
    settings.warning_stream = io.StringIO()
    return settings


@lru_cache(maxsize=1)
def message_parser():
    """One parser for every message (making one costs more than parsing a
    message); each render starts from the document it is given."""
    return create_md_parser(build_settings(), InertRenderer)


@lru_cache(maxsize=4096)
def parse(text: str) -> nodes.document:
    """The doctree of one message; cached, so treat it as read-only."""
    document = new_document("<message>", docutils_settings())
    parser = message_parser()
    parser.options["document"] = document
    parser.render(text)
    return document


def html_tags(text: str) -> list[str]:
    return HTML_TAG.findall(text)
