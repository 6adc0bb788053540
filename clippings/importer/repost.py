"""Reposts: recognise the aggregated article's own byline at the top of a blog post body.

In a WXR export, a feed or a saved page, the aggregator's post has the blog's author and
date; the original outlet, author and date sit in the first lines of the body
(`RT | November 9, 2025`, `By X – Sputnik – 09.11.2025`), exactly as in text dumps.
`apply_body_byline` moves them into the record: `outlet`, `author` and `date` describe
the original article, `posted_by` and `posted` keep the blog's own.
"""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag

from clippings.importer.byline import is_subtitle, parse_byline
from clippings.importer.model import Article

# The byline is among the first few blocks of the body; deeper matches are quotes.
MAX_BYLINE_BLOCK = 3
_BLOCKS = ("p", "div", "h2", "h3", "h4", "h5", "h6")


def apply_body_byline(article: Article) -> Article:
    """Move a byline found at the top of `article.body_html` into its fields.

    A single short block above the byline (not repeating the title) becomes the
    subtitle. Without a byline the article is returned unchanged.
    """
    soup = BeautifulSoup(article.body_html, "html.parser")
    blocks = [b for b in soup.find_all(_BLOCKS) if _is_leaf_block(b)][: MAX_BYLINE_BLOCK + 1]
    for index, block in enumerate(blocks):
        byline = parse_byline(block.get_text(" ", strip=True))
        if byline is None:
            continue
        above = blocks[:index]
        if len(above) > 1:
            return article  # prose before the "byline": not a byline block
        if above:
            text = above[0].get_text(" ", strip=True)
            if " ".join(text.split()).casefold() != " ".join(article.title.split()).casefold():
                if not is_subtitle(text):
                    return article
                article.subtitle = article.subtitle or text
            above[0].decompose()
        block.decompose()
        article.posted = article.posted or article.date
        article.date = byline.date
        article.outlet = byline.outlet
        article.author = byline.author
        article.body_html = str(soup).strip()
        return article
    return article


def _is_leaf_block(tag: Tag) -> bool:
    """A block with text of its own (not a wrapper around other blocks)."""
    if not tag.get_text(strip=True):
        return False
    return tag.find(("p", "div", "h2", "h3", "h4", "h5", "h6")) is None
