"""The library: which paper each page belongs to, and what a page shows of it.

* ``{papers}`` (used by the library home, ``source/index.md``): a table of
  contents of every paper in ``order``, made from the ``paper.toml`` files, so
  adding a paper needs no edit there.
* A paper whose settings cannot be used is left out of the build (its folder is
  excluded); the command line reports why (``papersite.papers.PaperProblem``).
* A paper's first page shows, under its title, what ``paper.toml`` says to
  readers: the subtitle, the authors line and the publisher. They are put into
  the page before Sphinx translates it, so they are messages of the page's
  catalog like its other words.
* Per page of a paper, the templates get that paper: its translated title as
  the site title, a sidebar navigation of that paper only, its PDF link.
"""

from __future__ import annotations

from pathlib import Path

import markupsafe
from docutils import nodes
from docutils.statemachine import StringList
from furo.navigation import get_navigation_tree
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.directives.other import TocTree
from sphinx.environment.adapters.toctree import TocTree as TocTreeAdapter
from sphinx.locale import _
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from papersite.papers import SETTINGS, Paper, load_library, paper_of

logger = logging.getLogger(__name__)

AFTER_FURO = 900  # furo computes its navigation tree at the default priority (500)


# Per source folder, read again by every Sphinx application (each build).
_LIBRARIES: dict[str, list[Paper]] = {}


def library(srcdir) -> list[Paper]:
    return _LIBRARIES[str(srcdir)]


def paper_for(srcdir, docname: str) -> Paper | None:
    return paper_of(library(srcdir), docname)


def read_library(app: Sphinx, config) -> None:
    found = load_library(Path(app.srcdir))
    _LIBRARIES[str(app.srcdir)] = found.papers
    # A paper left out is not read at all: its pages would fail on its settings.
    config.exclude_patterns = [*config.exclude_patterns, *(f"{slug}/**" for slug in found.left_out)]
    for problem in found.problems:
        logger.info("paper left out: %s", problem)


class PaperFrontMatter(SphinxTransform):
    """Under a paper's title, on its first page: its subtitle (unless the page
    has one), authors line and publisher, as the page's own paragraphs."""

    default_priority = 15  # before sphinx.transforms.i18n.Locale (20), which translates them

    def apply(self, **kwargs) -> None:
        paper = paper_for(self.env.srcdir, self.env.docname)
        section = self.document.next_node(nodes.section)
        if paper is None or self.env.docname != paper.home or section is None:
            return
        self.env.note_dependency(str(paper.folder / SETTINGS))
        title = section.next_node(nodes.title)
        position = section.index(title) + 1
        if position < len(section) and "subtitle" in section[position].get("classes", ()):
            position += 1  # the page's own subtitle paragraph (a paper made before paper.toml had one)
        elif paper.subtitle:
            section.insert(position, self.paragraph(paper.subtitle, "subtitle", title))
            position += 1
        credits = nodes.container(classes=["paper-credits"])
        if paper.authors:
            credits += self.paragraph(paper.authors, "paper-authors", title)
        publisher = paper.publisher or self.config.author
        if publisher:
            credits += self.paragraph(publisher, "paper-publisher", title)
        if credits.children:
            section.insert(position, credits)

    @staticmethod
    def paragraph(text: str, css_class: str, title: nodes.title) -> nodes.paragraph:
        paragraph = nodes.paragraph(text, text, classes=[css_class])
        # Sphinx extracts and translates only text that says where it comes from.
        paragraph.source, paragraph.line = title.source, title.line
        return paragraph


class PublicationYear(SphinxPostTransform):
    """The year follows the publisher ("OpenStack Foundation, 2018"), outside the
    message: a number is not for translators to change."""

    formats = ("html",)
    default_priority = 200

    def run(self, **kwargs) -> None:
        paper = paper_for(self.env.srcdir, self.env.docname)
        if paper is None or paper.year is None:
            return
        for publisher in self.document.findall(nodes.paragraph):
            if "paper-publisher" in publisher["classes"]:
                publisher += nodes.inline("", f", {paper.year}", classes=["paper-year"])


class PapersDirective(TocTree):
    """The toctree of the library: every paper's first page, in order."""

    has_content = False
    option_spec = {"maxdepth": int}

    def run(self):
        papers = library(self.env.srcdir)
        for paper in papers:
            self.env.note_dependency(str(paper.folder / SETTINGS))
        self.options.setdefault("maxdepth", 1)  # the papers' titles; each paper's sidebar has the rest
        self.content = StringList([paper.home for paper in papers], source=self.get_source_info()[0])
        return super().run()


def library_outline(app: Sphinx) -> list[tuple[str, int]]:
    return [(paper.slug, paper.order) for paper in library(app.srcdir)]


def outdated_library_home(app: Sphinx, env, added, changed, removed) -> list[str]:
    """A paper added, removed or reordered changes the library home's list."""
    outline = library_outline(app)
    if getattr(env, "papersite_outline", None) == outline:
        return []
    env.papersite_outline = outline
    return [app.config.root_doc] if app.config.root_doc in env.found_docs else []


def paper_toctree(builder, paper: Paper, docname: str, maxdepth: int, titles_only: bool = True):
    """The paper's table of contents (what global_toctree_for_doc gives for the
    library's root), as seen from ``docname``; None if the paper has none."""
    adapter = TocTreeAdapter(builder.env)
    resolved = [adapter.resolve(docname, builder, node, prune=True, maxdepth=maxdepth, titles_only=titles_only,
                                collapse=False, includehidden=True)
                for node in builder.env.get_doctree(paper.home).findall(addnodes.toctree)]
    resolved = [tree for tree in resolved if tree is not None]
    if not resolved:
        return None
    tree = resolved[0]
    for other in resolved[1:]:
        tree.extend(other.children)
    return tree


def paper_navigation(app: Sphinx, paper: Paper, pagename: str) -> str:
    """furo's navigation tree, rooted at the paper's first page instead of the library's."""
    tree = paper_toctree(app.builder, paper, pagename, maxdepth=-1)
    return get_navigation_tree(app.builder.render_partial(tree)["fragment"] if tree is not None else "")


def translated_title(app: Sphinx, docname: str) -> markupsafe.Markup | None:
    """A page's translated title, escaped: furo prints docstitle as it is, and MyST
    has already turned a translator's &lt; into <. Templates that escape (|e)
    leave the Markup as it is."""
    title = app.env.titles.get(docname)
    return markupsafe.escape(title.astext()) if title is not None else None


def add_paper_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if app.builder.name not in ("html", "dirhtml"):
        return
    paper = paper_for(app.srcdir, pagename)
    context["library_title"] = translated_title(app, app.config.root_doc)
    if paper is None:
        context["docstitle"] = context["library_title"] or context.get("docstitle")
        return
    to_language_root = "../" * pagename.count("/")
    context["paper_slug"] = paper.slug
    context["paper_home"] = paper.home
    context["docstitle"] = translated_title(app, paper.home) or markupsafe.escape(paper.title)
    context["pdf_url"] = to_language_root + paper.pdf_file(app.config.language)
    context["pdf_label"] = _("Download PDF")
    if "furo_navigation_tree" in context:
        context["furo_navigation_tree"] = paper_navigation(app, paper, pagename)


def setup(app: Sphinx):
    app.connect("config-inited", read_library)
    app.add_transform(PaperFrontMatter)
    app.add_post_transform(PublicationYear)
    app.connect("env-get-outdated", outdated_library_home)
    app.connect("html-page-context", add_paper_context, priority=AFTER_FURO)
    app.add_directive("papers", PapersDirective)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
