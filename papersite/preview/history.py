"""What changed since a git revision: the files, and a file's bytes as they were."""

from __future__ import annotations

import subprocess
from pathlib import Path

from ..project import Project, ProjectError


def git(project: Project, *args: str) -> bytes:
    result = subprocess.run(["git", "-C", str(project.root), *args], capture_output=True)
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ProjectError(f"git {' '.join(args)}: {message[-1] if message else f'exit status {result.returncode}'}")
    return result.stdout


def changed_files(project: Project, base: str) -> list[Path]:
    """Files that differ between ``base`` and the working tree, new untracked ones included."""
    git(project, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}")  # one clear line for a wrong REF
    names = git(project, "diff", "--name-only", "--no-renames", "-z", base, "--").split(b"\0")
    names += git(project, "ls-files", "--others", "--exclude-standard", "-z").split(b"\0")
    return sorted({project.root / name.decode("utf-8", "surrogateescape") for name in names if name})


def file_at(project: Project, base: str, path: Path) -> bytes | None:
    """``path``'s bytes at ``base``; None where it did not exist."""
    relative = path.relative_to(project.root).as_posix()
    result = subprocess.run(["git", "-C", str(project.root), "show", f"{base}:{relative}"], capture_output=True)
    return result.stdout if result.returncode == 0 else None
