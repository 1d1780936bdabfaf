"""The ``diagram`` directive: figures drawn from structured, translatable text.

The paper's images are gone, and a bitmap would bake English into every language.
A diagram here is Markdown: the first paragraph is the caption, the lists are the
boxes (nesting decides the layout, see ``papersite.css``) and any later
paragraph is a legend. Every word is an ordinary message in the catalogs, and the
same HTML renders on screen and, through WeasyPrint, in the PDF.

``:alt:`` describes the whole picture for screen readers, which announce the
drawing as one image rather than reading its boxes out of context. It becomes a
paragraph node, so it is extracted and translated like any other text.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.writers.html5 import HTML5Translator

LAYOUTS = ("stack", "columns", "flow")


class diagram(nodes.General, nodes.Element):
    """The drawing itself: boxes built from nested lists."""


class diagram_alt(nodes.paragraph):
    """The text alternative of a drawing, rendered as its accessible name only."""


class DiagramDirective(SphinxDirective):
    required_arguments = 1  # the layout
    has_content = True
    option_spec = {"alt": directives.unchanged_required, "name": directives.unchanged}

    def run(self):
        try:
            layout = directives.choice(self.arguments[0], LAYOUTS)
        except ValueError:  # a directive error names the file and line; a ValueError would be a traceback
            raise self.error(f"unknown diagram layout {self.arguments[0]!r}; choose from {', '.join(LAYOUTS)}") from None
        body = nodes.Element()
        self.state.nested_parse(self.content, self.content_offset, body)
        if not body.children or not isinstance(body[0], nodes.paragraph):
            raise self.error("a diagram starts with its caption, a paragraph")
        figure = nodes.figure(classes=["diagram-figure"])
        self.add_name(figure)
        drawing = diagram(layout=layout, classes=["diagram", f"diagram-{layout}"])
        drawing += self._alt_paragraph()
        drawing += body.children[1:]
        figure += drawing
        figure += self._caption(body[0])
        return [figure]

    def _alt_paragraph(self) -> diagram_alt:
        text = self.options.get("alt", "")
        if not text:
            raise self.error("a diagram needs :alt:, the text a screen reader announces")
        alt = diagram_alt(text, text)
        alt.source, alt.line = self.get_source_info()
        return alt

    @staticmethod
    def _caption(paragraph: nodes.paragraph) -> nodes.caption:
        caption = nodes.caption(paragraph.rawsource, "", *paragraph.children)
        caption.source, caption.line = paragraph.source, paragraph.line
        return caption


def visit_diagram_html(self: HTML5Translator, node: diagram) -> None:
    alt = next(iter(node.findall(diagram_alt)), None)
    label = alt.astext() if alt is not None else ""
    # The PDF's translator names an element of its own (see papersite.sphinxext.pdftags).
    element = getattr(self, "drawing_element", "div")
    self.body.append(self.starttag(node, element, role="img", **{"aria-label": label}))
    self.context.append(f"</{element}>\n")


def depart_diagram_html(self: HTML5Translator, node: diagram) -> None:
    self.body.append(self.context.pop())


def skip_node(self, node) -> None:
    raise nodes.SkipNode


def visit_diagram_text(self, node) -> None:
    pass


def depart_diagram_text(self, node) -> None:
    pass


def setup(app: Sphinx):
    app.add_node(
        diagram,
        html=(visit_diagram_html, depart_diagram_html),
        text=(visit_diagram_text, depart_diagram_text),
    )
    # The accessible name is already in the drawing's aria-label.
    app.add_node(diagram_alt, html=(skip_node, None), text=(skip_node, None))
    app.add_directive("diagram", DiagramDirective)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
