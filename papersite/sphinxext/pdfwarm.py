"""A translator's next edit of a paper's PDF: only the changed chapter laid out again.

WeasyPrint lays a whole paper out (seconds; most of a one-message rebuild) and its
pages cannot leave the process that made them. So the process that renders a PDF
whole (a build from clean, or the first edit) forks one that stays after the
build with those pages, one per PDF, the way Gradle's daemon keeps a build warm;
the rebuild of a PDF that exists hands its render to it, and it renders the
next printable page from its pages when only some chapters' markup changed
(``pdfkept``). Anything else (a changed stylesheet, picture or font included)
renders whole there, as a build without this process would. When none serves a
PDF (it ended, or was never forked), the build starts one, whose first render
is whole.

The process listens on a socket in a folder only its user can open, renders one
job at a time under the build's time limit, and ends after ``IDLE_SECONDS``
without a job, when its code changed, or when its PDF's folder is gone. At most
``KEPT_AT_MOST`` PDFs are kept at once (each process holds a laid-out paper in
memory). Every failure to reach one is a whole render in the build's own
process: this module only ever makes a render faster. ``PAPERSITE_WARM_PDF=0``
turns it off (the test suite does, but for the tests of this module).
"""

from __future__ import annotations

import fcntl
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
from papersite.workers import DEADLINE, outlive_parent

from . import pdflayout, pdfrender
from .pdfkept import Kept, kept_from, spliced_again
from .pdflayout import parsed

LOG = logging.getLogger(__name__)
SWITCH = "PAPERSITE_WARM_PDF"
WHOLE, CHAPTERS = "whole", "changed chapters alone"  # how a render laid the pages out
IDLE_SECONDS = float(os.environ.get("PAPERSITE_WARM_PDF_IDLE", 900))
CONNECT_SECONDS = 10.0  # a new process imports WeasyPrint before it listens
LARGEST_MESSAGE = 1 << 20
PROCESS_NAME = "papersite-pdf"  # a kept PDF's process, forked from a build, in ps and pgrep
# Each process holds a paper laid out (a few hundred MiB): a site of many languages
# keeps the first PDFs it renders, the others are kept from their first edit on.
KEPT_AT_MOST = int(os.environ.get("PAPERSITE_WARM_PDF_KEPT", 12))
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
    """The job rendered by the process that kept its pages, or here when none can
    (whole; then those pages stay behind in a process forked from this one)."""
    if not enabled():
        return pdfrender.render(job)
    if job.target.exists():  # rendered before: an edit, which a kept PDF serves
        try:
            reply = ask(job)
        except (OSError, ValueError, Unavailable) as error:
            LOG.info("%s: rendered here (%s)", job.target.name, error)
        else:
            LOG.info("%s: rendered by process %s, %s", job.target.name, reply.get("pid"), reply.get("how"))
            return [str(warning) for warning in reply["warnings"]]
    warnings, _, keep = serve_one(job, None)
    if not warnings:
        stay_behind(job.target, keep)
    return warnings


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


def serve(path: Path, target: Path, keep=lambda: None, lock_wait: float = 0.0) -> None:
    """Serve the renders of ``target`` on the socket ``path`` until idle, outdated or
    orphaned, from the pages ``keep()`` gives (none: the first render is whole)."""
    code = code_digest()
    lock = open(path.with_suffix(".lock"), "a")  # noqa: SIM115 - held for the process's life
    if not locked(lock, lock_wait):
        return  # another process serves this PDF
    path.unlink(missing_ok=True)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen()
    listener.settimeout(min(5.0, IDLE_SECONDS))  # how often it looks whether it is still wanted
    kept, last = kept_or_none(keep), time.monotonic()
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
            kept = kept_or_none(keep)
    finally:
        path.unlink(missing_ok=True)


def kept_or_none(keep) -> Kept | None:
    try:
        return keep()
    except Exception:  # noqa: BLE001 - what cannot be kept is rendered whole next time
        return None


def locked(lock, seconds: float) -> bool:
    """Whether this process took ``lock`` within ``seconds`` (a process that refused
    this build's code may still be ending)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)


def serving(folder: Path) -> int:
    """How many processes keep a PDF now: each holds its lock file."""
    count = 0
    for path in folder.glob("*.lock"):
        with open(path, "a") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except OSError:
                count += 1
    return count


# -- The process a whole render leaves behind --------------------------------------------

def stay_behind(target: Path, keep) -> None:
    """Fork the process that keeps the pages this one just laid out (``keep()``):
    the next edit of ``target`` is served by it. Returns once that process no
    longer depends on this one."""
    try:
        path = socket_path(target)
        if serving(path.parent) >= KEPT_AT_MOST:
            return
    except (OSError, Unavailable):
        return
    reading, writing = os.pipe()
    middle = os.fork()
    if middle == 0:
        leave(path, target, keep, reading, writing)
    os.close(writing)
    os.read(reading, 1)  # the kept process has left this process's lifetime, or died
    os.close(reading)
    os.waitpid(middle, 0)


def leave(path: Path, target: Path, keep, reading: int, writing: int) -> None:
    """In the forked child: detach as a daemon does (a session of its own, a
    grandchild nobody waits for, no inherited files), then serve. Never returns."""
    try:
        os.setsid()
        if os.fork() != 0:
            os.close(writing)
            os.read(reading, 1)  # the kept process no longer dies with this one
            os._exit(0)
        outlive_parent(PROCESS_NAME)  # the build's workers arm it in every child they fork
        os.write(writing, b"x")
        detach_files()
        for number in (signal.SIGINT, signal.SIGTERM, signal.SIGALRM, signal.SIGHUP):
            signal.signal(number, signal.SIG_DFL)  # as a process started anew
        serve(path, target, keep, lock_wait=CONNECT_SECONDS)
    finally:
        os._exit(0)


def detach_files() -> None:
    """Nothing of the build stays open (a caller reading its output waits for every
    writer to close it): standard streams to /dev/null, every other file closed."""
    null = os.open(os.devnull, os.O_RDWR)
    for number in (0, 1, 2):
        os.dup2(null, number)
    os.closerange(3, os.sysconf("SC_OPEN_MAX"))
    os.chdir("/")


if __name__ == "__main__":
    serve(Path(sys.argv[1]), Path(sys.argv[2]))
