"""The process that keeps a PDF's pages: it serves the next render of that PDF
from them (see test_pdfkept), and whatever it cannot vouch for is rendered whole,
or in the build's own process; it writes nothing for a build that is gone and
ends when idle or outdated."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from papersite.project import ROOT
from papersite.sphinxext import pdfrender, pdfwarm

from ..conftest import SMALL_DOCUMENT, SMALL_PAPER
from .test_pdfkept import edit_chapter, printed_copy, whole_rendering


# -- The process itself ------------------------------------------------------------------

@pytest.fixture
def warm(monkeypatch):
    """Renders go to the process (the suite turns it off), with sockets in a folder of this test."""
    folder = Path(tempfile.mkdtemp(prefix="warm", dir="/tmp"))  # a socket's path has at most 107 bytes
    monkeypatch.setenv(pdfwarm.SWITCH, "1")
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    monkeypatch.setenv("PAPERSITE_WARM_PDF_IDLE", "2")
    # Never forked from the test's own process (its threads' locks would be copied
    # held): what a build leaves behind is tested in a process of its own.
    monkeypatch.setattr(pdfwarm, "KEPT_AT_MOST", 0)
    yield folder
    for pid in serving_pids(folder):
        os.kill(pid, signal.SIGKILL)
    shutil.rmtree(folder, ignore_errors=True)


def serving_pids(folder: Path) -> list[int]:
    """The processes that keep a PDF with their sockets in ``folder``: each holds its lock file there."""
    found = set()
    for descriptor in Path("/proc").glob("[0-9]*/fd/*"):
        try:
            if descriptor.readlink().is_relative_to(folder) and descriptor.readlink().suffix == ".lock":
                found.add(int(descriptor.parts[2]))
        except OSError:
            continue  # a process or file that ended meanwhile
    return sorted(found)


def gone(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text().split(")")[1][:3]:
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def small_job(small_english_and_german, tmp_path) -> pdfrender.PdfJob:
    return printed_copy(small_english_and_german, "de", SMALL_PAPER, tmp_path / "pdf")


def test_the_process_keeps_the_pages_serves_the_next_render_and_ends_when_idle(warm, small_job):
    first = pdfwarm.ask(small_job)
    assert first["warnings"] == [] and first["how"] == pdfwarm.WHOLE
    assert serving_pids(warm) == [first["pid"]] and small_job.stamp.read_text() == small_job.digest
    again = edit_chapter(small_job, SMALL_DOCUMENT, "AGAIN ", SMALL_PAPER)
    second = pdfwarm.ask(again)
    assert (second["pid"], second["how"]) == (first["pid"], pdfwarm.CHAPTERS)
    assert (again.target.read_bytes(), again.laid_out.read_text(encoding="utf-8")) == whole_rendering(again)
    assert gone(first["pid"], 10), "the process outlived its idle time"
    assert not list(warm.rglob("*.sock"))


def rendered_again(job: pdfrender.PdfJob) -> bool:
    """``pdfwarm.render`` of a PDF being edited (it exists): rendered anew, without a warning."""
    job.target.write_bytes(b"the PDF before the edit")
    return pdfwarm.render(job) == [] and job.target.read_bytes().startswith(b"%PDF")


RENDER_IN_A_BUILD = ("import sys; from pathlib import Path; from papersite.sphinxext import pdfrender, pdfwarm; "
                     "print(pdfwarm.render(pdfrender.PdfJob(*map(Path, sys.argv[1:3]), *sys.argv[3:5])))")


def rendered_by_a_build(job: pdfrender.PdfJob) -> str:
    """``pdfwarm.render`` in a process of its own, as a build's: what it printed, read to the end."""
    return subprocess.run([sys.executable, "-c", RENDER_IN_A_BUILD, str(job.printable), str(job.target),
                           job.digest, job.assets], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          check=True).stdout


def test_a_pdf_rendered_whole_by_a_build_leaves_its_pages_in_a_process_that_serves_the_next_edit(
        warm, small_job, monkeypatch):
    monkeypatch.setenv("PAPERSITE_WARM_PDF_IDLE", "60")  # outlives the build by far: held nothing of it
    assert not small_job.target.exists()  # a build from clean
    assert rendered_by_a_build(small_job) == "[]\n" and small_job.target.read_bytes().startswith(b"%PDF")
    [kept] = serving_pids(warm)
    assert Path(f"/proc/{kept}/comm").read_text().strip() == pdfwarm.PROCESS_NAME
    assert os.getsid(kept) != os.getsid(0)  # a session of its own: a stopped build's group kill leaves it
    edited = edit_chapter(small_job, SMALL_DOCUMENT, "KEPT ", SMALL_PAPER)
    reply = pdfwarm.ask(edited)  # the build's first edit: laid out from the pages the build left
    assert (reply["pid"], reply["how"], reply["warnings"]) == (kept, pdfwarm.CHAPTERS, [])
    assert (edited.target.read_bytes(), edited.laid_out.read_text(encoding="utf-8")) == whole_rendering(edited)


def test_no_more_pdfs_are_kept_than_the_limit(warm, small_job, monkeypatch):
    monkeypatch.setenv("PAPERSITE_WARM_PDF_KEPT", "0")
    assert rendered_by_a_build(small_job) == "[]\n" and small_job.target.read_bytes().startswith(b"%PDF")
    assert serving_pids(warm) == []


def test_a_process_of_other_code_refuses_and_ends_and_the_build_renders_itself(warm, small_job, monkeypatch):
    pid = pdfwarm.ask(small_job)["pid"]
    monkeypatch.setattr(pdfwarm, "code_digest", lambda: "code of another day")
    with pytest.raises(pdfwarm.Unavailable):
        pdfwarm.ask(small_job)
    assert gone(pid, 5)
    # The next build's process is of today's code, which this test's client is not: the build renders.
    assert rendered_again(small_job)


def test_a_killed_process_or_a_folder_others_can_open_means_the_build_renders_itself(warm, small_job):
    pid = pdfwarm.ask(small_job)["pid"]
    os.kill(pid, signal.SIGKILL)  # as a stalled render ends (its alarm) or an out-of-memory kill
    assert gone(pid, 5)
    assert rendered_again(small_job)  # by a new process
    assert len(serving_pids(warm)) == 1
    for running in serving_pids(warm):
        os.kill(running, signal.SIGKILL)
    (warm / f"papersite-{os.getuid()}").chmod(0o777)
    with pytest.raises(pdfwarm.Unavailable):
        pdfwarm.socket_folder()
    assert rendered_again(small_job)  # here


def busy_seconds(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks


def wait_idle(pid: int, seconds: float = 60) -> None:
    deadline, before = time.monotonic() + seconds, -1
    while time.monotonic() < deadline:
        now = busy_seconds(pid)
        if now == before:
            return
        before = now
        time.sleep(0.5)
    pytest.fail("the process kept working")


def test_a_render_for_a_build_that_was_stopped_writes_nothing(warm, small_job):
    pid = pdfwarm.ask(small_job)["pid"]
    small_job.target.write_bytes(b"the PDF before the edit")
    edited = edit_chapter(small_job, SMALL_DOCUMENT, "STOPPED ", SMALL_PAPER)
    with pdfwarm.connected(pdfwarm.socket_path(edited.target), edited.target) as connection:
        pdfwarm.send(connection, pdfwarm.request_of(edited))
    # Closed before the reply, as the socket of a killed build is: the process lays the
    # page out, finds nobody waiting, and writes neither the PDF nor its stamp.
    wait_idle(pid)
    assert edited.target.read_bytes() == b"the PDF before the edit" and not edited.stamp.exists()
    assert not list(edited.target.parent.glob("*.part"))
    again = pdfwarm.ask(edited)  # the next build is served from the pages kept before
    assert (again["pid"], again["how"]) == (pid, pdfwarm.CHAPTERS)


def test_a_page_that_loads_other_files_is_rendered_whole(small_job):
    kept = pdfwarm.serve_one(small_job, None)[2]()
    edited = edit_chapter(small_job, SMALL_DOCUMENT, "RESTYLED ", SMALL_PAPER)
    assert pdfwarm.serve_one(edited, kept)[1] == pdfwarm.CHAPTERS
    restyled = pdfrender.PdfJob(edited.printable, edited.target, edited.digest, "another stylesheet")
    assert pdfwarm.serve_one(restyled, kept)[:2] == ([], pdfwarm.WHOLE)
