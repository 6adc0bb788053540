"""The Markdown extension the archive renders with: every rendered fragment sanitised.

Pelican renders each content file with Python-Markdown; this extension adds a last
postprocessor that passes the finished HTML (raw HTML blocks already put back) through
`clippings.sanitize.sanitize_rendered`. Whatever a file in `content/` holds, imported or
hand-written, only the archive's allow-list reaches templates, feeds and the search
index. It runs inside the reader, so Pelican's reader cache keeps the sanitised HTML.
"""

from __future__ import annotations

from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

from clippings.sanitize import sanitize_rendered


class _Sanitize(Postprocessor):
    """Sanitise the whole rendered document."""

    def run(self, text: str) -> str:
        return sanitize_rendered(text)


class SafeMarkdownExtension(Extension):
    """Register `_Sanitize` after every other postprocessor (lowest priority)."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.postprocessors.register(_Sanitize(md), "clippings_sanitize", -100)


def makeExtension(**kwargs: Any) -> SafeMarkdownExtension:
    """Python-Markdown's entry point for `"clippings.site.safe_markdown"` in MARKDOWN."""
    return SafeMarkdownExtension(**kwargs)
