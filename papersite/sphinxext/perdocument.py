"""A record per document kept in Sphinx's environment, forgotten and merged as Sphinx asks.

An extension that notes something of each page while reading (katakana words,
the kinds of captioned floats) must forget a page Sphinx reads again and take the
pages that parallel reading processes read: Sphinx's ``env-purge-doc`` and
``env-merge-info`` events. The record is a plain dict in the environment, so it
is pickled with it and an incremental build keeps it.
"""

from __future__ import annotations

from sphinx.application import Sphinx


class PerDocument:
    """``env.<attribute>``: document name to what was recorded of it."""

    def __init__(self, attribute: str) -> None:
        self.attribute = attribute

    def of(self, env) -> dict:
        if not hasattr(env, self.attribute):
            setattr(env, self.attribute, {})
        return getattr(env, self.attribute)

    def record(self, env, docname: str, value) -> None:
        self.of(env)[docname] = value

    def purge(self, app: Sphinx, env, docname: str) -> None:
        self.of(env).pop(docname, None)

    def merge(self, app: Sphinx, env, docnames, other) -> None:
        theirs = getattr(other, self.attribute, {})
        for docname in docnames:
            self.of(env)[docname] = theirs.get(docname, [])

    def connect(self, app: Sphinx) -> None:
        app.connect("env-purge-doc", self.purge)
        app.connect("env-merge-info", self.merge)
