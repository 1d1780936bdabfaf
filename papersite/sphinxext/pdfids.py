"""One id per element in a PDF's page.

A paper's PDF is its pages inlined into one (``papersite.sphinxext.pdf``), and
docutils numbers each page's automatic ids from 1 (``id1`` for a figure or a
footnote without a name): two chapters with an unnamed figure each would give
the PDF one anchor twice, which WeasyPrint rightly warns about. The later ones
get their page's name in front, and the references within that page follow.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx import addnodes

NOT_IN_AN_ID = re.compile(r"[^a-z0-9]+")


def with_pages(node: nodes.Node, page: str):
    """Each element with the docname of the page it came from. Sphinx moves an
    inlined page's children under its ``start_of_file`` without telling them
    (their ``parent`` is still that page's own document), so this walks down."""
    if isinstance(node, addnodes.start_of_file):
        page = node["docname"]
    if isinstance(node, nodes.Element):
        yield node, page
        for child in node.children:
            yield from with_pages(child, page)


def make_ids_unique(tree: nodes.document, home: str) -> dict[tuple[str, str], str]:
    """Rename the ids met before; the new id of each, by (page, old id)."""
    seen: set[str] = set()
    renamed: dict[tuple[str, str], str] = {}
    for node, page in with_pages(tree, home):
        for index, identifier in enumerate(node["ids"]):
            if identifier in seen:
                new = f"{NOT_IN_AN_ID.sub('-', page.lower()).strip('-')}-{identifier}"
                renamed[page, identifier] = node["ids"][index] = new
                identifier = new
            seen.add(identifier)
    for node, page in with_pages(tree, home) if renamed else ():
        if "refid" in node and (page, node["refid"]) in renamed:
            node["refid"] = renamed[page, node["refid"]]
        if node.get("backrefs"):
            node["backrefs"] = [renamed.get((page, ref), ref) for ref in node["backrefs"]]
    return renamed
