"""Pelican settings for publishing: `invoke build --publish`.

Extends pelicanconf.py: a clean output folder, and CLIPPINGS_SITEURL required (feeds,
the sitemap and canonical links carry the archive's public address; pages keep relative
links so mirrors work anywhere).
"""

from __future__ import annotations

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

if not os.environ.get("CLIPPINGS_SITEURL"):
    sys.exit("publishconf.py: set CLIPPINGS_SITEURL to the archive's public address")
DELETE_OUTPUT_DIRECTORY = True
