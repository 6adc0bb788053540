"""archive_nav: neighbours, related articles and month counts, in linear time.

For every article, once all are read (`article_generator_finalized`):

* `older_article` / `newer_article`: its neighbours in the whole archive;
* `older_in_outlet` / `newer_in_outlet`: its neighbours among its outlet's articles;
* `related_articles`: up to ARCHIVE_NAV["related"] articles sharing the rarest tags
  and entities (IDF-weighted, long articles not favoured), closest in date first.

and for the archive pages, `archive_years`: every year (newest first) with its URL,
article count and months (URL, name, count) — built from YEAR_ARCHIVE_URL and
MONTH_ARCHIVE_URL.

Nothing here is quadratic: neighbours come from one sort; related articles are scored
from an inverted index in which each term contributes at most ARCHIVE_NAV["window"]
articles nearest in date, so a tag on half the archive costs no more than a rare one
(and weighs less: see `term_weights`).

Settings (one dict, checked at start): ARCHIVE_NAV = {"related": 5, "window": 40}.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import logging
import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pelican import signals

from clippings.cachefile import read_cache, write_cache

log = logging.getLogger(__name__)
DEFAULTS: dict[str, int] = {"related": 5, "window": 40}


def _settings(generator: Any) -> dict[str, int]:
    given = generator.settings.get("ARCHIVE_NAV", {}) or {}
    unknown = set(given) - set(DEFAULTS)
    if unknown:
        raise ValueError(f"archive_nav: unknown ARCHIVE_NAV keys {sorted(unknown)}")
    settings = {**DEFAULTS, **given}
    for key, value in settings.items():
        if not isinstance(value, int) or value < 0:
            raise ValueError(f"archive_nav: ARCHIVE_NAV[{key!r}] must be a whole number >= 0")
    return settings


def _terms(article: Any) -> list[str]:
    """The keys two related articles share: tags, and entity names when present."""
    keys = [f"tag:{tag.slug}" for tag in getattr(article, "tags", [])]
    entities = getattr(article, "entities", None)
    if isinstance(entities, dict):
        for kind, names in entities.items():
            keys += [f"{kind}:{name}" for name in (names or [])[:SALIENT]]
    return keys


def link_neighbours(articles: list[Any]) -> None:
    """Set older/newer neighbours overall and within each outlet (articles newest first)."""
    by_outlet: dict[str, list[Any]] = defaultdict(list)
    for i, article in enumerate(articles):
        article.newer_article = articles[i - 1] if i > 0 else None
        article.older_article = articles[i + 1] if i + 1 < len(articles) else None
        outlet = getattr(article, "outlet", None)
        if outlet:
            by_outlet[" ".join(str(outlet).split()).casefold()].append(article)
    for group in by_outlet.values():
        for i, article in enumerate(group):
            article.newer_in_outlet = group[i - 1] if i > 0 else None
            article.older_in_outlet = group[i + 1] if i + 1 < len(group) else None


# Shared terms are weighted by rarity (IDF), in whole-number levels so that scores are
# still summed by Counter.update in C: a term in two articles weighs LEVELS, one in
# (nearly) every article 0.
LEVELS = 8
# The best-scoring candidates, this many per related slot, are ranked again by the
# cosine of the two articles' IDF-weighted terms: an article naming sixty entities
# shares something with every other one, and must not top every list for that.
RERANK = 4
# Entities per kind an article is related by: its most mentioned (entity lists come most
# mentioned first), not every name a long interview touches on.
SALIENT = 8
# Below this cosine two articles share only what most articles share (a country, a
# president): no related link rather than an arbitrary one, the same everywhere.
MIN_SIMILARITY = 0.05


def term_weights(postings: dict[str, list[int]], total: int) -> dict[str, int]:
    """Each shared term's weight: its IDF, log(N/df), scaled to 0..LEVELS (df=2 → LEVELS)."""
    if total < 3:
        return {term: 1 for term in postings}
    top = math.log(total / 2)
    return {
        term: max(0, round(LEVELS * math.log(total / len(posting)) / top))
        for term, posting in postings.items()
    }


def dot(mine: set[str], theirs: set[str], idf2: dict[str, float]) -> float:
    """The dot product of two articles' binary term vectors weighted by IDF (`idf2`: its
    square per term)."""
    return sum(map(idf2.__getitem__, mine & theirs))


def link_related(articles: list[Any], limit: int, window: int, cache: Path | None = None) -> None:
    """Set `related_articles`: the articles sharing the rarest terms with each one.

    With `cache` (a folder), the positions are read back from the last build when the
    terms of every article, in the same order, and the settings are the same (a rebuild
    with no change of tags or entities), else computed and saved there.
    """
    terms = [set(_terms(article)) for article in articles]
    positions = None
    key = _related_key(terms, limit, window) if cache is not None else ""
    if cache is not None:
        saved = read_cache(cache / RELATED_CACHE, dict)
        if saved is not None and saved.get("key") == key:
            positions = saved.get("positions")
    if positions is None or len(positions) != len(articles):
        positions = related_positions(terms, limit, window)
        if cache is not None:
            write_cache(cache / RELATED_CACHE, {"key": key, "positions": positions})
    for article, related in zip(articles, positions, strict=True):
        article.related_articles = [articles[j] for j in related]


# The related positions of the last build, in CACHE_PATH (clippings.cachefile).
RELATED_CACHE = "archive-nav-related.pickle"


def _related_key(terms: list[set[str]], limit: int, window: int) -> str:
    """What `related_positions` depends on: each article's terms in order, the settings,
    the constants and this module's code (an edit to the scoring changes the key)."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    constants = [limit, window, LEVELS, RERANK, SALIENT, MIN_SIMILARITY]
    digest.update(json.dumps(constants).encode())
    for keys in terms:
        digest.update(json.dumps(sorted(keys), ensure_ascii=False).encode())
        digest.update(b"\n")
    return digest.hexdigest()


def related_positions(terms: list[set[str]], limit: int, window: int) -> list[list[int]]:
    """For each article's terms (articles newest first), the positions of its related
    articles: those sharing the rarest terms with it.

    A candidate's score is the sum of the (whole-number) IDF weights of the terms it
    shares; the best `RERANK * limit` are then ranked by the cosine of the two
    articles' IDF-weighted term vectors (what is specific to the pair), those below
    MIN_SIMILARITY dropped, less the candidate's hubness. Ties go to the nearest in
    date. Each term contributes at most `window` candidates, nearest in date, so the
    work per article is bounded whatever a term's size.
    """
    postings: dict[str, list[int]] = defaultdict(list)
    for i, keys in enumerate(terms):
        for term in keys:
            postings[term].append(i)  # ascending positions
    weights = term_weights(postings, len(terms))
    total = len(terms)
    idf2 = {term: math.log(total / len(posting)) ** 2 for term, posting in postings.items()}
    norm = [math.sqrt(sum(map(idf2.__getitem__, keys))) or 1.0 for keys in terms]
    half = window // 2
    neighbours: list[dict[int, float]] = []
    for i in range(len(terms)):
        scores: Counter[int] = Counter()
        for term in terms[i]:
            weight = weights[term]
            posting = postings[term]
            if weight == 0 or len(posting) < 2:
                continue
            if len(posting) <= window:
                candidates = posting
            else:
                at = bisect.bisect_left(posting, i)
                candidates = posting[max(0, at - half) : at + half + 1]
            scores.update(candidates * weight)  # counted in C, `weight` times each
        scores.pop(i, None)
        similar = {}
        for j in best_related(scores, i, RERANK * limit):
            value = dot(terms[i], terms[j], idf2) / (norm[i] * norm[j])
            if value >= MIN_SIMILARITY:
                similar[j] = value
        neighbours.append(similar)
    # Hubness: how close each article is to its own nearest neighbours. An article that
    # is a little similar to everything (a long interview) has a high one, and is
    # ranked down by it in everyone else's list (CSLS, Conneau et al. 2018).
    hub = [_mean_top(similar.values(), limit) for similar in neighbours]
    positions = []
    for i, similar in enumerate(neighbours):
        ranked = Counter({j: round(1e6 * (2 * value - hub[j])) for j, value in similar.items()})
        positions.append(best_related(ranked, i, limit))
    return positions


def _mean_top(values: Any, k: int) -> float:
    top = sorted(values, reverse=True)[:k]
    return sum(top) / len(top) if top else 0.0


def best_related(scores: Counter[int], i: int, limit: int) -> list[int]:
    """The `limit` positions with the most shared terms, then nearest to `i`, then lowest:
    `sorted(scores, key=(-score, distance, position))[:limit]`, without a Python sort
    key over every candidate (hundreds per article)."""
    ranked = scores.most_common()  # by score, sorted in C
    if len(ranked) > limit:
        threshold = ranked[limit - 1][1]
        above = [j for j, n in ranked[:limit] if n > threshold]
        tier = sorted(j for j, n in ranked if n == threshold)
        # The nearest of the tier to i, ties to the lower position: a walk outwards.
        left = bisect.bisect_left(tier, i)
        right = left
        nearest: list[int] = []
        while len(above) + len(nearest) < limit:
            if right >= len(tier) or (left > 0 and i - tier[left - 1] <= tier[right] - i):
                left -= 1
                nearest.append(tier[left])
            else:
                nearest.append(tier[right])
                right += 1
        ranked = [(j, scores[j]) for j in above + nearest]
    ranked.sort(key=lambda kv: (-kv[1], abs(kv[0] - i), kv[0]))
    return [j for j, _ in ranked]


@dataclass(frozen=True)
class Month:
    """One month of the archive that has articles."""

    number: int
    name: str
    url: str
    count: int


@dataclass(frozen=True)
class Year:
    """One year of the archive, with its months that have articles (January first)."""

    year: int
    url: str
    count: int
    months: list[Month]


def calendar(articles: list[Any], settings: dict[str, Any]) -> list[Year]:
    """The archive's years, newest first, with their months and article counts."""
    counts: Counter[tuple[int, int]] = Counter((a.date.year, a.date.month) for a in articles)
    years = []
    for year in sorted({y for y, _ in counts}, reverse=True):
        months = [
            Month(
                number=m,
                name=date(year, m, 1).strftime("%B"),
                url=settings["MONTH_ARCHIVE_URL"].format(date=date(year, m, 1)),
                count=counts[(year, m)],
            )
            for m in range(1, 13)
            if counts[(year, m)]
        ]
        url = settings["YEAR_ARCHIVE_URL"].format(date=date(year, 1, 1))
        years.append(Year(year, url, sum(m.count for m in months), months))
    return years


def finalize(generator: Any) -> None:
    """Attach navigation to every article once the article generator has read them all."""
    settings = _settings(generator)
    articles = sorted(generator.articles, key=lambda a: (a.date, a.source_path), reverse=True)
    link_neighbours(articles)
    cache = Path(generator.settings.get("CACHE_PATH") or "cache")
    link_related(articles, settings["related"], settings["window"], cache)
    generator.context["archive_years"] = calendar(articles, generator.settings)
    log.debug("archive_nav: linked %d articles", len(articles))


def register() -> None:
    """Connect to Pelican's signals."""
    signals.article_generator_finalized.connect(finalize)
