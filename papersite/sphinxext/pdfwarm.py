"""A translator's next edit of a paper's PDF: only the changed chapter laid out again.

WeasyPrint lays a whole paper out (seconds; most of a one-message rebuild) and its
pages cannot leave the process that made them. So a one-paper rebuild hands its
render to a process that stays after the build, one per PDF, the way Gradle's
daemon keeps a build warm: the first render there is whole; after it, the
process keeps the pages, and when the next printable page differs from the last
one in some chapters only (chapters open their own pages, see ``pdflayout``),
it lays out those chapters alone, keeps the page-fill rules on them, and splices
their pages into the ones it kept. Anything else (another chapter count, a chapter
that takes another number of pages, a changed stylesheet, picture or renderer)
renders whole, as a build without this process would.

The process listens on a socket in a folder only its user can open, renders one
job at a time under the build's time limit, and ends after ``IDLE_SECONDS``
without a job, when its code changed, or when its PDF's folder is gone. Every
failure to reach it is a whole render in the build's own process: this module
only ever makes a render faster. ``PAPERSITE_WARM_PDF=0`` turns it off (the test
suite does, but for the tests of this module).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import signal
import socket
import struct
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from copy import deepcopy
from dataclasses import dataclass
from pathlib import Path

from papersite.fingerprint import installed_fonts
from papersite.workers import DEADLINE

from . import pdflayout, pdfrender
from .pdflayout import Layout, chapter_alone, fix, is_chapter_anchor, parsed, serialized

LOG = logging.getLogger(__name__)
SWITCH = "PAPERSITE_WARM_PDF"
WHOLE, CHAPTERS = "whole", "changed chapters alone"  # how a render laid the pages out
IDLE_SECONDS = float(os.environ.get("PAPERSITE_WARM_PDF_IDLE", 900))
CONNECT_SECONDS = 10.0  # a new process imports WeasyPrint before it listens
LARGEST_MESSAGE = 1 << 20
HERE = Path(__file__).resolve().parent
CODE = ("pdfwarm.py", "pdfrender.py", "pdflayout.py", "pdftags.py")


def enabled() -> bool:
    return os.environ.get(SWITCH, "1") != "0"


def code_digest() -> str:
    """What renders, as installed now: a process started before an upgrade (of our
    code, a renderer or a font) must not serve a build made after it."""
    installed = f"{sys.executable}\n{sys.version}\n{pdfrender.renderer_versions()}\n{installed_fonts()}"
    digest = hashlib.sha256(installed.encode())
    for name in CODE:
        digest.update((HERE / name).read_bytes())
    return digest.hexdigest()


# -- Chapters of a printable page -----------------------------------------------------

def chapters_of(root) -> dict[str, tuple[object, list]]:
    """Each chapter's anchor id -> (its parent, its elements: the anchor and the siblings up to the next)."""
    found: dict[str, tuple[object, list]] = {}
    for parent in root.iter():
        current = None
        for child in parent:
            if is_chapter_anchor(child):
                current = child.get("id")
                found[current] = (parent, [])
            if current is not None:
                found[current][1].append(child)
    return found


def markup_of(elements: list) -> str:
    return "".join(ET.tostring(element, encoding="unicode", method="html") for element in elements)


def skeleton(root, chapters: dict[str, tuple[object, list]]) -> str:
    """The page's markup without its chapters: the cover, the contents, the head."""
    removed = []
    for parent, elements in chapters.values():
        removed.append((parent, list(parent).index(elements[0]), elements))
        for element in elements:
            parent.remove(element)
    try:
        return serialized(root)
    finally:
        for parent, index, elements in reversed(removed):
            for offset, element in enumerate(elements):
                parent.insert(index + offset, element)


def replace_chapter(chapters: dict[str, tuple[object, list]], chapter: str, elements: list) -> None:
    parent, old = chapters[chapter]
    index = list(parent).index(old[0])
    for element in old:
        parent.remove(element)
    for offset, element in enumerate(elements):
        parent.insert(index + offset, element)
    chapters[chapter] = (parent, elements)


# -- What the process keeps ------------------------------------------------------------

@dataclass
class Kept:
    """The last PDF this process rendered, as pages, and the markup it came from."""
    assets: str  # digest of everything the page loads and of the renderer
    printed: dict[str, str]  # chapter -> its markup in the printable page, before any page-fill fix
    skeleton: str  # the printable page without its chapters
    laid_root: object  # the markup as printed, fixes included
    document: object  # WeasyPrint's document of that markup
    pages: dict[str, list[int]]  # chapter -> its page numbers
    render: object  # the renderer whose fonts those pages use: chapters rendered again use them too


def kept_from(printable_markup: str, assets: str, document, laid_root, render) -> Kept:
    root = parsed(printable_markup)
    chapters = chapters_of(root)
    pages = {chapter: [page.number for page in laid] for chapter, laid in Layout(document, laid_root).chapters().items()}
    return Kept(assets, {chapter: markup_of(elements) for chapter, (_, elements) in chapters.items()},
                skeleton(root, chapters), laid_root, document, pages, render)


def changed_chapters(kept: Kept, root) -> set[str] | None:
    """The chapters whose markup changed, or None when more than chapters changed."""
    chapters = chapters_of(root)
    if chapters.keys() != kept.printed.keys() or skeleton(root, chapters) != kept.skeleton:
        return None
    return {chapter for chapter, (_, elements) in chapters.items() if markup_of(elements) != kept.printed[chapter]}


def chapter_rendered(laid_root, chapter: str, first_page: int, render):
    """One chapter alone, with the page-fill fixes it needs: (its pages' layout, its fixed elements), or None."""
    layout = Layout(*render(chapter_alone(laid_root, chapter, first_page)))
    if layout.problems():  # the whole build's first fix, made on the chapter alone
        if not fix(layout):
            return None
        layout = Layout(*render(serialized(layout.root)))
        if layout.problems():
            return None
    return layout, chapters_of(layout.root)[chapter][1]


def spliced_again(kept: Kept, root, render):
    """The new page from the kept pages and its changed chapters rendered alone:
    (document, markup as printed), or None when it must be rendered whole."""
    changed = changed_chapters(kept, root)
    if not changed:
        return None  # the same page again, so what changed is something it loads: render whole
    laid_root = deepcopy(kept.laid_root)
    laid_chapters = chapters_of(laid_root)
    new_chapters = chapters_of(root)
    for chapter in changed:
        replace_chapter(laid_chapters, chapter, [deepcopy(element) for element in new_chapters[chapter][1]])
    pages = list(kept.document.pages)
    for chapter in sorted(changed):
        numbers = kept.pages.get(chapter)
        if not numbers:
            return None
        rendered = chapter_rendered(laid_root, chapter, numbers[0], render)
        if rendered is None:
            return None
        layout, fixed = rendered
        new = layout.chapters().get(chapter, [])
        if len(new) != len(numbers):
            return None  # the contents' page numbers would move
        replace_chapter(laid_chapters, chapter, [deepcopy(element) for element in fixed])
        pages[numbers[0] - 1:numbers[-1]] = [layout.document.pages[page.number - 1] for page in new]
    return kept.document.copy(pages), laid_root


# -- The process that keeps them -------------------------------------------------------

class Unavailable(Exception):
    """No process can serve this render: the build renders it itself."""


def socket_folder() -> Path:
    """A folder only this user can open: whoever reaches the socket asks for renders."""
    folder = Path(os.environ.get("XDG_RUNTIME_DIR") or "/tmp") / f"papersite-{os.getuid()}"
    folder.mkdir(mode=0o700, exist_ok=True)
    status = folder.lstat()
    if not folder.is_dir() or folder.is_symlink() or status.st_uid != os.getuid() or status.st_mode & 0o077:
        raise Unavailable(f"{folder} is not this user's alone")
    return folder


def socket_path(target: Path) -> Path:
    """One process per PDF: its pages are all it keeps."""
    return socket_folder() / (hashlib.sha256(str(target.resolve()).encode()).hexdigest()[:24] + ".sock")


def send(connection: socket.socket, message: dict) -> None:
    data = json.dumps(message).encode()
    connection.sendall(struct.pack("!I", len(data)) + data)


def receive(connection: socket.socket) -> dict:
    def exactly(count: int) -> bytes:
        chunks = b""
        while len(chunks) < count:
            chunk = connection.recv(count - len(chunks))
            if not chunk:
                raise Unavailable("the render process closed the connection")
            chunks += chunk
        return chunks

    (size,) = struct.unpack("!I", exactly(4))
    if size > LARGEST_MESSAGE:
        raise Unavailable("a message larger than any render's")
    return json.loads(exactly(size))


def connected(path: Path, target: Path) -> socket.socket:
    """A connection to the process of ``target``'s PDF, started when there is none."""
    started, spawned = time.monotonic(), False
    while True:
        client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            client.connect(str(path))
            return client
        except (FileNotFoundError, ConnectionRefusedError):
            client.close()
        if not spawned:
            spawn(path, target)
            spawned = True
        if time.monotonic() - started > CONNECT_SECONDS:
            raise Unavailable("the render process did not start")
        time.sleep(0.02)


def spawn(path: Path, target: Path) -> None:
    package_root = HERE.parent.parent  # the folder that holds papersite/
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(package_root), os.environ.get("PYTHONPATH", "")])}
    # Its own session, no terminal, no inherited pipes: it outlives the build and
    # never holds open the output a caller of the build waits on.
    subprocess.Popen([sys.executable, "-m", "papersite.sphinxext.pdfwarm", str(path), str(target)],
                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                     start_new_session=True, close_fds=True, env=environment, cwd="/")


def request_of(job) -> dict:
    return {"code": code_digest(), "printable": str(job.printable), "target": str(job.target),
            "digest": job.digest, "assets": job.assets, "deadline": os.environ.get(DEADLINE, "")}


def ask(job) -> dict:
    """The reply of the process that keeps ``job``'s PDF: its ``warnings``, ``how``
    it laid the pages out and its ``pid``; raises Unavailable when none can serve."""
    with connected(socket_path(job.target), job.target) as connection:
        send(connection, request_of(job))
        reply = receive(connection)
    if not isinstance(reply.get("warnings"), list):
        raise Unavailable(str(reply.get("refused", "no answer")))
    return reply


def render(job) -> list[str]:
    """The job rendered by the process that kept its pages, or here when none can.
    A PDF rendered for the first time (a build from clean) is rendered here: only
    a PDF being edited is worth a process that stays."""
    if not enabled() or not job.target.exists():
        return pdfrender.render(job)
    try:
        reply = ask(job)
    except (OSError, ValueError, Unavailable) as error:
        LOG.info("%s: rendered here (%s)", job.target.name, error)
        return pdfrender.render(job)
    LOG.info("%s: rendered by process %s, %s", job.target.name, reply.get("pid"), reply.get("how"))
    return [str(warning) for warning in reply["warnings"]]


# -- Its main loop ---------------------------------------------------------------------

def job_limit(deadline: str) -> int:
    """A render's seconds at most: what its build has left (the worker's wall-clock
    limit, see papersite.workers), else ``PAPERSITE_WARM_PDF_LIMIT``."""
    limit = float(os.environ.get("PAPERSITE_WARM_PDF_LIMIT", 1800))
    try:
        limit = min(limit, float(deadline) - time.time())
    except ValueError:
        pass  # asked by no worker: a test, or a tool of ours
    return max(1, int(limit) + 1)


def still_connected(connection: socket.socket) -> bool:
    """Whether the build that asked still waits (a stopped build closes its end)."""
    try:
        return connection.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) != b""
    except BlockingIOError:
        return True  # nothing to read: still waiting for the reply
    except OSError:
        return False


def serve_one(job, kept: Kept | None, wanted=lambda: True):
    """Render ``job``; its warnings, and what to keep for the next one."""
    markup = job.printable.read_text(encoding="utf-8")
    laid = {"how": WHOLE}

    def lay_out(job):
        if kept is not None and kept.assets == job.assets:
            again = spliced_again(kept, parsed(markup), kept.render)
            if again is not None:
                laid.update(document=again[0], root=again[1], render=kept.render, how=CHAPTERS)
                return again
        render = pdfrender.renderer_for(job)
        document, root = pdflayout.filled(markup, render)
        laid.update(document=document, root=root, render=render)
        return document, root

    warnings = pdfrender.render(job, lay_out, wanted)

    def keep() -> Kept | None:
        if warnings or "document" not in laid:
            return None  # a render that warned is rendered whole next time, and warns again
        return kept_from(markup, job.assets, laid["document"], laid["root"], laid["render"])

    return warnings, laid["how"], keep


def answer(connection: socket.socket, target: Path, code: str, kept: Kept | None):
    """Serve one build's request; what to keep after it (a function), or None to stop serving."""
    request = receive(connection)
    if request.get("code") != code or Path(str(request.get("target", ""))) != target:
        send(connection, {"refused": "another renderer's code or PDF"})
        return None  # started from older code: the next build starts a new process
    job = pdfrender.PdfJob(Path(str(request["printable"])), target, str(request["digest"]), str(request["assets"]))
    signal.alarm(job_limit(str(request.get("deadline", ""))))  # a page that stalls WeasyPrint ends this process
    try:
        warnings, how, keep = serve_one(job, kept, lambda: still_connected(connection))
    except pdfrender.Abandoned:
        return lambda: None  # laid out for a build that is gone: nothing written, nothing kept
    finally:
        signal.alarm(0)
    send(connection, {"warnings": warnings, "how": how, "pid": os.getpid()})
    return keep


def serve(path: Path, target: Path) -> None:
    """Serve the renders of ``target`` on the socket ``path`` until idle, outdated or orphaned."""
    import fcntl

    code = code_digest()
    lock = open(path.with_suffix(".lock"), "a")  # noqa: SIM115 - held for the process's life
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return  # another process serves this PDF
    path.unlink(missing_ok=True)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen()
    listener.settimeout(min(5.0, IDLE_SECONDS))  # how often it looks whether it is still wanted
    kept, last = None, time.monotonic()
    try:
        while time.monotonic() - last < IDLE_SECONDS and target.parent.is_dir():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(None)
                keep = answer(connection, target, code, kept)
            if keep is None:
                return
            kept, last = None, time.monotonic()  # the old pages go before the new are measured
            try:
                kept = keep()
            except Exception:  # noqa: BLE001 - what cannot be kept is rendered whole next time
                kept = None
    finally:
        path.unlink(missing_ok=True)


if __name__ == "__main__":
    serve(Path(sys.argv[1]), Path(sys.argv[2]))
