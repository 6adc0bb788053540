"""Pelican settings for publishing: `invoke build --publish`.

Extends pelicanconf.py. Set CLIPPINGS_SITEURL to the archive's public address to get
absolute feed links; the pages themselves keep relative URLs so mirrors work anywhere.
"""

from __future__ import annotations

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("CLIPPINGS_SITEURL", "")
RELATIVE_URLS = True
DELETE_OUTPUT_DIRECTORY = True

if SITEURL:
    FEED_DOMAIN = SITEURL
    FEED_ALL_ATOM = "feeds/all.atom.xml"
    TAG_FEED_ATOM = "feeds/tag/{slug}.atom.xml"
