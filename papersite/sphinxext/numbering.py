"""Figures and tables numbered per paper: "Figure 3", "Table 2", in the reader's language.

Sphinx's ``numfig`` counts across the whole project, and the library is one
project holding several papers: the second paper's first figure would be
"Fig. 8". Here each paper counts from 1, in reading order (its first page,
then its chapters as its toctree lists them), so a page and the paper's PDF
show the same number, and the text's own references ("Table 1 summarizes...")
match the caption.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.locale import _

from .papers import paper_for
from .perdocument import PerDocument

KINDS = {nodes.figure: "figure", nodes.table: "table"}
CAPTIONED = PerDocument("papersite_captioned")  # the kinds of each page's captioned floats, in order


def label(kind: str, number: int) -> str:
    # Translated when used, not at import: one worker process builds several languages.
    return (_("Figure {number}") if kind == "figure" else _("Table {number}")).format(number=number)


def captioned(doctree: nodes.Node):
    """(kind, caption) of each captioned figure and table, in document order."""
    for node in doctree.findall(lambda n: type(n) in KINDS):
        caption = next((child for child in node.children if isinstance(child, (nodes.caption, nodes.title))), None)
        if caption is not None:
            yield KINDS[type(node)], caption


def record_kinds(app: Sphinx, doctree: nodes.document) -> None:
    """What each page holds, so another page can count what comes before it."""
    CAPTIONED.record(app.env, app.env.docname, [kind for kind, _caption in captioned(doctree)])


def reading_order(env, home: str) -> list[str]:
    """The paper's pages as a reader meets them: depth first through its toctrees."""
    order: list[str] = []

    def visit(docname: str) -> None:
        if docname in order:
            return
        order.append(docname)
        for included in env.toctree_includes.get(docname, []):
            visit(included)

    visit(home)
    return order


def number_captions(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    paper = paper_for(app.srcdir, docname)
    if paper is None:
        return
    counts = {kind: 0 for kind in KINDS.values()}
    captioned_pages = CAPTIONED.of(app.env)
    for before in reading_order(app.env, paper.home):
        if before == docname:
            break
        for kind in captioned_pages.get(before, []):
            counts[kind] += 1
    # A PDF's tree is the paper's first page with every chapter inlined: it counts through all of them.
    for kind, caption in captioned(doctree):
        counts[kind] += 1
        caption[0:0] = [nodes.inline("", label(kind, counts[kind]), classes=["caption-number"]), nodes.Text(" ")]


def setup(app: Sphinx):
    app.connect("doctree-read", record_kinds)
    CAPTIONED.connect(app)
    app.connect("doctree-resolved", number_captions)
    return {"version": "1", "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
