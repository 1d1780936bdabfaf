"""Remember, from one build of a language to the next, how its search index split each text.

Every page is fed to a new search index on every build (see ``search.py``), and
for Japanese that means segmenting every paragraph again with TinySegmenter, pure
Python: about a second per build, of a one-message rebuild's few. A splitter is a
function of its text and options, so its results are kept in the doctree folder
and reused: a build segments only the texts that changed since the last one.

The memo holds exactly the texts of the last build (no growth), and the doctree
folder is emptied whenever the tooling changes (``papersite.build``), so a new
Sphinx never reads an old Sphinx's splits.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from sphinx.application import Sphinx

from papersite.records import read_json

MEMO = "search-splits.json"


def splitter_identity(language) -> str:
    """What a split depends on besides its text: the splitter and its options."""
    cls = type(language)
    return json.dumps([cls.__module__, cls.__qualname__, getattr(language, "options", {})], sort_keys=True, default=str)


def load_memo(path: Path, identity: str) -> dict[str, list[str]]:
    recorded = read_json(path)
    if recorded.get("splitter") != identity:
        return {}
    splits = recorded.get("splits")
    return splits if isinstance(splits, dict) else {}


def remember_splits(builder) -> None:
    """Make ``builder.indexer`` split through the memo; called once the indexer exists."""
    language = getattr(builder.indexer, "lang", None)
    if language is None:
        return
    identity = splitter_identity(language)
    known = load_memo(Path(builder.doctreedir) / MEMO, identity)
    used: dict[str, list[str]] = {}
    split = language.split

    def memoized_split(text: str) -> list[str]:
        words = known.get(text)
        if words is None:
            words = split(text)
        used[text] = words
        return list(words)  # callers may change the list they get

    language.split = memoized_split  # the instance's attribute shadows the class's method
    builder._papersite_search_splits = (identity, used)


def save_memo(app: Sphinx, exception: Exception | None) -> None:
    recorded = getattr(app.builder, "_papersite_search_splits", None)
    if exception is not None or recorded is None:
        return
    identity, used = recorded
    path = Path(app.doctreedir) / MEMO
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps({"splitter": identity, "splits": used}, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, path)  # a killed build leaves the old memo or the new one, never half of one


def setup(app: Sphinx):
    app.connect("build-finished", save_memo)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
