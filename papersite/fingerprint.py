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


def language_inputs(project: Project, language: str):
    yield project.root / "conf.py"
    yield project.root / "links.toml"
    yield from files_under(project.source)
    yield from files_under(project.root / "_templates")
    yield from files_under(project.root / "papersite")
    yield from files_under(project.compiled_locale() / language)


def language_fingerprint(project: Project, language: str) -> str:
    digest = hashlib.sha256()
    for tool in TOOLS:
        digest.update(f"{tool}={metadata.version(tool)}\n".encode())
    for path in language_inputs(project, language):
        digest.update(str(path.relative_to(project.root)).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
