"""What a preview server answers for an address the site does not have: the
site's own "page not found" page, with status 404.

The language's page (``<lang>/404.html``, in the reader's language, offering
that language's papers) when the address starts with a language's folder,
else the root one (``404.html``, every language), as a host would serve it.
``not_found_page`` is the rule, for any server; ``NotFoundPageHandler`` is
``http.server``'s handler with it.
"""

from __future__ import annotations

import http.server
from http import HTTPStatus
from pathlib import Path
from urllib.parse import unquote, urlsplit

PAGE = "404.html"


def not_found_page(site: Path, address: str) -> Path | None:
    """The page to show for the missing ``address`` (a URL path) of ``site``, if the site has one."""
    site = site.resolve()
    first = next((unquote(part) for part in urlsplit(address).path.split("/") if part), "")
    for candidate in ([site / first / PAGE] if first else []) + [site / PAGE]:
        # The address is the client's: only a page really inside the site is shown.
        if candidate.is_file() and candidate.resolve().is_relative_to(site):
            return candidate
    return None


class NotFoundPageHandler(http.server.SimpleHTTPRequestHandler):
    """``SimpleHTTPRequestHandler`` that answers a missing page with the site's 404 page."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = not_found_page(Path(self.directory), self.path) if code == HTTPStatus.NOT_FOUND else None
        if page is None:
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(code, message)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
