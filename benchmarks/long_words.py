#!/usr/bin/env python3
"""WeasyPrint's time against the length of one unbreakable word, with the PDF's
hyphenation (``hyphens: auto``, German): why a translation's longest word is
bounded (``papersite.catalog.limits``: 64 letters, or twice the English
message's longest). Prints seconds per length and the growth exponent between
successive lengths; a linear renderer would show about 1.
"""

from __future__ import annotations

import math
import os
import time

from weasyprint import HTML

LENGTHS = (64, 256, 1024, 2048, 4096)
PAGE = ('<html lang="de"><body style="font-family: \'Noto Serif\'; width: 160mm">'
        '<p style="hyphens: auto; text-align: justify">Ein Satz mit {word} darin.</p></body></html>')


def seconds(length: int) -> float:
    word = ("Containerorchestrierung" * (length // 23 + 1))[:length]
    started = time.perf_counter()
    HTML(string=PAGE.format(word=word)).write_pdf()
    return time.perf_counter() - started


def main() -> None:
    seconds(64)  # WeasyPrint's and Pyphen's start-up is not the word's
    print(f"load average {os.getloadavg()[0]:.2f}")
    previous = None
    for length in LENGTHS:
        taken = min(seconds(length) for _ in range(2))
        growth = f"  growth n^{math.log(taken / previous[1]) / math.log(length / previous[0]):.2f}" if previous else ""
        print(f"{length:6d} letters: {taken:7.3f} s{growth}")
        previous = (length, taken)


if __name__ == "__main__":
    main()
