"""Issue 11: a PDF has the print conventions a reader of the original expects:
a cover with the credits (and, translated, what kind of translation it is, in
the reader's language), running heads, and contents that list the sections."""

from __future__ import annotations

import json
import re
import subprocess
from html.parser import HTMLParser
from types import SimpleNamespace

import polib
import pytest
from pypdf import PdfReader

from papersite.build import staging
from papersite.catalog.stats import recorded_percent
from papersite.notices import IN_PROGRESS, METHODS, TRANSLATION, threshold_of
from papersite.sphinxext.pdf import public_site


def page_text(pdf, number: int) -> str:
    text = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", "", text)  # CJK lines break anywhere; compare without spaces


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


class Headings(HTMLParser):
    """The texts of the printable page's <h1> and <h3> elements, in order."""

    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, str]] = []
        self.current: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag in ("h1", "h3"):
            self.current = tag
            self.found.append((tag, ""))

    def handle_endtag(self, tag):
        if tag == self.current:
            self.current = None

    def handle_data(self, data):
        if self.current:
            tag, text = self.found[-1]
            self.found[-1] = (tag, text + data)


def headings(project, code, paper) -> list[tuple[str, str]]:
    parser = Headings()
    parser.feed((staging(project, code) / "pdf" / paper.slug / "index.html").read_text(encoding="utf-8"))
    return [(tag, text.replace("¶", "").strip()) for tag, text in parser.found]


def interface_message(project, code: str, msgid: str) -> str:
    return polib.pofile(str(project.catalog_folder(code) / "sphinx.po")).find(msgid).msgstr


@pytest.fixture(scope="module")
def pdfs(site_build):
    project = site_build[0]
    return project, [(code, paper, project.site / code / paper.pdf_file(code))
                     for code in project.language_codes for paper in project.papers]


def published(project, code: str, paper, msgid: str) -> str:
    """A message of the paper's first page as its catalog publishes it (English when not)."""
    if code == project.source_language:
        return msgid
    entry = polib.pofile(str(project.catalog_folder(code) / paper.slug / "index.po")).find(msgid)
    return entry.msgstr if entry is not None and entry.msgstr and not entry.fuzzy else msgid


def expected_notice(project, code: str, paper) -> list[str]:
    """What the cover says of the language: a translation and how made, or (below
    the threshold) that the paper is still in English."""
    if code == project.source_language:
        return []
    stats = json.loads((project.compiled_locale() / code / "stats.json").read_text(encoding="utf-8"))
    percent = recorded_percent(stats, paper.slug)
    if percent < threshold_of(project.config):
        return [interface_message(project, code, IN_PROGRESS).format(percent=percent)]
    methods = stats["credits"][paper.slug]["method_keys"]
    return [interface_message(project, code, TRANSLATION), *(interface_message(project, code, METHODS[key])
                                                            for key in methods)]


def test_the_cover_credits_the_paper_and_a_translation_says_what_it_is_in_its_language(pdfs):
    project, built = pdfs
    for code, paper, pdf in built:
        cover = page_text(pdf, 1)
        publisher = published(project, code, paper, paper.publisher or project.config["author"])
        credits = [published(project, code, paper, paper.authors)] if paper.authors else []
        credits.append(f"{publisher}, {paper.year}" if paper.year else publisher)
        assert all(squeezed(line) in cover for line in credits), (pdf.name, credits)
        notice = expected_notice(project, code, paper)
        assert all(sentence and squeezed(sentence) in cover for sentence in notice), pdf.name
        if code == "en":
            assert squeezed(TRANSLATION) not in cover
        # The site address is printed once the site is published; the preview's means nothing on paper.
        site = project.config["site_url"].rstrip("/")
        published_site = public_site(SimpleNamespace(site_url=site)) is not None
        assert (squeezed(f"{site}/{code}/{paper.home}.html") in cover) == published_site, pdf.name
        assert published_site or squeezed(site) not in cover, pdf.name


def test_pages_carry_the_paper_title_as_a_running_head_and_the_contents_list_sections(pdfs):
    project, built = pdfs
    for code, paper, pdf in built:
        found = headings(project, code, paper)
        title = squeezed(found[0][1])  # the cover's <h1>: the translated title
        pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True,
                                                                  text=True, check=True).stdout)[1])
        assert all(title in page_text(pdf, number) for number in range(3, pages + 1)), pdf.name
        sections = [squeezed(text) for tag, text in found if tag == "h3"]  # a short paper may have none
        contents = page_text(pdf, 2)
        assert all(section in contents for section in sections[:3]), pdf.name


def outline(pdf) -> list[tuple[int, str, int]]:
    """(depth, title, page) of each bookmark: WeasyPrint places them where the headings are drawn."""
    reader = PdfReader(pdf)
    found = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return found


def contents_entries(pdf, pages: range) -> list[tuple[str, int]]:
    """(title, page number) of each line of the contents: a title (perhaps wrapped), the dotted leader, a number."""
    text = subprocess.run(["pdftotext", "-layout", "-f", str(pages.start), "-l", str(pages.stop - 1), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    entries, title = [], ""
    for line in text.splitlines():
        title += squeezed(line)
        entry = re.fullmatch(r"(.*?)\.{3,}(\d+)", title)
        if entry:
            entries.append((entry[1], int(entry[2])))
            title = ""
    return entries


def test_the_contents_list_every_chapter_and_section_with_the_page_it_opens_on(pdfs):
    _, built = pdfs
    for _code, _paper, pdf in built:
        listed = [(squeezed(title), page) for depth, title, page in outline(pdf) if depth <= 1]
        first_chapter = min(page for _title, page in listed)
        entries = contents_entries(pdf, range(2, first_chapter))
        # A line before the first entry (the running head, "Contents") joins its title: compare ends.
        missing = [(title, page) for title, page in listed
                   if not any(entry.endswith(title) and number == page for entry, number in entries)]
        assert len(entries) == len(listed) > 0 and missing == [], pdf.name


def test_every_page_after_the_contents_is_headed_by_its_chapter(pdfs):
    _, built = pdfs
    for _code, _paper, pdf in built:
        chapters = [(page, title) for depth, title, page in outline(pdf) if depth == 0]
        pages = len(PdfReader(pdf).pages)
        unheaded = []
        for number in range(chapters[0][0], pages + 1):
            chapter = [title for page, title in chapters if page <= number][-1]  # the last one opened so far
            if squeezed(chapter) not in page_text(pdf, number):
                unheaded.append((number, chapter))
        assert unheaded == [], pdf.name
