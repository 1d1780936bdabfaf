"""One warm process per language: a Sphinx application made once, each build a fork of it.

Starting Python, importing Sphinx, our extensions and WeasyPrint, and loading a
language's environment cost more than rebuilding the page a translator just
saved. So each language has a process that does all that once and then waits.
A rebuild is a fork of it: the child compiles the language's catalogs
(``papersite.catalog.compile``: only the edited messages are checked again),
lets the ready application build (Sphinx reads only the documents whose
catalog changed), reports and exits. The warm process itself never builds, so
no cache of one build (gettext's catalogs, Sphinx's translators, docutils'
registries) can leak into the next; once idle after a build it makes its
application again from what the build stored, off the critical path.

The PDF follows in another fork, at a lower priority, and is cancelled (its whole
process group) when the next save arrives: a rebuild of the pages never waits
for a PDF. Everything lives in ``_build/live/``: nothing of ``make site``'s
staging, outputs, compiled catalogs or published site is read or written.
"""

from __future__ import annotations

import os
import signal
import time
import traceback
from contextlib import ExitStack
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path

import multiprocessing

from ..project import Project
from ..records import read_json
from .changes import Rebuild

# fork: a build starts from the warm process's memory, imports and application included.
CONTEXT = multiprocessing.get_context("fork")
PDF_NICENESS = 10  # a PDF renders with what the page rebuilds leave of the cores
INPUTS = "inputs.json"  # what the language's environment was built from
# After a build the application is made again from what the build stored, once
# nothing has come for this long: a save that comes sooner is built from the
# application as it was (Sphinx then also reads again what the last build read).
REFRESH_WHEN_IDLE = 0.5
PAGES = "pages"  # an outcome told before the build ends: these pages are written


class LiveProject(Project):
    """The project as the live preview builds it: its catalogs compile into ``_build/live/locale``."""

    @property
    def live(self) -> Path:
        return self.build / "live"

    def compiled_locale(self) -> Path:
        return self.live / "locale"

    def html_out(self, language: str) -> Path:
        return self.live / language / "html"

    def pdf_out(self, language: str) -> Path:
        return self.live / language / "pdf"

    def live_doctrees(self, language: str) -> Path:
        return self.live / "doctrees" / language


@dataclass
class Outcome:
    """What one build of one language reports to the server."""

    language: str
    kind: str  # "html" or "pdf", or PAGES
    ok: bool
    seconds: float = 0.0
    pages: list[str] | None = None  # the documents written; None: possibly all of them
    problems: list[str] = field(default_factory=list)  # one line each, for the page's overlay
    cancelled: bool = False


def overrides(project: LiveProject, language: str, **settings) -> dict:
    return {"language": language, "locale_dirs": [str(project.compiled_locale())], **settings}


def fingerprint(project: LiveProject, language: str) -> dict:
    from ..fingerprint import language_fingerprint

    recorded = language_fingerprint(project, language)
    return {part: recorded[part] for part in ("tooling", "sources")}


class WarmApplication:
    """The language's Sphinx application, made again after every build."""

    def __init__(self, project: LiveProject, language: str) -> None:
        self.project, self.language = project, language
        self.stack: ExitStack | None = None
        self.app = self.warnings = None
        self.inputs: dict | None = None  # to record once a build from a fresh environment succeeds

    def make(self, fresh: bool) -> None:
        from ..sphinxrun import sphinx_app

        self.close()
        inputs = fingerprint(self.project, self.language)
        record = self.project.live / self.language / INPUTS
        # What Sphinx does not track (our code, conf.py, the tools, new or removed sources): start afresh.
        fresh = fresh or read_json(record) != inputs
        if fresh:
            record.unlink(missing_ok=True)
        self.inputs = inputs if fresh or not record.is_file() else None
        self.stack = ExitStack()
        self.app, self.warnings = self.stack.enter_context(sphinx_app(
            self.project, "html", self.project.html_out(self.language), self.project.live_doctrees(self.language),
            overrides(self.project, self.language), fresh))

    def close(self) -> None:
        if self.stack is not None:
            self.stack.close()
        self.stack = self.app = self.warnings = None


def one_line(error: BaseException) -> str:
    text = "; ".join(line.strip() for line in str(error).splitlines() if line.strip())
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def catalog_verdicts(project: LiveProject, language: str, changed: set[str], everything: bool) -> list[str]:
    """Compile the language's catalogs; what the checks said about the saved ones
    (about every broken one when the whole language was rebuilt)."""
    from ..site import compile_translation

    if language not in project.translations:
        return []
    report = compile_translation(project, language)
    lines = [f"broken catalog, shown in English: {problem}" for problem in report.broken
             if everything or problem.path in changed]
    lines += [f"shown in English: {problem}" for problem in report.fallbacks if problem.path in changed]
    return [line.replace(f"{project.root}/", "") for line in lines]  # the paths the translator knows


def build_html(warm: WarmApplication, changed: set[str], everything: bool, tell) -> Outcome:
    """In a fork of the warm process: the language's pages. Sphinx writes every
    page of a language on every build (``sphinxext.search``); the pages it read
    again are written first and ``tell`` the server at once, so the open page
    reloads while the others and the search index are still being written."""
    from ..sphinxrun import warning_lines

    started = time.perf_counter()
    problems = catalog_verdicts(warm.project, warm.language, changed, everything)
    read: list[str] = []
    written: list[str] = []
    warm.app.connect("env-before-read-docs", lambda app, env, docnames: read.extend(docnames), priority=900)
    warm.app.connect("html-page-context", lambda app, pagename, *rest: written.append(pagename))
    builder = warm.app.builder
    write_documents = builder.write_documents

    def read_ones_first(docnames) -> None:
        first = [name for name in docnames if name in read]
        if first and not everything:
            write_documents(first)
            tell(Outcome(warm.language, PAGES, True, time.perf_counter() - started, pages=first, problems=problems))
        write_documents([name for name in docnames if name not in first] if first and not everything else docnames)

    builder.write_documents = read_ones_first
    already = len(warm.warnings.getvalue())
    warm.app.build()
    warnings = warning_lines(warm.warnings, already)
    ok = not warnings and warm.app.statuscode == 0
    if ok and warm.inputs is not None:
        from ..build import write_json

        write_json(warm.project.live / warm.language / INPUTS, warm.inputs)
    return Outcome(warm.language, "html", ok, time.perf_counter() - started,
                   pages=None if everything else written, problems=problems + warnings)


def build_pdf(warm: WarmApplication) -> Outcome:
    """In a fork of the warm process, at a lower priority: the PDF builder writes
    from what the pages' build stored and renders the papers whose page changed."""
    from ..sphinxrun import sphinx_app, warning_lines

    project, language = warm.project, warm.language
    warm.close()  # its docutils registrations would clash with the PDF application's
    os.setpgid(0, 0)  # cancelling kills the renderers it starts as well
    os.nice(PDF_NICENESS)
    started = time.perf_counter()
    settings = overrides(project, language, pdf_write_only=True)
    with sphinx_app(project, "pdf", project.pdf_out(language), project.live_doctrees(language), settings) as (app, stream):
        app.build()
        warnings = warning_lines(stream)
    return Outcome(language, "pdf", not warnings and app.statuscode == 0, time.perf_counter() - started,
                   problems=[f"PDF: {warning}" for warning in warnings])


def _report_from_fork(sender, work, language: str, kind: str) -> None:
    try:
        outcome = work(sender.send)
    except BaseException as error:  # the server shows it in the page; the terminal stays quiet
        outcome = Outcome(language, kind, False, problems=[one_line(error)])
        if os.environ.get("PAPERSITE_LIVE_DEBUG"):
            traceback.print_exc()
    sender.send(outcome)
    sender.close()


class Fork:
    """A build in a fork of this process; what it tells arrives on a pipe of its own,
    its outcome last. ``work(tell)`` may tell outcomes of kind PAGES before it ends."""

    def __init__(self, work, language: str, kind: str) -> None:
        self.language, self.kind = language, kind
        self.results, sender = CONTEXT.Pipe(duplex=False)
        self.process = CONTEXT.Process(target=_report_from_fork, args=(sender, work, language, kind))
        self.process.start()
        sender.close()

    def next(self) -> Outcome:
        """What it tells next; the last is the outcome of its kind (then it has ended)."""
        try:
            outcome = self.results.recv()
        except (EOFError, OSError):
            outcome = Outcome(self.language, self.kind, False,
                              problems=[f"the {self.kind} build ended with exit code {self.process.exitcode}"])
        if outcome.kind == self.kind:
            self.process.join()
            self.results.close()
        return outcome

    def cancel(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.join()
        self.results.close()


def keep_warm(root: Path, language: str, conn, server: int) -> None:
    """The warm process: makes the application, then forks a build for each command.

    Commands: ``("html", Rebuild, changed catalog paths)``, ``("pdf",)``, ``("stop",)``.
    Each answer is an ``Outcome``; a PDF cancelled by the next pages' build answers first."""
    from ..workers import stop_with_parent

    stop_with_parent(server)  # a server killed outright (SIGKILL) takes its warm processes and their builds along
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    import weasyprint  # noqa: F401  every PDF fork starts with it loaded

    project = LiveProject(root=root)
    warm = WarmApplication(project, language)
    pdf: Fork | None = None
    made = stale = False
    while True:
        ready = wait([conn, *([pdf.results] if pdf else [])], timeout=REFRESH_WHEN_IDLE if stale else None)
        if not ready:  # idle since the last build: make the application again from what it stored
            stale = False
            try:
                warm.make(fresh=False)
            except BaseException:
                warm.close()  # the next command tries again and reports why
            continue
        if pdf is not None and pdf.results in ready:
            conn.send(pdf.next())
            pdf = None
        if conn not in ready:
            continue
        command = conn.recv()
        if pdf is not None and command[0] in ("html", "stop"):
            pdf.cancel()
            conn.send(Outcome(language, "pdf", False, cancelled=True))
            pdf = None
        if command[0] == "stop":
            break
        if command[0] == "pdf":
            pdf = Fork(lambda tell: build_pdf(warm), language, "pdf")
            continue
        _, rebuild, changed = command
        everything = rebuild >= Rebuild.FRESH or not made
        try:
            if everything or warm.app is None:
                warm.make(fresh=rebuild >= Rebuild.FRESH)
        except BaseException as error:
            conn.send(Outcome(language, "html", False, problems=[one_line(error)]))
            warm.close()
            continue
        build = Fork(lambda tell: build_html(warm, set(changed), everything, tell), language, "html")
        while (outcome := build.next()).kind == PAGES:
            conn.send(outcome)
        made = made or outcome.ok
        stale = True
        conn.send(outcome)
    warm.close()


class WarmLanguage:
    """The server's handle on a language's warm process."""

    def __init__(self, project: Project, language: str) -> None:
        self.language = language
        self.conn, theirs = CONTEXT.Pipe()
        self.process = CONTEXT.Process(target=keep_warm, args=(project.root, language, theirs, os.getpid()),
                                       name=f"live-{language}")
        self.process.start()
        theirs.close()

    def send(self, *command) -> None:
        self.conn.send(command)

    def receive(self) -> Outcome | None:
        """The next outcome (blocking); None once the process is gone."""
        try:
            return self.conn.recv()
        except (EOFError, OSError):
            return None

    def stop(self) -> None:
        try:
            self.send("stop")
        except OSError:
            pass
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
