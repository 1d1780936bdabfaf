"""Pictures: raster (PNG, JPEG, WebP) and SVG figures from ``source/<slug>/images/``.

A picture is written as a figure, its text alternative as ``:alt:`` and its
caption as the figure's paragraph::

    :::{figure} images/growth.png
    :name: fig-growth
    :alt: A bar chart: members grew from 500 in 2016 to 700 in 2018.

    Membership by year.
    :::

* The alt text and the caption are messages of the page's catalog (Sphinx
  extracts an image's ``alt``); the file name never is (``image`` stays out of
  ``gettext_additional_targets``), so a translator cannot change a picture, and
  the catalog checks refuse image markup in any translation. A translated
  picture is a maintainers' file beside the original, ``name.<lang>.ext``
  (Sphinx's ``figure_language_filename``); where none exists, the original shows.
* A picture without alt text, outside ``images/``, of another format, with a
  size of its own (``:width:``), or not in a figure (inline, its paragraph could
  never be translated) fails the build and ``check-po`` with its file and line:
  a maintainers' error.
* HTML: the intrinsic ``width`` and ``height`` (no layout shift), lazy loading
  and, for a large raster, smaller copies in ``srcset`` for narrow screens.
* PDF: the original file, never a smaller copy, no larger than the text and
  never enlarged beyond 150 pixels per inch (``papersite.css``); WeasyPrint tags
  it as a ``/Figure`` with its alt text. Figures are numbered per paper
  (``papersite.sphinxext.numbering``).
"""

from __future__ import annotations

import os
import posixpath
import xml.etree.ElementTree as ET
from functools import lru_cache
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ConfigError
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from papersite.papers import IMAGES

from .papers import paper_for

logger = logging.getLogger(__name__)

RASTER = {".png", ".jpg", ".jpeg", ".webp"}
FORMATS = RASTER | {".svg"}
# Widths of the smaller copies offered to narrow screens (srcset); a copy is
# made only where it saves at least a fifth of the original's width.
SMALLER_WIDTHS = (480, 960, 1440)
# The width furo gives the text: 46em on a wide screen; on a phone, the screen less 1em each side.
SIZES = "(max-width: 46em) calc(100vw - 2em), 46em"
SMALLER = "w{width}"  # the folder of _images/ that holds the copies of that width
ALT_SOURCE = "papersite_alt_source"  # the English alt text, kept while Sphinx translates it


def picture_problem(image: nodes.image, slug: str) -> str | None:
    """What is wrong with a picture of a paper's page, as the maintainer must fix it."""
    uri = image.get("uri", "")
    shown = image.get("original_uri", uri)
    if not isinstance(image.parent, nodes.figure):
        return (f"the picture {shown} must be a figure of its own (:::{{figure}} {shown}), not inside a "
                "paragraph or an {image}: its alt text and caption are then messages translators can translate")
    if not image.get("alt", "").strip():
        return (f"the figure {shown} has no alt text; give it :alt: saying what the picture shows, "
                "for readers who cannot see it")
    if "://" in uri or uri.startswith("data:"):
        return f"the figure {shown} is not a file of the paper; put it in source/{slug}/{IMAGES}/"
    if not PurePosixPath(uri).is_relative_to(PurePosixPath(slug, IMAGES)):
        return f"the figure {shown} is outside source/{slug}/{IMAGES}/; keep the paper's pictures there"
    if PurePosixPath(uri).suffix.lower() not in FORMATS:
        return f"the figure {shown} is not PNG, JPEG, WebP or SVG"
    if any(key in image for key in ("width", "height", "scale")):
        return (f"the figure {shown} has a size of its own; leave :width:, :height: and :scale: out, a picture "
                "takes its size from its file (at most the text's width)")
    return None


def check_pictures(app: Sphinx, doctree: nodes.document) -> None:
    """After Sphinx has found each picture's file (and its language's variant)."""
    paper = paper_for(app.srcdir, app.env.docname)
    for image in doctree.findall(nodes.image):
        problem = picture_problem(image, paper.slug) if paper else "pictures belong to a paper's pages"
        if problem:
            logger.warning(problem, location=image, type="papersite", subtype="image")
        elif isinstance(image.parent, nodes.figure):
            image.parent["classes"].append("paper-image")


class KeepEnglishAlt(SphinxTransform):
    """Before Sphinx translates an image's alt text: remember the English one."""

    default_priority = 19  # sphinx.transforms.i18n.Locale is 20

    def apply(self, **kwargs) -> None:
        for image in self.document.findall(nodes.image):
            image[ALT_SOURCE] = image.get("alt", "")


class MarkTranslatedAlt(SphinxTransform):
    """Sphinx replaces a translated alt text but leaves the image counted as
    untranslated (and so marked ``lang="en"``): count it as what it is."""

    default_priority = 22  # after Locale (20), before the progress totals (25)

    def apply(self, **kwargs) -> None:
        for image in self.document.findall(nodes.image):
            english = image.attributes.pop(ALT_SOURCE, None)
            if english is not None and image.get("alt") != english:
                image["translated"] = True


def refuse_translated_file_names(app: Sphinx, config) -> None:
    if "image" in config.gettext_additional_targets:
        raise ConfigError("gettext_additional_targets must not have 'image': a picture's file would then be a "
                          "message translators could change; a translated picture is a file name.<lang>.ext")


@lru_cache(maxsize=256)
def intrinsic_size(path: Path, modified: int) -> tuple[int, int] | None:
    """(width, height) in CSS pixels as the browser will show it; None if unknown."""
    if path.suffix.lower() == ".svg":
        return svg_size(path)
    from PIL import Image

    with Image.open(path) as picture:
        width, height = picture.size
        # EXIF orientations 5 to 8 turn the picture a quarter: browsers honour them.
        if picture.getexif().get(0x0112, 1) in (5, 6, 7, 8):
            width, height = height, width
    return width, height


CSS_PIXELS = {"": 1.0, "px": 1.0, "pt": 96 / 72, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4}


def svg_length(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    number = value.rstrip("abcdefghijklmnopqrstuvwxyz%")
    try:
        return float(number) * CSS_PIXELS[value[len(number):]]
    except (ValueError, KeyError):  # a percentage or an em says nothing on its own
        return None


def svg_size(path: Path) -> tuple[int, int] | None:
    # Only the root element's start is read: the drawing itself is the browser's business.
    for _event, root in ET.iterparse(path, events=("start",)):
        width, height = svg_length(root.get("width")), svg_length(root.get("height"))
        box = (root.get("viewBox") or "").replace(",", " ").split()
        if (width is None or height is None) and len(box) == 4:
            box_width, box_height = float(box[2]), float(box[3])
            if width is None and height is None:
                width, height = box_width, box_height
            elif width is None:
                width = height * box_width / box_height
            else:
                height = width * box_height / box_width
        return (round(width), round(height)) if width and height else None
    return None


def smaller_widths(width: int) -> list[int]:
    return [candidate for candidate in SMALLER_WIDTHS if candidate <= width * 0.8]


def smaller_copy(outdir: Path, imagedir: str, name: str, width: int) -> Path:
    return outdir / imagedir / SMALLER.format(width=width) / name


def write_smaller_copy(source: Path, target: Path, width: int) -> None:
    """A copy ``width`` pixels wide, made again only when the original is newer."""
    if target.is_file() and target.stat().st_mtime_ns >= source.stat().st_mtime_ns:
        return
    from PIL import Image, ImageOps

    with Image.open(source) as picture:
        picture = ImageOps.exif_transpose(picture)
        height = round(picture.height * width / picture.width)
        smaller = picture.resize((width, height), Image.Resampling.LANCZOS)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    options = {"quality": 85} if source.suffix.lower() in (".jpg", ".jpeg", ".webp") else {"optimize": True}
    smaller.save(partial, format=Image.registered_extensions()[source.suffix.lower()], **options)
    os.replace(partial, target)


def written_here(node: nodes.image) -> bool:
    """A paper's picture, checked (``check_pictures``); any other image is Sphinx's to write."""
    return isinstance(node.parent, nodes.figure) and "paper-image" in node.parent["classes"]


def image_folder(self) -> str:
    """``_images/`` as the page being written reaches it. A PDF's printable page is
    ``<slug>/index.html``, though the single-page builder takes it for the root."""
    if self.builder.name == "pdf":
        return posixpath.relpath(self.builder.imagedir, posixpath.dirname(self.builder.current_docname) or ".")
    return self.builder.imgpath


def screen_attributes(self, source: Path, name: str, src: str) -> dict:
    """What a browser needs besides the file: its size (no layout shift), when to
    load it, and the smaller copies a narrow screen may take instead."""
    size = intrinsic_size(source, source.stat().st_mtime_ns)
    attributes = {"loading": "lazy", "decoding": "async"}
    if size is None:
        return attributes
    attributes["width"], attributes["height"] = size
    widths = smaller_widths(size[0]) if source.suffix.lower() in RASTER else []
    if widths:
        copies = [(posixpath.join(image_folder(self), SMALLER.format(width=width), quote(name)), width)
                  for width in widths]
        attributes["srcset"] = ", ".join(f"{uri} {width}w" for uri, width in [*copies, (src, size[0])])
        attributes["sizes"] = SIZES  # the copies themselves are made once the pages are written
    return attributes


def visit_image(self, node: nodes.image) -> None:
    """A paper's picture; any other image as Sphinx writes it."""
    if not written_here(node):
        return type(self).visit_image(self, node)
    source = Path(self.builder.srcdir, node["uri"])
    name = self.builder.images[node["uri"]]
    attributes = {"src": posixpath.join(image_folder(self), quote(name)), "alt": node["alt"]}
    # The PDF embeds the original file, all of it, sized by its resolution (papersite.css).
    if self.builder.name != "pdf":
        attributes.update(screen_attributes(self, source, name, attributes["src"]))
    self.body.append(self.emptytag(node, "img", "\n", **attributes))


def depart_image(self, node: nodes.image) -> None:
    if not written_here(node):
        type(self).depart_image(self, node)


def write_smaller_copies(app: Sphinx, exception) -> None:
    """The copies ``srcset`` offers, for every raster picture the pages use (the
    builder's ``images``: gathered in the main process however pages were written)."""
    if exception is not None or app.builder.format != "html" or app.builder.name == "pdf":
        return
    for uri, name in sorted(app.builder.images.items()):
        source = Path(app.srcdir, uri)
        if source.suffix.lower() not in RASTER:
            continue
        size = intrinsic_size(source, source.stat().st_mtime_ns)
        for width in smaller_widths(size[0]) if size else []:
            write_smaller_copy(source, smaller_copy(Path(app.builder.outdir), app.builder.imagedir, name, width), width)


def setup(app: Sphinx):
    app.connect("config-inited", refuse_translated_file_names)
    app.add_transform(KeepEnglishAlt)
    app.add_transform(MarkTranslatedAlt)
    app.connect("doctree-read", check_pictures, priority=600)  # after Sphinx's image collector (500)
    app.add_node(nodes.image, override=True, html=(visit_image, depart_image))
    app.connect("build-finished", write_smaller_copies)
    return {"version": "1", "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
