"""What the hostile suites share: a copy of the project spoiled one way, then built."""

from __future__ import annotations

from ..conftest import copy_project, summarised_build


def spoiled_build_of(tmp_path_factory, name: str, secret_file: str, secret_text: str, spoil):
    """A project copy beside a secret file of the "build machine", spoiled by
    ``spoil(project, secret)`` and built in en and de: (project, report, summary, what spoil returned)."""
    root = tmp_path_factory.mktemp(name)
    secret = root / secret_file
    secret.write_text(secret_text, encoding="utf-8")
    (root / "project").mkdir()
    project = copy_project(root / "project")
    where = spoil(project, secret)
    report, output = summarised_build(project, ["en", "de"])
    return project, report, output, where
