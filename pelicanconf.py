"""Pelican settings of this archive: Clippings' defaults, and this archive's own below.

`invoke build` and `clippings build` read this file; `publishconf.py` extends it for
publishing. The defaults (clippings/site/defaults.py) and every setting are documented
in docs/settings.md; set a setting here to change it for this archive.
"""

from __future__ import annotations

from clippings.site.defaults import *  # noqa: F403
