"""Clippings' default Pelican settings, which an archive's `pelicanconf.py` extends.

`clippings build` (and `invoke build`) reads `pelicanconf.py` from the current folder,
or these defaults when there is none; `publishconf.py` (or `publish.py` here) adds what
publishing needs. docs/settings.md documents every setting.
"""

from __future__ import annotations

import logging
import os
from urllib.parse import urlsplit

from clippings.site import resources
from clippings.site.ordering import newest_first

SITENAME = "Clippings"
SITESUBTITLE = "A permanent, searchable archive of aggregated news"
AUTHOR = "Clippings"
# Pages link relatively (output/ works from any sub-path and from file://). The archive's
# public address, CLIPPINGS_SITEURL, is only known when it is set: without it nothing
# absolute is written (no sitemap, canonical or og:url; feeds link relatively), so an
# uploaded output/ never points at a developer's machine (plugins/public_url).
SITEURL = os.environ.get("CLIPPINGS_SITEURL", "").strip().rstrip("/")
PUBLIC_SITEURL = SITEURL  # templates see SITEURL made relative; this stays absolute
# The 404 page is served for missing paths at any depth, where relative links break:
# it links from the site's path on its server (CLIPPINGS_SITEPATH, default "/"; the
# path of CLIPPINGS_SITEURL when that is set).
_site_path = (os.environ.get("CLIPPINGS_SITEPATH") or urlsplit(SITEURL).path).strip("/")
SITEPATH = f"/{_site_path}/" if _site_path else "/"
RELATIVE_URLS = True

PATH = "content"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
STATIC_PATHS: list[str] = []
OUTPUT_PATH = "output"
DELETE_OUTPUT_DIRECTORY = False

THEME = str(resources.theme_dir())
# One plugin, the build pipeline (plugins/__init__.py): it registers every stage, in order,
# after checking that the installed Pelican is one the stages were tested on.
PLUGINS = ["clippings.plugins"]

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

# Only the Markdown the importer writes (fenced code, tables, definition lists): no
# attribute lists (`{: onclick=… }`), footnotes, abbreviations or Markdown inside HTML.
# The last extension sanitises every rendered fragment (docs/security.md).
# Every page's Content-Security-Policy (a <meta> in theme/templates/base.html): scripts
# only from the archive's own files, no inline script or event handler, no plug-ins,
# frames or foreign form targets; images and media also from the outlets' hosts (http
# and https), where the imported articles point. docs/security.md explains each part.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' https: http: data:; media-src 'self' https: http:; "
    "object-src 'none'; frame-src 'none'; child-src 'none'; worker-src 'none'; "
    "base-uri 'none'; form-action 'self'"
)
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.fenced_code": {},
        "markdown.extensions.tables": {"use_align_attribute": True},
        "markdown.extensions.def_list": {},
        "clippings.site.safe_markdown": {},
    },
    "output_format": "html5",
}
# Markdown only: Pelican's HTML and reStructuredText readers would pass a file's markup
# through without the sanitising extension.
READERS = {"html": None, "htm": None, "rst": None}

# URLs: every link ends in a file name so the site works from file://.
ARTICLE_URL = "{date:%Y}/{date:%m}/{slug}/index.html"
ARTICLE_SAVE_AS = "{date:%Y}/{date:%m}/{slug}/index.html"
TAG_URL = "tag/{slug}/index.html"
TAG_SAVE_AS = "tag/{slug}/index.html"
TAGS_URL = "tags/index.html"
TAGS_SAVE_AS = "tags/index.html"
ARCHIVES_URL = "archives/index.html"
ARCHIVES_SAVE_AS = "archives/index.html"
YEAR_ARCHIVE_URL = "{date:%Y}/index.html"
YEAR_ARCHIVE_SAVE_AS = "{date:%Y}/index.html"
MONTH_ARCHIVE_URL = "{date:%Y}/{date:%m}/index.html"
MONTH_ARCHIVE_SAVE_AS = "{date:%Y}/{date:%m}/index.html"
DAY_ARCHIVE_SAVE_AS = ""
NOTFOUND_SAVE_AS = "404.html"
# Drafts (what the source did not publish: `status: draft`) are never written to output/.
DRAFT_SAVE_AS = ""
DRAFT_URL = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_URL = ""
ROBOTS_SAVE_AS = "robots.txt"
INDEX_SAVE_AS = "index.html"
# Categories and authors are not part of this archive's navigation (the blog's
# categories are stored as tags; article authors are shown on each page).
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
DIRECT_TEMPLATES = ["index", "tags", "archives", "search", "notfound", "robots"]
SEARCH_SAVE_AS = "search.html"
SEARCH_URL = "search.html"
# Outlets (plugins/outlets): a page and an Atom feed per outlet, and an A–Z index.
OUTLET_URL = "outlet/{slug}/index.html"
OUTLET_SAVE_AS = "outlet/{slug}/index.html"
OUTLETS_URL = "outlets/index.html"
OUTLETS_SAVE_AS = "outlets/index.html"
PAGE_URL = "{slug}/index.html"
PAGE_SAVE_AS = "{slug}/index.html"

DEFAULT_PAGINATION = 20
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/index.html", "{base_name}/page/{number}/index.html"),
)

# Atom feeds (absolute links from SITEURL): the whole archive, one per tag and per outlet.
FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
TAG_FEED_ATOM = "feeds/tag/{slug}.atom.xml"
OUTLET_FEED_ATOM = "feeds/outlet/{slug}.atom.xml"
FEED_MAX_ITEMS = 50
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
# One language: articles are never translations of each other. (Pelican's grouping by
# slug also ends in a list-membership test per article: quadratic, a minute at 100k.)
ARTICLE_TRANSLATION_ID = None


# Newest first, then by slug (clippings/site/ordering.py: a name pickles the same from
# any settings file).
ARTICLE_ORDER_BY = newest_first
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# Outlets' images often come without alt text. An empty alt marks an image decorative
# (valid HTML, accepted by axe), so this warning must not fail a build of real imports.
# Without a public address feeds link relatively from their own folder (plugins/public_url),
# which Atom allows; Pelican's warning about it would stop a `--fatal warnings` build.
LOG_FILTER = [
    (logging.WARNING, "Empty alt attribute for image %s in %s"),
    (
        logging.WARNING,
        "Feeds generated without SITEURL or FEED_DOMAIN set properly may not be valid",
    ),
]

ARCHIVE_NAV = {"related": 5, "window": 40}

# Outlet display names, aliases, homepages and descriptions (plugins/outlets), over the
# built-in list; a relative path is taken from the content folder (PATH).
OUTLETS_FILE = "outlets.yaml"

# Entities (plugins/entities): a page and an Atom feed per person, organisation and place,
# an index with an A–Z page per type, and entities.json. The maintainer's curation is
# entities.yaml in the content folder (aliases, merges, types, blocklist, min_articles).
ENTITY_URL = "entity/{slug}/index.html"
ENTITY_SAVE_AS = "entity/{slug}/index.html"
ENTITIES_URL = "entities/index.html"
ENTITIES_SAVE_AS = "entities/index.html"
ENTITY_TYPE_URL = "entities/{kind}/index.html"
ENTITY_TYPE_SAVE_AS = "entities/{kind}/index.html"
ENTITY_FEED_ATOM = "feeds/entity/{slug}.atom.xml"
ENTITIES_JSON = "entities.json"
ENTITY_MIN_ARTICLES = 1  # articles an entity needs for a page (large archives: 2 or 3)
ENTITY_INDEX_TOP = 30  # most mentioned per type on the index page
ENTITY_RELATED = 10  # co-mentioned entities shown on an entity page
ENTITY_COMENTION_LIMIT = 12  # most mentioned entities per article counted as co-mentions

# Client-side search (plugins/search): term-shard size, documents per result chunk, folder.
SEARCH = {"shard_bytes": 32 * 1024, "chunk_docs": 4, "folder": "search"}

# Pelican's content cache at the reader layer: a rebuild re-reads (YAML + Markdown) only
# the articles whose files changed. The "generator" layer would cache article objects,
# which our plugins change at every build, so it is not used.
CACHE_CONTENT = True
CONTENT_CACHING_LAYER = "reader"
LOAD_CONTENT_CACHE = True
CHECK_MODIFIED_METHOD = "md5"  # a checkout or a copy changes mtimes, not content
# Saved as a plain pickle: gzip took a second of every rebuild at 10,000 articles, for a
# file three times smaller (60 MB instead of 20). An older gzip'd cache is still read.
GZIP_CACHE = False
