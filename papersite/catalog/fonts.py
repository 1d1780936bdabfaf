"""Which characters a language's PDF can draw: the character maps of its fonts.

WeasyPrint asks Pango, which asks fontconfig, for each family of the print
stylesheet and falls back, character by character, through fontconfig's sorted
list of fonts for that family and language; a character none of them maps is
drawn as an empty box and WeasyPrint warns (which fails the language). So the
drawable characters are the union of the character maps (read with fontTools)
of the fonts ``fc-match --sort`` names for each family of the stylesheet, in
the language. Reading a CJK font's map takes a while: each font file's map is
cached on disk, keyed by its path, size and time.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

PRINT_CSS = Path(__file__).resolve().parent.parent / "sphinxext" / "static" / "papersite-print.css"
# A family named in a font-family or font declaration of the stylesheet (the maintainers' file).
FAMILY = re.compile(r'"([^"\n]+)"')
GENERIC = ("serif", "sans-serif", "monospace")
# Drawn as space, never as a glyph.
BLANK = frozenset(map(ord, " \n\t"))


def stylesheet_families(css: Path = PRINT_CSS) -> list[str]:
    families = []
    for declaration in re.findall(r"font(?:-family)?\s*:([^;}]*)", css.read_text(encoding="utf-8")):
        families += [name for name in FAMILY.findall(declaration) if name not in families]
    return families + list(GENERIC)


def fontconfig_tag(language: str) -> str:
    return language.replace("_", "-").lower()


def font_files(language: str, families: list[str]) -> list[Path]:
    """The fonts fontconfig would try for these families in this language, in no particular order."""
    program = shutil.which("fc-match")
    if program is None:
        raise RuntimeError("fc-match is missing: install the Debian package fontconfig")
    files: dict[str, None] = {}
    for family in families:
        pattern = f"{family}:lang={fontconfig_tag(language)}"
        result = subprocess.run([program, "--sort", "--format", "%{file}\n", pattern],
                                capture_output=True, text=True, check=True)
        files.update(dict.fromkeys(line for line in result.stdout.splitlines() if line))
    return [Path(name) for name in sorted(files)]


def file_key(path: Path) -> str:
    status = path.stat()
    return hashlib.sha256(f"{path}\0{status.st_size}\0{status.st_mtime_ns}".encode()).hexdigest()[:32]


def as_ranges(codepoints: set[int]) -> list[list[int]]:
    ranges: list[list[int]] = []
    for code in sorted(codepoints):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return ranges


def read_character_map(path: Path) -> set[int]:
    from fontTools.ttLib import TTCollection, TTFont

    if path.suffix.lower() in (".ttc", ".otc"):
        fonts = TTCollection(str(path), lazy=True).fonts
    else:
        fonts = [TTFont(str(path), lazy=True)]
    codepoints: set[int] = set()
    for font in fonts:
        if "cmap" in font:
            codepoints.update(font.getBestCmap() or {})
    return codepoints


def character_map(path: Path, cache: Path | None) -> set[int]:
    """One font file's map, from the cache when the file is unchanged."""
    cached = cache / f"{file_key(path)}.json" if cache else None
    if cached and cached.is_file():
        try:
            return {code for start, end in json.loads(cached.read_text()) for code in range(start, end + 1)}
        except (ValueError, TypeError):
            pass  # a cache cut short: read the font again
    try:
        codepoints = read_character_map(path)
    except Exception:  # a font fontTools cannot read draws nothing we could count on
        codepoints = set()
    if cached:
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            cached.write_text(json.dumps(as_ranges(codepoints)))
        except OSError:
            pass  # a read-only build folder: no cache, same answer
    return codepoints


@lru_cache(maxsize=16)
def drawable(language: str, cache: Path | None = None) -> frozenset[int]:
    """Every character some font of the language's PDF maps."""
    codepoints: set[int] = set(BLANK)
    for path in font_files(language, stylesheet_families()):
        codepoints |= character_map(path, cache)
    return frozenset(codepoints)


def coverage_digest(language: str) -> str:
    """What the coverage depends on, for caches of verdicts."""
    files = font_files(language, stylesheet_families())
    return hashlib.sha256("\n".join(file_key(path) for path in files if path.exists()).encode()).hexdigest()


def undrawable(text: str, characters: frozenset[int]) -> list[str]:
    return sorted({f"U+{ord(char):04X}" for char in text if ord(char) not in characters})
