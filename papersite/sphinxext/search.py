"""Search that knows the paper's terms, in languages written without spaces.

Sphinx segments Chinese with jieba, whose dictionary does not know terms such as
裸金属 (bare metal): it indexes 金属 alone, and a reader searching for the term
finds nothing. The translators' terminology list (``locale/<lang>/glossary.md``,
a Markdown table whose second column is the translation) becomes a jieba user
dictionary, so each term is indexed whole as well as in parts.

The index is also rebuilt whole on every build (see ``SearchIndexFromEveryPage``),
so an incremental build publishes exactly the index a clean build does.

The search page's own words (result count, "Searching", …) come from Sphinx's
JavaScript catalog, which Sphinx ships per locale name: none for ko_KR, and for
de, ja and id with an empty result count. Each language gets one built from its
published ``sphinx.po`` over Sphinx's own (``javascript_catalog``), and queries
in Japanese and Chinese are cut into the index's own words (``split-query.js``).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.search import _MINIFIED_JS_PATH
from sphinx.search.ja import SearchJapanese
from sphinx.search.zh import SearchChinese

from papersite.catalog.glossary import cjk_terms
from papersite.catalog.jscatalog import javascript_catalog, sphinx_own
from papersite.catalog.published import Published

from .searchmemo import remember_splits

SPLIT_QUERY = (Path(__file__).parent / "split-query.js").read_text(encoding="utf-8")


def add_user_dictionary(app: Sphinx, config) -> None:
    if not (config.language or "").startswith("zh") or "dict" in config.html_search_options:
        return
    glossary = Path(config.terminology_list.format(language=config.language))
    if not glossary.is_file():
        return
    dictionary = Path(app.doctreedir) / "search-terms.txt"
    dictionary.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(f"{term} 100 n\n" for term in cjk_terms(glossary))
    if not dictionary.is_file() or dictionary.read_text(encoding="utf-8") != text:
        dictionary.write_text(text, encoding="utf-8")
    config.html_search_options = {**config.html_search_options, "dict": str(dictionary)}


def keep_jieba_to_the_build(app: Sphinx, config) -> None:
    """jieba keeps its dictionary cache in the system's shared temporary folder
    (a file any user of the machine can replace, which it then unmarshals) and
    logs each load to the console at DEBUG level: its cache goes into this
    build's doctree folder, and only its warnings are shown."""
    if not (config.language or "").startswith("zh"):
        return
    try:
        import jieba
    except ImportError:  # Sphinx then splits Chinese without it
        return
    jieba.setLogLevel(logging.WARNING)
    jieba.dt.tmp_dir = str(Path(app.doctreedir))


def add_javascript_catalog(app: Sphinx, config) -> None:
    """Sphinx includes ``translations.js`` from the first locale folder holding a
    ``<language>/LC_MESSAGES/sphinx.js``: ours is written to a folder of the build's
    own, put first, so the translators' ``locale/`` only ever holds their files."""
    if config.language == config.site_languages[0]:
        return  # the source language: nothing to translate
    ours = Published.load(Path(config.locale_dirs[0]), config.language).domain("sphinx") if config.locale_dirs else {}
    catalog = javascript_catalog(config.language, ours, sphinx_own(config.language))
    folder = Path(app.doctreedir) / "javascript-locale"
    target = folder / config.language / "LC_MESSAGES" / "sphinx.js"
    target.parent.mkdir(parents=True, exist_ok=True)
    text = f"Documentation.addTranslations({json.dumps(catalog, ensure_ascii=False, sort_keys=True, indent=1)});\n"
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
    config.locale_dirs = [str(folder), *(entry for entry in config.locale_dirs if entry != str(folder))]


def add_search_page_script(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if pagename == "search":
        app.add_js_file("papersite-search.js", defer="defer")


class SearchJapaneseInIndexWords(SearchJapanese):
    js_splitter_code = SPLIT_QUERY


class SearchChineseWithWorkingStemmer(SearchChinese):
    """Sphinx 9.0 writes ``window.Stemmer = ChineseStemmer`` for Chinese, a class
    that does not exist (its stemmer is the English one), and search then never
    returns (sphinx-doc/sphinx#14229, fixed upstream by #14416, not yet released).
    Ship the English stemmer under its own name until a release has the fix."""

    js_stemmer_rawcode = ""
    js_splitter_code = SPLIT_QUERY

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
    app.add_search_language(SearchJapaneseInIndexWords)
    app.add_config_value("terminology_list", "", "html", types=[str])
    app.connect("config-inited", keep_jieba_to_the_build)
    app.connect("config-inited", add_user_dictionary)
    app.connect("config-inited", add_javascript_catalog)
    app.connect("html-page-context", add_search_page_script)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
