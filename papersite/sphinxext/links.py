"""The ``link`` role: external links keyed by name, so URLs stay out of the catalogs.

A paragraph says ``{link}`Kubernetes <kubernetes>``` and the ``links.toml`` of
the paper the page belongs to maps the key to its URL. Translators translate the
words; they cannot add a link or send one elsewhere, because only keys known to
that paper resolve.
"""

from __future__ import annotations

import re2
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole

from papersite.papers import LINKS

from .papers import paper_for

logger = logging.getLogger(__name__)

# "words <key>": the key is a short slug; the words may contain anything else.
# RE2: the role's text may be a translator's, and RE2's time is linear in it.
LINK_SYNTAX = re2.compile(r"(?s)^(?P<words>.+?)\s*<(?P<key>[a-z0-9-]+)>$")


class LinkRole(SphinxRole):
    def run(self):
        match = LINK_SYNTAX.match(self.text)
        targets = self.link_targets()
        if match is None or match["key"] not in targets:
            problem = "malformed" if match is None else f"unknown key {match['key']!r} in"
            message = f"{problem} link {self.text!r}; write {{link}}`words <key>` with a key from its paper's {LINKS}"
            error = self.inliner.reporter.error(message, line=self.lineno)
            problematic = self.inliner.problematic(self.rawtext, self.rawtext, error)
            return [problematic], [error]
        reference = nodes.reference(self.rawtext, match["words"], refuri=targets[match["key"]])
        reference["classes"].append("external")
        return [reference], []

    def link_targets(self) -> dict[str, str]:
        paper = paper_for(self.env.srcdir, self.env.docname)
        if paper is None:
            return {}
        # An edited links.toml re-reads the paper's pages that use it.
        self.env.note_dependency(str(paper.folder / LINKS))
        return paper.link_targets


def setup(app: Sphinx):
    app.add_role("link", LinkRole())
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
