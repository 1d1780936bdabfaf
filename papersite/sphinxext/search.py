"""Search that knows the paper's terms, in languages written without spaces.

Sphinx segments Chinese with jieba, whose dictionary does not know terms such as
裸金属 (bare metal): it indexes 金属 alone, and a reader searching for the term
finds nothing. The translators' terminology list (``locale/<lang>/glossary.md``,
a Markdown table whose second column is the translation) becomes a jieba user
dictionary, so each term is indexed whole as well as in parts.

The index is also rebuilt whole on every build (see ``SearchIndexFromEveryPage``),
so an incremental build publishes exactly the index a clean build does.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.search import _MINIFIED_JS_PATH
from sphinx.search.zh import SearchChinese

from .searchmemo import remember_splits

CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]+")


def glossary_terms(path: Path) -> list[str]:
    """The CJK runs in the second column of the terminology table."""
    terms: dict[str, None] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) >= 2 and line.lstrip().startswith("|"):
            for term in CJK.findall(cells[1]):
                if len(term) > 1:
                    terms.setdefault(term)
    return list(terms)


def add_user_dictionary(app: Sphinx, config) -> None:
    if not (config.language or "").startswith("zh") or "dict" in config.html_search_options:
        return
    glossary = Path(config.terminology_list.format(language=config.language))
    if not glossary.is_file():
        return
    dictionary = Path(app.doctreedir) / "search-terms.txt"
    dictionary.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(f"{term} 100 n\n" for term in glossary_terms(glossary))
    if not dictionary.is_file() or dictionary.read_text(encoding="utf-8") != text:
        dictionary.write_text(text, encoding="utf-8")
    config.html_search_options = {**config.html_search_options, "dict": str(dictionary)}


class SearchChineseWithWorkingStemmer(SearchChinese):
    """Sphinx 9.0 writes ``window.Stemmer = ChineseStemmer`` for Chinese, a class
    that does not exist (its stemmer is the English one), and search then never
    returns (sphinx-doc/sphinx#14229, fixed upstream by #14416, not yet released).
    Ship the English stemmer under its own name until a release has the fix."""

    js_stemmer_rawcode = ""

    @property
    def js_stemmer_code(self) -> str:
        return "\n".join((
            (_MINIFIED_JS_PATH / "base-stemmer.js").read_text(encoding="utf-8"),
            (_MINIFIED_JS_PATH / "english-stemmer.js").read_text(encoding="utf-8"),
            "window.Stemmer = EnglishStemmer;",
        ))


class SearchIndexFromEveryPage(StandaloneHTMLBuilder):
    """The HTML builder, with a search index that never depends on the previous one.

    Sphinx updates ``searchindex.js`` by loading the previous file, pruning the
    pages it rewrites and feeding them again, and that merge is lossy:
    ``IndexBuilder.load`` leaves out the index entries of the pages it keeps, and
    ``prune`` leaves the rewritten pages' old words behind as terms of no page
    (``"word":[]``). An incrementally built language then searched old text and
    lost its index; and the pages Sphinx did not rewrite kept a retitled page's
    old title in their sidebar. Here every page is written on every build (the
    sources are still read incrementally, and writing the paper's few pages is
    cheap) into an empty index, so the output is always a clean build's. (The
    index's tables live in the environment, which Sphinx pickles before writing,
    so they start empty.)
    """

    name = "html"

    def get_outdated_docs(self) -> str:
        # A string means "write every page" to Builder.build_update.
        return "every page, so the search index is rebuilt whole"

    def load_indexer(self, docnames) -> None:
        # Nothing to merge into: every page is fed to the new, empty index,
        # through the splits the last build already made.
        remember_splits(self)


def setup(app: Sphinx):
    app.add_builder(SearchIndexFromEveryPage, override=True)
    app.setup_extension("papersite.sphinxext.searchmemo")
    app.add_search_language(SearchChineseWithWorkingStemmer)
    app.add_config_value("terminology_list", "", "html", types=[str])
    app.connect("config-inited", add_user_dictionary)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
