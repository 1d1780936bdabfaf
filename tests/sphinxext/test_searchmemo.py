"""The search index's splits are remembered from one build of a language to the next."""

from __future__ import annotations

from types import SimpleNamespace

from sphinx.search.ja import SearchJapanese

from papersite.sphinxext.searchmemo import remember_splits, save_memo

TEXTS = ["コンテナの導入事例", "仮想化されたインフラストラクチャ", "OpenStack と Kubernetes"]


def build_with_memo(doctrees, language, texts):
    """One build's use of the splitter: a builder whose indexer splits ``texts``, then build-finished."""
    builder = SimpleNamespace(doctreedir=str(doctrees), indexer=SimpleNamespace(lang=language))
    remember_splits(builder)
    words = [language.split(text) for text in texts]
    save_memo(SimpleNamespace(builder=builder, doctreedir=str(doctrees)), None)
    return words


class CountingJapanese(SearchJapanese):
    def __init__(self, options):
        super().__init__(options)
        self.segmented = []

    def split(self, input):
        self.segmented.append(input)
        return super().split(input)


def test_a_second_build_segments_only_the_texts_the_first_did_not(tmp_path):
    first = build_with_memo(tmp_path, CountingJapanese({}), TEXTS)
    again = CountingJapanese({})

    second = build_with_memo(tmp_path, again, [*TEXTS, "導入事例の一覧"])

    assert second[:3] == first == [SearchJapanese({}).split(text) for text in TEXTS]
    assert again.segmented == ["導入事例の一覧"]


def test_the_memo_holds_only_the_last_builds_texts_and_only_for_the_same_splitter(tmp_path):
    build_with_memo(tmp_path, CountingJapanese({}), TEXTS)
    build_with_memo(tmp_path, CountingJapanese({}), TEXTS[:1])
    later = CountingJapanese({})
    build_with_memo(tmp_path, later, TEXTS)
    assert later.segmented == TEXTS[1:]  # the texts the previous build no longer had are gone

    other = CountingJapanese({"type": "sphinx.search.ja.DefaultSplitter"})  # other options: other splits
    build_with_memo(tmp_path, other, TEXTS)
    assert other.segmented == TEXTS


def test_a_failed_build_leaves_the_memo_as_it_was(tmp_path):
    build_with_memo(tmp_path, CountingJapanese({}), TEXTS)
    memo = (tmp_path / "search-splits.json").read_bytes()
    builder = SimpleNamespace(doctreedir=str(tmp_path), indexer=SimpleNamespace(lang=CountingJapanese({})))
    remember_splits(builder)
    builder.indexer.lang.split("別の文章")
    save_memo(SimpleNamespace(builder=builder, doctreedir=str(tmp_path)), RuntimeError("build failed"))
    assert (tmp_path / "search-splits.json").read_bytes() == memo
