"""Fidelity of the HTML importer: extracted article text against hand-checked expected text.

A dataset is a folder holding `ground-truth.json` (`{id: {"articleBody": …, "url": …,
"title"?: …}}`) and `html/<id>.html.gz` (or `.html`) — the layout of the public
article-extraction benchmark (181 real news pages with hand-made ground truth), which
`tests/fixtures/extraction/` follows for the pages copied from it.

Each page is imported with `clippings.importer.sources.html.parse` (exactly what
`clippings import --format html` runs) and, in the same run, extracted by trafilatura
alone, so the two are compared on the same pages. The body is scored like the
benchmark's own `evaluate.py`: TP/FP/FN over 4-gram shingles of `\\w+` tokens,
normalised per page, precision and recall averaged over pages, F1 of the averages.
Word (1-gram) precision and recall are reported too. A page the importer skips scores
an empty body.

    python3 -m bench.fidelity                         # tests/fixtures/extraction
    python3 -m bench.fidelity --dataset DIR --json out.json --show-worst 10
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from clippings.importer.model import Article
from clippings.importer.options import ImportOptions
from clippings.importer.sources import html as html_source

DEFAULT_DATASET = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "extraction"
_TOKEN = re.compile(r"\w+")
_BLOCKS = re.compile(r"</(?:p|div|h[1-6]|li|pre|blockquote|tr|figcaption|table)>|<br\s*/?>", re.I)


@dataclass(frozen=True)
class Score:
    """One page's normalised true-positive, false-positive and false-negative shares."""

    tp: float
    fp: float
    fn: float


@dataclass
class Result:
    """One extractor's scores over a dataset."""

    name: str
    shingles: list[Score] = field(default_factory=list)
    words: list[Score] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    titles_right: int = 0
    titles_declared: int = 0
    dates_right: int = 0
    dates_declared: int = 0
    authors_right: int = 0
    authors_declared: int = 0

    def summary(self, scores: list[Score]) -> dict[str, float]:
        return metrics(scores)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def match(true: str, pred: str, n: int) -> Score:
    """Shingle (n-gram) matching of `pred` against `true`, as the benchmark scores it."""

    def grams(text: str) -> Counter[tuple[str, ...]]:
        words = tokens(text)
        return Counter(tuple(words[i : i + n]) for i in range(max(1, len(words) - n + 1)))

    t, p = grams(true), grams(pred)
    t.pop((), None)
    p.pop((), None)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    return Score(tp / total, fp / total, fn / total) if total else Score(0.0, 0.0, 0.0)


def _precision(s: Score) -> float:
    if s.fp == s.fn == 0:
        return 1.0
    return 0.0 if s.tp == s.fp == 0 else s.tp / (s.tp + s.fp)


def _recall(s: Score) -> float:
    if s.fp == s.fn == 0:
        return 1.0
    return 0.0 if s.tp == s.fn == 0 else s.tp / (s.tp + s.fn)


def metrics(scores: list[Score]) -> dict[str, float]:
    """Precision and recall averaged over pages, and the F1 of the two averages."""
    precisions = [_precision(s) for s in scores if s.tp + s.fp > 0]
    recalls = [_recall(s) for s in scores if s.tp + s.fn > 0]
    precision = statistics.mean(precisions) if precisions else 0.0
    recall = statistics.mean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"f1": f1, "precision": precision, "recall": recall}


def html_text(fragment: str) -> str:
    """The text of a sanitised body, one line per block (words never run together)."""
    from bs4 import BeautifulSoup

    marked = _BLOCKS.sub(lambda m: m[0] + "\n", fragment)
    return BeautifulSoup(marked, "lxml").get_text(" ") if marked.strip() else ""


def load(dataset: Path) -> list[tuple[str, dict[str, str], bytes]]:
    """The dataset's pages: (id, expected record, page bytes), in id order."""
    truth = json.loads((dataset / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth):
        gz, plain = dataset / "html" / f"{key}.html.gz", dataset / "html" / f"{key}.html"
        data = gzip.decompress(gz.read_bytes()) if gz.exists() else plain.read_bytes()
        pages.append((key, truth[key], data))
    return pages


Extracted = tuple[str, str | None, str | None, str | None]  # body, title, ISO date, author


def clippings_extract(key: str, data: bytes, folder: Path) -> Extracted:
    """Body text, title and date of the page as `clippings import --format html` stores it."""
    path = folder / f"{key}.html"
    path.write_bytes(data)
    for record in html_source.parse(path, ImportOptions()):
        if isinstance(record, Article):
            undated = record.status == "draft"
            when = None if undated else record.date.isoformat()
            return html_text(record.body_html), record.title, when, record.author
    return "", None, None, None


def trafilatura_extract(key: str, data: bytes, folder: Path) -> Extracted:
    """Body text, title and date by trafilatura alone, with its defaults."""
    import trafilatura

    document = trafilatura.bare_extraction(data, with_metadata=True)
    if document is None:
        return "", None, None, None
    return document.text or "", document.title, document.date, document.author


_URL_DATE = re.compile(r"/((?:19|20)\d\d)/(\d\d)/(\d\d)/")


def url_date(url: str) -> str | None:
    """The day a news address names (`/2019/11/19/`): a check independent of the page."""
    found = _URL_DATE.search(url or "")
    return "-".join(found.groups()) if found else None


def _same_title(a: str | None, b: str | None) -> bool:
    def norm(text: str | None) -> str:
        return " ".join(tokens((text or "").casefold()))

    return bool(a and b) and norm(a) == norm(b)


def run(
    pages: Iterable[tuple[str, dict[str, str], bytes]],
    extractors: dict[str, Callable[[str, bytes, Path], Extracted]],
) -> tuple[list[Result], dict[str, dict[str, float]]]:
    """Score every extractor on every page; also each page's F1 per extractor."""
    results = {name: Result(name) for name in extractors}
    per_page: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for key, expected, data in pages:
            truth = expected.get("articleBody", "")
            for name, extract in extractors.items():
                text, title, when, author = extract(key, data, Path(folder))
                result = results[name]
                if not text.strip():
                    result.skipped.append(key)
                shingle = match(truth, text, 4)
                result.shingles.append(shingle)
                result.words.append(match(truth, text, 1))
                per_page.setdefault(key, {})[name] = metrics([shingle])["f1"]
                if expected.get("title"):
                    result.titles_declared += 1
                    result.titles_right += _same_title(title, expected["title"])
                if expected.get("author"):  # the byline's name, within what was found
                    result.authors_declared += 1
                    wanted = tokens(expected["author"].casefold())
                    found = tokens((author or "").casefold())
                    result.authors_right += bool(wanted) and all(w in found for w in wanted)
                if day := url_date(expected.get("url", "")):
                    result.dates_declared += 1
                    result.dates_right += when == day
    return list(results.values()), per_page


def report(results: list[Result], pages: int) -> str:
    lines = [
        f"{pages} pages; body scored by 4-gram shingles (the benchmark's metric) and words",
        f"{'extractor':<14} {'F1':>6} {'prec':>6} {'recall':>6}   "
        f"{'word P':>6} {'word R':>6}  {'empty':>5}  titles  authors  dates (by URL)",
    ]
    for result in results:
        s, w = metrics(result.shingles), metrics(result.words)
        titles = (
            f"{result.titles_right}/{result.titles_declared}" if result.titles_declared else "-"
        )
        dates = f"{result.dates_right}/{result.dates_declared}" if result.dates_declared else "-"
        authors = (
            f"{result.authors_right}/{result.authors_declared}" if result.authors_declared else "-"
        )
        lines.append(
            f"{result.name:<14} {s['f1']:6.3f} {s['precision']:6.3f} {s['recall']:6.3f}   "
            f"{w['precision']:6.3f} {w['recall']:6.3f}  {len(result.skipped):>5}  "
            f"{titles:>6}  {authors:>7}  {dates}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", type=Path, default=DEFAULT_DATASET)
    parser.add_argument("--json", type=Path, help="write the figures and per-page F1 here")
    parser.add_argument("--show-worst", type=int, default=0, help="list the N worst pages")
    parser.add_argument("--only", choices=("clippings", "trafilatura"), help="one extractor")
    args = parser.parse_args(argv)
    extractors = {"clippings": clippings_extract, "trafilatura": trafilatura_extract}
    if args.only:
        extractors = {args.only: extractors[args.only]}
    pages = load(args.dataset)
    results, per_page = run(pages, extractors)
    print(report(results, len(pages)))
    if args.show_worst:
        worst = sorted(per_page.items(), key=lambda item: item[1].get("clippings", 1.0))
        for key, scores in worst[: args.show_worst]:
            figures = "  ".join(f"{name} {f1:.3f}" for name, f1 in scores.items())
            print(f"  {key[:16]}  {figures}")
    if args.json:
        figures = {
            r.name: {
                "shingles": metrics(r.shingles),
                "words": metrics(r.words),
                "empty": r.skipped,
                "titles": [r.titles_right, r.titles_declared],
                "dates": [r.dates_right, r.dates_declared],
                "authors": [r.authors_right, r.authors_declared],
            }
            for r in results
        }
        args.json.write_text(json.dumps({"results": figures, "pages": per_page}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
