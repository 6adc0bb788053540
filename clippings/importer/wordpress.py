"""WordPress post bodies: shortcodes, classic-editor line breaks, block-editor comments.

WordPress stores a post as HTML sprinkled with `[shortcodes]` and, for the classic
editor, with bare newlines where `wpautop` later adds `<p>`/`<br>`. Block-editor markers
(`<!-- wp:paragraph -->`) are HTML comments, dropped by the sanitiser.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence

from pelican.tools.pelican_import import decode_wp_content

# WordPress (core and Jetpack) shortcodes whose markup must not leak into the text.
_MEDIA_SHORTCODES = ("embed", "audio", "video", "youtube", "vimeo", "soundcloud", "tweet")
_DROPPED_SHORTCODES = (
    "playlist", "contact-form", "contact-field", "polldaddy", "googlemaps", "archives",
    "sitemap", "slideshow", "instagram", "recipe", "wpvideo", "portfolio", "blog_subscription_form",
)  # fmt: skip
_CAPTION = re.compile(r"\[(?:wp_)?caption\b[^\]]*\](.*?)\[/(?:wp_)?caption\]", re.DOTALL | re.I)
_CAPTION_MEDIA = re.compile(
    r"^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", re.DOTALL | re.I
)
_GALLERY = re.compile(r"\[gallery\b([^\]]*)\]", re.I)
_ATTR = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s\]]+))""")
_URL_IN = re.compile(r"https?://[^\s\"'\]\[<>]+")
_BLOCK_TAG = re.compile(r"<(?:p|div|h[1-6]|ul|ol|table|blockquote|figure|pre)\b", re.I)


def _attrs(text: str) -> dict[str, str]:
    return {m[1].lower(): m[2] or m[3] or m[4] or "" for m in _ATTR.finditer(text)}


def _caption(match: re.Match[str]) -> str:
    inner = match.group(1)
    media = _CAPTION_MEDIA.match(inner)
    if not media:
        return inner
    caption = media.group(2).strip()
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f"<figure>{media.group(1)}{figcaption}</figure>"


def _gallery(
    match: re.Match[str], attachments: Mapping[str, str], attached: Sequence[str] = ()
) -> str:
    attrs = _attrs(match.group(1))
    ids = [i.strip() for i in (attrs.get("ids") or attrs.get("include", "")).split(",")]
    ids = [i for i in ids if i]
    if ids:
        urls = [attachments[i] for i in ids if i in attachments]
    else:  # no ids: the images attached to the post, less those excluded
        excluded = {attachments.get(i.strip()) for i in attrs.get("exclude", "").split(",")}
        urls = [u for u in attached if u not in excluded]
    if not urls:
        return ""
    images = "".join(f'<li><img src="{html.escape(u)}" alt=""></li>' for u in urls)
    return f"<ul>{images}</ul>"


def _media(match: re.Match[str]) -> str:
    body = match.group(0)
    found = _URL_IN.search(body)
    if not found:
        return ""
    url = html.escape(found.group(0))
    return f'<p><a href="{url}">{url}</a></p>'


def expand_shortcodes(
    text: str, attachments: Mapping[str, str] | None = None, attached: Sequence[str] = ()
) -> str:
    """Replace WordPress shortcodes with plain HTML (figures, image lists, links) or nothing.

    `attachments` maps attachment post ids to file URLs, for `[gallery ids="…"]`;
    `attached` lists the post's own attached images, for a `[gallery]` without ids.
    Bracketed text that is not a known shortcode is left alone.
    """
    text = _CAPTION.sub(_caption, text)
    text = _GALLERY.sub(lambda m: _gallery(m, attachments or {}, attached), text)
    for name in _MEDIA_SHORTCODES:
        paired = re.compile(rf"\[{name}\b[^\]]*\].*?\[/{name}\]", re.DOTALL | re.I)
        text = paired.sub(_media, text)
        text = re.sub(rf"\[{name}\b[^\]]*\]", _media, text, flags=re.I)
    for name in _DROPPED_SHORTCODES:
        text = re.sub(rf"\[{name}\b[^\]]*\].*?\[/{name}\]", "", text, flags=re.DOTALL | re.I)
        text = re.sub(rf"\[/?{name}\b[^\]]*\]", "", text, flags=re.I)
    return text


def post_html(
    content: str, attachments: Mapping[str, str] | None = None, attached: Sequence[str] = ()
) -> str:
    """A WordPress post's stored content as HTML: shortcodes expanded, paragraphs made.

    Classic-editor posts keep paragraphs as blank lines; WordPress's `wpautop` (Pelican's
    port of it, `decode_wp_content`) turns them into `<p>` and `<br>` as the blog did.
    """
    # WordPress runs wpautop (priority 10) before shortcodes (11); so do we.
    if "\n" in content.strip() and not _has_only_blocks(content):
        content = decode_wp_content(content)
    return expand_shortcodes(content, attachments, attached)


def _has_only_blocks(content: str) -> bool:
    """True when every paragraph of `content` is already wrapped in a block tag."""
    chunks = [c.strip() for c in re.split(r"\n\s*\n", content) if c.strip()]
    stripped = [re.sub(r"^(?:\s*<!--.*?-->\s*)+", "", c, flags=re.DOTALL) for c in chunks]
    return all(not c or _BLOCK_TAG.match(c) for c in stripped)
