"""papersite.missing: a preview server answers a missing page with the site's own
404 page (the language's where the address names one), status 404."""

from __future__ import annotations

import functools
import http.client
import http.server
import threading

import pytest

from papersite.missing import NotFoundPageHandler, not_found_page


@pytest.fixture
def site(tmp_path):
    folder = tmp_path / "site"
    (folder / "ja").mkdir(parents=True)
    (folder / "404.html").write_text("<p>Page not found · ページが見つかりません</p>", encoding="utf-8")
    (folder / "ja" / "404.html").write_text("<p>ページが見つかりません</p>", encoding="utf-8")
    (folder / "ja" / "index.html").write_text("<p>ホーム</p>", encoding="utf-8")
    (tmp_path / "404.html").write_text("outside the site", encoding="utf-8")
    return folder


@pytest.fixture
def server(site):
    handler = functools.partial(type("Quiet", (NotFoundPageHandler,), {"log_message": lambda *args: None}),
                                directory=str(site))
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield server.server_address[1]
        server.shutdown()


def fetch(port: int, path: str, method: str = "GET") -> tuple[int, str, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request(method, path)
    response = connection.getresponse()
    return response.status, response.getheader("Content-Type", ""), response.read().decode("utf-8")


@pytest.mark.parametrize("path, page", [
    ("/ja/a-paper/missing.html", "ja"), ("/ja/", None), ("/missing.html", "root"), ("/de/missing.html", "root"),
    ("/%2e%2e/missing", "root"), ("/../../missing", "root"), ("/ja%2f..%2f../x", "root"),
])
def test_a_missing_page_gets_the_sites_404_page(site, server, path, page):
    status, kind, body = fetch(server, path)
    if page is None:  # it exists
        assert (status, body) == (200, "<p>ホーム</p>")
        return
    expected = (site / ("ja" if page == "ja" else "") / "404.html").read_text(encoding="utf-8")
    assert (status, body) == (404, expected) and kind == "text/html; charset=utf-8"


def test_head_gets_the_status_without_the_page(server):
    assert fetch(server, "/ja/missing.html", "HEAD")[0::2] == (404, "")


def test_without_a_404_page_the_server_says_it_in_its_own_words(tmp_path):
    assert not_found_page(tmp_path, "/ja/missing.html") is None
