"""The tests' crawler is the site check's own (clippings.sitecheck)."""

from __future__ import annotations

from clippings.sitecheck import broken_links, html5_errors, html_files, internal_links

__all__ = ["broken_links", "html5_errors", "html_files", "internal_links"]
