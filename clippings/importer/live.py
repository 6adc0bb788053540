"""Live sources: import a blog's feeds, posts and archive pages by their address.

`clippings import https://…` and `invoke update` (the addresses in `sources.yaml`) fetch
each address with httpx, then read the answer with the same parsers as files: a feed
(RSS, Atom, WXR) or a page (a post, an archive page of posts, a news article).

Politeness and safety, because the other end is someone else's server and untrusted:

* a User-Agent naming Clippings; one request at a time, at least `delay` seconds apart
  to the same host;
* timeouts on connecting and on every read, at most `max_redirects` redirects, answers
  larger than `max_bytes` refused (by `Content-Length` or while streaming), answers that
  are neither text nor XML (an image, a PDF) refused by their `Content-Type`;
* conditional requests: the `ETag` and `Last-Modified` of every answer are kept in
  `CONTENT/.cache/live/`, with the answer; a daily run sends them back, and a
  `304 Not Modified` source is not read again (nothing in it changed);
* every failure is one line naming the address: DNS failures, refused connections,
  timeouts, 4xx/5xx answers, redirect loops, oversized or non-feed answers.

A feed's further pages are followed when asked (`follow` pages at most): its
`rel="next"` link, else WordPress's `?paged=N`; an archive page's `rel="next"` link.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import httpx
import yaml

from clippings import __version__
from clippings.atomic import atomic_write, atomic_write_bytes
from clippings.errors import ConfigError, InputError
from clippings.importer.model import Article, Note, Skipped
from clippings.importer.options import ImportOptions
from clippings.importer.sources.detect import detect, parser_for

CACHE_DIR = Path(".cache") / "live"
SOURCES_FILE = "sources.yaml"
USER_AGENT = f"Clippings/{__version__} (static archive importer; python-httpx)"
_READABLE = re.compile(r"^(?:text/|application/(?:[\w.+-]*\+)?xml$|application/xhtml\+xml$)")
_NEXT_LINK = re.compile(
    rb"<(?:atom:)?link\b[^>]*\brel=[\"']next[\"'][^>]*>|<a\b[^>]*\brel=[\"'][^\"']*\bnext\b[^>]*>",
    re.I,
)
_HREF = re.compile(rb"\bhref=[\"']([^\"']+)[\"']", re.I)


class LiveError(InputError):
    """A source that could not be fetched or read: the message names its address."""


class StatusError(LiveError):
    """The server answered with an error status (4xx, 5xx)."""

    def __init__(self, url: str, status: int, reason: str) -> None:
        super().__init__(url, f"the server answered {status} {reason}")
        self.status = status
        self.reason = reason

    def __reduce__(self) -> Any:
        return type(self), (self.path, self.status, self.reason)


@dataclass(frozen=True)
class Limits:
    """How patient and how generous the fetcher is."""

    timeout: float = 20.0
    max_bytes: int = 32 * 1024 * 1024
    max_redirects: int = 5
    delay: float = 1.0
    # A whole answer, however it trickles in (a read timeout alone lets a server send a
    # byte every few seconds for ever).
    deadline: float = 120.0


@dataclass(frozen=True)
class Source:
    """One entry of `sources.yaml`: an address and how many further pages to follow."""

    url: str
    follow: int = 0


@dataclass(frozen=True)
class Fetched:
    """An answer kept in the cache: `changed` is False for a `304 Not Modified`."""

    url: str
    path: Path
    changed: bool


@dataclass
class Fetcher:
    """Fetches addresses with conditional requests; the answers are kept in `cache`."""

    cache: Path
    limits: Limits = field(default_factory=Limits)
    transport: httpx.BaseTransport | None = None
    _last: dict[str, float] = field(default_factory=dict)
    _client: httpx.Client | None = None

    def __enter__(self) -> Fetcher:
        timeout = httpx.Timeout(self.limits.timeout, connect=min(10.0, self.limits.timeout))
        self._client = httpx.Client(
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
            timeout=timeout,
            follow_redirects=True,
            max_redirects=self.limits.max_redirects,
            transport=self.transport,
            trust_env=False,  # proxies come from the maintainer's settings, not the page
        )
        return self

    def __exit__(self, *exc: object) -> None:
        if self._client is not None:
            self._client.close()

    def _entry(self, url: str) -> tuple[Path, Path]:
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()[:24]
        return self.cache / f"{key}.json", self.cache / f"{key}.body"

    def _pace(self, url: str) -> None:
        host = urlsplit(url).netloc.lower()
        wait = self._last.get(host, -1e9) + self.limits.delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self._last[host] = time.monotonic()

    def fetch(self, url: str, force: bool = False) -> Fetched:
        """The answer for `url`, or LiveError saying in one line why there is none."""
        check_url(url)
        assert self._client is not None, "use Fetcher as a context manager"
        meta_path, body_path = self._entry(url)
        cached = _read_json(meta_path) if body_path.exists() and not force else {}
        headers = {}
        if cached.get("etag"):
            headers["If-None-Match"] = cached["etag"]
        if cached.get("last_modified"):
            headers["If-Modified-Since"] = cached["last_modified"]
        self._pace(url)
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                final = str(response.url)
                if response.status_code == 304 and cached:
                    return Fetched(cached.get("final_url") or url, body_path, changed=False)
                if response.status_code >= 400:
                    raise StatusError(url, response.status_code, response.reason_phrase or "error")
                if response.status_code != 200:
                    raise LiveError(url, f"unexpected answer {response.status_code}")
                _check_type(url, response.headers.get("content-type", ""))
                data = self._read_capped(url, response)
        except httpx.TooManyRedirects:
            raise LiveError(
                url, f"more than {self.limits.max_redirects} redirects (a redirect loop?)"
            ) from None
        except httpx.TimeoutException:
            raise LiveError(
                url, f"timed out (no answer within {self.limits.timeout:g} s)"
            ) from None
        except httpx.ConnectError as exc:
            raise LiveError(url, f"cannot connect: {_connect_reason(exc)}") from None
        except httpx.UnsupportedProtocol:
            raise LiveError(url, "redirected to an address that is not http(s)") from None
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            raise LiveError(url, f"cannot fetch: {exc or type(exc).__name__}") from None
        self.cache.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(body_path, data, sync=False)
        kept = {
            "url": url,
            "final_url": final,
            "etag": response.headers.get("etag"),
            "last_modified": response.headers.get("last-modified"),
        }
        atomic_write(meta_path, json.dumps(kept, indent=1) + "\n")
        return Fetched(final, body_path, changed=True)

    def _read_capped(self, url: str, response: httpx.Response) -> bytes:
        limit = self.limits.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise LiveError(url, f"answer too large ({declared} bytes; the limit is {limit})")
        chunks, size = [], 0
        give_up = time.monotonic() + self.limits.deadline
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                raise LiveError(url, f"answer too large (over {limit} bytes), not read")
            if time.monotonic() > give_up:
                raise LiveError(
                    url, f"answer too slow (not complete within {self.limits.deadline:g} s)"
                )
            chunks.append(chunk)
        return b"".join(chunks)


def check_url(url: str) -> None:
    """LiveError unless `url` is an absolute http(s) address."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise LiveError(url, "not an http(s) address")


def is_url(text: str) -> bool:
    """True for what the command line takes as an address rather than a file."""
    return bool(re.match(r"^https?://", text, re.I))


def _check_type(url: str, content_type: str) -> None:
    kind = content_type.split(";")[0].strip().lower()
    if kind and not _READABLE.match(kind):
        raise LiveError(url, f"not a feed or a page (the server sent {kind})")


def _connect_reason(exc: httpx.ConnectError) -> str:
    text = str(exc)
    if re.search(r"name or service not known|nodename nor servname|getaddrinfo|resolv", text, re.I):
        return "the host name does not resolve (DNS)"
    if "refused" in text.lower():
        return "connection refused"
    return text or "connection failed"


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # a damaged cache entry costs one unconditional request
    return data if isinstance(data, dict) else {}


# --- Reading what was fetched ----------------------------------------------------------


def next_page(data: bytes, url: str, fmt: str, page: int) -> str | None:
    """The address of the page after `url`: its `rel="next"` link, else WordPress's `paged`."""
    for tag in _NEXT_LINK.findall(data[: 4 * 1024 * 1024]):
        if href := _HREF.search(tag):
            target = urljoin(url, href[1].decode("utf-8", "replace").replace("&amp;", "&"))
            if urlsplit(target).scheme in ("http", "https") and target != url:
                return target
    if fmt in ("feed", "wxr") and b"wordpress.org" in data[:8192].lower():
        parts = urlsplit(url)
        query = [(k, v) for k, v in parse_qsl(parts.query) if k != "paged"]
        query.append(("paged", str(page + 1)))
        return urlunsplit(parts._replace(query=urlencode(query)))
    return None


Item = Article | Skipped | Note


def _relabel(item: Item, name: str, url: str) -> Item:
    """Name the address, not the cache file, in what the parsers report."""
    if isinstance(item, Skipped) and item.source == name:
        return Skipped(url, item.line, item.reason)
    if isinstance(item, Note) and item.source == name:
        return Note(url, item.line, item.message)
    if isinstance(item, Article) and item.source and item.source.startswith(name + ":"):
        item.source = url
        item.url = item.url or url
    return item


def read_sources(
    sources: Sequence[Source], fetcher: Fetcher, options: ImportOptions
) -> Iterator[tuple[str, Iterator[Item]]]:
    """Yield (address, its items) for every source and followed page, in order.

    An items iterator raises LiveError when its address could not be fetched or read;
    a later source is still fetched.
    """
    for source in sources:
        url: str | None = source.url
        seen: set[str] = set()
        for page in range(1, source.follow + 2):
            if url is None or url in seen:
                break
            seen.add(url)
            found: list[str | None] = []
            yield url, _items(url, fetcher, options, page, found, follow=page <= source.follow)
            url = found[0] if found else None


def _items(
    url: str,
    fetcher: Fetcher,
    options: ImportOptions,
    page: int,
    found: list[str | None],
    follow: bool,
) -> Iterator[Item]:
    try:
        fetched = fetcher.fetch(url)
    except StatusError as exc:
        if page == 1 or exc.status not in (404, 410):
            raise
        # WordPress answers 404 past its last page: following ends here.
        yield Note(url, 1, f"no page {page} ({exc.status}): the last page was {page - 1}")
        return
    if not fetched.changed:
        yield Note(url, 1, "not modified since the last run (304), not read again")
        return
    fmt = detect(fetched.path)
    if fmt == "text":
        raise LiveError(url, "not a feed or a page (neither XML nor HTML)")
    data = fetched.path.read_bytes()
    options.page_url = fetched.url
    try:
        count = 0
        for item in parser_for(fmt)(fetched.path, options):
            count += isinstance(item, Article)
            yield _relabel(item, fetched.path.name, url)
    except InputError as exc:
        raise LiveError(url, exc.message) from None
    finally:
        options.page_url = None
    # A page beyond the last gives nothing (WordPress answers 404 there): stop following.
    if follow and count:
        found.append(next_page(data, fetched.url, fmt, page))


# --- sources.yaml ----------------------------------------------------------------------


def load_sources(path: Path) -> list[Source]:
    """The sources listed in `path`; ConfigError naming the file and entry when wrong.

    The file holds a list (or a mapping with a `sources:` list) of addresses, each a
    string or a mapping `{url: …, follow: N}`.
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(str(path), f"cannot read: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise ConfigError(str(path), f"not valid YAML: {exc}", line) from None
    if isinstance(data, dict):
        data = data.get("sources")
    if not isinstance(data, list) or not data:
        raise ConfigError(str(path), "expected a list of addresses (or `sources:` holding one)")
    sources = []
    for number, entry in enumerate(data, 1):
        where = f"entry {number}"
        if isinstance(entry, str):
            entry = {"url": entry}
        if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
            raise ConfigError(str(path), f"{where}: expected an address or {{url: …, follow: N}}")
        follow = entry.get("follow", 0)
        if not isinstance(follow, int) or isinstance(follow, bool) or not 0 <= follow <= 1000:
            raise ConfigError(str(path), f"{where}: follow must be a number of pages, 0 to 1000")
        unknown = set(entry) - {"url", "follow"}
        if unknown:
            raise ConfigError(str(path), f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
        url = entry["url"].strip()
        try:
            check_url(url)
        except LiveError:
            raise ConfigError(str(path), f"{where}: {url!r} is not an http(s) address") from None
        sources.append(Source(url, follow))
    return sources
