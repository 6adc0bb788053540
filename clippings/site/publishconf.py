"""Clippings' publishing settings, used by `clippings build --publish` in a folder
without its own `publishconf.py`: the defaults, a clean output folder, and the
archive's public address (CLIPPINGS_SITEURL) required for feeds and the sitemap."""

from __future__ import annotations

import os
import sys

from clippings.site.defaults import *  # noqa: F403

if not os.environ.get("CLIPPINGS_SITEURL"):
    sys.exit("publishconf.py: set CLIPPINGS_SITEURL to the archive's public address")
DELETE_OUTPUT_DIRECTORY = True
