"""Live sources against a real HTTP server on 127.0.0.1 (real sockets, real httpx).

The server serves real fixture feeds and pages, and the hostile answers a live blog or
the network can give: slow, huge (declared and streamed), gzip bombs, wrong content
types, redirect loops, errors, 304s. Never the internet.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from clippings.cli import main
from clippings.errors import ConfigError
from clippings.importer.live import USER_AGENT, Fetcher, Limits, LiveError, Source, load_sources
from clippings.importer.markdown import read_markdown

FIXTURES = Path(__file__).resolve().parent / "fixtures"
GUARDIAN = (FIXTURES / "feeds" / "rss-parser_guardian.rss").read_bytes()
PAGE = gzip.decompress((FIXTURES / "extraction" / "html" / "14cc2a0ca59c62a8.html.gz").read_bytes())


def _wp_feed(page: int, base: str) -> bytes:
    items = "".join(
        f"""<item><title>Post {page}-{n}</title><link>{base}/2025/11/{page:02d}/post-{page}-{n}/</link>
<guid isPermaLink="false">{base}/?p={page}{n}</guid><pubDate>Mon, {page:02d} Nov 2025 10:0{n}:00 +0000</pubDate>
<dc:creator>aletho</dc:creator><content:encoded><![CDATA[<p>Body of post {page}-{n}.</p>]]></content:encoded></item>"""
        for n in range(2)
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Blog</title><link>{base}</link><generator>https://wordpress.org/?v=6.4</generator>
{items}</channel></rss>""".encode()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    requests: list[tuple[str, dict[str, str]]] = []  # noqa: RUF012 (one server per test)

    def log_message(self, *args: object) -> None:
        pass

    def _send(self, status: int, body: bytes, kind: str = "text/html", **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self) -> None:
        self.requests.append((self.path, dict(self.headers)))
        parts = urlsplit(self.path)
        base = f"http://{self.headers['Host']}"
        route = parts.path
        if route == "/guardian.rss":
            if self.headers.get("If-None-Match") == '"v1"':
                self.send_response(304)
                self.send_header("ETag", '"v1"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self._send(200, GUARDIAN, "application/rss+xml; charset=utf-8", ETag='"v1"')
        elif route == "/feed/":
            page = int(dict(p.split("=") for p in parts.query.split("&") if p).get("paged", 1))
            if page > 3:
                self._send(404, b"<html><body>Not found</body></html>")
            else:
                self._send(200, _wp_feed(page, base), "application/rss+xml")
        elif route == "/article/":
            self._send(
                200, PAGE, "text/html; charset=utf-8", Last_Modified="Tue, 19 Nov 2019 10:00:00 GMT"
            )
        elif route == "/moved":
            self._send(301, b"", Location="/article/")
        elif route.startswith("/loop"):
            self._send(302, b"", Location="/loop2" if route == "/loop" else "/loop")
        elif route == "/to-ftp":
            self._send(302, b"", Location="ftp://127.0.0.1/x")
        elif route == "/slow":
            time.sleep(3)
            self._send(200, b"<html>late</html>")
        elif route == "/huge-declared":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(10**9))
            self.end_headers()
        elif route == "/huge-streamed":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"<p>" + b"x" * 8000 + b"</p>"
            try:
                for _ in range(200):
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.write(b"0\r\n\r\n")
            except OSError:
                pass  # the client hung up at its limit: that is the point
        elif route == "/trickle":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            try:
                for _ in range(40):
                    self.wfile.write(b"1\r\nx\r\n")
                    self.wfile.flush()
                    time.sleep(0.1)
                self.wfile.write(b"0\r\n\r\n")
            except OSError:
                pass
        elif route == "/bomb":
            body = gzip.compress(b"<html>" + b"\0" * (20 * 1024 * 1024), 9)
            self._send(200, body, "text/html", Content_Encoding="gzip")
        elif route == "/image.png":
            self._send(200, b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "image/png")
        elif route == "/plain":
            self._send(200, b"just some words, no markup", "text/plain")
        elif route == "/error":
            self._send(500, b"<html>oops</html>")
        else:
            self._send(404, b"<html>no</html>")


@pytest.fixture
def server() -> Iterator[str]:
    _Handler.requests = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _import(content: Path, *args: str) -> int:
    return main(["import", *args, "--content", str(content), "--no-entities", "--delay", "0"])


def _articles(content: Path) -> list[dict[str, object]]:
    files = sorted((content / "articles").rglob("*.md"))
    return [read_markdown(f.read_text(encoding="utf-8"))[0] for f in files]


def test_feed_by_address_then_304_on_the_next_run(
    server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = tmp_path / "content"
    assert _import(content, f"{server}/guardian.rss") == 0
    first = capsys.readouterr().out
    assert "55 item(s) in 1 input(s): 55 created" in first
    assert len(_articles(content)) == 55
    # The daily run: the ETag goes back, the server says 304, nothing is read again.
    assert _import(content, f"{server}/guardian.rss") == 0
    second = capsys.readouterr().out
    assert second.startswith("0 item(s) in "), second
    _path, headers = _Handler.requests[-1]
    assert headers.get("If-None-Match") == '"v1"'
    assert headers.get("User-Agent") == USER_AGENT and "Clippings" in USER_AGENT


def test_post_page_by_address_via_a_redirect(server: str, tmp_path: Path) -> None:
    content = tmp_path / "content"
    assert _import(content, f"{server}/moved") == 0
    [meta] = _articles(content)
    assert meta["title"] == (
        "NASA Just Confirmed There Are Water Plumes Above The Surface of Jupiter's Moon Europa"
    )
    assert str(meta["date"]) == "2019-11-18"
    # The page sent Last-Modified: the next request is conditional.
    with Fetcher(tmp_path / "cache", Limits(delay=0)) as fetcher:
        fetcher.fetch(f"{server}/article/")
        fetcher.fetch(f"{server}/article/")
    assert _Handler.requests[-1][1].get("If-Modified-Since") == "Tue, 19 Nov 2019 10:00:00 GMT"


def test_wordpress_feed_pages_are_followed_until_the_last(server: str, tmp_path: Path) -> None:
    content = tmp_path / "content"
    assert _import(content, f"{server}/feed/", "--follow", "10") == 0
    titles = sorted(str(m["title"]) for m in _articles(content))
    assert titles == [f"Post {p}-{n}" for p in (1, 2, 3) for n in (0, 1)]
    asked = [p for p, _ in _Handler.requests]
    assert asked == ["/feed/", "/feed/?paged=2", "/feed/?paged=3", "/feed/?paged=4"]


def test_no_following_unless_asked(server: str, tmp_path: Path) -> None:
    assert _import(tmp_path / "c", f"{server}/feed/") == 0
    assert [p for p, _ in _Handler.requests] == ["/feed/"]


@pytest.mark.parametrize(
    ("route", "limits", "message"),
    [
        ("/slow", Limits(timeout=0.5, delay=0), "timed out"),
        ("/trickle", Limits(timeout=2, deadline=1, delay=0), "answer too slow"),
        ("/huge-declared", Limits(max_bytes=100_000, delay=0), "answer too large (1000000000"),
        ("/huge-streamed", Limits(max_bytes=100_000, delay=0), "answer too large (over 100000"),
        ("/bomb", Limits(max_bytes=1_000_000, delay=0), "answer too large"),
        ("/loop", Limits(max_redirects=3, delay=0), "more than 3 redirects"),
        ("/to-ftp", Limits(delay=0), "not http(s)"),
        ("/image.png", Limits(delay=0), "not a feed or a page (the server sent image/png)"),
        ("/error", Limits(delay=0), "the server answered 500"),
        ("/missing", Limits(delay=0), "the server answered 404"),
    ],
)
def test_hostile_answers_are_one_line_errors(
    server: str, tmp_path: Path, route: str, limits: Limits, message: str
) -> None:
    with Fetcher(tmp_path / "cache", limits) as fetcher, pytest.raises(LiveError) as caught:
        fetcher.fetch(f"{server}{route}")
    text = str(caught.value)
    assert text.startswith(f"{server}{route}: ") and message in text
    assert "\n" not in text
    assert not list((tmp_path / "cache").glob("*.body"))  # nothing half-written is kept


def test_refused_connection_and_bad_addresses(tmp_path: Path) -> None:
    with Fetcher(tmp_path / "cache", Limits(delay=0, timeout=2)) as fetcher:
        with pytest.raises(LiveError, match="cannot connect: connection refused"):
            fetcher.fetch("http://127.0.0.1:9/feed")
        with pytest.raises(LiveError, match="not an http"):
            fetcher.fetch("file:///etc/passwd")


def test_cli_reports_each_bad_source_and_goes_on(
    server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = tmp_path / "content"
    code = _import(content, f"{server}/plain", f"{server}/error", f"{server}/feed/")
    captured = capsys.readouterr()
    assert code == 1  # an input could not be read
    assert f"clippings: error: {server}/plain: not a feed or a page" in captured.err
    assert f"clippings: error: {server}/error: the server answered 500" in captured.err
    assert "Traceback" not in captured.err
    assert len(_articles(content)) == 2  # the good source still imported


def test_pacing_between_requests_to_one_host(server: str, tmp_path: Path) -> None:
    with Fetcher(tmp_path / "cache", Limits(delay=0.4)) as fetcher:
        start = time.monotonic()
        fetcher.fetch(f"{server}/feed/")
        fetcher.fetch(f"{server}/feed/?paged=2")
        assert time.monotonic() - start >= 0.4


def test_sources_file(server: str, tmp_path: Path) -> None:
    sources = tmp_path / "sources.yaml"
    sources.write_text(
        f"sources:\n  - {server}/guardian.rss\n  - url: {server}/feed/\n    follow: 1\n"
    )
    assert load_sources(sources) == [Source(f"{server}/guardian.rss"), Source(f"{server}/feed/", 1)]
    content = tmp_path / "content"
    assert (
        main(
            [
                "import",
                "--sources",
                str(sources),
                "--content",
                str(content),
                "--no-entities",
                "--delay",
                "0",
            ]
        )
        == 0
    )
    assert len(_articles(content)) == 55 + 4


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("sources: [", "not valid YAML"),
        ("{}", "expected a list"),
        ("- ftp://x/", "entry 1: 'ftp://x/' is not an http(s) address"),
        ("- https://a.example/\n- url: https://b.example/\n  follow: -1", "entry 2: follow"),
        ("- url: https://b.example/\n  folow: 2", "entry 1: unknown key(s) folow"),
        ("- [1, 2]", "entry 1: expected an address"),
    ],
)
def test_bad_sources_file_names_the_entry(tmp_path: Path, text: str, message: str) -> None:
    sources = tmp_path / "sources.yaml"
    sources.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_sources(sources)
    assert str(sources) in str(caught.value) and message in str(caught.value)


def test_cli_needs_a_path_an_address_or_sources(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import"]) == 2
    assert "give a PATH, an address or --sources" in capsys.readouterr().err


def test_invoke_update_stops_on_a_bad_sources_file(tmp_path: Path) -> None:
    from invoke import Context

    import tasks

    with pytest.raises(SystemExit) as missing:
        tasks.update(Context(), sources=str(tmp_path / "none.yaml"), content=str(tmp_path / "c"))
    assert "none.yaml: no such file" in str(missing.value.code)
    bad = tmp_path / "sources.yaml"
    bad.write_text("- ftp://x/\n")
    with pytest.raises(SystemExit) as wrong:  # exit 2 before any build
        tasks.update(
            Context(), sources=str(bad), content=str(tmp_path / "c"), output=str(tmp_path / "o")
        )
    assert wrong.value.code == 2
    assert not (tmp_path / "o").exists()
