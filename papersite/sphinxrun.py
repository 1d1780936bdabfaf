"""Run one Sphinx build in this process, the way sphinx-build does."""

from __future__ import annotations

import io
from contextlib import contextmanager
from pathlib import Path

from .project import Project, ProjectError


def import_what_sphinx_loads(project: Project) -> None:
    """Import the modules a Sphinx application of this project loads as it starts:
    its built-in extensions (linkcheck alone brings requests and urllib3), its
    builders, the theme and every extension conf.py names (importing a module runs
    no extension's setup). Done once in the parent, every process forked from it
    (a worker per language, a PDF process beside each) starts Sphinx without
    importing them again: a quarter of a second each."""
    import importlib

    from sphinx.application import builtin_extensions

    try:
        config = project.config
    except ProjectError:
        config = {}  # the build reports it
    for name in (*builtin_extensions, "sphinx.builders.html", "sphinx.builders.singlehtml",
                 config.get("html_theme", ""), *config.get("extensions", [])):
        if name:
            try:
                importlib.import_module(name)
            except ImportError:
                pass  # the build says so itself, with Sphinx's words


@contextmanager
def sphinx_app(project: Project, builder: str, outdir: Path, doctreedir: Path, overrides: dict, fresh: bool = False):
    """A Sphinx application, ready to build, and the stream its warnings go to;
    every warning counts as an error. The application is valid inside the block only."""
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    import sphinx.locale
    from sphinx.util.console import nocolor

    nocolor()  # warnings are collected as text, not shown on a terminal
    # Sphinx keeps its translators in a process-wide table and only ever adds
    # fallbacks to it: without this, a process that built German would label
    # the next language's pages in German.
    sphinx.locale.translators.clear()
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
            freshenv=fresh,
            warning=warnings,
            warningiserror=True,  # -W; Sphinx still finishes the build (--keep-going)
            parallel=1,  # languages already run in parallel, one per process
        )
        yield app, warnings


def warning_lines(warnings: io.StringIO, start: int = 0) -> list[str]:
    return [line for line in warnings.getvalue()[start:].splitlines() if line.strip()]


def run_sphinx(project: Project, builder: str, outdir: Path, doctreedir: Path, overrides: dict, fresh: bool = False,
               on_write_started=None):
    """Build and return ``(app, warnings)``.

    ``on_write_started()`` is called once Sphinx has stored what it read (the
    environment and doctrees) and starts writing: another build may read them then."""
    with sphinx_app(project, builder, outdir, doctreedir, overrides, fresh) as (app, warnings):
        if on_write_started is not None:
            app.connect("write-started", lambda app, builder: on_write_started())
        app.build()
    return app, warning_lines(warnings)
