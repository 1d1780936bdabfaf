"""Benchmark: the project's build against the naive one, in one run.

Run with ``make bench``. Each variant builds a fresh copy of the project:

* naive: what a user writes from the Sphinx and sphinx-intl documentation, one
  language after the other, ``sphinx-build -b html -D language=L`` and then a
  separate PDF build of the same language (its own doctrees, so a second read);
* ours: ``python -m papersite site`` (languages in parallel, one read per
  language shared by HTML and PDF);
* then one message of one catalog is edited and ``python -m papersite site``
  runs again: only that language may be rebuilt.

Prints wall times, their ratio and the peak memory of the largest process.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PARTS = ("conf.py", "links.toml", "source", "locale", "_templates", "papersite")
EDITED_LANGUAGE = "ja"


def fresh_copy(folder: Path) -> Path:
    for part in PARTS:
        source = ROOT / part
        copy = shutil.copytree if source.is_dir() else shutil.copy2
        copy(source, folder / part, **({"ignore": shutil.ignore_patterns("__pycache__")} if source.is_dir() else {}))
    return folder


def timed(commands: list[list[str]], cwd: Path) -> float:
    started = time.perf_counter()
    for command in commands:
        subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def naive_commands(languages: list[str]) -> list[list[str]]:
    sphinx = [sys.executable, "-m", "sphinx", "-q", "-c", "."]
    commands = []
    for language in languages:
        overrides = ["-D", f"language={language}", "-D", "gettext_auto_build=1"]
        commands.append([*sphinx, "-b", "html", *overrides, "source", f"_build/naive/html/{language}"])
        commands.append([*sphinx, "-b", "pdf", *overrides, "source", f"_build/naive/pdf/{language}"])
    return commands


def edit_one_message(project: Path) -> None:
    path = project / "locale" / EDITED_LANGUAGE / "LC_MESSAGES" / "conclusion.po"
    catalog = polib.pofile(str(path))
    entry = next(entry for entry in catalog if entry.msgstr)
    entry.msgstr += "†"  # a translator's one-character edit
    catalog.save(str(path))


def snapshot(site: Path) -> dict[str, int]:
    return {str(path.relative_to(site)): path.stat().st_mtime_ns for path in site.rglob("*") if path.is_file()}


def peak_memory_mib() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from papersite.project import Project

    languages = Project().language_codes
    ours_cli = [[sys.executable, "-m", "papersite", "site"]]
    with tempfile.TemporaryDirectory() as naive_dir, tempfile.TemporaryDirectory() as ours_dir:
        naive = timed(naive_commands(languages), fresh_copy(Path(naive_dir)))
        naive_memory = peak_memory_mib()
        project = fresh_copy(Path(ours_dir))
        ours = timed(ours_cli, project)
        ours_memory = peak_memory_mib()

        before = snapshot(project / "_build" / "site")
        edit_one_message(project)
        incremental = timed(ours_cli, project)
        steps = json.loads((project / "_build" / "build-report.json").read_text())["languages"][EDITED_LANGUAGE]
        after = snapshot(project / "_build" / "site")
        touched = sorted({name.split("/")[0] for name in after if before.get(name) != after[name]})
        pdfs = sorted(name for name in after if name.endswith(".pdf") and before.get(name) != after[name])

    print(f"languages: {' '.join(languages)} on {os.cpu_count()} cores")
    print(f"naive sequence (html + separate pdf, per language): {naive:7.1f} s   peak {naive_memory:6.0f} MiB")
    print(f"python -m papersite site (parallel, shared doctrees): {ours:5.1f} s   peak {ours_memory:6.0f} MiB")
    print(f"ratio ours / naive: {ours / naive:.2f}  (goal <= 0.50)")
    print(f"after editing one {EDITED_LANGUAGE} message: {incremental:.1f} s for the whole command, of which "
          f"{EDITED_LANGUAGE} HTML {steps['html_seconds']:.1f} s (goal < 3 s) and its PDF {steps['pdf_seconds']:.1f} s")
    print(f"  outputs rewritten under: {', '.join(touched) or 'nothing'}")
    print(f"  PDFs regenerated: {', '.join(pdfs) or 'none'}")
    ok = ours / naive <= 0.5 and steps["html_seconds"] < 3 and touched == [EDITED_LANGUAGE] and len(pdfs) == 1
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
