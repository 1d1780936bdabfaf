"""The ``pdf`` builder: one PDF per paper, through WeasyPrint.

It is Sphinx's single-page HTML builder with a print template, run once per
paper from the paper's first page (``<slug>/index``): it reuses the doctrees that
the HTML build of the same language wrote, so the sources are read once per
language. WeasyPrint renders only the papers whose printable page changed
(``pdfrender``), so editing one paper leaves the other papers' PDFs as they were.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.singlehtml import SingleFileHTMLBuilder
from sphinx.config import Config
from sphinx.locale import _
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.nodes import inline_all_toctrees

from papersite.catalog.stats import recorded_percent
from papersite.notices import paper_notice
from papersite.papers import Paper

from .cover import cover_design
from .linebreak import MODELS, mark_phrases
from .papers import library, paper_for, paper_toctree
from .pdfids import make_ids_unique
from .pdfrender import render_all, stale
from .pdftags import DRAWING_ELEMENT
from .progress import FallbackMarkingTranslator, catalog_stats

logger = logging.getLogger(__name__)

TEMPLATES = Path(__file__).parent / "templates"


# A Korean word (eojeol): Hangul with whatever is attached to it up to a space.
KOREAN_WORD = re.compile(r"\S*[\uac00-\ud7a3]\S*")


class PrintTranslator(FallbackMarkingTranslator):
    """Korean breaks lines at the spaces between words. Browsers do that with
    ``word-break: keep-all``, which WeasyPrint does not support, so in the PDF
    each Korean word is kept whole by markup instead.

    The PDF's tags come from element names and attributes (see ``pdftags``):
    a drawing is its own element and every header cell says what it heads."""

    drawing_element = DRAWING_ELEMENT

    def visit_entry(self, node: nodes.entry) -> None:
        super().visit_entry(node)
        if self.body[-1].startswith("<th"):
            # docutils makes a header cell of a header row's entries and of stub columns' ones.
            scope = "col" if isinstance(node.parent.parent, nodes.thead) else "row"
            self.body[-1] = self.body[-1].replace("<th", f'<th scope="{scope}"', 1)

    def visit_Text(self, node: nodes.Text) -> None:
        if not self.config.language.startswith("ko") or self.protect_literal_text:
            return super().visit_Text(node)
        text, position = node.astext(), 0
        for word in KOREAN_WORD.finditer(text):  # markup around the raw words, then escape each piece
            self.body.append(self.encode(text[position:word.start()]))
            self.body.append(f'<span class="word">{self.encode(word.group(0))}</span>')
            position = word.end()
        self.body.append(self.encode(text[position:]))

    # A section's id goes on its heading. The contents' page numbers (CSS
    # target-counter) name the page where the element holding the id starts, and
    # a <section> can start at the foot of a page whose heading, kept with its
    # first lines, opens the next one.
    def visit_section(self, node: nodes.section) -> None:
        ids, node["ids"] = node["ids"], []
        try:
            super().visit_section(node)
        finally:
            node["ids"] = ids

    def visit_title(self, node: nodes.title) -> None:
        if not isinstance(node.parent, nodes.section):
            return super().visit_title(node)
        own, node["ids"] = node["ids"], [*node.parent["ids"], *node["ids"]]
        try:
            super().visit_title(node)
        finally:
            node["ids"] = own

    # WeasyPrint keeps a table's caption in the table's wrapper box, which its
    # page breaking does not hold together: "break-inside: avoid" on the table
    # left the Superfluidity caption alone at a page's foot. A block around both
    # is what it does keep whole.
    def visit_table(self, node: nodes.table) -> None:
        self.body.append('<div class="table-block">')
        super().visit_table(node)

    def depart_table(self, node: nodes.table) -> None:
        super().depart_table(node)
        self.body.append("</div>")


TO_SITE_ROOT = re.compile(r"^(?:\.\./)+")
PREVIEW_HOSTS = {"127.0.0.1", "localhost", "::1", "0.0.0.0"}


def public_site(config) -> str | None:
    """The published site's address, or None while ``site_url`` is the local
    preview's (``make serve``): a reader of the PDF cannot open that one."""
    site = config.site_url.rstrip("/")
    return None if urlsplit(site).hostname in PREVIEW_HOSTS else site


class WebsiteLinks(SphinxPostTransform):
    """A link to another page of the website (``../../de/<slug>/translators.html``)
    means nothing inside a PDF: it points at the published site instead, and
    where no site is configured it becomes its words, unlinked."""

    builders = ("pdf",)
    default_priority = 400  # after references are resolved (another paper's pages are absolute by then)

    def run(self, **kwargs) -> None:
        site = public_site(self.config)
        preview = self.config.site_url.rstrip("/") + "/"
        for reference in list(self.document.findall(nodes.reference)):
            uri = reference.get("refuri", "")
            if not (uri.startswith("../") or uri.startswith(preview)):
                continue
            if site is None:
                reference.replace_self(nodes.inline("", "", *reference.children))
            elif uri.startswith("../"):
                # Such links climb to the site's root first, then name a language.
                reference["refuri"] = f"{site}/{TO_SITE_ROOT.sub('', uri)}"


def paper_translation_notice(config: Config, confdir: str | Path, paper: Paper) -> list[str]:
    """That this paper is a translation and how it was made, or that it is still in
    English (below translation_threshold), in the reader's language; nothing for
    the source language. The PDF's cover and the paper's first web page say the same."""
    if config.language == config.site_languages[0]:
        return []
    stats = catalog_stats(config, confdir)
    credits = stats.get("credits", {}).get(paper.slug, {})
    percent = recorded_percent(stats, paper.slug) if stats else 0
    return paper_notice(_, percent, config.translation_threshold, credits.get("method_keys", []))


class PDFBuilder(SingleFileHTMLBuilder):
    name = "pdf"
    epilog = "The PDF is in %(outdir)s."
    # A PDF has no search page: without this, every paper's whole text is fed to
    # a search index nobody reads (for Japanese, segmented word by word: 0.8 s).
    search = False

    paper: Paper | None = None  # the paper being written
    renamed_ids: dict = {}  # (page, id) -> the id it has in the paper's PDF (pdfids)

    def init(self) -> None:
        # Our print template is looked up before the theme's, under a name
        # no theme uses, so the HTML builder's pages are unaffected.
        self.config.templates_path = [str(TEMPLATES), *self.config.templates_path]
        super().init()

    def get_theme_config(self):
        return "basic", {"nosidebar": True}

    def handle_page(self, pagename, addctx, templatename="page.html", *args, **kwargs):
        paper = paper_for(self.srcdir, pagename)
        if paper is not None and pagename == paper.home:
            templatename = "papersite-pdf.html"
            paper_title = self.env.titles[paper.home].astext()  # translated
            author = paper.authors or paper.publisher or self.config.author  # in English: PDF metadata
            addctx = {**addctx, "author": author, "paper_title": paper_title,
                      "cover": cover_design(paper, self.srcdir)}
        return super().handle_page(pagename, addctx, templatename, *args, **kwargs)

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        paper = paper_for(self.srcdir, docname)
        if paper is not None and paper != self.paper:
            # Another paper's page is not in this PDF: link to it on the website.
            return f"{self.config.site_url.rstrip('/')}/{self.config.language}/{docname}{self.out_suffix}"
        return super().get_target_uri(docname, typ)

    def write_documents(self, _docnames) -> None:
        self.prepare_writing(self.env.all_docs.keys())
        for paper in self.papers_read():
            self.paper = paper
            doctree = self.assemble_doctree()
            self.write_doc_serialized(paper.home, doctree)
            self.write_doc(paper.home, doctree)
        self.paper = None

    def assemble_doctree(self) -> nodes.document:
        home = self.paper.home
        tree = inline_all_toctrees(self, set(), home, self.env.get_doctree(home), str, [home])
        tree["docname"] = home
        self.env.resolve_references(tree, home, self)
        self.renamed_ids = make_ids_unique(tree, home)
        # After the cover (the root document's title and subtitle), before the
        # first chapter: where the root document's toctree was.
        first_chapter = next(tree.findall(lambda n: isinstance(n, nodes.Element) and "toctree-wrapper" in n["classes"]), None)
        front = [self.cover_credits(self.paper_credits(tree)), self.table_of_contents()]
        if first_chapter is None:
            tree.extend(front)
        else:
            position = first_chapter.parent.index(first_chapter)
            first_chapter.parent[position:position] = front
        return tree

    def table_of_contents(self) -> nodes.Element:
        toc = nodes.container(classes=["pdf-toc"])
        toc += nodes.rubric("", _("Contents"), classes=["pdf-toc-title"])
        # Chapters and their sections: a printed paper's contents are its outline.
        tree = paper_toctree(self, self.paper, self.paper.home, maxdepth=2, titles_only=False)
        if tree is not None:
            for reference in tree.findall(nodes.reference):
                # A section's link comes as "#document-<page>#<section>": on one page, the section's own id.
                uri = reference.get("refuri", "")
                if uri.count("#") > 1:
                    page, section = uri[len("#document-"):uri.rindex("#")], uri[uri.rindex("#") + 1:]
                    reference["refuri"] = "#" + self.renamed_ids.get((page, section), section)
            toc += tree
        if self.config.language in MODELS:  # the contents' lines break between phrases, as the headings do
            mark_phrases(toc, everywhere=True)
        return toc

    def translation_notice(self) -> list[str]:
        """That this is a translation and how it was made, or that it is still in
        English (below translation_threshold), in the reader's language."""
        return paper_translation_notice(self.config, self.confdir, self.paper)

    @staticmethod
    def paper_credits(tree: nodes.document) -> list[nodes.paragraph]:
        """The first page's authors line and publisher (translated, see papers.PaperFrontMatter),
        taken out of the page: on paper they belong on the cover, under the title."""
        found = next(tree.findall(lambda n: isinstance(n, nodes.container) and "paper-credits" in n["classes"]), None)
        if found is None:
            return []
        found.parent.remove(found)
        return [child for child in found.children if isinstance(child, nodes.paragraph)]

    def cover_credits(self, paragraphs: list[nodes.paragraph]) -> nodes.Element:
        """Under the title on the cover: who wrote it, who published it when, and where it lives."""
        credits = nodes.container(classes=["cover-credits"])
        cover_classes = {"paper-authors": "cover-authors", "paper-publisher": "cover-publisher"}
        for paragraph in paragraphs:
            # Text left in English keeps its "untranslated" class (lang="en", see FallbackMarkingTranslator).
            paragraph["classes"] += [cover_classes[name] for name in paragraph["classes"] if name in cover_classes]
            paragraph["classes"].append("cover-line")  # breaks between phrases (papersite.sphinxext.linebreak)
            credits += paragraph
        for sentence in self.translation_notice():
            credits += nodes.paragraph("", sentence, classes=["cover-translation", "cover-line"])
        site = public_site(self.config)
        if site is not None:  # the local preview's address would mean nothing on paper
            address = f"{site}/{self.config.language}/{self.paper.home}{self.out_suffix}"
            credits += nodes.paragraph("", "", nodes.reference("", address, refuri=address), classes=["cover-site"])
        if self.config.language in MODELS:
            mark_phrases(credits)
        return credits

    def finish(self) -> None:
        super().finish()
        self.render_pdf()

    def render_pdf(self) -> None:
        jobs = []
        for paper in self.papers_read():
            printable = Path(self.outdir) / f"{paper.home}.html"
            target = Path(self.outdir) / paper.pdf_file(self.config.language)
            job = stale(printable, target, Path(self.outdir))
            logger.info("rendering %s" if job else "PDF unchanged: %s", target.name)
            jobs += [job] if job else []
        # A CSS rule WeasyPrint ignores or a font it cannot find fails the build like any Sphinx warning.
        for warning in render_all(jobs):
            logger.warning("WeasyPrint: %s", warning, type="pdf", subtype="weasyprint")

    def papers_read(self) -> list[Paper]:
        """The papers of this build (a build may leave some out with exclude_patterns)."""
        return [paper for paper in library(self.srcdir) if paper.home in self.env.found_docs]


def write_only(app: Sphinx, env, docnames: list[str]) -> None:
    """Beside a running HTML build (``papersite.pdfprocess``) the PDF build writes
    from what that build read, and must read nothing: reading would rewrite the
    doctrees the HTML build is loading. Should its settings ever make Sphinx
    want to, the build fails instead of racing."""
    if app.builder.name == "pdf" and app.config.pdf_write_only and docnames:
        logger.warning("the PDF build would read %d document(s) again while the HTML build writes from them (%s); "
                       "a setting that makes Sphinx re-read differs between the html and pdf builders",
                       len(docnames), ", ".join(sorted(docnames)[:3]), type="pdf", subtype="reread")
        docnames.clear()


def setup(app: Sphinx):
    # Set by papersite.build for the PDF build beside the HTML one; changing it changes no page.
    app.add_config_value("pdf_write_only", False, "", types=[bool])
    app.connect("env-before-read-docs", write_only)
    app.add_builder(PDFBuilder)
    app.set_translator("pdf", PrintTranslator, override=True)
    app.add_post_transform(WebsiteLinks)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
