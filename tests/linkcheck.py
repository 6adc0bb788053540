"""The tests' crawler is the site check's own (clippings.site.check)."""

from __future__ import annotations

from clippings.site.check import broken_links, html5_errors, html_files, internal_links

__all__ = ["broken_links", "html5_errors", "html_files", "internal_links"]
