"""Benchmark: the project's build against the naive one, and how it scales, in one run.

Run with ``make bench`` (several minutes; not a test). Each variant builds a fresh
copy of the project in a temporary folder:

* naive: what a user writes from the Sphinx and sphinx-intl documentation, one
  paper and language after the other: ``sphinx-build -b html`` for that paper
  alone, then a separate PDF build of it (its own doctrees, so a second read);
* ours: ``python -m papersite site`` from clean (languages in parallel, one read
  per language shared by HTML and PDF, every paper in one project);
* one message of one paper in one language edited, then ``site`` again: only
  that paper-language pair may change in the published site; beside it, the
  floor of a rebuild that renders that one PDF whole: WeasyPrint alone
  rendering it. Every edit, the first included, is served by the process the
  build from clean left with that PDF's pages, which lays out only the changed
  chapter; the memory those processes hold is printed beside;
* publishing an unchanged site again: how many bytes it copies;
* growth: 1 paper against 2, and 6 languages against 24 (18 pseudo-locales made
  here from the German catalogs); when the project has fewer papers than a
  variant needs, the first paper is cloned under another name.

Prints wall times, ratios and the peak memory (RSS) of the largest process.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PARTS = ("conf.py", "source", "locale", "_templates", "papersite")
EDITED_LANGUAGE = "ja"
EDITED_DOCUMENT = "conclusion"
# The same message, edited again each time: a translator's first save after the
# build and the next ones (the goal's measure: their median, and the first alone).
EDITS = 4
# Locales Babel and Sphinx know; their catalogs are copies of the German ones, so
# each has German's two plural forms in CLDR (a copy into a language with one or
# three would rightly be refused by the checks).
PSEUDO_LOCALES = ["fr", "es", "it", "pt_BR", "nl", "sv", "fi", "da", "nb", "el", "et", "ca",
                  "bg", "eu", "gl", "sq", "eo", "is"]
MEASURE = ("import resource, subprocess, sys, time; started = time.perf_counter(); "
           "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode; "
           "print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)")

sys.path.insert(0, str(ROOT))
from papersite.project import Project  # noqa: E402
from papersite.sphinxext import pdfwarm  # noqa: E402


def measured(commands: list[list[str]], cwd: Path) -> tuple[float, float]:
    """Wall time of the commands in sequence, and the largest process's peak RSS in MiB."""
    seconds, peak = 0.0, 0.0
    for command in commands:
        output = subprocess.run([sys.executable, "-c", MEASURE, *command], cwd=cwd, capture_output=True,
                                text=True, check=True).stdout.split()
        if output[2] != "0":
            raise SystemExit(f"failed in {cwd}: {' '.join(command)}")
        seconds += float(output[0])
        peak = max(peak, int(output[1]) / 1024)
    return seconds, peak


def unique_names(text: str, slug: str) -> str:
    """Labels and glossary terms are site-wide in Sphinx: the clone's get its own."""
    text = text.replace(":name: ", f":name: {slug}-")
    lines, in_glossary = [], False
    for line in text.splitlines():
        if line.startswith("```"):
            in_glossary = line.startswith("```{glossary}")
        elif in_glossary and line.strip() and not line[0].isspace():
            line = f"{line} ({slug})"
        lines.append(line)
    return "\n".join(lines) + "\n"


def clone_paper(project: Project, slug: str, number: int) -> None:
    """A pseudo-paper: the first paper's sources and catalogs under another name."""
    paper = project.papers[0]
    shutil.copytree(paper.folder, project.source / slug)
    for page in (project.source / slug).rglob("*.md"):
        page.write_text(unique_names(page.read_text(encoding="utf-8"), slug), encoding="utf-8")
    settings = (project.source / slug / "paper.toml").read_text(encoding="utf-8")
    settings = re.sub(r'(?m)^pdf_name = .*$', f'pdf_name = "{slug}"', settings)
    settings = re.sub(r'(?m)^order = .*$', f"order = {100 + number}", settings)
    (project.source / slug / "paper.toml").write_text(settings, encoding="utf-8")
    for language in project.translations:
        folder = project.catalog_folder(language) / paper.slug
        if folder.is_dir():
            shutil.copytree(folder, project.catalog_folder(language) / slug)


def add_pseudo_locales(project: Project, count: int) -> None:
    codes = PSEUDO_LOCALES[:count]
    for code in codes:
        shutil.copytree(project.locale / "de", project.locale / code)
    with (project.root / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(f"\nsite_languages = [*site_languages, *{codes!r}]  # benchmark pseudo-locales\n")


def fresh_copy(folder: Path, papers: int, languages: int) -> Project:
    folder.mkdir(parents=True)
    for part in PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, folder / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, folder / part)
    project = Project(root=folder)
    for extra in project.papers[papers:]:  # fewer papers: the others are removed
        shutil.rmtree(extra.folder)
        for language in project.translations:
            shutil.rmtree(project.catalog_folder(language) / extra.slug, ignore_errors=True)
    for number in range(len(project.papers), papers):
        clone_paper(project, f"pseudo-paper-{number}", number)
    if languages > len(project.language_codes):
        add_pseudo_locales(project, languages - len(project.language_codes))
    return Project(root=folder)


def naive_commands(project: Project) -> list[list[str]]:
    """Per paper and language: an HTML build of that paper alone, then a PDF build."""
    # A stock Sphinx loop: no process of ours stays after its PDF builds (pdfwarm).
    sphinx = ["env", "PAPERSITE_WARM_PDF=0", sys.executable, "-m", "sphinx", "-q", "-c", "."]
    commands = []
    for paper in project.papers:
        others = [f"{other.slug}/**" for other in project.papers if other != paper]
        alone = ["-D", f"root_doc={paper.home}", "-D", "exclude_patterns=" + ",".join(["index.md", *others])]
        for language in project.language_codes:
            overrides = ["-D", f"language={language}", "-D", "gettext_auto_build=1", *alone]
            out = f"_build/naive/{paper.slug}/{language}"
            commands.append([*sphinx, "-b", "html", *overrides, "source", f"{out}/html"])
            commands.append([*sphinx, "-b", "pdf", *overrides, "source", f"{out}/pdf"])
    return commands


OURS = [[sys.executable, "-m", "papersite", "site"]]


def edit_one_message(project: Project) -> None:
    paper = project.papers[0]
    path = project.catalog_folder(EDITED_LANGUAGE) / paper.slug / f"{EDITED_DOCUMENT}.po"
    catalog = polib.pofile(str(path))
    # A paragraph: a heading would rightly change every page whose navigation shows it.
    entry = next(entry for entry in catalog if entry.msgstr and "{link}" not in entry.msgid and len(entry.msgid) > 80)
    entry.msgstr += "†"  # a translator's one-character edit
    catalog.save(str(path))


RENDER_ALONE = ("import sys; from weasyprint import HTML; "
                "from papersite.sphinxext.pdftags import RENDER_OPTIONS, finish_tagged_pdf; "
                "HTML(sys.argv[1]).write_pdf(sys.argv[2], finisher=finish_tagged_pdf, **RENDER_OPTIONS)")


def renderer_alone(project: Project) -> float:
    """The edited paper's PDF rendered by WeasyPrint alone, in a new process, from
    the printable page the build left: what no rebuild of that PDF can go below."""
    paper = project.papers[0]
    printable = project.build / "staging" / EDITED_LANGUAGE / "pdf" / f"{paper.home}.html"
    seconds, _ = measured([[sys.executable, "-c", RENDER_ALONE, str(printable), str(project.build / "alone.pdf")]],
                          project.root)
    return seconds


def snapshot(site: Path) -> dict[str, tuple[int, int]]:
    site = site.resolve()
    return {str(path.relative_to(site)): (path.stat().st_mtime_ns, path.stat().st_ino)
            for path in site.rglob("*") if path.is_file()}


def site_bytes(site: Path) -> int:
    return sum(path.stat().st_size for path in site.resolve().rglob("*") if path.is_file())


def publish_again(project: Project) -> tuple[float, int, int]:
    """Publish the unchanged site once more: seconds, files and bytes not shared with the previous release."""
    before = snapshot(project.site)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "from papersite.project import Project; from papersite.publish import publish; "
                    "publish(Project())"], cwd=project.root, check=True)
    seconds = time.perf_counter() - started
    site = project.site.resolve()
    copied = [name for name, (_, inode) in snapshot(project.site).items() if before.get(name, (0, -1))[1] != inode]
    return seconds, len(copied), sum((site / name).stat().st_size for name in copied)


def variant(folder: Path, papers: int, languages: int) -> tuple[Project, float, float]:
    project = fresh_copy(folder, papers, languages)
    seconds, peak = measured(OURS, project.root)
    return project, seconds, peak


def kept_pdfs() -> tuple[int, float]:
    """The processes keeping a PDF's pages (papersite.sphinxext.pdfwarm), and their memory in MiB."""
    count, kib = 0, 0
    for process in Path("/proc").glob("[0-9]*"):
        try:
            if (process / "comm").read_text().strip() != pdfwarm.PROCESS_NAME:
                continue
            rollup = (process / "smaps_rollup").read_text()
        except OSError:
            continue
        count += 1
        kib += int(re.search(r"^Pss:\s+(\d+)", rollup, re.M).group(1))
    return count, kib / 1024


def main() -> int:
    base = Project()
    languages = len(base.language_codes)
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        # The kept PDFs' sockets of this run alone: ones the user's own builds keep
        # would count against the number kept (pdfwarm.KEPT_AT_MOST).
        (work / "run").mkdir(mode=0o700)
        os.environ["XDG_RUNTIME_DIR"] = str(work / "run")
        naive_project = fresh_copy(work / "naive", 2, languages)
        naive, naive_peak = measured(naive_commands(naive_project), naive_project.root)
        shutil.rmtree(work / "naive")

        project, ours, ours_peak = variant(work / "ours", 2, languages)
        kept_count, kept_mib = kept_pdfs()
        pairs = len(project.papers) * len(project.language_codes)

        before = snapshot(project.site)
        edits, floors = [], []
        for _ in range(EDITS):  # one run is one sample of a few seconds: the median of a few
            edit_one_message(project)
            edits.append(measured(OURS, project.root)[0])
            time.sleep(1)  # the process that rendered it finishes keeping its pages: not the floor's time
            floors.append(renderer_alone(project))  # right after: under the same load
        first_edit, incremental = edits[0], statistics.median(edits)
        after = snapshot(project.site)
        changed = sorted(name for name in after if before.get(name, (0, 0))[0] != after[name][0])
        paper = project.papers[0]
        allowed = (f"{EDITED_LANGUAGE}/{paper.slug}/", f"{EDITED_LANGUAGE}/{paper.pdf_file(EDITED_LANGUAGE)}",
                   f"{EDITED_LANGUAGE}/searchindex.js")
        outside = [name for name in changed if not name.startswith(allowed)]

        floor = statistics.median(floors)
        publish_seconds, copied_files, copied_bytes = publish_again(project)
        total_bytes = site_bytes(project.site)
        shutil.rmtree(work / "ours")

        one_paper_project, one_paper, one_paper_peak = variant(work / "one-paper", 1, languages)
        shutil.rmtree(work / "one-paper")
        _, many_languages, many_peak = variant(work / "many-languages", 2, 24)
        shutil.rmtree(work / "many-languages")

    print(f"{len(project.papers)} papers x {languages} languages on {os.cpu_count()} cores")
    print(f"naive loop (per paper and language: html, then a separate pdf): {naive:7.1f} s   peak {naive_peak:5.0f} MiB")
    print(f"python -m papersite site from clean:                            {ours:7.1f} s   peak {ours_peak:5.0f} MiB")
    print(f"  ratio ours / naive: {ours / naive:.2f}  (goal <= 0.40)")
    print(f"one {EDITED_LANGUAGE} message of {paper.slug} edited: whole command {incremental:.1f} s "
          f"(goal <= the floor below + 0.5 s = {floor + 0.5:.1f} s); "
          f"median of {', '.join(f'{seconds:.1f}' for seconds in edits)}")
    print(f"  the first edit after the build from clean: {first_edit:.1f} s; the build left {kept_count} "
          f"processes keeping a PDF's pages, {kept_mib:.0f} MiB in all (proportional set size)")
    print(f"  of which no build can go below {floor:.1f} s: WeasyPrint alone rendering that PDF in a new process "
          f"(median of {', '.join(f'{seconds:.1f}' for seconds in floors)})")
    print(f"  published files rewritten by those edits: {len(changed)}, outside that paper-language pair: {outside or 'none'}")
    print(f"publishing the unchanged site again: {publish_seconds:.2f} s, {copied_files} files / "
          f"{copied_bytes} bytes copied of {total_bytes} (the rest are hard links)")
    print("growth (from clean):")
    print(f"  1 paper  x {languages:2d} languages: {one_paper:6.1f} s   peak {one_paper_peak:5.0f} MiB")
    print(f"  2 papers x {languages:2d} languages: {ours:6.1f} s   peak {ours_peak:5.0f} MiB   "
          f"time x{ours / one_paper:.2f} for x2 papers")
    print(f"  2 papers x 24 languages: {many_languages:6.1f} s   peak {many_peak:5.0f} MiB   "
          f"time x{many_languages / ours:.2f} for x{24 / languages:.0f} languages")
    print(f"  per paper-language pair: {one_paper / languages:.1f} s, {ours / pairs:.1f} s, {many_languages / 48:.1f} s")
    peak = max(ours_peak, one_paper_peak, many_peak)
    ok = (ours / naive <= 0.4 and max(first_edit, incremental) <= floor + 0.5 and not outside and copied_bytes == 0 and peak <= 1024)
    print("all goals met" if ok else "some goals not met")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
