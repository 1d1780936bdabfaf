"""A translator's next edit of a paper's PDF: only the changed chapter laid out again.

WeasyPrint lays a whole paper out (seconds; most of a one-message rebuild) and its
pages cannot leave the process that made them. So the rebuild of a PDF that
exists (an edit, not a build from clean) hands its render to a process that
stays after the build, one per PDF, the way Gradle's daemon keeps a build warm:
the first render there is whole; after it, the process keeps the pages, and the
next printable page is rendered from them when only some chapters' markup
changed (``pdfkept``). Anything else (a changed stylesheet, picture or font
included) renders whole, as a build without this process would.

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
from pathlib import Path

from papersite.fingerprint import installed_fonts
from papersite.workers import DEADLINE

from . import pdflayout, pdfrender
from .pdfkept import Kept, kept_from, spliced_again
from .pdflayout import parsed

LOG = logging.getLogger(__name__)
SWITCH = "PAPERSITE_WARM_PDF"
WHOLE, CHAPTERS = "whole", "changed chapters alone"  # how a render laid the pages out
IDLE_SECONDS = float(os.environ.get("PAPERSITE_WARM_PDF_IDLE", 900))
CONNECT_SECONDS = 10.0  # a new process imports WeasyPrint before it listens
LARGEST_MESSAGE = 1 << 20
HERE = Path(__file__).resolve().parent
CODE = ("pdfwarm.py", "pdfkept.py", "pdfrender.py", "pdflayout.py", "pdftags.py")


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
        return lambda: kept  # laid out for a build that is gone: nothing written, the kept pages still stand
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
