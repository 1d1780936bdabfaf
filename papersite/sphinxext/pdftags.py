"""What makes the PDF accessible: tagged PDF/UA-1, as WeasyPrint writes it, and
the two things its tags leave out.

WeasyPrint's PDF/UA-1 variant gives the structure tree (headings, lists, tables,
figures with their alt text, links), ``/MarkInfo``, ``/Lang`` from ``<html lang>``,
the XMP identification and ``DisplayDocTitle``. Its finisher hook, run on the
PDF's objects before they are written, adds:

* ``/Scope`` on header cells. WeasyPrint links data cells to their headers with
  ``/Headers`` and ``/IDs``; a reader that only follows ``/Scope`` (and the
  ``pdfua`` checker) then sees header cells that head nothing. Every header cell
  of ours is a column header: docutils writes header rows, never stub columns,
  and WeasyPrint itself treats a ``<th>`` without ``scope="row"`` as one.
* ``/PageMode /UseOutlines``: the PDF opens with its bookmarks (the headings) shown.
"""

from __future__ import annotations

import pydyf

RENDER_OPTIONS = {"pdf_variant": "pdf/ua-1"}


def finish_tagged_pdf(document, pdf) -> None:
    """WeasyPrint's ``finisher``: called with the document and the PDF about to be written."""
    pdf.catalog["PageMode"] = "/UseOutlines"
    for element in pdf.objects:
        if isinstance(element, dict) and element.get("S") == "/TH":
            element.setdefault("A", pydyf.Dictionary({"O": "/Table"}))["Scope"] = "/Column"
