"""The ``link`` role: external links keyed by name, so URLs stay out of the catalogs.

A paragraph says ``{link}`Kubernetes <kubernetes>``` and ``conf.py`` maps the key
to its URL (``link_targets``). Translators translate the words; they cannot add
a link or send one elsewhere, because only keys known to the project resolve.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole

logger = logging.getLogger(__name__)

# "words <key>": the key is a short slug; the words may contain anything else.
LINK_SYNTAX = re.compile(r"^(?P<words>.+?)\s*<(?P<key>[a-z0-9-]+)>$", re.DOTALL)


class LinkRole(SphinxRole):
    def run(self):
        match = LINK_SYNTAX.match(self.text)
        targets = self.config.link_targets
        if match is None or match["key"] not in targets:
            problem = "malformed" if match is None else f"unknown key {match['key']!r} in"
            message = f"{problem} link {self.text!r}; write {{link}}`words <key>` with a key from links.toml"
            error = self.inliner.reporter.error(message, line=self.lineno)
            problematic = self.inliner.problematic(self.rawtext, self.rawtext, error)
            return [problematic], [error]
        reference = nodes.reference(self.rawtext, match["words"], refuri=targets[match["key"]])
        reference["classes"].append("external")
        return [reference], []


def setup(app: Sphinx):
    app.add_config_value("link_targets", {}, "env", types=[dict])
    app.add_role("link", LinkRole())
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
