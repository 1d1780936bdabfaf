"""Issue 16: each language builds in a bounded process of its own; signals stop them all.

The stalled and greedy languages are simulated the maintainers' way, with an
extension in the copy's conf.py that makes German's build sleep or allocate:
what the limits must stop, whatever the cause. Real builds, real signals.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from papersite.project import ROOT

from .conftest import copy_built

STALL_LIMIT = 10  # seconds: English, unchanged, takes a fraction of one even on a loaded machine
SPOILER = '''
import time as _time

def _spoil(app):
    if app.config.language == "de":
        {action}

def setup(app):
    app.connect("builder-inited", _spoil)
    return {{"parallel_read_safe": True}}
'''


def spoiled(project, action: str, **limits):
    """``project`` (a copy to change) with German's build spoiled by ``action``."""
    (project.root / "spoiler.py").write_text(SPOILER.format(action=action), encoding="utf-8")
    conf = project.root / "conf.py"
    text = conf.read_text(encoding="utf-8").replace('extensions = [\n', 'extensions = [\n    "spoiler",\n', 1)
    for name, value in limits.items():
        text += f"\n{name} = {value}\n"
    conf.write_text(text, encoding="utf-8")
    return project


def site(project, languages: str = "en de", env=None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "papersite", "--root", str(project.root), "site", "--langs", languages]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600, env=env)


def unwrapped(text: str) -> str:
    """The summary as one line (rich wraps it at the terminal's width)."""
    return " ".join(text.split())


def processes_of(project) -> list[str]:
    """Every process still running a command of this project (workers are forks of it)."""
    result = subprocess.run(["ps", "-eww", "-o", "pid=,args="], capture_output=True, text=True)
    return [line for line in result.stdout.splitlines() if f"--root {project.root} " in line]


def test_a_language_over_its_time_limit_fails_in_one_line_and_the_others_publish(small_sources, tmp_path):
    # The limit comes from the environment here, so that English can first be built
    # under the default one: conf.py's text, and so every fingerprint, stays the same,
    # English is then unchanged, and the short limit holds German's stall alone.
    project = spoiled(copy_built(small_sources, tmp_path / "project"), "_time.sleep(3600)",
                      language_build_seconds='float(__import__("os").environ.get("TEST_LIMIT", 1800))')
    assert site(project, "en").returncode == 0
    result = site(project, env={**os.environ, "TEST_LIMIT": str(STALL_LIMIT)})
    assert result.returncode == 1
    assert f"de: stopped after {STALL_LIMIT} s, its wall-clock limit (conf.py's language_build_seconds)" \
        in unwrapped(result.stderr)
    assert (project.site / "en" / "index.html").is_file() and not (project.site / "de").exists()
    assert "Traceback" not in result.stderr and processes_of(project) == []


def test_a_language_over_its_memory_limit_fails_in_one_line_and_the_others_publish(small_sources, tmp_path):
    project = spoiled(copy_built(small_sources, tmp_path / "project"), "bytearray(8 * 2**30)",
                      language_build_memory=4 * 2**30)
    result = site(project)
    assert result.returncode == 1
    assert "de: stopped: it needed more than its memory limit (4.0 GiB, conf.py's language_build_memory)" in unwrapped(result.stderr)
    assert (project.site / "en" / "index.html").is_file() and not (project.site / "de").exists()


@pytest.mark.parametrize("signal_number, status, last_line", [
    (signal.SIGTERM, 143, "terminated (SIGTERM)"),
    (signal.SIGINT, 130, "interrupted (Ctrl-C)"),  # to the command alone, as `kill -INT` sends it
])
def test_a_signal_to_the_command_stops_every_worker_and_pdf_process(project_copy, signal_number, status, last_line):
    command = [sys.executable, "-m", "papersite", "--root", str(project_copy.root), "site", "--langs", "en de"]
    build = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    # Once both languages' workers run (each reading) and a PDF process has started beside one.
    while len(processes_of(project_copy)) < 4 and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert build.poll() is None, "the build ended before it could be signalled"
    os.kill(build.pid, signal_number)
    _, stderr = build.communicate(timeout=120)
    assert build.returncode == status
    assert stderr.splitlines()[-1] == last_line and "Traceback" not in stderr
    assert processes_of(project_copy) == []  # no orphan: workers, PDF processes, renderers


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder; the next test covers root")
def test_a_read_only_build_folder_is_one_line(project_copy):
    build = project_copy.build
    build.mkdir()
    build.chmod(0o555)
    try:
        result = site(project_copy, "en")
    finally:
        build.chmod(0o755)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == f"error: {build}: cannot write there (Permission denied); the build needs a writable _build/\n"


def test_a_build_folder_that_cannot_be_written_is_one_line(project_copy):
    project_copy.build.write_text("a file where the build folder should be")
    result = site(project_copy, "en")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (f"error: {project_copy.build}: cannot write there (File exists); "
                             "the build needs a writable _build/\n")


def test_a_command_killed_outright_takes_its_workers_with_it(project_copy):
    command = [sys.executable, "-m", "papersite", "--root", str(project_copy.root), "site", "--langs", "en de"]
    build = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while len(processes_of(project_copy)) < 4 and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert build.poll() is None, "the build ended before it could be killed"
    build.kill()  # SIGKILL: nothing in the command can react
    build.wait()
    deadline = time.monotonic() + 10
    while processes_of(project_copy) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert processes_of(project_copy) == []
