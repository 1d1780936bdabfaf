"""Where Japanese and Chinese text may break into lines, and its markup.

Phrases come from BudouX (its models for Japanese and Simplified Chinese), cut
also after full-width punctuation and, in Chinese, never inside a dictionary
word (jieba's own dictionary). A phrase is made of words: script runs, long
katakana compounds cut into words a vocabulary knows, Chinese dictionary words.
A word of one character keeps to its neighbour.

The markup nests inline blocks, which browsers and WeasyPrint lay out alike: a
phrase is an inline block (the line breaks before it when it does not fit), its
words are inline blocks inside it, and a word's first two and last two
characters are kept together (``white-space: nowrap``). No character is added
to the text. Used by ``papersite.sphinxext.linebreak`` (the site's pages and
PDFs) and by the pages built outside Sphinx (``papersite.pages``).
"""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
import unicodedata
from functools import cache
from html import escape
from importlib import metadata
from pathlib import Path

from .records import read_json

# BudouX's models, by the language codes of conf.py.
MODELS = {"ja": "ja", "zh_CN": "zh-hans"}
KATAKANA = re.compile(r"[\u30a0-\u30ff]{2,}")
# A word this short is never broken inside.
GLUED = 3
PHRASE, WORD, KEPT = "bx-phrase", "bx-word", "bx-kept"


def parser(language: str):
    import budoux  # imported when a Japanese or Chinese page is written

    model = MODELS[language]
    return budoux.load_default_japanese_parser() if model == "ja" else budoux.load_default_simplified_chinese_parser()


_PARSERS: dict[str, object] = {}


def budoux_phrases(text: str, language: str) -> list[str]:
    if language not in _PARSERS:
        _PARSERS[language] = parser(language)
    found = after_punctuation(_PARSERS[language].parse(text))
    return whole_words(found, text) if language.startswith("zh") else found


# A title breaks best after its colon: "OpenStack とコンテナの活用：" / "包括的なレビュー".
BREAK_AFTER = set("：；、，。！？）」』】")


def after_punctuation(found: list[str]) -> list[str]:
    """BudouX's phrases, also cut after full-width separating punctuation."""
    cut: list[str] = []
    for phrase in found:
        start = 0
        for index, character in enumerate(phrase[:-1]):
            if character in BREAK_AFTER and phrase[index + 1] not in BREAK_AFTER:
                cut.append(phrase[start:index + 1])
                start = index + 1
        cut.append(phrase[start:])
    return cut


_TOKENIZERS: list = []
_CACHE_FOLDERS: list[str] = []  # where jieba keeps its dictionary cache outside a Sphinx build
# Each text's dictionary words, as jieba cut them. Loading jieba's dictionary takes
# 0.7 s, most of publishing a site whose landing page's Chinese did not change:
# outside a Sphinx build the words are also kept in the build folder (save_dictionary_words).
_WORDS: dict[str, list[str]] = {}
_WORDS_FILE: list[Path] = []
_WORDS_USED: set[str] = set()


def keep_jieba_cache_in(folder: Path) -> None:
    """Outside a Sphinx build (the landing and 404 pages), jieba's cache goes into
    the project's build folder, never the machine's shared temporary folder (a
    file there that anyone can replace is unmarshalled by jieba); so do the
    words it cut last time, for this version of jieba."""
    folder.mkdir(parents=True, exist_ok=True)
    _CACHE_FOLDERS[:] = [str(folder)]
    memo = folder / f"words-{jieba_version()}.json"
    _WORDS_FILE[:] = [memo]
    _WORDS_USED.clear()
    for text, words in read_json(memo).items():
        # Only what is a cut of its own text: a spoiled record can never change a page's words.
        if isinstance(words, list) and all(isinstance(word, str) and word for word in words) and "".join(words) == text:
            _WORDS.setdefault(text, words)


def jieba_version() -> str:
    try:
        return metadata.version("jieba")
    except metadata.PackageNotFoundError:
        return "missing"


def save_dictionary_words() -> None:
    """The words cut since keep_jieba_cache_in, for the next run; only those (the record stays small)."""
    if not _WORDS_FILE:
        return
    memo = _WORDS_FILE[0]
    data = json.dumps({text: _WORDS[text] for text in sorted(_WORDS_USED)}, ensure_ascii=False)
    if memo.is_file() and memo.read_text(encoding="utf-8") == data:
        return
    temporary = memo.with_name(memo.name + ".tmp")
    temporary.write_text(data, encoding="utf-8")
    os.replace(temporary, memo)


def dictionary_words(text: str) -> list[str]:
    """jieba's dictionary words of ``text`` (no guessing of unknown words: HMM off)."""
    if text not in _WORDS:
        _WORDS[text] = list(chinese_dictionary().cut(text, HMM=False))
    _WORDS_USED.add(text)
    return _WORDS[text]


def chinese_dictionary():
    """jieba with its own dictionary only. (The search's jieba also knows the
    terminology list's terms, whole: a term as long as 网络功能虚拟化编排器
    would be one unbreakable word.)"""
    if not _TOKENIZERS:
        import jieba  # Sphinx's Chinese search loads it already

        jieba.setLogLevel(logging.WARNING)  # it logs every dictionary load at DEBUG level
        tokenizer = jieba.Tokenizer()
        # Its cache where the build keeps jieba's (papersite.sphinxext.search), or where
        # keep_jieba_cache_in said; else a private folder of this process, never /tmp itself.
        tokenizer.tmp_dir = jieba.dt.tmp_dir or next(iter(_CACHE_FOLDERS), None) or tempfile.mkdtemp(prefix="jieba-")
        _TOKENIZERS.append(tokenizer)
    return _TOKENIZERS[0]


def whole_words(found: list[str], text: str) -> list[str]:
    """Chinese phrases joined where a dictionary word (jieba's) spans their
    boundary: BudouX cuts 基础设施 "infrastructure" into 基础 / 设施."""
    inside, position = set(), 0
    for word in dictionary_words(text):
        inside.update(range(position + 1, position + len(word)))
        position += len(word)
    joined, position = [], 0
    for phrase in found:
        if joined and position in inside:
            joined[-1] += phrase
        else:
            joined.append(phrase)
        position += len(phrase)
    return joined


def script(character: str) -> str:
    """A coarse script class: where a phrase may break into words."""
    if "\u30a0" <= character <= "\u30ff":
        return "katakana"
    if "\u3040" <= character <= "\u309f":
        return "hiragana"
    if unicodedata.category(character)[0] in "PSZ":
        return "punctuation"
    if ord(character) < 0x2e80:
        return "latin"
    return "han"


def script_runs(phrase: str) -> list[str]:
    """Runs of one script; punctuation and hiragana (particles, inflections)
    stay with what they follow, and punctuation ends a run."""
    runs: list[str] = []
    previous = None
    for character in phrase:
        kind = script(character)
        if runs and kind == "punctuation":
            runs[-1] += character
            previous = "punctuation"
        elif runs and (kind == previous or (kind == "hiragana" and previous != "punctuation")):
            runs[-1] += character
        else:
            runs.append(character)
            previous = kind
    return runs


def split_compound(run: str, vocabulary: frozenset[str]) -> list[str]:
    """A katakana run cut into the most words the vocabulary knows (each of
    two characters or more), or whole when no cut covers it."""
    word = run
    best: list[list[str] | None] = [[]] + [None] * len(word)
    for end in range(2, len(word) + 1):
        for start in range(0, end - 1):
            part = word[start:end]
            if best[start] is not None and (part in vocabulary and part != word):
                candidate = [*best[start], part]
                if best[end] is None or len(candidate) > len(best[end]):
                    best[end] = candidate
    return best[len(word)] or [word]


def words_of(phrase: str, vocabulary: frozenset[str], language: str = "ja") -> list[str]:
    """A phrase's words; the spaces between them are words of their own (they
    stay outside the inline blocks, where a line may end on them). A word of
    one character keeps to its neighbour across a space (Kubernetes 和 Helm)."""
    words: list[str] = []
    for piece in re.split(r"(\s+)", phrase):
        if not piece:
            continue
        if piece.isspace():
            words.append(piece)
            continue
        runs = chinese_words(piece) if language.startswith("zh") else script_runs(piece)
        for run in merge_single_characters(runs):
            katakana = KATAKANA.match(run)
            if katakana and len(katakana.group()) > 2 * GLUED:
                tail = run[katakana.end():]
                parts = split_compound(katakana.group(), vocabulary)
                words += [*parts[:-1], parts[-1] + tail]
            else:
                words.append(run)
    return glue_single_words(words)


def chinese_words(piece: str) -> list[str]:
    """Dictionary words (jieba's), punctuation kept with the word before it."""
    found: list[str] = []
    for word in dictionary_words(piece):
        if found and all(script(character) == "punctuation" for character in word):
            found[-1] += word
        else:
            found.append(word)
    return found


def glue_single_words(words: list[str]) -> list[str]:
    """A one-character word joins the word after it (before it, when last), with the space between."""
    glued = list(words)
    index = 0
    while index < len(glued):
        word = glued[index]
        if len(word) == 1 and not word.isspace() and len(glued) > 1:
            if index + 2 < len(glued) and glued[index + 1].isspace():
                glued[index:index + 3] = ["".join(glued[index:index + 3])]
            elif index >= 2 and glued[index - 1].isspace():
                glued[index - 2:index + 1] = ["".join(glued[index - 2:index + 1])]
                index -= 2
        index += 1
    return glued


def merge_single_characters(pieces: list[str]) -> list[str]:
    """A piece of one character (spaces aside) joins the one before it (the first, the one after)."""
    merged: list[str] = []
    for piece in pieces:
        if merged and len(piece.strip()) == 1 and merged[-1].strip():
            merged[-1] += piece
        else:
            merged.append(piece)
    if len(merged) > 1 and len(merged[0].strip()) == 1 and merged[1].strip():
        merged[0:2] = [merged[0] + merged[1]]
    return merged


def phrases(text: str, language: str, vocabulary: frozenset[str] = frozenset()) -> list[tuple[str, list[str]]]:
    """The text as (spacing, words) pairs: the white space before a phrase,
    then the phrase's words. Joined, they give the text back unchanged."""
    found: list[tuple[str, list[str]]] = []
    trailing = ""
    for phrase in merge_single_characters(budoux_phrases(text, language)):
        core = phrase.strip()
        if not core:
            trailing += phrase
            continue
        leading = phrase[:len(phrase) - len(phrase.lstrip())]
        found.append((trailing + leading, words_of(core, vocabulary, language)))
        trailing = phrase[len(phrase.rstrip()):]
    if trailing:
        found.append((trailing, []))
    return found


def kept_word(word: str, encode) -> str:
    """A word that breaks inside only when wider than the line, never leaving
    its first or last character alone."""
    if len(word) <= GLUED:
        return f'<span class="{KEPT}">{encode(word)}</span>'
    head, middle, tail = word[:2], word[2:-2], word[-2:]
    return f'<span class="{KEPT}">{encode(head)}</span>{encode(middle)}<span class="{KEPT}">{encode(tail)}</span>'


def phrase_markup(text: str, language: str, vocabulary: frozenset[str], encode=escape) -> str:
    out = []
    for spacing, words in phrases(text, language, vocabulary):
        out.append(encode(spacing))
        if not words:
            continue
        if len(words) == 1:
            inner = kept_word(words[0], encode)
        else:
            inner = "".join(encode(word) if word.isspace() else f'<span class="{WORD}">{kept_word(word, encode)}</span>'
                            for word in words)
        out.append(f'<span class="{PHRASE}">{inner}</span>')
    return "".join(out)


@cache
def glossary_katakana(path: str, stamp: float) -> frozenset[str]:
    """The katakana words of a terminology list (read again when it changes)."""
    return frozenset(KATAKANA.findall(Path(path).read_text(encoding="utf-8")))
