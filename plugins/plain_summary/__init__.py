"""plain_summary: a front-matter `summary` is plain text everywhere, feeds included.

The archive's `summary` is plain text (FORMATTED_FIELDS is empty, so Markdown never
renders it). Templates escape it, but Pelican's feed writer puts it as it is into an
Atom `<summary type="html">`, where a feed reader would read `<img onerror=…>` as
markup. Each article's summary is replaced by its escaped form as `Markup`: templates
show the same bytes as before, feeds carry text. No settings.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup
from pelican import signals


def escape_summary(instance: Any) -> None:
    """Make `instance`'s plain-text summary metadata safe HTML (escaped once)."""
    summary = instance.metadata.get("summary")
    if isinstance(summary, str) and not isinstance(summary, Markup):
        instance.metadata["summary"] = Markup.escape(summary)


def register() -> None:
    signals.content_object_init.connect(escape_summary)
