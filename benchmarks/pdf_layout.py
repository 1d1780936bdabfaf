"""Benchmark: what the PDF layout pass costs (papersite.sphinxext.pdflayout).

Run with ``make bench`` (not a test: timings depend on the machine). Builds a
fresh copy of the project, then for every paper in every language renders its
printable page as WeasyPrint alone would (one rendering) and through the layout
pass (one rendering when every page-fill rule holds; else the changed chapters
rendered alone and spliced in, or the whole page again), each the faster of two
runs, and prints both times,
their ratio, and what the pass rendered, with the machine's load.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARTS = ("conf.py", "source", "locale", "_templates", "papersite")

sys.path.insert(0, str(ROOT))
from papersite.build import staging  # noqa: E402
from papersite.project import Project  # noqa: E402
from papersite.sphinxext.pdflayout import LOG, laid_out  # noqa: E402
from papersite.sphinxext.pdftags import RENDER_OPTIONS  # noqa: E402


class Renderings(logging.Handler):
    """The layout pass's own account of what it rendered."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.said = ""

    def emit(self, record: logging.LogRecord) -> None:
        self.said = record.getMessage()


def built_project(folder: Path) -> Project:
    for part in PARTS:
        source = ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, folder / part)
    subprocess.run([sys.executable, "-m", "papersite", "site"], cwd=folder, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return Project(root=folder)


def timed(function) -> tuple[float, object]:
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def main() -> int:
    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    renderings = Renderings()
    LOG.addHandler(renderings)
    LOG.setLevel(logging.INFO)
    with tempfile.TemporaryDirectory() as temporary:
        project = built_project(Path(temporary))
        print(f"machine load (1, 5, 15 min): {' '.join(f'{load:.2f}' for load in os.getloadavg())}, {os.cpu_count()} cores")
        print(f"{'PDF':46} {'pages':>5} {'one rendering':>14} {'layout pass':>12} {'ratio':>6}  rendered")
        totals = [0.0, 0.0]
        for code in project.language_codes:
            for paper in project.papers:
                page = staging(project, code) / "pdf" / paper.slug / "index.html"
                # Each the faster of two runs: the first of a language also loads its fonts.
                plain, document = min((timed(lambda: HTML(filename=str(page)).render(**RENDER_OPTIONS))
                                       for _ in range(2)), key=lambda run: run[0])
                passed = min(timed(lambda: laid_out(page, None, **RENDER_OPTIONS))[0] for _ in range(2))
                totals[0] += plain
                totals[1] += passed
                what = re.sub(r"^.*: ", "", renderings.said)
                print(f"{paper.pdf_file(code):46} {len(document.pages):>5} {plain:>13.1f}s {passed:>11.1f}s "
                      f"{passed / plain:>6.2f}  {what}")
        print(f"{'all':46} {'':>5} {totals[0]:>13.1f}s {totals[1]:>11.1f}s {totals[1] / totals[0]:>6.2f}")
        print(f"machine load after: {' '.join(f'{load:.2f}' for load in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
