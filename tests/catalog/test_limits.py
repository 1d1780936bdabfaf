"""Issue 16: a translation's size is bounded by its English message's, in one pass."""

from papersite.catalog.limits import limit_problems, longest_word, markup_count

SOURCE = "Container technologies like {link}`Docker <docker>` are here."


def test_an_honest_translation_is_within_every_bound():
    assert limit_problems((SOURCE,), "Container-Technologien wie {link}`Docker <docker>` sind da.") == []
    assert limit_problems(("Go",), "Zur Startseite der Bibliothek gehen") == []  # a short label may become a phrase


def test_each_bound_names_itself():
    [length] = limit_problems((SOURCE,), "x " * 1000)
    assert length.startswith("is 2000 characters long, more than 4× the English message")
    [nesting] = limit_problems((SOURCE,), "*" * 30 + "x" + "*" * 30)
    assert nesting.startswith(f"has 60 markup characters (*<>[_`{{), the English message {markup_count(SOURCE)}")
    [word] = limit_problems((SOURCE,), "Container" * 10)
    assert word == "has a word of 90 letters (at most 64 here); break it with a space or hyphen"


def test_cjk_text_without_spaces_is_no_long_word():
    assert longest_word("コンテナ技術" * 100) == 0
    assert limit_problems((SOURCE,), "コンテナ技術" * 30) == []


def test_an_english_side_no_source_could_have_is_refused_first():
    hostile = "*" * 600 + "x" + "*" * 600
    [reason] = limit_problems((hostile,), hostile)
    assert reason.startswith("its msgid is longer or more nested than any message of the sources")
