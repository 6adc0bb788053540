"""Reading articles on every core: a head start into the reader cache.

Pelican reads (Markdown to HTML, front-matter) one article after another. Before it
does, the article files the reader cache does not hold are read by this process and
forked workers together (`clippings.site.shares.map_shared`), and what they give is
put into the cache, as Pelican would have put it. Pelican's own pass then finds every
article in the cache; a file whose reading failed or warned is not in it, and Pelican
reads it again itself, meeting the same error or warning as a serial build.
"""

from __future__ import annotations

import os
from typing import Any

from pelican.utils import file_suffix

from clippings.site import compat, shares

from ..progress import reader

# What `Readers.read_file` does to a reader's metadata before caching it.
_filter_discardable_metadata = compat.original("pelican.readers:_filter_discardable_metadata")


def read_ahead(generator: Any) -> None:
    """Read the articles the cache lacks, on every core (at article_generator_init)."""
    readers = getattr(generator, "readers", None)
    if readers is None or not getattr(readers, "_cache_data_policy", False):
        return  # no reader cache to fill (CACHE_CONTENT off)
    settings = generator.settings
    files = generator.get_files(settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"])
    count = shares.processes(settings.get("BUILD_PROCESSES", 0), len(files))
    if count < 2:
        return
    paths = [os.path.abspath(os.path.join(generator.path, name)) for name in files]
    missing = [
        path
        for path in paths
        if file_suffix(path) in readers.readers and readers.get_cached_data(path, None) is None
    ]
    if len(missing) < shares.MIN_ARTICLES:
        return

    def read(path: str) -> tuple[str, dict[str, Any]]:
        content, metadata = readers.readers[file_suffix(path)].read(path)
        return content, _filter_discardable_metadata(metadata)

    progress = reader(len(missing), count)
    for path, data in shares.map_shared(missing, count, read, progress):
        readers.cache_data(path, data)
