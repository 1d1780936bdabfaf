"""What a language's build depends on, as one digest: unchanged digest, nothing to do."""

from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path

from .project import Project

TOOLS = ("sphinx", "furo", "myst-parser", "weasyprint", "docutils")


def files_under(folder: Path):
    if folder.is_file():
        yield folder
    elif folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                yield path


def tooling_inputs(project: Project):
    """What Sphinx does not track itself: a change here needs a fresh environment."""
    yield project.root / "conf.py"
    yield from files_under(project.root / "_templates")
    yield from files_under(project.root / "papersite")


def content_inputs(project: Project, language: str):
    """What Sphinx tracks per document (sources, compiled catalogs)."""
    yield from files_under(project.source)
    yield from files_under(project.compiled_locale() / language)
    yield from files_under(project.locale / language / "glossary.md")


def digest_of(project: Project, paths, extra: str = "") -> str:
    digest = hashlib.sha256(extra.encode())
    for path in paths:
        digest.update(str(path.relative_to(project.root)).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def language_fingerprint(project: Project, language: str) -> dict[str, str]:
    versions = "".join(f"{tool}={metadata.version(tool)}\n" for tool in TOOLS)
    return {
        "tooling": digest_of(project, tooling_inputs(project), versions),
        "content": digest_of(project, content_inputs(project, language)),
    }
