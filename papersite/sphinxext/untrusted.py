"""Translated text can neither read a file of the build machine nor bring its own markup.

Sphinx re-parses every translated message inside its ``Locale`` transform, with
the document's docutils settings. Just before that transform this extension
turns file insertion off (``include``, ``literalinclude``, ``raw`` and
``csv-table`` with ``:file:`` or ``:url:`` then only warn) and raw content with
it; just after, it restores them and removes, with a warning, every node the
translations brought that an English paragraph of the paper could not hold.

``papersite.catalog.compile`` already leaves such messages out of the catalogs; this is
the second line of defence, for whatever that check might miss. With ``-W`` the
warning fails the language, which then keeps its last good pages.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.i18n import Locale
from sphinx.util import logging
from sphinx.transforms import SphinxTransform

from .papers import paper_for

logger = logging.getLogger(__name__)

# What a translated paragraph, heading, term or caption may consist of: text,
# inline markup, links made by the ``link`` role, and the index entry Sphinx
# itself adds to a translated glossary term.
TRANSLATABLE_NODES = (nodes.Text, nodes.emphasis, nodes.strong, nodes.literal, nodes.reference,
                      nodes.target, addnodes.index)
GUARD = "_papersite_untrusted_guard"  # the state the two transforms share, per document


class LockBeforeTranslation(SphinxTransform):
    default_priority = Locale.default_priority - 1

    def apply(self, **kwargs) -> None:
        settings = self.document.settings
        before = {id(node) for node in self.document.findall()}
        saved = (settings.file_insertion_enabled, getattr(settings, "raw_enabled", True), before)
        setattr(self.document, GUARD, saved)
        settings.file_insertion_enabled = False
        settings.raw_enabled = False


class CheckAfterTranslation(SphinxTransform):
    default_priority = Locale.default_priority + 1

    def apply(self, **kwargs) -> None:
        file_insertion, raw, before = getattr(self.document, GUARD)
        delattr(self.document, GUARD)
        self.document.settings.file_insertion_enabled = file_insertion
        self.document.settings.raw_enabled = raw
        paper = paper_for(self.env.srcdir, self.env.docname)  # link keys are the paper's own
        targets = set(paper.link_targets.values()) if paper else set()
        refused = [node for node in self.document.findall()
                   if id(node) not in before and not self.allowed(node, targets)]
        refused_ids = {id(node) for node in refused}
        for node in refused:
            if not any(id(ancestor) in refused_ids for ancestor in self.ancestors(node)):
                self.remove(node)

    @staticmethod
    def ancestors(node: nodes.Node):
        while node.parent is not None:
            node = node.parent
            yield node

    @staticmethod
    def allowed(node: nodes.Node, targets: set[str]) -> bool:
        if isinstance(node, nodes.reference):
            return node.get("refuri") in targets and not node.get("refid")
        if isinstance(node, nodes.target):
            return not node.get("refuri")  # a glossary term's anchor, never a link
        return isinstance(node, TRANSLATABLE_NODES)

    @staticmethod
    def remove(node: nodes.Node) -> None:
        logger.warning("a translation brings %s, which translations may not hold; it was removed",
                       node.tagname, location=node.parent, type="papersite", subtype="untrusted")
        node.parent.remove(node)


def setup(app: Sphinx):
    app.add_transform(LockBeforeTranslation)
    app.add_transform(CheckAfterTranslation)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
