"""Run one Sphinx build in this process, the way sphinx-build does."""

from __future__ import annotations

import io
from pathlib import Path

from .project import Project


def run_sphinx(project: Project, builder: str, outdir: Path, doctreedir: Path, overrides: dict):
    """Build and return ``(app, warnings)``; every warning counts as an error."""
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    warnings = io.StringIO()
    # Each application registers its nodes and roles in docutils' global
    # tables, so each gets a namespace of its own.
    with patch_docutils(project.root), docutils_namespace():
        app = Sphinx(
            srcdir=project.source,
            confdir=project.root,
            outdir=outdir,
            doctreedir=doctreedir,
            buildername=builder,
            confoverrides=overrides,
            status=None,
            warning=warnings,
            warningiserror=True,  # -W; Sphinx still finishes the build (--keep-going)
            parallel=1,  # languages already run in parallel, one per process
        )
        app.build()
    return app, [line for line in warnings.getvalue().splitlines() if line.strip()]
