"""Article -> Markdown with YAML front-matter, and back.

The front-matter is written like `yaml.safe_dump(sort_keys=True, allow_unicode=True)`
(never with anchors); the body is converted from the article's sanitised HTML with
markdownify, escaped for Python-Markdown (Pelican's renderer) so text survives exactly.
"""

from __future__ import annotations

import re
from typing import Any

import markdownify
import yaml
from markdownify import MarkdownConverter

from clippings.frontmatter import CONTROL, without_controls
from clippings.importer.links import split_urls
from clippings.importer.model import Article

FRONT_MATTER = re.compile(r"\A---\n(?P<meta>.*?\n)---\n(?P<body>.*)\Z", re.DOTALL)

# The schema, in the order the README documents it; `to_front_matter` drops empty values.
FIELDS: tuple[str, ...] = (
    "title",
    "subtitle",
    "date",
    "posted",
    "outlet",
    "author",
    "posted_by",
    "tags",
    "comments",
    "slug",
    "status",
    "summary",
    "source",
    "url",
    "guid",
    "entities",
    "checksum",
)


# libyaml's emitter when PyYAML has it (it does in the wheels); same output, ~5x faster.
_BaseDumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Dumper(_BaseDumper):
    """safe_dump's dumper, without `&id001` anchors when two fields hold the same value."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


# markdownify's escaping patterns; each runs only when its text could match (a test of
# a few characters is much cheaper than a regex scan of a paragraph).
_MISC_CHARS = markdownify.re_escape_misc_chars
_DASHES = markdownify.re_escape_misc_dash_sequences
_HASHES = markdownify.re_escape_misc_hashes
_LIST_ITEMS = markdownify.re_escape_misc_list_items
_MAYBE_LIST_ITEM = re.compile(r"[0-9][.)]")
_ESCAPED_ENTITY = re.compile(r"\\&(?=#?\w+;)")
_NEEDLESS_ESCAPE = re.compile(r"\\([&~=|])")
_LINE_HASH = re.compile(r"((?:^|\n)[ \t]*)#")
_SETEXT_RULE = re.compile(r"((?:^|\n)[ \t]*)=(?==*[ \t]*(?:\n|$))")
_LINE_TILDES = re.compile(r"((?:^|\n)[ \t]*)~(?=~~)")
# `: x` opening a line makes the line before it a definition term (def_list), wherever
# the line is: after a paragraph, a `<br>`, a `<div>`, inside a list item or a quote.
_LINE_START = r"^((?:[ \t]*>)*[ \t]*(?:(?:[-*+]|[0-9]+[.)])[ \t]+)?)"
_DEFINITION = re.compile(_LINE_START + r":(?=[ \t])")
# What a `<dd>` opens with until then (a private-use character; in text it is escaped).
_DD = "\ue000"
_DD_OPENING = re.compile(_LINE_START + _DD)
_FENCE = re.compile(r"`{3,}")


def _inline(markup: str) -> Any:
    """markdownify's inline conversion, but white space alone stays a space.

    `Forager<em> </em>is` must read "Forager is": markdownify drops the emphasis and
    its space with it. `markup` is the Markdown symbol, or an HTML tag written as raw
    inline HTML (Python-Markdown passes it on; the rendered sanitiser allows it).
    """
    convert = markdownify.abstract_inline_conversion(lambda self: markup)

    def implementation(self: Any, el: Any, text: str, parent_tags: Any) -> str:
        if text and not text.strip():
            return " "
        return convert(self, el, text, parent_tags)

    return implementation


class _Converter(MarkdownConverter):
    """markdownify tuned for Python-Markdown.

    markdownify escapes for CommonMark; Python-Markdown does not honour the backslash
    before `<`, `&`, `~`, `=` and `|`, and would show it. `<` becomes `&lt;` (so raw HTML
    can never be injected through text), `&` stays bare unless it would read as an
    entity, and the others need no escape in Python-Markdown.
    """

    def escape(self, text: str, parent_tags: Any) -> str:
        # markdownify's escape with escape_misc, escape_asterisks and escape_underscores.
        if not text:
            return ""
        text = _MISC_CHARS.sub(r"\\\1", text)
        if "-" in text:
            text = _DASHES.sub(r"\1\\\2", text)
        if "#" in text:
            text = _HASHES.sub(r"\1\\\2", text)
        if _MAYBE_LIST_ITEM.search(text):
            text = _LIST_ITEMS.sub(r"\1\\\2", text)
        text = text.replace("*", r"\*").replace("_", r"\_")
        if _DD in text:
            text = text.replace(_DD, "&#57344;")
        if "{" in text:  # `{: onclick=… }` must stay text, whatever extensions render it
            text = text.replace("{", r"\{")
        if "#" in text:  # Python-Markdown reads `#x` at a line's start as a heading
            text = _LINE_HASH.sub(r"\1\\#", text)
        # Then undone where Python-Markdown would show the backslash.
        if "\\" not in text:
            return text
        text = text.replace("\\<", "&lt;")
        if "\\&" in text:
            text = _ESCAPED_ENTITY.sub("&amp;", text)
        text = _NEEDLESS_ESCAPE.sub(r"\1", text)
        if "=" in text:  # a line of `=` under text would make it a heading (setext)
            text = _SETEXT_RULE.sub(r"\1&#61;", text)
        if "~~~" in text:  # `~~~` at a line's start opens a code block (fenced_code)
            text = _LINE_TILDES.sub(r"\1&#126;", text)
        return text

    def process_text(self, el: Any, parent_tags: Any = None) -> str:
        # A `!` just before a link would make `![text](url)`, an image: escaped.
        text = super().process_text(el, parent_tags)
        following = el.next_sibling
        if text.endswith("!") and getattr(following, "name", None) == "a":
            text = text[:-1] + "\\!"
        return text

    def convert_dd(self, el: Any, text: str, parent_tags: Any) -> str:
        # A real definition: its `:` is told apart from a colon of the text (_no_definitions).
        converted = super().convert_dd(el, text, parent_tags)
        return _DD + converted[1:] if converted.startswith(":") else converted

    # Emphasis keeps a lone space; strikethrough, sub- and superscripts stay HTML
    # (Python-Markdown renders no `~~`, and `1250ft<sup>2</sup>` must not read "1250ft2").
    convert_b = convert_strong = _inline("**")
    convert_em = convert_i = _inline("*")
    convert_del = _inline("<del>")
    convert_s = convert_strike = _inline("<s>")
    convert_sub = _inline("<sub>")
    convert_sup = _inline("<sup>")

    def attribute_text(self, value: str | None) -> str:
        """An attribute's text (alt, title) as inert Markdown text on one line.

        markdownify writes attribute values as they are; Python-Markdown would then read
        `<img onerror=…>` in an alt as raw HTML, and a blank line in a title as the end
        of the paragraph. Here white space is folded and the text escaped like any text.
        """
        text = _ALL_SPACE.sub(" ", value or "").strip()
        return self.escape(text, set()).replace('"', "&quot;")

    def convert_img(self, el: Any, text: str, parent_tags: Any) -> str:
        alt = self.attribute_text(el.attrs.get("alt"))
        if "_inline" in parent_tags and el.parent.name not in self.options["keep_inline_images_in"]:
            return alt  # in a heading or a table cell an image is its alt text
        title = self.attribute_text(el.attrs.get("title"))
        title_part = f' "{title}"' if title else ""
        return f"![{alt}]({_url(el.attrs.get('src'))}{title_part})"

    def convert_a(self, el: Any, text: str, parent_tags: Any) -> str:
        if "_noformat" in parent_tags:
            return text
        prefix, suffix, text = markdownify.chomp(text)
        if not text:
            return ""
        href, title = el.get("href"), self.attribute_text(el.get("title"))
        if not href:
            return text
        autolink = self.options["autolinks"] and text.replace(r"\_", "_") == href
        if autolink and not title and _AUTOLINK_SAFE.fullmatch(href):
            return f"<{href}>"
        title_part = f' "{title}"' if title else ""
        return f"{prefix}[{text}]({_url(href)}{title_part}){suffix}"

    def convert_pre(self, el: Any, text: str, parent_tags: Any) -> str:
        if not text:
            return ""
        # A fence longer than any run of backticks inside: a line of ``` in the code
        # cannot close the block and turn the rest into raw HTML.
        longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
        fence = "`" * max(3, longest + 1)
        return f"\n\n{fence}\n{markdownify.strip_pre(text)}\n{fence}\n\n"


# Characters a URL may not hold as is inside `(…)` or `<…>` in Markdown: they could end
# the link early, open raw HTML or an attribute list. Percent-encoding keeps the address.
_URL_UNSAFE = re.compile(r"[\x00-\x20\x7f<>\"`{}\\|^()*]")
_AUTOLINK_SAFE = re.compile(r"https?://[^\x00-\x20\x7f<>\"`{}\\|^]+", re.IGNORECASE)
_BACKTICKS = re.compile(r"`+")


def _url(value: str | None) -> str:
    """`value` with the characters Markdown could misread percent-encoded."""
    url = value or ""
    if not _URL_UNSAFE.search(url):
        return url
    return _URL_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m[0].encode()), url)


_OPTIONS: dict[str, Any] = {
    "heading_style": "ATX",
    "bullets": "-",
    "escape_misc": True,
    "escape_asterisks": True,
    "escape_underscores": True,
    "autolinks": True,
}


def html_to_markdown(body_html: str) -> str:
    """Convert sanitised article HTML to Markdown that Python-Markdown renders faithfully."""
    converter = _Converter(**_OPTIONS, strip=["script", "style"], bs4_options="lxml")
    text = converter.convert(body_html)
    # One blank line between blocks, none at the ends, one newline at the end of file.
    return _no_definitions(re.sub(r"\n{3,}", "\n\n", text).strip()) + "\n" if text.strip() else ""


def _no_definitions(markdown: str) -> str:
    """`markdown` with a colon opening a line, outside fenced code, written `&#58;`.

    Python-Markdown's def_list reads `: x` on a line as the definition of the line before
    (in a list item or a quote too): the article's text would change shape. Fences are
    recognised where fenced_code does, at the start of a line; in them the colon stays.
    The `<dd>` of a real definition list (marked by `convert_dd`) gets its `:` back.
    """
    if ":" not in markdown and _DD not in markdown:
        return markdown
    lines = markdown.split("\n")
    fence = ""
    for n, line in enumerate(lines):
        if fence:
            if line.rstrip(" ") == fence:
                fence = ""
        elif opening := _FENCE.match(line):
            fence = opening[0]
        else:
            if ":" in line:
                line = _DEFINITION.sub(r"\1&#58;", line, count=1)
            if _DD in line:
                line = _DD_OPENING.sub(r"\1:", line, count=1)
            lines[n] = line
    return "\n".join(lines)


_CONVERTER = _Converter(**_OPTIONS)
# What markdownify does to a text node (not in <pre>): newlines, then spaces, collapsed.
_NEWLINE_SPACE = re.compile(r"[\t \r\n]*[\r\n][\t \r\n]*")
_SPACES = re.compile(r"[\t ]+")
_ALL_SPACE = re.compile(r"[\t \r\n]+")
# Characters an HTML parser alters: text holding them goes the full way.
_NOT_PLAIN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _text_node(text: str) -> str:
    """markdownify's process_text for a text node outside <pre>, before any stripping."""
    if "\n" in text or "\r" in text:
        text = _NEWLINE_SPACE.sub("\n", text)
    if "\t" in text or "  " in text:  # single spaces are left as they are
        text = _SPACES.sub(" ", text)
    return _CONVERTER.escape(text, set())


def _link(url: str) -> str:
    """markdownify's convert_a for `<a href=url>url</a>` (an autolink when escaping is a no-op)."""
    text = _text_node(url)
    if text.replace(r"\_", "_") == url and _AUTOLINK_SAFE.fullmatch(url):
        return f"<{url}>"
    return f"[{text}]({_url(url)})"


def _paragraph(text: str) -> str:
    """markdownify's convert_p for `<p>` holding `linkify(text)` (bare URLs linked)."""
    pieces = list(split_urls(text))
    out: list[str] = []
    for n, (piece, is_url) in enumerate(pieces):
        if is_url:
            link = _link(piece)
            if out and out[-1].endswith("!"):
                out[-1] = out[-1][:-1] + "\\!"  # not `![…](…)`, an image (as process_text)
            out.append(link)
            continue
        first_or_last = n in (0, len(pieces) - 1)
        if first_or_last and not piece.strip():
            continue  # markdownify ignores white-space nodes at a block's edges
        # A block's first text node loses leading white space, its last trailing.
        piece = _text_node(piece)
        if n == 0:
            piece = piece.lstrip(" \t\r\n")
        if n == len(pieces) - 1:
            piece = piece.rstrip()
        out.append(piece)
    return "".join(out).strip(" \t\r\n")


def plain_blocks_to_markdown(blocks: list[tuple[str, str]]) -> str | None:
    """Markdown for plain-text blocks ("h2" or "p", text), or None if they are not plain.

    The same bytes `html_to_markdown` gives for `<h2>` elements holding that
    (HTML-escaped) text and `<p>` elements holding `linkify(text)`, without building
    and walking an HTML tree: text dumps, most of a large import, take this path.
    Tests check both agree on every sample and on generated text.
    """
    out: list[str] = []
    for kind, text in blocks:
        if _NOT_PLAIN.search(text):
            return None
        if kind == "h2":  # markdownify's convert_hN strips all white space, NBSP too
            text = _text_node(text).lstrip(" \t\r\n").rstrip()
            out.append(f"## {_ALL_SPACE.sub(' ', text.strip())}")
        elif text := _paragraph(text):
            out.append(text)
    # As html_to_markdown ends: blank lines squeezed, the whole stripped.
    markdown = re.sub(r"\n{3,}", "\n\n", "\n\n".join(out)).strip()
    return _no_definitions(markdown) + "\n" if markdown else ""


def to_front_matter(article: Article) -> dict[str, Any]:
    """The article's front-matter mapping (empty optional fields left out)."""
    meta: dict[str, Any] = {}
    for name in FIELDS:
        value = getattr(article, name)
        if isinstance(value, dict):
            value = {k: list(v) for k, v in value.items() if v}
        if value is None or value in ([], "", {}):
            continue
        meta[name] = list(value) if isinstance(value, list) else value
    return meta


def to_markdown(article: Article) -> str:
    """Render `article` as a Markdown file with YAML front-matter."""
    meta = yaml.dump(
        # Control characters (ESC, VT, FF…) cannot be in the site's XML feeds: dropped.
        without_controls(to_front_matter(article)),
        Dumper=_Dumper,
        sort_keys=True,
        allow_unicode=True,
        default_flow_style=False,
        width=1_000_000,  # one value per line: stable diffs for maintainers
    )
    if article.body_markdown is not None:
        # Files are written with "\n" line ends (and read back so): CR LF and CR become LF.
        given = article.body_markdown.replace("\r\n", "\n").replace("\r", "\n")
        given = CONTROL.sub("", given)
        body = given.strip() + "\n" if given.strip() else ""
    else:
        body = CONTROL.sub("", html_to_markdown(article.body_html))
        body = body if body.strip() else ""
    return f"---\n{meta}---\n" + (f"\n{body}" if body else "")


def read_markdown(text: str) -> tuple[dict[str, Any], str]:
    """Split a Markdown file written by `to_markdown` into (front-matter, body).

    Raises ValueError if the text has no YAML front-matter mapping.
    """
    m = FRONT_MATTER.match(text.replace("\r\n", "\n"))
    if not m:
        raise ValueError("no YAML front-matter (expected a leading '---' block)")
    meta = yaml.load(m["meta"], Loader=_Loader)
    if not isinstance(meta, dict):
        raise ValueError("front-matter is not a YAML mapping")
    return meta, m["body"].lstrip("\n")
