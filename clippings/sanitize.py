"""HTML sanitising for imported bodies (nh3, the Ammonia sanitiser).

Everything imported is untrusted. Only structural and inline formatting tags survive;
`script`, `style`, `iframe`, `object`, `embed`, `form`, `meta`, … are dropped with their
content; no `on*` or `style` attribute survives; links and images keep only http(s)
(and mailto for links) URLs, made absolute against the page's address.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import nh3

ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del",
        "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6",
        "hr", "i", "img", "ins", "li", "ol", "p", "pre", "q", "s", "small", "strong",
        "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
    }
)  # fmt: skip
# Dropped together with everything inside them.
DROPPED_WITH_CONTENT: frozenset[str] = frozenset(
    {
        "script", "style", "iframe", "object", "embed", "applet", "form", "noscript",
        "template", "svg", "math", "canvas", "audio", "video", "select", "textarea",
        "button", "head", "title", "frameset", "frame", "noembed", "noframes",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
    "blockquote": {"cite"},
    "q": {"cite"},
}
_URL_ATTRIBUTES = {("a", "href"), ("img", "src"), ("blockquote", "cite"), ("q", "cite")}
_SCHEMES = {"http", "https", "mailto"}
# Feed and newsletter tracking pixels (1×1 images) are not content; nh3's output is
# normalised (double-quoted attributes), so a pattern over it is reliable.
_TRACKING_PIXEL = re.compile(r'<img\b[^>]*?\b(?:width|height)="[01]"[^>]*>')


def sanitize_html(html: str, base_url: str | None = None) -> str:
    """Return `html` with everything unsafe removed and relative URLs made absolute."""

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if (tag, attribute) not in _URL_ATTRIBUTES:
            return value
        return absolute_url(value, base_url, allow_mailto=tag == "a")

    cleaned = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=keep,
        url_schemes=_SCHEMES,
        strip_comments=True,
        link_rel="noopener noreferrer nofollow",
    ).strip()
    return _TRACKING_PIXEL.sub("", cleaned)


def absolute_url(value: str, base_url: str | None, allow_mailto: bool = True) -> str | None:
    """`value` resolved against `base_url` if it is a safe http(s)/mailto URL, else None.

    Control characters and white space are removed before the scheme is checked, as
    browsers do (`java\\tscript:` is `javascript:`).
    """
    cleaned = "".join(ch for ch in value if ch > " " and ch != "\x7f")
    if not cleaned:
        return None
    resolved = urljoin(base_url, cleaned) if base_url else cleaned
    scheme = urlsplit(resolved).scheme.lower()
    if scheme in ("http", "https") or (allow_mailto and scheme == "mailto"):
        return resolved
    return None


# What Markdown renders from the archive's files, beyond the imported allow-list: code
# blocks may name their language, table cells their alignment.
RENDERED_ATTRIBUTES: dict[str, set[str]] = {
    **ALLOWED_ATTRIBUTES,
    "code": {"class"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "scope", "align"},
}
_LANGUAGE_CLASS = re.compile(r"language-[\w+#-]{1,40}")
_ALIGN = {"left", "right", "center"}


def rendered_url_ok(tag: str, value: str) -> bool:
    """True if a URL attribute of `tag` in rendered HTML may stay: relative, http(s), or
    mailto on a link. Checked here, not only by nh3: `cite` is no URL attribute to nh3."""
    cleaned = "".join(ch for ch in value if ch > " " and ch != "\x7f")
    scheme = urlsplit(cleaned).scheme.lower()
    return not scheme or scheme in ("http", "https") or (tag == "a" and scheme == "mailto")


def sanitize_rendered(html: str) -> str:
    """Rendered article HTML (Markdown's output) with everything unsafe removed.

    The second of the archive's three layers (after the Markdown writer's escaping, before
    the Content-Security-Policy): whatever a file in `content/` holds, hand-written raw
    `<script>`, `on*=` handlers, `javascript:`/`data:` URLs, `<svg>`/`<math>`, only the
    import allow-list leaves the reader. Relative URLs stay relative (they are the
    archive's own links); links get no `rel` added, so safe HTML passes byte for byte.
    """

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if (tag, attribute) in _URL_ATTRIBUTES:
            return value if rendered_url_ok(tag, value) else None
        if attribute == "class":
            return value if _LANGUAGE_CLASS.fullmatch(value) else None
        if attribute == "align":
            return value if value in _ALIGN else None
        return value

    cleaned = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes=RENDERED_ATTRIBUTES,
        attribute_filter=keep,
        url_schemes=_SCHEMES,
        strip_comments=True,
        link_rel=None,
    )
    # The serialiser writes a no-break space as `&nbsp;`; Markdown wrote the character.
    return cleaned.replace("&nbsp;", "\u00a0")
