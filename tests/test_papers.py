"""papersite.papers: every setting optional, a paper's unusable files leave that
paper out alone, with ``file:line: what to do``."""

from __future__ import annotations

import pytest

from papersite.papers import LINKS, SETTINGS, load_library

from .shapes import PLAIN, REPORT, add_plain, add_report

# (what is wrong, the file, what is written there, words the problem must say)
MISTAKES = {
    "unknown setting": (SETTINGS, 'subtitel = "A Review"\n', ["'subtitel'", "did you mean 'subtitle'?"]),
    "a year in quotes": (SETTINGS, 'year = "2026"\n', ["'year'", "a number like 2018"]),
    "a boolean order": (SETTINGS, "order = true\n", ["'order'", "as a number"]),
    "an empty authors line": (SETTINGS, 'authors = "  "\n', ["'authors'", "one line of text"]),
    "a title on two lines": (SETTINGS, 'title = """A\nPlain Note"""\n', ["'title'", "one line"]),
    "another title than index.md's": (SETTINGS, 'title = "Another Title"\n', ["index.md:1:", "'A Plain Note'",
                                                                              "make them the same"]),
    "a path as PDF name": (SETTINGS, 'pdf_name = "../../etc/x"\n', ["pdf_name", "plain file name"]),
    "TOML it cannot read": (SETTINGS, "year = 2018 2019\n", ["line 1", "TOML"]),
    "a link that is no address": (LINKS, 'home = "javascript:alert(1)"\n', ["'home'", "not an http(s) or mailto address"]),
    "a link key with capitals": (LINKS, 'Home = "https://example.org/"\n', ["'Home'", "lowercase"]),
    "no title at all": ("index.md", "Some text and no heading.\n", ["index.md", "has no title"]),
}


@pytest.mark.parametrize("mistake", MISTAKES)
def test_a_mistake_leaves_its_paper_out_in_one_line_saying_what_to_do(tmp_path, mistake):
    add_plain(tmp_path)
    add_report(tmp_path)
    name, text, words = MISTAKES[mistake]
    (tmp_path / PLAIN / name).write_text(text, encoding="utf-8")
    library = load_library(tmp_path)
    assert [paper.slug for paper in library.papers] == [REPORT]  # the other paper is untouched
    [problem] = library.problems
    assert problem.slug == PLAIN and library.left_out == [PLAIN]
    said = str(problem)
    assert said.startswith(str(tmp_path / PLAIN)) and "\n" not in said
    assert all(word in said for word in words), said


def test_every_setting_has_a_default(tmp_path):
    folder = add_plain(tmp_path)
    (folder / SETTINGS).write_text("", encoding="utf-8")
    [paper] = load_library(tmp_path).papers
    assert (paper.title, paper.pdf_name, paper.subtitle, paper.authors, paper.publisher, paper.year, paper.order) == \
        ("A Plain Note", PLAIN, None, None, None, None, None)
    assert paper.link_targets == {}


def test_numbered_papers_come_first_then_the_others_by_folder(tmp_path):
    for slug, order in (("zeta", 2), ("beta", None), ("alpha", None), ("gamma", 1)):
        (tmp_path / slug).mkdir()
        (tmp_path / slug / SETTINGS).write_text("" if order is None else f"order = {order}\n", encoding="utf-8")
        (tmp_path / slug / "index.md").write_text(f"# {slug.title()}\n", encoding="utf-8")
    assert [paper.slug for paper in load_library(tmp_path).papers] == ["gamma", "zeta", "alpha", "beta"]


def test_the_later_of_two_papers_with_one_pdf_name_gives_way(tmp_path):
    add_plain(tmp_path)
    add_report(tmp_path)
    (tmp_path / PLAIN / SETTINGS).write_text('pdf_name = "annual-report-2026"\n', encoding="utf-8")
    library = load_library(tmp_path)
    assert [paper.slug for paper in library.papers] == [REPORT]  # order 3 comes before an unnumbered paper
    assert "already a-foundation-report's" in str(library.problems[0])


@pytest.mark.parametrize("folder, words", [("Not A Slug", "lowercase letters"), ("pages-only", "no paper.toml")])
def test_a_folder_of_pages_that_is_no_paper_is_said_too(tmp_path, folder, words):
    add_report(tmp_path)
    (tmp_path / folder).mkdir()
    (tmp_path / folder / "index.md").write_text("# Pages\n", encoding="utf-8")
    if folder == "Not A Slug":
        (tmp_path / folder / SETTINGS).write_text("", encoding="utf-8")
    library = load_library(tmp_path)
    assert [paper.slug for paper in library.papers] == [REPORT]
    assert library.left_out == [folder] and words in str(library.problems[0])


def test_a_folder_with_nothing_of_a_paper_is_not_one(tmp_path):
    add_report(tmp_path)
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "logo.svg").write_text("<svg/>", encoding="utf-8")
    assert load_library(tmp_path).problems == []
