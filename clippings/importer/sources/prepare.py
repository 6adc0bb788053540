"""What an imported body needs before sanitising, so the sanitiser loses no content.

The sanitiser drops `<audio>`, `<video>`, `<iframe>`, `<embed>` and `<object>` with all
they hold (they can run code or track readers). Their content is the article's too —
a radio report's clip, an embedded YouTube video — so each becomes a visible link to
what it played (`Audio: clip.mp3`, `Video: https://www.youtube.com/watch?v=…`) before
that. Syntax highlighters lay code out as a table of line numbers and code
(`<table><td class="gutter">…</td><td class="code"><pre>…</pre></td></table>`): the table
becomes its code's `<pre>`, with its newlines and indentation, and a `<pre>` nested in a
`<pre>` is unwrapped. A paragraph holding nothing but an address (WordPress embeds it:
a YouTube video, a tweet) becomes a link to it.

`prepare_tree` works on a parsed page (saved HTML, before extraction); `prepare_html`
on a body string (WXR, feeds), and returns it unchanged when it holds none of these.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

from bs4 import BeautifulSoup, Tag

from clippings.sanitize import absolute_url

_NEEDS_WORK = re.compile(
    r"<(?:audio|video|iframe|embed|object|pre|table)\b|>\s*https?://[^\s<]+\s*<", re.I
)
# A block holding nothing but an address: WordPress shows it as the embedded page
# (oEmbed: a YouTube video, a tweet, a WordPress.tv talk); here it becomes its link.
_LONE_URL = re.compile(r"\s*(https?://[^\s<>\"]+)\s*")
_URL_BLOCKS = ("p", "div", "figure")
_MEDIA = ("audio", "video", "iframe", "embed", "object")
_KIND = {"audio": "Audio", "video": "Video"}
_YOUTUBE_EMBED = re.compile(r"^/embed/([\w-]{6,20})")
_VIMEO_EMBED = re.compile(r"^/video/(\d+)")
_ABSOLUTE = re.compile(r"\s*(?:https?:)?//", re.I)
_CODE_CELL = re.compile(r"(?:^|\s)(?:code|source|line-code|blob-code)(?:\s|$)")


def prepare_html(fragment: str, base_url: str | None = None) -> str:
    """`fragment` with media turned into links and highlighter tables into code blocks."""
    if not _NEEDS_WORK.search(fragment):
        return fragment
    soup = BeautifulSoup(fragment, "html.parser")
    if not prepare_tree(soup, base_url):
        return fragment
    return soup.decode()


def prepare_tree(root: Tag, base_url: str | None = None) -> bool:
    """Rewrite media and code tables under `root` in place; True if anything changed."""
    changed = False
    for table in root.find_all("table"):
        if not table.decomposed and _code_table(table):
            changed = True
    for pre in root.find_all("pre"):
        if not pre.decomposed and pre.find_parent("pre") is not None:
            pre.unwrap()
            changed = True
    for block in root.find_all(_URL_BLOCKS):
        if block.find(True) is None and (found := _LONE_URL.fullmatch(block.get_text())):
            url = absolute_url(found[1], None, allow_mailto=False)
            if url:
                new = BeautifulSoup("", "html.parser")
                anchor = new.new_tag("a", href=url)
                anchor.string = url
                block.clear()
                if block.name == "p":
                    block.append(anchor)
                else:  # the sanitiser unwraps a <div>: a paragraph keeps it apart
                    paragraph = new.new_tag("p")
                    paragraph.append(anchor)
                    block.append(paragraph)
                changed = True
    for element in root.find_all(_MEDIA):
        if element.decomposed or element.find_parent(_MEDIA) is not None:
            continue
        element.replace_with(_media_link(element, base_url))
        changed = True
    return changed


def _code_table(table: Tag) -> bool:
    """Replace a highlighter's table of line numbers and code by its code; True if it was one."""
    cells = [c for c in table.find_all("td") if _CODE_CELL.search(" ".join(c.get("class") or []))]
    blocks = [c.find("pre") for c in cells]
    if not cells or any(b is None for b in blocks):
        return False
    new = BeautifulSoup("", "html.parser")
    holder = new.new_tag("div")
    for block in blocks:
        assert block is not None
        pre = new.new_tag("pre")
        # Highlighters end lines with newlines, with <br> (Hexo), or put each line in a
        # <div class="line">.
        for br in block.find_all("br"):
            br.replace_with("\n")
        lines = block.find_all("div", class_=re.compile(r"\bline\b"))
        text = "\n".join(line.get_text() for line in lines) if lines else block.get_text()
        text = text.removesuffix("\n")
        pre.string = text
        holder.append(pre)
    table.replace_with(holder)
    holder.unwrap()
    return True


def _source(element: Tag) -> str | None:
    for attribute in ("src", "data", "data-src"):
        value = element.get(attribute)
        if isinstance(value, str) and value.strip():
            return value.strip()
    for child in element.find_all(("source", "param", "a")):
        if child.name == "param":
            named = str(child.get("name") or "").lower() in ("movie", "src", "url", "filename")
            value = child.get("value") if named else None
        else:
            value = child.get("src") if child.name == "source" else child.get("href")
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def watch_url(url: str) -> str:
    """The page a player embed shows (YouTube and Vimeo embeds → their watch pages)."""
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.")
    if host in ("youtube.com", "youtube-nocookie.com") and (m := _YOUTUBE_EMBED.match(parts.path)):
        return f"https://www.youtube.com/watch?v={m[1]}"
    if host == "player.vimeo.com" and (m := _VIMEO_EMBED.match(parts.path)):
        return f"https://vimeo.com/{m[1]}"
    return url


def _media_link(element: Tag, base_url: str | None) -> Tag:
    """A paragraph linking to what `element` played, or its fallback text when no address."""
    new = BeautifulSoup("", "html.parser")
    paragraph = new.new_tag("p")
    raw = _source(element)
    # A frame's relative address names nothing a reader could open outside the page.
    relative_frame = element.name in ("iframe", "embed", "object") and not _ABSOLUTE.match(
        raw or ""
    )
    url = absolute_url(raw, base_url, allow_mailto=False) if raw and not relative_frame else None
    if url is None or not urlsplit(url).netloc:
        fallback = " ".join(element.get_text(" ").split())
        if fallback:
            paragraph.string = fallback
        return paragraph
    url = watch_url(url)
    kind = _KIND.get(element.name or "", "Embedded")
    if kind == "Embedded":
        query = parse_qs(urlsplit(url).query)
        kind = "Video" if "youtube" in url or "vimeo" in url or "v" in query else "Embedded"
    title = element.get("title")
    name = title if isinstance(title, str) and title.strip() else _file_name(url)
    anchor = new.new_tag("a", href=url)
    anchor.string = f"{kind}: {name}"
    paragraph.append(anchor)
    return paragraph


def _file_name(url: str) -> str:
    """The last path segment of a media file's address, else the whole address."""
    parts = urlsplit(url)
    segment = unquote(parts.path.rstrip("/").rsplit("/", 1)[-1])
    if "." in segment and len(segment) <= 80:
        return segment
    return url


# Page furniture that sits inside article bodies on news sites: ad labels, calls to
# subscribe or write in, headings of "similar articles" link lists, empty headings.
_AD_LABEL = re.compile(
    r"[-–—|\s]*(?:advertisement|advertising|sponsored|anzeige|publicité)[-–—|\s]*", re.I
)
_PROMPT = re.compile(
    r"(?:click here to subscribe|subscribe to (?:our|the)\b|sign up (?:for|to) (?:our|the)\b"
    r"|submit (?:your|a) letter|get our (?:free )?newsletter)",
    re.I,
)
_LIST_HEADING = re.compile(
    r"(?:similar|related|recommended|trending|popular|more|most read|read more|see also)"
    r"(?: (?:articles|stories|posts|news|reads|from \w+(?: \w+)?))?\s*:?",
    re.I,
)
_SHORT = 160


def drop_clutter(root: Tag) -> int:
    """Remove page furniture from `root`; the number of elements removed."""
    removed = 0
    for element in root.find_all(("h1", "h2", "h3", "h4", "h5", "h6", "p", "div", "span")):
        if element.decomposed:
            continue
        text = " ".join(element.get_text(" ").split())
        heading = element.name[0] == "h" and element.name[1:].isdigit()
        if heading and not text and element.find(("img", "picture", "svg")) is None:
            element.decompose()
            removed += 1
            continue
        if not text or len(text) > _SHORT or element.find(("img", "iframe", "video")) is not None:
            continue
        if _AD_LABEL.fullmatch(text) or (_PROMPT.match(text) and len(text.split()) <= 15):
            element.decompose()
            removed += 1
        elif heading and _LIST_HEADING.fullmatch(text):
            follower = element.find_next_sibling(True)
            if follower is not None and follower.name in ("ul", "ol") and _mostly_links(follower):
                follower.decompose()
                element.decompose()
                removed += 2
    return removed


def _mostly_links(element: Tag) -> bool:
    """True when at least 80% of the element's text (spaces aside) is link text."""
    text = len("".join(element.get_text().split()))
    linked = sum(len("".join(a.get_text().split())) for a in element.find_all("a"))
    return text > 0 and linked >= 0.8 * text
