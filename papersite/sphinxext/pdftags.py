"""What makes the PDF accessible: tagged PDF/UA-1, as WeasyPrint writes it, and
what its tags cannot say.

WeasyPrint's PDF/UA-1 variant gives the structure tree (headings, lists, tables,
images with their alt text, links with a description), ``/MarkInfo``, ``/Lang``
from ``<html lang>``, the XMP identification and ``DisplayDocTitle``. It maps
tags by HTML element name only and has no page-mode option, so its finisher hook,
run on the PDF's objects before they are written, adds what the markup already
says but WeasyPrint does not carry over:

* ``/Scope`` on header cells, from the ``scope`` attribute the print translator
  writes. WeasyPrint reads that attribute only to link data cells to their
  headers (``/Headers`` and ``/IDs``); a reader that follows ``/Scope`` (and the
  ``pdfua`` checker) would otherwise see header cells that head nothing.
* A drawing (``papersite.sphinxext.diagrams``) is one ``/Figure`` with its
  translated description as ``/Alt``, as the website's ``role="img"`` and
  ``aria-label`` make it one image: WeasyPrint would tag its boxes as lists and
  paragraphs and drop the description. In the PDF's markup a drawing is an
  ``<article>`` (WeasyPrint's ``/Art``), an element the papers use nowhere else.
* A link within the PDF is described by its words: WeasyPrint describes every
  link by its target, which for a link within the PDF is an anchor's id
  (``document-<slug>/introduction``). A link to the web keeps its address.
* ``/PageMode /UseOutlines``: the PDF opens with its bookmarks (the headings) shown.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pydyf

WEASYPRINT_LOG = logging.getLogger("weasyprint")

RENDER_OPTIONS = {"pdf_variant": "pdf/ua-1"}
DRAWING_ELEMENT = "article"  # written by the print translator, see papersite.sphinxext.pdf
HEADER_SCOPES = {"row": "/Row", "col": "/Column"}


def finish_tagged_pdf(document, pdf) -> None:
    """WeasyPrint's ``finisher``: called with the document and the PDF about to be written."""
    pdf.catalog["PageMode"] = "/UseOutlines"
    boxes = list(content_boxes(document))
    scope_header_cells(boxes)
    describe_drawings(boxes, pdf)
    describe_internal_links(boxes)


def content_boxes(document) -> Iterator:
    """Every box of every page in the order WeasyPrint tags them, without the
    page margins (running heads and page numbers are artifacts, not content)."""
    for page in document.pages:
        yield from _descendants(page._page_box)


def _descendants(box) -> Iterator:
    box = getattr(box, "_box", box)  # an absolutely positioned box is tagged where it is placed
    if type(box).__name__ == "MarginBox":
        return
    yield box
    for child in getattr(box, "children", None) or ():
        yield from _descendants(child)


def scope_header_cells(boxes: list) -> None:
    for box in boxes:
        cell = getattr(box, "mark", None)  # WeasyPrint's own link from a cell's box to its tag
        if cell is not None and box.element_tag == "th":
            # A header cell without scope heads its column, as WeasyPrint's /Headers take it.
            cell["A"]["Scope"] = HEADER_SCOPES.get(box.element.get("scope"), "/Column")


def describe_drawings(boxes: list, pdf) -> None:
    # WeasyPrint creates the tags of a page in the order of its boxes, so the
    # n-th drawing box is the n-th /Art (a drawing split over two pages is two of each).
    descriptions = [box.element.get("aria-label", "") for box in boxes
                    if getattr(box, "element", None) is not None and box.element_tag == DRAWING_ELEMENT]
    tags = [element for element in pdf.objects if isinstance(element, dict) and element.get("S") == "/Art"]
    if len(tags) != len(descriptions):
        # Told as WeasyPrint's own warnings are: the build fails and the PDF is rendered again next time.
        WEASYPRINT_LOG.warning("%d drawings but %d /Art tags: the drawings are not tagged as figures",
                               len(descriptions), len(tags))
        return
    for tag, description in zip(tags, descriptions):
        tag["S"] = "/Figure"
        tag["Alt"] = pydyf.String(description)


def describe_internal_links(boxes: list) -> None:
    for box in boxes:
        annotation = getattr(box, "link_annotation", None)
        if annotation is not None and "Dest" in annotation:
            words = " ".join("".join(box.element.itertext()).split())
            if words:
                annotation["Contents"] = pydyf.String(words)
