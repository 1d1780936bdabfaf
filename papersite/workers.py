"""Each language in a process of its own, bounded, and stopped with the command.

A language's build runs in a forked process that leads its own process group
(its PDF process and PDF renderers join it), under an address-space limit, and
is killed, group and all, once it has run longer than its wall-clock limit: that
language fails with one line and the others go on. (A shared process pool could
not do this: one killed worker breaks the whole pool.) The limits are
``conf.py``'s ``language_build_seconds`` and ``language_build_memory``.

SIGTERM and SIGINT to the command stop every language's process group before
the command exits (130 for Ctrl-C, 143 for SIGTERM), so no worker, PDF process
or renderer is left behind; when the command is killed outright (SIGKILL),
every worker and everything it started dies with it at once (Linux's
parent-death signal).
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import resource
import signal
import time
from dataclasses import dataclass
from multiprocessing.connection import wait

# fork: the child inherits the imported Sphinx and our extensions instead of importing them again.
CONTEXT = multiprocessing.get_context("fork")
POLL_SECONDS = 0.2
PR_SET_PDEATHSIG, PR_SET_NAME = 1, 15  # prctl(2)


class Terminated(Exception):
    """The command received SIGTERM; every worker has been stopped."""


@dataclass(frozen=True)
class Limits:
    seconds: float
    memory: int  # bytes of address space

    @classmethod
    def from_config(cls, config: dict) -> "Limits":
        return cls(float(config.get("language_build_seconds", 1800)), int(config.get("language_build_memory", 8 << 30)))


@dataclass
class Worker:
    name: str
    process: multiprocessing.Process
    messages: object  # the reading end of the worker's pipe
    started: float
    finished: bool = False


def die_with_parent() -> None:
    """Linux's parent-death signal: SIGKILL the moment the parent process dies."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def outlive_parent(name: str) -> None:
    """Undo die_with_parent, for a process meant to stay after the build (pdfwarm),
    and give it a ``name`` of its own for ps and pgrep (its command line is the build's)."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, 0)
    libc.prctl(PR_SET_NAME, name.encode()[:15])


def stop_with_parent(parent: int) -> None:
    """A command killed outright (SIGKILL) cannot stop its workers: each worker dies
    with it, and every process a worker forks (PDF process, renderers) dies with its
    own parent in turn, at once, so none writes anything after the command is gone."""
    die_with_parent()
    os.register_at_fork(after_in_child=die_with_parent)
    if os.getppid() != parent:  # the command died before the signal was armed
        os._exit(1)


DEADLINE = "PAPERSITE_DEADLINE"  # when the worker's wall-clock limit ends, for what it asks of others (pdfwarm)


def _run(task, arguments, sender, memory: int, seconds: float, parent: int) -> None:
    """In the worker: lead a process group, bound the memory, run ``task`` and send what it returns."""
    os.setpgid(0, 0)
    stop_with_parent(parent)
    os.environ[DEADLINE] = str(time.time() + seconds)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    try:
        result = task(*arguments, lambda *step: sender.send(("step", step)))
        sender.send(("done", result))
    except MemoryError:
        sender.send(("error", f"stopped: it needed more than its memory limit ({memory / 2**30:.1f} GiB, "
                              "conf.py's language_build_memory)"))
    except BaseException as error:  # reported by the parent as this language's failure
        sender.send(("error", f"{type(error).__name__}: {error}"))
    finally:
        sender.close()


def start(name: str, task, arguments: tuple, limits: Limits) -> Worker:
    messages, sender = CONTEXT.Pipe(duplex=False)
    process = CONTEXT.Process(target=_run, args=(task, arguments, sender, limits.memory, limits.seconds, os.getpid()),
                              name=f"language-{name}")
    process.start()
    sender.close()  # the child holds the only writing end: its death ends the reading
    try:
        os.setpgid(process.pid, process.pid)  # also here, so no kill can come before the child's own call
    except OSError:
        pass  # it did so itself already, or has already ended
    return Worker(name, process, messages, time.monotonic())


def stop(worker: Worker) -> None:
    """Kill the worker's whole process group (its PDF processes too) and reap it."""
    try:
        os.killpg(worker.process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    worker.process.join()
    worker.finished = True


def run_all(tasks: list[tuple[str, object, tuple]], jobs: int, limits: Limits, on_step, on_done) -> None:
    """Run ``(name, task, arguments)`` with at most ``jobs`` at once; ``on_done(name, result, error)``."""
    waiting, running = list(tasks), []
    handlers = install_stop_handlers()
    try:
        while waiting or running:
            while waiting and len(running) < jobs:
                name, task, arguments = waiting.pop(0)
                running.append(start(name, task, arguments, limits))
            ready = wait([worker.messages for worker in running], timeout=POLL_SECONDS)
            for worker in running:
                if worker.messages in ready:
                    receive(worker, on_step, on_done)
                elif time.monotonic() - worker.started > limits.seconds:
                    stop(worker)
                    on_done(worker.name, None, f"stopped after {limits.seconds:.0f} s, its wall-clock limit "
                                               "(conf.py's language_build_seconds)")
            running = [worker for worker in running if not worker.finished]
    finally:
        for worker in running:
            stop(worker)
        restore(handlers)


def receive(worker: Worker, on_step, on_done) -> None:
    try:
        kind, payload = worker.messages.recv()
    except EOFError:  # it died without a word: killed (out of memory?) or crashed
        worker.process.join()
        worker.finished = True
        on_done(worker.name, None, f"its build process ended with exit code {worker.process.exitcode}")
        return
    if kind == "step":
        on_step(*payload)
        return
    worker.process.join()
    worker.finished = True
    on_done(worker.name, payload if kind == "done" else None, payload if kind == "error" else "")


def install_stop_handlers():
    """SIGINT becomes KeyboardInterrupt, SIGTERM Terminated: both unwind through ``run_all``'s cleanup."""
    def terminated(signum, frame):
        raise Terminated("terminated (SIGTERM)")

    return {signal.SIGINT: signal.signal(signal.SIGINT, signal.default_int_handler),
            signal.SIGTERM: signal.signal(signal.SIGTERM, terminated)}


def restore(handlers: dict) -> None:
    for number, handler in handlers.items():
        signal.signal(number, handler)
