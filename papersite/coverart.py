"""Each paper's cover artwork, drawn here from its settings: no picture files,
no third-party logos, the same on its PDF cover and its first web page.

A paper's accent colour is its ``accent`` setting (``paper.toml``, optional,
``#rrggbb``) or, without one, a hue derived from its slug at a lightness that
white text reads well on. The artwork is a field of quarter-circle arcs (Truchet
tiles: paths that join from tile to tile, like the links of a network) with
nodes where paths meet, laid out by a random generator seeded with the paper's
slug and title, so each paper has its own and the same one on every build.

Only numbers from the settings reach the SVG (colours are validated, the rest
are hashed), so nothing in a setting can add markup.
"""

from __future__ import annotations

import colorsys
import hashlib
import random
import re
from pathlib import Path

from .papers import PaperError

ACCENT = re.compile(r"#[0-9a-fA-F]{6}")
# White text on the accent and accent text on white: WCAG's 4.5:1 for body text.
MIN_CONTRAST = 4.5
WHITE, DARK_PAGE = (1.0, 1.0, 1.0), (0x13 / 255, 0x14 / 255, 0x16 / 255)  # furo's dark background


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    return tuple(int(hex_colour[index:index + 2], 16) / 255 for index in (1, 3, 5))


def _hex(rgb) -> str:
    return "#" + "".join(f"{round(min(1.0, max(0.0, part)) * 255):02x}" for part in rgb)


def luminance(rgb) -> float:
    """WCAG's relative luminance."""
    def linear(part: float) -> float:
        return part / 12.92 if part <= 0.03928 else ((part + 0.055) / 1.055) ** 2.4
    red, green, blue = (linear(part) for part in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first, second) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _with_lightness(rgb, lightness: float):
    hue, _, saturation = colorsys.rgb_to_hls(*rgb)
    return colorsys.hls_to_rgb(hue, lightness, saturation)


def until_contrast(rgb, against, step: float):
    """``rgb`` made darker (step < 0) or lighter (step > 0) until it reads on ``against``."""
    hue, lightness, saturation = colorsys.rgb_to_hls(*rgb)
    while contrast(colorsys.hls_to_rgb(hue, lightness, saturation), against) < MIN_CONTRAST and 0 < lightness < 1:
        lightness = min(1.0, max(0.0, lightness + step))
    return colorsys.hls_to_rgb(hue, lightness, saturation)


# Deep colours a cover can carry; a paper without an accent gets one by its slug.
DERIVED_ACCENTS = ("#1d4f7c", "#0f5e63", "#3d3f8f", "#5b3a86", "#8e2c48", "#245f3c", "#7a4416", "#2b4a6b")


def derived_accent(slug: str) -> str:
    return DERIVED_ACCENTS[int(hashlib.sha256(slug.encode()).hexdigest()[:8], 16) % len(DERIVED_ACCENTS)]


def accent_of(settings: dict, slug: str, where: Path | str = "paper.toml") -> str:
    value = settings.get("accent")
    if value is None:
        return derived_accent(slug)
    if not isinstance(value, str) or not ACCENT.fullmatch(value):
        raise PaperError(Path(where), f"'accent' must be a colour written #rrggbb, not {value!r}")
    return value.lower()


def palette(accent: str) -> dict[str, str]:
    """The colours of a cover: the band (dark enough for white text), tints for
    the artwork, and the accent as text on light and dark pages."""
    rgb = _rgb(accent)
    band = until_contrast(rgb, WHITE, -0.02)
    hue, lightness, saturation = colorsys.rgb_to_hls(*band)
    return {
        "band": _hex(band),
        "band_deep": _hex(colorsys.hls_to_rgb(hue, max(0.0, lightness - 0.1), saturation)),
        "line": _hex(colorsys.hls_to_rgb(hue, min(1.0, lightness + 0.22), min(1.0, saturation * 0.9))),
        "line_faint": _hex(colorsys.hls_to_rgb(hue, min(1.0, lightness + 0.1), saturation)),
        "node": _hex(colorsys.hls_to_rgb((hue + 0.11) % 1, 0.72, 0.85)),
        "ink": _hex(until_contrast(rgb, WHITE, -0.02)),
        "ink_dark": _hex(until_contrast(rgb, DARK_PAGE, 0.02)),
    }


def _seeded(slug: str, title: str) -> random.Random:
    return random.Random(int(hashlib.sha256(f"{slug}\0{title}".encode()).hexdigest(), 16))


CUBE = 13.0  # a block's edge, in the artwork's units (the PDF draws one unit a millimetre)
COS30, SIN30 = 0.8660254, 0.5


def _field(rng: random.Random, width: float, height: float):
    """A smooth random height field: a few hills, so blocks stand in clusters."""
    hills = [(rng.uniform(0.15, 0.95) * width, rng.uniform(0.2, 0.9) * height,
              rng.uniform(0.2, 0.34) * width, rng.uniform(2.2, 4.2)) for _ in range(rng.randint(3, 4))]

    def at(x: float, y: float) -> float:
        return sum(peak * max(0.0, 1 - ((x - cx) ** 2 + (y - cy) ** 2) / spread ** 2) for cx, cy, spread, peak in hills)
    return at


def _cube(x: float, y: float, colours: dict[str, str]) -> str:
    """An isometric block whose top face's near corner is at (x, y)."""
    w, h = CUBE * COS30, CUBE * SIN30
    top = f"M{x:.2f} {y:.2f}l{w:.2f} {-h:.2f}l{-w:.2f} {-h:.2f}l{-w:.2f} {h:.2f}z"
    left = f"M{x:.2f} {y:.2f}l{-w:.2f} {-h:.2f}v{CUBE:.2f}l{w:.2f} {h:.2f}z"
    right = f"M{x:.2f} {y:.2f}l{w:.2f} {-h:.2f}v{CUBE:.2f}l{-w:.2f} {h:.2f}z"
    return (f'<path d="{top}" fill="{colours["top"]}"/><path d="{left}" fill="{colours["left"]}"/>'
            f'<path d="{right}" fill="{colours["right"]}"/>')


def artwork(slug: str, title: str, accent: str, width: int = 210, height: int = 140) -> str:
    """The cover's artwork as SVG: a band of the accent colour with stacks of
    blocks (isometric, lit from the top left) rising in clusters."""
    colours = palette(accent)
    rng = _seeded(slug, title)
    field = _field(rng, width, height)
    hue, lightness, saturation = colorsys.rgb_to_hls(*_rgb(colours["band"]))
    faces = {"top": _hex(colorsys.hls_to_rgb(hue, min(0.9, lightness + 0.32), saturation * 0.7)),
             "left": _hex(colorsys.hls_to_rgb(hue, min(0.8, lightness + 0.14), saturation)),
             "right": _hex(colorsys.hls_to_rgb(hue, max(0.05, lightness - 0.06), saturation))}
    lit = {**faces, "top": colours["node"]}
    w, h = CUBE * COS30, CUBE * SIN30
    blocks = []
    # Grid positions from the back (top of the band) to the front, so nearer blocks hide farther ones.
    span = int(width / w) + int(height / h) + 4
    for depth in range(-span, span):
        for across in range(-span, span):
            x = (across - depth) * w + width / 2
            y = (across + depth) * h
            if not (-CUBE < x < width + CUBE and 0 < y < height + 4 * CUBE):
                continue
            stack = int(field(x, y) + rng.uniform(-0.15, 0.15) - 0.5)
            for level in range(max(0, stack)):
                top_y = y - level * CUBE
                blocks.append((y, level, x, top_y, rng.random() < 0.05 and level == stack - 1))
    blocks.sort(key=lambda block: (block[0], block[1]))
    shapes = [_cube(x, top_y, lit if bright else faces) for _, _, x, top_y, bright in blocks]
    return "".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}mm" height="{height}mm" preserveAspectRatio="xMidYMid slice">',
        f'<clipPath id="band"><rect width="{width}" height="{height}"/></clipPath>',
        f'<rect width="{width}" height="{height}" fill="{colours["band"]}"/>',
        '<g clip-path="url(#band)">', *shapes, "</g></svg>",
    ])
