"""A language's PDF build, in a process of its own beside the HTML build.

The PDF builder writes from what the HTML build read (the environment and
doctrees it stores before writing a page), and WeasyPrint then renders each
changed paper: the longest step of a one-message rebuild. Run one after the
other, the HTML pages and the PDF cost their sum; here the PDF process starts
with the language's build, loads WeasyPrint while Sphinx reads, and is released
the moment the HTML build starts writing, so the two write at once on two cores.
"""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

from .project import Project
from .sphinxrun import import_what_sphinx_loads

# fork: the child inherits the imported Sphinx and our extensions instead of importing them again.
CONTEXT = multiprocessing.get_context("fork")


class PdfProcess:
    """Start it, ``release()`` it once the environment is stored, then ``wait()``."""

    def __init__(self, project: Project, language: str, build) -> None:
        self._ready = CONTEXT.Event()
        self._results, sender = CONTEXT.Pipe(duplex=False)
        self._process = CONTEXT.Process(target=_build_when_ready, args=(project.root, language, build, self._ready, sender),
                                        name=f"pdf-{language}")  # not a daemon: it starts PDF renderers
        self._process.start()
        sender.close()  # the child holds the only writing end: its death ends the wait

    def release(self) -> None:
        """What the PDF build reads is on disk: the HTML build has started writing."""
        self._ready.set()

    def wait(self) -> tuple[list[str], float]:
        """The PDF build's warnings and its seconds; raises if it failed or died."""
        try:
            outcome = self._results.recv()
        except EOFError:
            self._process.join()  # its exit code is known once it is reaped
            outcome = ("error", f"the PDF process ended with exit code {self._process.exitcode}")
        finally:
            self._process.join()
        if outcome[0] == "error":
            raise RuntimeError(outcome[1])
        return outcome[1], outcome[2]

    def cancel(self) -> None:
        """The HTML build failed before storing what it read: there is nothing to print."""
        self._process.kill()
        self._process.join()


def load_while_waiting(project: Project) -> None:
    """What the PDF build will import, imported while the HTML build reads: WeasyPrint
    (and Sphinx's modules, when the process that started this one has not). Left to
    the build, this is half a second of a one-message rebuild's critical path."""
    from weasyprint import HTML  # noqa: F401

    import_what_sphinx_loads(project)


def _build_when_ready(root: Path, language: str, build, ready, sender) -> None:
    try:
        project = Project(root=root)
        load_while_waiting(project)
        ready.wait()
        started = time.perf_counter()
        warnings = build(project, language)
        sender.send(("ok", warnings, time.perf_counter() - started))
    except BaseException as error:  # reported by the parent as this language's failure
        sender.send(("error", f"{type(error).__name__}: {error}"))
    finally:
        sender.close()
