"""A PDF rendered again from the pages of its last rendering: an edited chapter
is laid out alone and spliced in, and the PDF is the very one a whole rendering
writes; what is not one chapter's text is rendered whole."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from papersite.sphinxext import pdfkept, pdflayout, pdfrender

from ..conftest import FIRST_PAPER

CHAPTER = "conclusion"


def printed_copy(project, language: str, slug: str, folder: Path) -> pdfrender.PdfJob:
    """The builder's printable page of ``slug`` and what it loads, copied: a job of our own."""
    shutil.copytree(project.build / "staging" / language / "pdf", folder, ignore=shutil.ignore_patterns("*.pdf"))
    return pdfrender.stale(folder / slug / "index.html", folder / f"{slug}.{language}.pdf", folder)


def edit_chapter(job: pdfrender.PdfJob, chapter: str, words: str, paper: str = FIRST_PAPER) -> pdfrender.PdfJob:
    """``words`` added to the first paragraph of ``chapter`` in the printable page."""
    page = job.printable.read_text(encoding="utf-8")
    anchor = page.index(f'id="{pdflayout.CHAPTER_PREFIX}{paper}/{chapter}"')
    paragraph = page.index(">", page.index("<p", anchor)) + 1
    job.printable.write_text(page[:paragraph] + words + page[paragraph:], encoding="utf-8")
    return pdfrender.stale(job.printable, job.target, job.target.parent)


def whole_rendering(job: pdfrender.PdfJob) -> tuple[bytes, str]:
    """The PDF and printed markup a build without the process writes for ``job``."""
    alone = pdfrender.PdfJob(job.printable, job.target.with_name("whole.pdf"), job.digest, job.assets)
    kept = job.laid_out.read_text(encoding="utf-8")
    assert pdfrender.render(alone) == []
    whole = alone.target.read_bytes(), job.laid_out.read_text(encoding="utf-8")
    job.laid_out.write_text(kept, encoding="utf-8")
    return whole


def kept_rendering(job: pdfrender.PdfJob) -> pdfkept.Kept:
    """What the process keeps of a whole rendering of ``job``."""
    markup, render = job.printable.read_text(encoding="utf-8"), pdfrender.renderer_for(job)
    document, root = pdflayout.filled(markup, render)
    return pdfkept.kept_from(markup, job.assets, document, root, render)


def test_an_edited_chapter_is_laid_out_alone_and_the_pdf_is_the_whole_renderings(built_site, tmp_path, monkeypatch):
    job = printed_copy(built_site, "en", FIRST_PAPER, tmp_path / "pdf")
    kept = kept_rendering(job)
    assert len(kept.pages) > 2 and all(kept.pages.values())

    edited = edit_chapter(job, CHAPTER, "WARMLY EDITED ")
    with monkeypatch.context() as patched:  # the other chapters must not be laid out again
        patched.setattr(pdflayout, "filled", lambda *arguments: pytest.fail("rendered whole"))
        again = pdfkept.spliced_again(kept, pdflayout.parsed(edited.printable.read_text(encoding="utf-8")), kept.render)
    assert again is not None
    assert pdfrender.render(edited, lambda job: again) == []
    assert "WARMLY EDITED" in edited.laid_out.read_text(encoding="utf-8")
    assert (edited.target.read_bytes(), edited.laid_out.read_text(encoding="utf-8")) == whole_rendering(edited)


def test_what_is_not_one_chapters_text_renders_whole(built_site, tmp_path):
    job = printed_copy(built_site, "en", FIRST_PAPER, tmp_path / "pdf")
    kept = kept_rendering(job)
    page = job.printable.read_text(encoding="utf-8")
    assert pdfkept.changed_chapters(kept, pdflayout.parsed(page)) == set()
    assert pdfkept.spliced_again(kept, pdflayout.parsed(page), kept.render) is None  # nothing to splice
    title = page.index("<title>") + len("<title>")
    retitled = pdflayout.parsed(page[:title] + "Retitled " + page[title:])  # outside every chapter
    assert pdfkept.changed_chapters(kept, retitled) is None
    assert pdfkept.spliced_again(kept, retitled, kept.render) is None
    anchor = f'id="{pdflayout.CHAPTER_PREFIX}{FIRST_PAPER}/{CHAPTER}"'
    fewer = pdflayout.parsed(page.replace(anchor, 'id="not-a-chapter"'))  # another set of chapters
    assert pdfkept.changed_chapters(kept, fewer) is None


# A paper in miniature: a cover, contents with page numbers, two chapters (each
# opens a page); a heading in the first chapter that the contents list.
MINIATURE = """<!DOCTYPE html><html lang="en"><head><title>Miniature</title><style>
@page {{ size: 100mm 100mm; margin: 10mm }}
body {{ font: 10pt/14pt sans-serif }} p, h2, h3 {{ margin: 0 }} h2, h3 {{ break-after: avoid }}
.cover {{ break-after: page }}
.pdf-toc a::after {{ content: " " target-counter(attr(href url), page) }}
.toctree-wrapper > span {{ display: block; break-before: page }}
</style></head><body>
<div class="cover"><p>Miniature</p></div>
<div class="pdf-toc"><p><a href="#document-m/one">One</a></p><p><a href="#late">Late</a></p>
<p><a href="#document-m/two">Two</a></p></div>
<div class="toctree-wrapper">
<span id="document-m/one"></span><section><h2>One</h2>{lead}<h3 id="late">Late</h3>{rest}</section>
<span id="document-m/two"></span><section><h2>Two</h2>{two}</section>
</div></body></html>"""


def miniature(lead: int, rest: int = 14) -> str:
    lines = lambda count, word: "".join(f"<p>{word} line {number}</p>" for number in range(count))
    return MINIATURE.format(lead=lines(lead, "Lead"), rest=lines(rest, "Rest"), two=lines(6, "Two"))


def test_a_chapter_that_moves_a_heading_the_contents_list_to_another_page_renders_whole(tmp_path):
    render = pdflayout.markup_renderer(base_url=tmp_path.as_uri() + "/")
    document, root = pdflayout.filled(miniature(lead=12), render)
    kept = pdfkept.kept_from(miniature(lead=12), "assets", document, root, render)
    longer = miniature(lead=14)
    # What a whole rendering of the longer chapter shows: as many pages, "Late" a page further.
    whole = pdflayout.Layout(*pdflayout.filled(longer, render))
    assert [len(pages) for pages in whole.chapters().values()] == [len(pages) for pages in kept.pages.values()]
    assert whole.contents_pages()["late"] == kept.contents["late"] + 1
    # So the kept contents' page number would be wrong: the page is rendered whole.
    assert pdfkept.changed_chapters(kept, pdflayout.parsed(longer)) == {"document-m/one"}
    assert pdfkept.spliced_again(kept, pdflayout.parsed(longer), kept.render) is None
    # A line more that leaves "Late" where it was is spliced.
    assert pdfkept.spliced_again(kept, pdflayout.parsed(miniature(lead=13)), kept.render) is not None
