"""search: the prebuilt lunr index of every article, written to output/search/.

A generator registered through `signals.get_generators`. Once all articles are read it
builds one lunr index (skipped when the documents, options and code are those the
files in the output folder were made from), cuts it into term shards and document chunks
(`clippings.search.shards`), writes only the files whose content changed, removes
the ones no longer used, and copies lunr.js (shipped with the package, a copy of npm's
lunr that `package.json` pins; the version must be the one lunr.py targets).

It also gives the search page template `search_facets` (the filter values) and
`search_months` (the first and last month of the archive, for the date range).

The index is built in a process of its own, started as soon as the articles are final
(`start_early`, once entities are canonical: before related articles are computed and
the other generators' contexts), so it takes the second core while Pelican finishes the
context and renders pages, and waited for once every page is written (`finalized`;
`"background": False` builds it in the Pelican process, at the point it would start).

Settings: SEARCH = {"shard_bytes": 32768, "chunk_docs": 4, "folder": "search",
"background": True}.
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from lunr import __TARGET_JS_VERSION__
from pelican import signals
from pelican.generators import Generator

from clippings.lifetime import die_with_parent
from clippings.search.documents import (
    FACET_KINDS,
    BodyTexts,
    SearchDoc,
    from_article,
    ordered,
)
from clippings.search.publish import Published, publish
from clippings.search.shards import (
    CHUNK_DOCS,
    SHARD_BYTES,
    facet_values,
    manifest_files,
    registered_data,
)
from clippings.site import resources

log = logging.getLogger(__name__)
DEFAULTS: dict[str, Any] = {
    "shard_bytes": SHARD_BYTES,
    "chunk_docs": CHUNK_DOCS,
    "folder": "search",
    "background": True,
}
CODE = resources.package_dir() / "search"
FACET_LABELS = {
    "outlet": "Outlet",
    "tag": "Tag",
    "entity": "Person, organisation or place",
    "year": "Year",
}


def _settings(settings: dict[str, Any]) -> dict[str, Any]:
    given = settings.get("SEARCH", {}) or {}
    unknown = set(given) - set(DEFAULTS)
    if unknown:
        raise ValueError(f"search: unknown SEARCH keys {sorted(unknown)}")
    return {**DEFAULTS, **given}


def lunr_js() -> Path:
    """The shipped lunr.min.js, checked to be the version lunr.py writes indexes for."""
    version = resources.lunr_js_version()
    if version != __TARGET_JS_VERSION__:
        raise RuntimeError(
            f"search: the shipped lunr.js is {version} but lunr.py writes indexes for "
            f"{__TARGET_JS_VERSION__}; see docs/architecture.md (lunr.js)"
        )
    return resources.lunr_js()


class SearchIndexGenerator(Generator):
    """Writes output/<folder>/: manifest, term shards, document chunks and lunr.js."""

    def generate_context(self) -> None:
        if _early and _early[0].context is self.context:
            self.index = _early.pop()  # started when the articles were final
        else:
            self.index = IndexBuild(self.context, self.settings, self.output_path)
            self.index.start(self.context.get("articles", []))
        self.options, self.docs = self.index.options, self.index.docs
        facets = facet_values(self.docs)
        self.context["search_facets"] = [
            {"kind": kind, "label": FACET_LABELS[kind], "values": facets[kind]}
            for kind in FACET_KINDS
            if facets[kind]
        ]
        self.context["SEARCH_INDEX_URL"] = self.options["folder"]
        # The months the date range can take (documents are ordered oldest first).
        self.context["search_months"] = (
            [self.docs[0].date[:7], self.docs[-1].date[:7]] if self.docs else None
        )

    def generate_output(self, writer: Any) -> None:
        # Waited for when every page is written (`finish`): until then Pelican renders.
        _pending.append(self.index)


class IndexBuild:
    """The search documents of one build's articles, and their index on its way."""

    def __init__(self, context: dict[str, Any], settings: dict[str, Any], output_path: str):
        self.context = context  # (which build this is: its generators share one context)
        self.settings = settings
        self.output_path = output_path
        self.options = _settings(settings)
        self.docs: list[SearchDoc] = []
        self._pool: ProcessPoolExecutor | None = None
        self._job: Future[Published] | None = None

    def start(self, articles: list[Any]) -> None:
        """Make the documents of `articles`, then start building their index."""
        cache = Path(self.settings.get("CACHE_PATH", "cache"))
        texts = BodyTexts(
            cache / "search-texts.pickle" if self.settings.get("CACHE_CONTENT") else None
        )
        self.docs = ordered(from_article(a, texts) for a in articles)
        texts.save()
        self._start()

    def _key(self) -> str:
        """What the index files depend on: the documents, the options, the code, lunr.js."""
        digest = hashlib.sha256(json.dumps(self.options, sort_keys=True).encode())
        for doc in self.docs:  # (a JSON text of every document would take longer)
            for value in doc.__dict__.values():
                for text in value if isinstance(value, tuple) else (value,):
                    data = text.encode()  # length-prefixed: no text can fake a boundary
                    digest.update(len(data).to_bytes(8, "little") + data)
                digest.update(b"\xff" * 8)  # (the end of a field: an impossible length)
        # The code that builds the index is part of the key: a new pipeline, a new index.
        for module in sorted(CODE.glob("*.py")):
            digest.update(module.read_bytes())
        digest.update(lunr_js().read_bytes())
        return digest.hexdigest()

    def _start(self) -> None:
        """Start building the index (in another process unless `background` is off)."""
        folder = Path(self.output_path) / self.options["folder"]
        key = self._key()
        # The key of the files now in this output folder (kept in CACHE_PATH): when it is
        # the same and the files are there, there is nothing to build.
        where = hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:16]
        stamp = Path(self.settings.get("CACHE_PATH", "cache")) / f"search-{where}.key"
        if _stamped(stamp, key) and _complete(folder):
            log.info("search: index unchanged for %d articles", len(self.docs))
            return
        args = (
            folder,
            self.docs,
            self.options["shard_bytes"],
            self.options["chunk_docs"],
            {"lunr.js": lunr_js().read_text(encoding="utf-8")},
            stamp,
            key,
        )
        if self.options["background"]:
            # spawn, not fork: a fresh interpreter shares no state with Pelican's.
            # It dies with the build (clippings.lifetime): killed, it would go on writing.
            self._pool = ProcessPoolExecutor(
                1, multiprocessing.get_context("spawn"),
                initializer=die_with_parent, initargs=(os.getpid(),),
            )  # fmt: skip
            self._job = self._pool.submit(publish, *args)
        else:
            self._job = Future()
            self._job.set_result(publish(*args))

    def abandon(self) -> None:
        """Wait for the index process, if any, and end it, whatever it did."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._job = None

    def finish(self) -> None:
        """Wait for the index to be built; say what was written."""
        if self._job is None:
            return
        try:
            done = self._job.result()
        finally:
            if self._pool is not None:
                self._pool.shutdown()
        if done.warning:
            log.warning("%s", done.warning)
        log.info(
            "search: %d files (%d written, %d removed) for %d articles",
            done.files, done.written, done.removed, len(self.docs),
        )  # fmt: skip


def _stamped(stamp: Path, key: str) -> bool:
    try:
        return stamp.read_text(encoding="utf-8") == key
    except OSError:
        return False


def _complete(folder: Path) -> bool:
    """True if the manifest in `folder` and every file it names are there."""
    manifest = folder / "manifest.js"
    if not manifest.is_file() or not (folder / "lunr.js").is_file():
        return False
    data = registered_data(manifest.read_text(encoding="utf-8"))
    return all((folder / name).is_file() for name in manifest_files(data))


_pending: list[IndexBuild] = []
# The index started when the articles generator was finalized (start_early), at most one.
_early: list[IndexBuild] = []


def finish_indexes(pelican: Any) -> None:
    """At the end of the build (before changed_only's report), wait for the index."""
    while _pending:
        _pending.pop(0).finish()


def forget_pending(pelican: Any) -> None:
    """A new build: an index an earlier build (stopped by an error) left on its way is
    let finish first, so that two index processes never write one folder (`invoke
    serve` builds again in the same process); nothing of it is reported."""
    for index in (*_pending, *_early):
        index.abandon()
    _pending.clear()
    _early.clear()


def start_early(generator: Any) -> None:
    """As soon as the articles are final (URLs fixed, outlets and entities canonical),
    make their documents and start the index process: related articles and the other
    generators' contexts are computed meanwhile (at 100,000 articles the index is what
    a build waits for last). Nothing a document holds changes after this point."""
    _early.clear()
    index = IndexBuild(generator.context, generator.settings, generator.output_path)
    index.start(generator.articles)
    _early.append(index)


def get_generators(pelican: Any) -> type[Generator]:
    return SearchIndexGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
    signals.initialized.connect(forget_pending)
    signals.finalized.connect(finish_indexes)
    signals.article_generator_finalized.connect(start_early)
