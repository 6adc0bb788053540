"""Pelican settings for the Clippings archive (development and default build).

`invoke build` uses this file; `publishconf.py` extends it for publishing.
Every setting is documented in the README ("Settings").
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent

SITENAME = "Clippings"
SITESUBTITLE = "A permanent, searchable archive of aggregated news"
AUTHOR = "Clippings"
# Relative URLs: output/ must work from any sub-path and when opened from file://.
SITEURL = ""
RELATIVE_URLS = True

PATH = "content"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
STATIC_PATHS: list[str] = []
OUTPUT_PATH = "output"
DELETE_OUTPUT_DIRECTORY = False

THEME = str(ROOT / "theme")
PLUGIN_PATHS = [str(ROOT / "plugins")]
PLUGINS = ["pelican.plugins.yaml_metadata", "safe_slugs"]

TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%-d %B %Y"
LOCALE = ("C",)
DEFAULT_CATEGORY = "archive"

# Front-matter `summary` is plain text: it must not be run through Markdown (and so
# cannot inject HTML); templates escape it.
FORMATTED_FIELDS: list[str] = []
# Autoescape every template variable: titles, outlets and tags come from untrusted input.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
    },
    "output_format": "html5",
}

# URLs: every link ends in a file name so the site works from file://.
ARTICLE_URL = "{date:%Y}/{date:%m}/{slug}/index.html"
ARTICLE_SAVE_AS = "{date:%Y}/{date:%m}/{slug}/index.html"
TAG_URL = "tag/{slug}/index.html"
TAG_SAVE_AS = "tag/{slug}/index.html"
TAGS_URL = "tags/index.html"
TAGS_SAVE_AS = "tags/index.html"
ARCHIVES_URL = "archives/index.html"
ARCHIVES_SAVE_AS = "archives/index.html"
INDEX_SAVE_AS = "index.html"
# Categories and authors are not part of this archive's navigation (the blog's
# categories are stored as tags; article authors are shown on each page).
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
DIRECT_TEMPLATES = ["index", "tags", "archives"]
PAGE_URL = "{slug}/index.html"
PAGE_SAVE_AS = "{slug}/index.html"

DEFAULT_PAGINATION = 20
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/index.html", "{base_name}/page/{number}/index.html"),
)

# Feeds need absolute URLs: they are switched on in publishconf.py.
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# Content caching is left off until incremental builds are measured (see BENCHMARKS).
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
