"""``stats``: translation progress as a terminal table and as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import polib
from rich.console import Console
from rich.table import Table

from .project import Project, ProjectError
from .stats import Counts, catalog_counts, total


def read_catalog(path: Path) -> polib.POFile:
    try:
        return polib.pofile(str(path))
    except (OSError, ValueError) as error:  # polib's syntax errors are OSErrors, bad bytes ValueErrors
        raise ProjectError(f"{path}: cannot be read ({error}); make check-po shows the line") from error


def language_counts(project: Project, language: str) -> dict[str, Counts]:
    return {path.stem: catalog_counts(read_catalog(path)) for path in project.catalogs(language)}


def stats_document(project: Project, languages: list[str]) -> dict:
    document = {}
    for language in languages:
        per_catalog = language_counts(project, language)
        document[language] = {
            "total": total(per_catalog.values()).as_dict(),
            "documents": {name: counts.as_dict() for name, counts in per_catalog.items()},
        }
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
        per_catalog = language_counts(project, language)
        table = Table(title=f"{language}: {total(per_catalog.values()).percent}% translated")
        for column in ("document", "translated", "fuzzy", "failing", "untranslated", "words translated", "percent"):
            table.add_column(column, justify="left" if column == "document" else "right")
        for name, counts in per_catalog.items():
            table.add_row(*row(name, counts))
        table.add_row(*row("all", total(per_catalog.values())), style="bold")
        console.print(table)
