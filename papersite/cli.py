"""The one command line behind ``make`` and ``tox``: ``python -m papersite …``."""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys

from pathlib import Path

from .project import ROOT, Project, ProjectError

INTERRUPTED = 130  # what shells report for a command ended by Ctrl-C (128 + SIGINT)
TERMINATED = 143  # and by SIGTERM (128 + 15)


def languages_option(parser: argparse.ArgumentParser, default_help: str) -> None:
    parser.add_argument(
        "--langs", default="", metavar="'en ja'",
        help=f"space- or comma-separated locale names; default: {default_help}",
    )


def jobs_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--jobs", type=int, default=None, help="languages built at once; default: one per core")


def chosen(project: Project, value: str, default: list[str]) -> list[str]:
    names = [name for name in value.replace(",", " ").split() if name]
    unknown = sorted(set(names) - set(project.language_codes))
    if unknown:
        raise SystemExit(f"unknown language(s) {', '.join(unknown)}; the site has {' '.join(project.language_codes)}")
    return names or default


def last_commit_time(root: Path) -> str | None:
    result = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"], capture_output=True, text=True)
    return result.stdout.strip() or None


def command_site(project: Project, args) -> int:
    from rich.console import Console

    from .site import build_site, print_summary

    # Anything that stamps a date (none does today) stamps the commit's.
    if "SOURCE_DATE_EPOCH" not in os.environ and (epoch := last_commit_time(project.root)):
        os.environ["SOURCE_DATE_EPOCH"] = epoch

    check_writable(project.build)
    console = Console(stderr=True)
    report = build_site(project, chosen(project, args.langs, project.language_codes), args.jobs, console)
    print_summary(report, project, console)
    return 1 if report.failed or report.left_out else 0


def check_writable(folder: Path) -> None:
    """The build writes everything under _build/: say so in one line before starting, if it cannot."""
    import tempfile

    try:
        folder.mkdir(parents=True, exist_ok=True)
        tempfile.TemporaryFile(dir=folder).close()
    except OSError as error:
        raise ProjectError(f"{folder}: cannot write there ({error.strerror}); the build needs a writable _build/") from None


def command_publish(project: Project, args) -> int:
    from .publish import publish
    from .site import compile_all

    parts = args.parts.resolve()
    if not any((parts / code / "index.html").is_file() for code in project.language_codes):
        raise ProjectError(f"{parts}: no built language here (expected <lang>/index.html, e.g. en/index.html)")
    compile_all(project)  # the landing page's progress figures
    folder = publish(project, parts)
    print(f"published {folder} as {project.site}")
    return 0


def command_preview(project: Project, args) -> int:
    from .preview import make_preview
    from .preview.report import summary_line

    previews, sources, folder = make_preview(project, args.base, args.jobs)
    print(summary_line(previews, sources))
    print(f"preview: {folder / 'index.html'}")
    return 1 if any(preview.failed for preview in previews) else 0


def command_update_po(project: Project, args) -> int:
    from .catalog.sync import STALE, update_po

    result = update_po(project, chosen(project, args.langs, project.translations), prune=args.prune)
    for change in result.changes:
        print(change)
    for refused in result.refused:
        print(f"left unchanged: {refused}", file=sys.stderr)
    changed = sum(change.action != STALE for change in result.changes)
    print(f"{changed} catalogs changed, {len(result.refused)} refused")
    return 1 if result.refused else 0


def command_check_po(project: Project, args) -> int:
    from .catalog.checkpo import check_languages
    from .catalog.checks import ERROR
    from .report import check_po_summary

    languages = chosen(project, args.langs, project.translations)
    result = check_languages(project, languages)
    problems = result.problems
    if args.json:
        json.dump([problem.as_dict() for problem in problems], sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        for problem in problems:
            print(problem)
    print(check_po_summary(project, languages, result), file=sys.stderr if args.json else sys.stdout)
    return 1 if any(problem.severity == ERROR for problem in problems) else 0


def command_stats(project: Project, args) -> int:
    from rich.console import Console

    from .report import print_stats, write_stats

    languages = chosen(project, args.langs, project.translations)
    path = write_stats(project, languages)
    print_stats(project, languages, Console())
    print(f"JSON: {path}")
    return 0


def command_serve(project: Project, args) -> int:
    if args.published:
        return serve_published(project, args.port)
    from .live.server import serve
    from .live.warm import LiveProject

    serve(LiveProject(root=project.root), chosen(project, args.langs, project.language_codes), args.port)
    return 0


def serve_published(project: Project, port: int) -> int:
    import functools
    import http.server

    from .missing import NotFoundPageHandler

    handler = functools.partial(NotFoundPageHandler, directory=str(project.site))
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as error:
        raise ProjectError(f"cannot serve on port {port}: {error.strerror}; try --port") from error
    with server:
        print(f"Serving {project.site} on http://127.0.0.1:{port}/ (Ctrl-C stops)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m papersite", description=__doc__)
    main.add_argument("--root", type=Path, default=ROOT, help="the project folder (where conf.py is)")
    commands = main.add_subparsers(dest="command", required=True)

    site = commands.add_parser("site", help="build the HTML and PDF of each language and the landing page")
    languages_option(site, "every language")
    jobs_option(site)
    site.set_defaults(run=command_site)

    assemble = commands.add_parser("publish", help="publish languages built elsewhere (CI) with the landing page")
    assemble.add_argument("--parts", type=Path, required=True, help="a folder with one built <lang>/ folder each")
    assemble.set_defaults(run=command_publish)

    preview = commands.add_parser("preview", help="build what changed since a git revision, for review, into _build/preview")
    preview.add_argument("--base", required=True, metavar="REF", help="the revision to compare with (a pull request's base)")
    jobs_option(preview)
    preview.set_defaults(run=command_preview)

    update = commands.add_parser("update-po", help="regenerate templates and sync every catalog")
    languages_option(update, "every translation")
    update.add_argument("--prune", action="store_true",
                        help="also delete obsolete (#~) messages and the catalogs of removed documents and papers")
    update.set_defaults(run=command_update_po)

    check = commands.add_parser("check-po", help="fail on broken, unsafe or stale catalogs")
    languages_option(check, "every translation")
    check.add_argument("--json", action="store_true", help="print the problems as JSON")
    check.set_defaults(run=command_check_po)

    stats = commands.add_parser("stats", help="translation progress per language and document")
    languages_option(stats, "every translation")
    stats.set_defaults(run=command_stats)

    serve = commands.add_parser("serve", help="live preview on localhost: a save rebuilds its language's pages and reloads them")
    languages_option(serve, "every language")
    serve.add_argument("--port", type=int, default=8000, help="0: any free port")
    serve.add_argument("--published", action="store_true", help="serve the last published _build/site as it is instead")
    serve.set_defaults(run=command_serve)
    return main


def one_line(error: BaseException) -> str:
    return "; ".join(line.strip() for line in str(error).splitlines() if line.strip()) or type(error).__name__


def quiet_libraries() -> None:
    """Libraries' own log lines: warnings only, in one format. A library that
    configures the root logger when imported (accessible-pygments, which furo
    loads, sets it to INFO) would otherwise fill the console with WeasyPrint's
    and others' progress; once the root has a handler, theirs is a no-op."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(name)s: %(message)s")


def stop_on_sigterm() -> None:
    """SIGTERM unwinds like Ctrl-C does (workers stopped, temporary files removed), then exits 143."""
    import signal

    from .workers import Terminated

    def terminated(signum, frame):
        raise Terminated("terminated (SIGTERM)")

    if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
        signal.signal(signal.SIGTERM, terminated)


def main(argv: list[str] | None = None) -> int:
    from .papers import PaperError
    from .workers import Terminated

    quiet_libraries()
    stop_on_sigterm()
    args = parser().parse_args(argv)
    try:
        project = Project(root=args.root.resolve())
        project.config  # read and checked before any command acts (SITE_URL, conf.py)
        # Every paper.toml: a paper that cannot be used is left out (said here, in
        # one line each) and the command goes on with the others, failing at the end.
        for problem in project.paper_problems:
            print(f"error: paper left out: {problem}", file=sys.stderr)
        status = args.run(project, args)
        return status or (1 if project.paper_problems else 0)
    except KeyboardInterrupt:
        print("interrupted (Ctrl-C)", file=sys.stderr)
        return INTERRUPTED
    except Terminated:
        print("terminated (SIGTERM)", file=sys.stderr)
        return TERMINATED
    # Ours, and the RuntimeErrors our modules raise for a missing tool or a rejected file.
    except (ProjectError, PaperError, RuntimeError) as error:
        print(f"error: {one_line(error)}", file=sys.stderr)
        return 1
    except OSError as error:  # a file the command must write or read (a read-only _build/, a full disk)
        where = f"{error.filename}: " if error.filename else ""
        print(f"error: {where}{error.strerror or one_line(error)}", file=sys.stderr)
        return 1
