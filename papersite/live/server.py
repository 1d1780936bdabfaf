"""The live preview's web server: the pages as the warm processes build them, a
socket that tells open pages to reload, and the script that listens to it.

It runs on sphinx-autobuild's stack (Starlette on uvicorn, watchfiles) and uses
its script injector, but not its rebuild loop: that one runs ``sphinx-build``
in a new process for each change and tells every open page just "refresh";
here six Sphinx projects stay warm (``warm``), a page reloads only when its own
language wrote it, and the socket also carries the checks' verdicts (shown over
the page) and the PDF's progress.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket as sockets
import threading
from contextlib import asynccontextmanager
from pathlib import Path

from sphinx_autobuild.middleware import JavascriptInjectorMiddleware
from starlette.applications import Starlette
from starlette.responses import FileResponse, HTMLResponse, JSONResponse
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket, WebSocketDisconnect

from ..project import ProjectError
from .changes import Rebuild, language_changes, merged
from .warm import PAGES, LiveProject, Outcome, WarmLanguage

CLIENT = Path(__file__).with_name("client.js")
SOCKET = "/_live/socket"
GONE = "gone"  # the kind of outcome that says a warm process ended
BUILDING = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Building…</title></head>
<body><main><h1>Building the {language} pages…</h1><p>This page shows them as soon as they are ready.</p></main></body></html>"""


class Injector(JavascriptInjectorMiddleware):
    """sphinx-autobuild's injector, with our script in place of its reload-on-anything one."""

    def __init__(self, app) -> None:
        super().__init__(app, ws_url="")
        self.script = b'\n<script src="/_live/client.js"></script>\n'


class Folders(StaticFiles):
    """Files looked up in several folders in turn (a language's pages, then its PDFs);
    a missing one is answered with the first folder's ``404.html``, status 404, as a
    host serves the site. A page may change any second: the browser asks again each
    time. Sphinx names each style sheet and script with its checksum (``?v=…``):
    those the browser keeps, so a reload fetches the page alone."""

    def __init__(self, folders: list[Path]) -> None:
        super().__init__(directory=folders[0], html=True, check_dir=False)
        self.all_directories = folders

    def file_response(self, full_path, stat_result, scope, status_code=200):
        response = super().file_response(full_path, stat_result, scope, status_code)
        versioned = b"v=" in scope.get("query_string", b"") and status_code == 200
        response.headers["Cache-Control"] = "max-age=31536000, immutable" if versioned else "no-cache"
        return response


class LivePreview:
    """The state the pages are told about, the warm languages, and what links them."""

    def __init__(self, project: LiveProject, languages: list[str]) -> None:
        self.project, self.languages = project, languages
        self.state = {code: {"language": code, "html": "waiting", "pdf": "waiting", "problems": []} for code in languages}
        self.sockets: set[WebSocket] = set()
        self.pending: dict[str, tuple[Rebuild, set[str]]] = {}
        self.wake = {code: asyncio.Event() for code in languages}
        self.outcomes = {code: asyncio.Queue() for code in languages}
        self.html_slots = asyncio.Semaphore(os.cpu_count() or 1)
        self.warm: dict[str, WarmLanguage] = {}
        self.tasks: list[asyncio.Task] = []
        self.stop = asyncio.Event()
        self.watching = asyncio.Event()  # set once changes are being watched
        self.reloaded: dict[str, set[str]] = {}  # pages of the running build already reloaded
        # Two languages may finish at once, each writing the landing page in a thread:
        # one at a time, or one moves the other's temporary file away and its task dies.
        self.root_pages = threading.Lock()

    # -- the builds --------------------------------------------------------------

    def start(self) -> None:
        """Fork the warm processes (before the server has threads of its own), each to build once."""
        for code in self.languages:
            self.warm[code] = WarmLanguage(self.project, code)
            self.pending[code] = (Rebuild.PAGES, set())
        self.write_root_pages()

    def close(self) -> None:
        for warm in self.warm.values():
            warm.stop()

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        for code, warm in self.warm.items():
            threading.Thread(target=self.relay, args=(loop, code, warm), daemon=True, name=f"relay-{code}").start()
            self.tasks.append(asyncio.create_task(self.keep_built(code)))
            self.wake[code].set()
        self.tasks.append(asyncio.create_task(self.watch()))
        await self.stop.wait()

    def relay(self, loop, code: str, warm: WarmLanguage) -> None:
        """Outcomes from a warm process into the event loop (its pipe blocks)."""
        gone = Outcome(code, GONE, False, problems=["the language's build process ended; restart `make serve`"])
        try:
            while (outcome := warm.receive()) is not None:
                loop.call_soon_threadsafe(self.outcomes[code].put_nowait, outcome)
            loop.call_soon_threadsafe(self.outcomes[code].put_nowait, gone)
        except RuntimeError:
            pass  # the server is stopping: its event loop is closed

    async def keep_built(self, code: str) -> None:
        """Pages first, then the PDF; a new change cancels the PDF and starts again."""
        while True:
            await self.wake[code].wait()
            self.wake[code].clear()
            rebuild, changed = self.pending.pop(code, (Rebuild.PAGES, set()))
            await self.update(code, html="building")
            async with self.html_slots:
                self.warm[code].send("html", rebuild, sorted(changed))
                outcome = await self.next_outcome(code, "html")
            await self.pages_built(outcome)
            if outcome.kind == GONE:
                return
            if not outcome.ok:
                await self.update(code, pdf="failed")  # from pages that failed: the last good PDF stays
                continue
            if self.wake[code].is_set():
                continue
            await self.update(code, pdf="building")
            self.warm[code].send("pdf")
            waiting = asyncio.create_task(self.next_outcome(code, "pdf"))
            woken = asyncio.create_task(self.wake[code].wait())
            done, _ = await asyncio.wait({waiting, woken}, return_when=asyncio.FIRST_COMPLETED)
            woken.cancel()
            if waiting in done:
                await self.pdf_built(waiting.result())
                if waiting.result().kind == GONE:
                    return
            else:
                waiting.cancel()  # the warm process answers the next pages' build with the cancelled PDF

    async def next_outcome(self, code: str, kind: str) -> Outcome:
        while True:
            outcome = await self.outcomes[code].get()
            if outcome.kind in (kind, GONE):
                return outcome
            if outcome.kind == PAGES:
                await self.pages_written(outcome)
            if outcome.kind == "pdf" and not outcome.cancelled:
                await self.pdf_built(outcome)  # finished just as a new change arrived

    async def pages_written(self, outcome: Outcome) -> None:
        """The pages read again are written (the rest of the language follows): reload them now."""
        await self.update(outcome.language, problems=outcome.problems, pages_seconds=round(outcome.seconds, 3))
        await self.broadcast({"type": "reload", "language": outcome.language, "seconds": round(outcome.seconds, 3),
                              "pages": [f"/{outcome.language}/{page}.html" for page in outcome.pages]})
        self.reloaded[outcome.language] = set(outcome.pages)

    async def pages_built(self, outcome: Outcome) -> None:
        already = self.reloaded.pop(outcome.language, set())
        pages = None if outcome.pages is None else [f"/{outcome.language}/{page}.html" for page in outcome.pages
                                                    if page not in already]
        await self.update(outcome.language, html="ready" if outcome.ok else "failed", problems=outcome.problems)
        await asyncio.to_thread(self.write_root_pages)  # the landing page shows each language's progress
        await self.broadcast({"type": "reload", "language": outcome.language, "pages": pages,
                              "seconds": round(outcome.seconds, 3)})

    async def pdf_built(self, outcome: Outcome) -> None:
        if outcome.cancelled:
            return
        problems = [line for line in self.state[outcome.language]["problems"] if not line.startswith("PDF: ")]
        await self.update(outcome.language, pdf="ready" if outcome.ok else "failed", problems=problems + outcome.problems)

    def write_root_pages(self) -> None:
        from ..landing import render_landing
        from ..notfound import render_root_404

        root = self.project.live / "root"
        root.mkdir(parents=True, exist_ok=True)
        with self.root_pages:
            for name, render in (("index.html", render_landing), ("404.html", render_root_404)):
                temporary = root / f".{name}.tmp"
                temporary.write_text(render(self.project), encoding="utf-8")
                temporary.replace(root / name)

    # -- what changed ------------------------------------------------------------

    async def watch(self) -> None:
        import watchfiles

        folders = [self.project.locale, self.project.source, self.project.root / "_templates"]
        watched = [folder for folder in folders if folder.is_dir()]
        async for changes in watchfiles.awatch(*watched, stop_event=self.stop, yield_on_timeout=True):
            self.watching.set()
            self.changed([(Path(path), change == watchfiles.Change.modified) for change, path in changes])

    def changed(self, paths: list[tuple[Path, bool]]) -> None:
        per_language = merged([language_changes(self.project, path, existed) for path, existed in paths])
        for code, rebuild in per_language.items():
            if code not in self.state:
                continue
            before, catalogs = self.pending.get(code, (rebuild, set()))
            catalogs |= {str(path) for path, _ in paths if path.suffix == ".po" and code in path.parts}
            self.pending[code] = (max(before, rebuild), catalogs)
            self.wake[code].set()

    # -- the pages ---------------------------------------------------------------

    async def update(self, code: str, **changes) -> None:
        self.state[code].update(changes)
        await self.broadcast({"type": "state", **self.state[code]})

    async def broadcast(self, message: dict) -> None:
        text = json.dumps(message, ensure_ascii=False)
        for socket in list(self.sockets):
            try:
                await socket.send_text(text)
            except Exception:  # a page closed mid-send
                self.sockets.discard(socket)

    async def socket(self, socket: WebSocket) -> None:
        await socket.accept()
        self.sockets.add(socket)
        try:
            for state in self.state.values():  # a page that just (re)loaded learns where things are
                await socket.send_text(json.dumps({"type": "state", **state}, ensure_ascii=False))
            while True:
                await socket.receive_text()
        except WebSocketDisconnect:
            pass
        finally:
            self.sockets.discard(socket)

    async def status(self, request) -> JSONResponse:
        return JSONResponse({"watching": self.watching.is_set(), "languages": list(self.state.values())})

    def language_files(self, code: str) -> Folders:
        return Folders([self.project.html_out(code), self.project.pdf_out(code)])

    def application(self) -> Starlette:
        async def client(request):
            return FileResponse(CLIENT, media_type="text/javascript", headers={"Cache-Control": "no-cache"})

        routes = [WebSocketRoute(SOCKET, self.socket), Route("/_live/client.js", client), Route("/_live/status", self.status)]
        for code in self.languages:
            routes.append(Mount(f"/{code}", app=self.until_built(code, self.language_files(code))))
        published = self.project.site
        for code in self.project.language_codes:  # not previewed: the last published pages, if any
            if code not in self.languages and (published / code).is_dir():
                routes.append(Mount(f"/{code}", app=Folders([(published / code).resolve()])))
        routes.append(Mount("/", app=Folders([self.project.live / "root"])))
        return Starlette(routes=routes, lifespan=self.lifespan)

    def until_built(self, code: str, files: Folders):
        """Before the language's first build, a page that says so (and reloads when it is done)."""
        async def app(scope, receive, send):
            if scope["type"] == "http" and not (self.project.html_out(code) / "index.html").is_file():
                response = HTMLResponse(BUILDING.format(language=code), status_code=503,
                                        headers={"Cache-Control": "no-cache", "Retry-After": "2"})
                return await response(scope, receive, send)
            return await files(scope, receive, send)
        return app

    @asynccontextmanager
    async def lifespan(self, app):
        runner = asyncio.create_task(self.run())
        try:
            yield
        finally:
            self.stop.set()
            for task in [*self.tasks, runner]:
                task.cancel()


def listening_socket(port: int) -> sockets.socket:
    """Bound before the server starts: a port in use is one line, and port 0 gets a free one."""
    listener = sockets.socket(sockets.AF_INET, sockets.SOCK_STREAM)
    listener.setsockopt(sockets.SOL_SOCKET, sockets.SO_REUSEADDR, 1)
    try:
        listener.bind(("127.0.0.1", port))
    except OSError as error:
        listener.close()
        raise ProjectError(f"cannot serve on port {port}: {error.strerror}; try --port") from error
    listener.listen(64)
    return listener


def serve(project: LiveProject, languages: list[str], port: int) -> None:
    """Build, watch and serve until Ctrl-C."""
    import uvicorn

    listener = listening_socket(port)
    preview = LivePreview(project, languages)
    preview.start()  # forks: before uvicorn starts any thread
    try:
        config = uvicorn.Config(Injector(preview.application()), log_level="warning", lifespan="on", ws="websockets-sansio")
        print(f"Previewing {' '.join(languages)} on http://127.0.0.1:{listener.getsockname()[1]}/ "
              "(pages rebuild on save; Ctrl-C stops)", flush=True)
        uvicorn.Server(config).run(sockets=[listener])
    finally:
        preview.close()
