"""What the HTML checkers (Nu HTML Checker, axe, Lighthouse) ask of every page
that furo and docutils do not give by themselves: ids that appear once, named
sidebar landmarks, a description and an icon."""

from __future__ import annotations

from html import escape
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.locale import _
from sphinx.transforms.post_transforms import SphinxPostTransform

FAVICON = Path(__file__).parent / "icons" / "favicon.svg"
# Search engines show about this many characters of a description.
DESCRIPTION_LENGTH = 160
PYGMENTS_CSS = "_static/pygments.css"
# furo's two <aside> landmarks, as its page.html opens them; furo gives them no
# name, and two unnamed complementary landmarks are indistinguishable to a
# screen reader (axe's landmark-unique).
SIDEBAR_OPENINGS = {"navigation": '<aside class="sidebar-drawer', "contents": '<aside class="toc-drawer'}
# furo holds the page's content in <article role="main">. An article is a
# sectioning element: the Nu checker then finds an article without a heading of
# its own and an <h1> below the top level. A <div> with the same role is the same
# main landmark without a section, so the page's title is its top-level heading
# (and Sphinx's search still finds the content by [role=main]; a <main> would
# need that role repeated, which the checker flags as redundant).
FURO_CONTENT = ('<article role="main" id="furo-main-content">', "</article>")
MAIN_CONTENT = ('<div role="main" id="furo-main-content" class="page-content">', "</div>")


class KeepIdsOnTheTable(SphinxPostTransform):
    """furo wraps each table in a scrolling container and copies the table's
    attributes onto it, ids included: the same id twice on one page. The id
    stays on the table, whose caption names what a link to it points at."""

    formats = ("html",)
    default_priority = 510  # after furo's wrapping (500)

    def run(self, **kwargs) -> None:
        for wrapper in self.document.findall(nodes.container):
            if "table-wrapper" in wrapper["classes"] or "math-wrapper" in wrapper["classes"]:
                inner_ids = {id_ for child in wrapper.children for id_ in child.get("ids", ())}
                wrapper["ids"] = [id_ for id_ in wrapper["ids"] if id_ not in inner_ids]


class scroll_region(nodes.container):
    """furo's scrolling box around a table, as a region the keyboard reaches and
    a screen reader names by the table's caption (axe's scrollable-region-focusable)."""


class NameScrollingTables(SphinxPostTransform):
    builders = ("html",)  # the PDF's tables do not scroll
    default_priority = 511  # after furo's wrapping (500)

    def run(self, **kwargs) -> None:
        for wrapper in list(self.document.findall(nodes.container)):
            if "table-wrapper" in wrapper["classes"] and not isinstance(wrapper, scroll_region):
                region = scroll_region("", *wrapper.children, **wrapper.attributes)
                wrapper.replace_self(region)


def visit_scroll_region(self, node: scroll_region) -> None:
    table = next(node.findall(nodes.table), None)
    caption = next(table.findall(nodes.title), None) if table is not None else None
    # Read when written: the caption's number ("Table 2") is added after the post-transforms.
    label = " ".join(caption.astext().split()) if caption is not None else _("Table")
    self.body.append(self.starttag(node, "div", CLASS="docutils container", role="region", tabindex="0",
                                   **{"aria-label": label}))


def depart_scroll_region(self, node: scroll_region) -> None:
    self.body.append("</div>\n")


def name_landmarks(html: str, **names: str) -> str:
    """Give furo's sidebars their accessible names and its content a main
    landmark that is not a section; fail the build if furo's markup changed, rather than publish
    unnamed landmarks."""
    for key, opening in SIDEBAR_OPENINGS.items():
        if html.count(opening) != 1:
            raise ValueError(f"furo's page no longer opens its {key} sidebar with {opening!r}")
        html = html.replace(opening, opening.replace("<aside ", f'<aside aria-label="{escape(names[key])}" '))
    for tag in FURO_CONTENT:
        if html.count(tag) != 1:  # the papers' own content has no article of its own
            raise ValueError(f"furo's page no longer holds its content in {FURO_CONTENT[0]!r}…{FURO_CONTENT[1]!r}")
    for tag, replacement in zip(FURO_CONTENT, MAIN_CONTENT):
        html = html.replace(tag, replacement)
    return html


def register_filters(app: Sphinx) -> None:
    templates = getattr(app.builder, "templates", None)
    if templates is not None and hasattr(templates, "environment"):
        templates.environment.filters["name_landmarks"] = name_landmarks


def shorten(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """At a word break where the language has spaces; anywhere in CJK text."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"


def first_paragraph(doctree: nodes.document) -> str:
    for paragraph in doctree.findall(nodes.paragraph):
        text = paragraph.astext().strip()
        if text:
            return text
    return ""


def N_(message: str) -> str:
    """Marks a message for extraction; it is translated where it is shown."""
    return message


# Pages made from no source of their own, described in the interface's words
# (the 404 page by its own sentence, papersite.sphinxext.notfound).
DESCRIPTIONS = {
    "search": N_("Search every paper of this library in this language."),
    "genindex": N_("The index of the terms that this library's papers define."),
    "404": N_("The page you are looking for does not exist in this language."),
}


def add_description(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Each page is described by its own first paragraph, in the page's language."""
    text = first_paragraph(doctree) if doctree is not None else ""
    if not text and pagename in DESCRIPTIONS:
        text = _(DESCRIPTIONS[pagename])  # translated here: one worker builds several languages
    if text:
        meta = f'<meta name="description" content="{escape(shorten(text))}">\n'
        context["metatags"] = context.get("metatags", "") + meta


def drop_unused_highlighting(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The papers show no code: a page without a highlighted block does not
    make readers wait for the highlighting stylesheet before it renders."""
    if doctree is not None and next(doctree.findall(nodes.literal_block), None) is None:
        styles = context.get("css_files", ())
        context["css_files"] = [css for css in styles if getattr(css, "filename", css) != PYGMENTS_CSS]


def set_favicon(app: Sphinx, config) -> None:
    if not config.html_favicon:
        config.html_favicon = str(FAVICON)


def setup(app: Sphinx):
    app.add_post_transform(KeepIdsOnTheTable)
    app.add_node(scroll_region, html=(visit_scroll_region, depart_scroll_region))
    app.add_post_transform(NameScrollingTables)
    app.connect("config-inited", set_favicon)
    app.connect("builder-inited", register_filters)
    app.connect("html-page-context", add_description)
    app.connect("html-page-context", drop_unused_highlighting)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
