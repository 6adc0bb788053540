"""`invoke serve` answers a missing path with the site's own 404.html (status 404).

A web server configured as docs/pages.md describes does the same (`ErrorDocument 404
/404.html`, nginx `error_page 404 /404.html`); the page links from the site's path
(SITEPATH), so it works at any depth. Both servers `invoke serve` uses are covered:
the standard library's (without live reload) and livereload's Tornado handler.
"""

from __future__ import annotations

import functools
import http.server
from pathlib import Path
from typing import Any

PAGE = "404.html"


def not_found_page(root: Path) -> bytes | None:
    """The bytes of `root`/404.html, or None when the build wrote none."""
    try:
        return (root / PAGE).read_bytes()
    except OSError:
        return None


class NotFoundHTTPHandler(http.server.SimpleHTTPRequestHandler):
    """SimpleHTTPRequestHandler that answers 404 with the site's 404.html."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        body = not_found_page(Path(self.directory)) if code == 404 else None
        if body is None:
            super().send_error(code, message, explain)
            return
        self.send_response(404, message)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def http_handler(root: Path) -> Any:
    """The request handler class for http.server, serving `root`."""
    return functools.partial(NotFoundHTTPHandler, directory=str(root))


def livereload_handler() -> type:
    """livereload's static file handler, answering 404 with the site's 404.html."""
    from livereload.handlers import StaticFileHandler

    class NotFoundStaticFileHandler(StaticFileHandler):  # type: ignore[misc]
        def write_error(self, status_code: int, **kwargs: Any) -> None:
            body = not_found_page(Path(self.root)) if status_code == 404 else None
            if body is None:
                super().write_error(status_code, **kwargs)
                return
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(body)

    return NotFoundStaticFileHandler
