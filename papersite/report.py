"""``stats``: translation progress per paper, document and language, as terminal
tables (``words``: translated of all) and as JSON. The interface's catalog (shared by all papers) and the
library home's are counted apart, in no paper's total."""

from __future__ import annotations

import json
from pathlib import Path

from rich import box
from rich.console import Console
from rich.table import Table

from .catalog.stats import Counts, language_counts_by_path, total
from .project import Project


SITE = None  # the group of catalogs that belong to no paper: interface, library home


def document_counts(paths: list[Path], folder: Path, counts: dict[Path, Counts]) -> dict[str, Counts]:
    return {path.relative_to(folder).with_suffix("").as_posix(): counts[path] for path in paths}


def language_counts(project: Project, language: str) -> dict[str | None, dict[str, Counts]]:
    """Per paper slug (then SITE), the counts of each of its documents' catalogs."""
    counts = language_counts_by_path(project, language)
    groups = {}
    for paper in project.papers:
        folder = project.catalog_folder(language) / paper.slug
        groups[paper.slug] = document_counts(project.paper_catalogs(paper, language), folder, counts)
    shared = [path for path in project.catalogs(language) if path.parent == project.catalog_folder(language)]
    groups[SITE] = document_counts(shared, project.catalog_folder(language), counts)
    return groups


def summary(per_document: dict[str, Counts]) -> dict:
    return {
        "total": total(per_document.values()).as_dict(),
        "documents": {name: counts.as_dict() for name, counts in per_document.items()},
    }


def stats_document(project: Project, languages: list[str]) -> dict:
    """``{language: {"papers": {slug: {total, documents}}, "site": {total, documents}}}``."""
    document = {}
    for language in languages:
        groups = language_counts(project, language)
        shared = groups.pop(SITE)
        document[language] = {"papers": {slug: summary(counts) for slug, counts in groups.items()},
                              "site": summary(shared)}
    return document


def write_stats(project: Project, languages: list[str]) -> Path:
    target = project.build / "stats.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(stats_document(project, languages), ensure_ascii=False, indent=1) + "\n")
    return target


def row(name: str, counts: Counts) -> list[str]:
    m, w = counts.messages, counts.words
    return [name, str(m["translated"]), str(m["fuzzy"]), str(m["failing"]), str(m["untranslated"]),
            f"{w['translated']}/{sum(w.values())}", f"{counts.percent}%"]


def print_stats(project: Project, languages: list[str], console: Console) -> None:
    for language in languages:
        for group, per_document in language_counts(project, language).items():
            name = "site (interface, library home)" if group == SITE else group
            # 80 columns wide at most (tested): only a long document name wraps.
            table = Table(title=f"{language} · {name}: {total(per_document.values()).percent}% translated",
                          box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, collapse_padding=True)
            table.add_column("document", overflow="fold")
            for column in ("translated", "fuzzy", "failing", "untranslated", "words", "percent"):
                table.add_column(column, justify="right", no_wrap=True)
            for document, counts in per_document.items():
                table.add_row(*row(document, counts))
            table.add_row(*row("all", total(per_document.values())), style="bold")
            console.print(table)
            console.print()


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}" + ("" if count == 1 else "s")


def check_po_summary(project: Project, languages: list[str], result) -> str:
    """check-po's last line: what it read (a ``checkpo.CheckResult``) and what it found."""
    problems = result.problems
    errors = sum(problem.severity == "error" for problem in problems)
    parts = [plural(result.catalogs, "catalog"), plural(result.messages, "message"),
             plural(len(languages), "language")]
    found = [plural(errors, "error"), plural(len(problems) - errors, "warning")]
    if project.paper_problems:
        found.append(plural(len(project.paper_problems), "paper") + " left out")
    return f"check-po: {', '.join(parts)}: {', '.join(found)}"
