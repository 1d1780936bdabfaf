"""Benchmark: Lighthouse's default mobile run on the pages readers land on.

Run with ``make bench`` (a few minutes; not a test: its scores depend on the
machine). Builds the source language of a fresh copy of the project, serves it,
and runs Lighthouse (npm, ``tests/browser``, on Debian's chromium) with its
defaults: a phone, simulated slow 4G and a 4x slower CPU, all four categories,
on the landing page, a paper's first page, a chapter, the search page and the
404 pages (the language's, and the site's own).

The site is served as its host serves it (GitHub Pages: compressed, over
persistent connections) and, for comparison, as ``python -m http.server`` does
(uncompressed, a connection per request). Lighthouse's simulation reads the
bytes and connections it observed, so the first is what readers get.

Prints each page's four scores, its paint timings and layout shift, and the
machine's load: a loaded machine (other builds) slows the simulated CPU and
lowers the scores, never raises them.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARTS = ("conf.py", "source", "locale", "_templates", "papersite")
LIGHTHOUSE = ROOT / "tests" / "browser" / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update " \
               "--disable-sync --no-first-run"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TIMINGS = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift")
COMPRESSED = (".html", ".css", ".js", ".svg", ".json", ".xml")

sys.path.insert(0, str(ROOT))
from papersite.project import Project  # noqa: E402


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class HostLikeHandler(QuietHandler):
    """Compressed text over persistent connections, as GitHub Pages serves a site."""

    protocol_version = "HTTP/1.1"

    def send_head(self):
        path = self.translate_path(self.path.split("?")[0])
        if not (path.endswith(COMPRESSED) and "gzip" in self.headers.get("Accept-Encoding", "") and os.path.isfile(path)):
            return super().send_head()
        body = gzip.compress(Path(path).read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve(folder: Path, handler) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def built_project(folder: Path) -> Project:
    """A fresh copy of the project with its source language built, as `make site` builds it."""
    for part in PARTS:
        source = ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, folder / part)
    project = Project(root=folder)
    subprocess.run([sys.executable, "-m", "papersite", "site", "--langs", project.source_language], cwd=folder,
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return project


def pages(project: Project) -> dict[str, str]:
    language, paper = project.source_language, project.papers[0]
    return {
        "landing": "index.html",
        "paper": f"{language}/{paper.home}.html",
        "chapter": f"{language}/{paper.documents[1]}.html" if len(paper.documents) > 1 else f"{language}/{paper.home}.html",
        "search": f"{language}/search.html",
        "404 (language)": f"{language}/404.html",
        "404 (site)": "404.html",
    }


def lighthouse(url: str) -> dict:
    command = ["node", str(LIGHTHOUSE), url, "--output=json", "--output-path=stdout", "--quiet",
               f"--chrome-flags={CHROME_FLAGS}"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, env={**os.environ, "CHROME_PATH": CHROMIUM})
    if result.returncode != 0:
        raise SystemExit(f"lighthouse failed on {url}: {result.stderr[-500:]}")
    return json.loads(result.stdout)


def summary(report: dict) -> str:
    scores = " ".join(f"{round((report['categories'][name]['score'] or 0) * 100):>3}" for name in CATEGORIES)
    timings = "  ".join(f"{report['audits'][name]['displayValue']:>6}" for name in TIMINGS)
    return f"{scores}   {timings}"


def main() -> int:
    if not LIGHTHOUSE.is_file():
        raise SystemExit(f"{LIGHTHOUSE} is missing: run `make setup` (npm ci in tests/browser)")
    with tempfile.TemporaryDirectory() as temporary:
        project = built_project(Path(temporary))
        servers = [("as GitHub Pages serves it (gzip, keep-alive)", HostLikeHandler),
                   ("as `python -m http.server` serves it (uncompressed)", QuietHandler)]
        print(f"machine load (1, 5, 15 min): {' '.join(f'{load:.2f}' for load in os.getloadavg())}, {os.cpu_count()} cores")
        print(f"{'':16} {'perf a11y  bp  seo':>19}   {'FCP':>6}  {'LCP':>6}  {'TBT':>6}  {'CLS':>6}")
        for title, handler in servers:
            server, address = serve(project.site.resolve(), handler)
            print(title)
            try:
                for name, path in pages(project).items():
                    print(f"  {name:14} {summary(lighthouse(f'{address}/{path}'))}")
            finally:
                server.shutdown()
        print(f"machine load after: {' '.join(f'{load:.2f}' for load in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
