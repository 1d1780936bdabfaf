"""A throw-away Weblate on loopback: Debian's PostgreSQL and Redis started in a
temporary folder, Weblate from its own virtual environment (tools/weblate/install)
with the project's settings (tools/weblate/settings.py), tasks run eagerly
inside the web process (no Celery worker: two cores are shared). Everything
listens on 127.0.0.1 on free ports and is stopped by ``stop()``."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from papersite.project import ROOT

VENV = Path(os.environ.get("WEBLATE_VENV", ROOT / ".venv-weblate"))
SETTINGS = ROOT / "tools" / "weblate"
POSTGRES_BIN = Path("/usr/lib/postgresql")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def postgres_tool(name: str) -> str:
    versions = sorted(POSTGRES_BIN.glob(f"*/bin/{name}"))
    if not versions:
        raise RuntimeError(f"PostgreSQL's {name} is missing: run tools/weblate/install")
    return str(versions[-1])


def as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: Debian's postgres account runs it."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def wait_for(check, what: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.3)
    raise RuntimeError(f"{what} did not start within {seconds:.0f} s")


@dataclass
class Weblate:
    folder: Path
    processes: list[subprocess.Popen] = field(default_factory=list)
    token: str = ""

    def __post_init__(self) -> None:
        self.pg_port, self.redis_port, self.web_port = free_port(), free_port(), free_port()
        self.data = self.folder / "data"
        self.url = f"http://127.0.0.1:{self.web_port}"

    @property
    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "settings", "PYTHONPATH": str(SETTINGS),
            "WEBLATE_DATA_DIR": str(self.data), "WEBLATE_SECRET_KEY": self.secret,
            "WEBLATE_SITE_DOMAIN": f"127.0.0.1:{self.web_port}", "WEBLATE_DB_PORT": str(self.pg_port),
            "WEBLATE_REDIS": f"redis://127.0.0.1:{self.redis_port}", "WEBLATE_EAGER": "1",
            "WEBLATE_VCS_FILE_PROTOCOL": "1",
        }

    secret = secrets.token_urlsafe(40)

    def log(self, name: str):
        return (self.folder / f"{name}.log").open("ab")

    def start_postgres(self) -> None:
        cluster = self.folder / "postgres"
        cluster.mkdir()
        if os.geteuid() == 0:
            shutil.chown(cluster, "postgres")
        subprocess.run(as_postgres([postgres_tool("initdb"), "-D", str(cluster), "-A", "trust", "-U", "weblate",
                                    "-E", "UTF8", "--locale=C.UTF-8"]), check=True, capture_output=True)
        # Throw-away data: no fsync. Loopback only, socket in the cluster's folder.
        self.processes.append(subprocess.Popen(
            as_postgres([postgres_tool("postgres"), "-D", str(cluster), "-h", "127.0.0.1", "-p", str(self.pg_port),
                         "-k", str(cluster), "-c", "fsync=off", "-c", "synchronous_commit=off",
                         "-c", "full_page_writes=off"]),
            stdout=self.log("postgres"), stderr=subprocess.STDOUT, start_new_session=True))
        ready = [postgres_tool("pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(self.pg_port)]
        wait_for(lambda: subprocess.run(ready).returncode == 0, "PostgreSQL")
        subprocess.run([postgres_tool("createdb"), "-h", "127.0.0.1", "-p", str(self.pg_port), "-U", "weblate", "weblate"],
                       check=True)

    def start_redis(self) -> None:
        self.processes.append(subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.redis_port), "--save", "", "--appendonly", "no",
             "--dir", str(self.folder)],
            stdout=self.log("redis"), stderr=subprocess.STDOUT, start_new_session=True))
        wait_for(lambda: subprocess.run(["redis-cli", "-p", str(self.redis_port), "ping"],
                                        capture_output=True).stdout.strip() == b"PONG", "Redis")

    def manage(self, *args: str) -> str:
        result = subprocess.run([str(VENV / "bin" / "weblate"), *args], env=self.env, capture_output=True, text=True)
        if result.returncode:
            raise RuntimeError(f"weblate {' '.join(args)} failed:\n{result.stdout}\n{result.stderr[-5000:]}")
        return result.stdout

    def start_web(self) -> None:
        self.manage("migrate", "--noinput")
        self.manage("createadmin", "--username", "admin", "--email", "admin@example.invalid",
                    "--password", secrets.token_urlsafe(16))
        self.token = self.manage("drf_create_token", "admin").split()[2]
        self.processes.append(subprocess.Popen(
            [str(VENV / "bin" / "weblate"), "runserver", f"127.0.0.1:{self.web_port}", "--noreload"],
            env=self.env, stdout=self.log("weblate"), stderr=subprocess.STDOUT, start_new_session=True))
        wait_for(self.answers, "Weblate")

    def log_tail(self, name: str = "weblate", size: int = 6000) -> str:
        path = self.folder / f"{name}.log"
        return path.read_text(errors="replace")[-size:] if path.exists() else ""

    def answers(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/api/", timeout=5) as response:
                return response.status == 200
        except (OSError, urllib.error.URLError):
            return False

    def start(self) -> Weblate:
        if not (VENV / "bin" / "weblate").exists():
            raise RuntimeError(f"no Weblate in {VENV}: run tools/weblate/install (make weblate-test does)")
        self.data.mkdir(parents=True)
        self.start_postgres()
        self.start_redis()
        self.start_web()
        return self

    def stop(self) -> None:
        cluster = self.folder / "postgres"
        if (cluster / "postmaster.pid").exists():  # "fast": no waiting for clients
            subprocess.run(as_postgres([postgres_tool("pg_ctl"), "-D", str(cluster), "stop", "-m", "fast", "-w"]),
                           capture_output=True)
        for process in reversed(self.processes):  # Weblate, then Redis, then PostgreSQL
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()

    def api(self, method: str, path: str, data: dict | None = None):
        url = path if path.startswith("http") else f"{self.url}/api/{path}"
        request = urllib.request.Request(url, json.dumps(data).encode() if data is not None else None, method=method,
                                         headers={"Authorization": f"Token {self.token}",
                                                  "Content-Type": "application/json", "Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=600) as response:
                body = response.read()
        except urllib.error.HTTPError as error:
            raise AssertionError(f"{method} {url}: HTTP {error.code}: {error.read()[:3000]!r}") from None
        return json.loads(body) if body else None

    def pages(self, path: str) -> list[dict]:
        results, page = [], self.api("GET", path)
        while True:
            results += page["results"]
            if not page.get("next"):
                return results
            page = self.api("GET", page["next"])
