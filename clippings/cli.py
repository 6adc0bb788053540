"""The `clippings` command line: `import PATH…`, `build`, `check`, `serve`, `publish`.

Reports go to stdout, progress and errors to stderr. Exit status: 0 when the run
imported something or found nothing to change, 1 when an input could not be read at
all, 2 for usage or configuration errors.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Sequence
from itertools import chain
from pathlib import Path

from tqdm import tqdm

from clippings import __version__
from clippings.entities.extract import CACHE_FILE, DEFAULT_MODEL, EntityExtractor
from clippings.errors import ClippingsError, ConfigError, InputError, StoreError
from clippings.importer.categories import load_vocabulary, save_learned
from clippings.importer.live import CACHE_DIR as LIVE_CACHE
from clippings.importer.live import Fetcher, Limits, Source, is_url, load_sources, read_sources
from clippings.importer.model import Article, Note, Skipped
from clippings.importer.options import ImportOptions
from clippings.importer.parallel import default_jobs, parsed_inputs
from clippings.importer.sources.detect import FORMATS, INPUT_SUFFIXES, detect
from clippings.importer.store import ImportReport, Store
from clippings.site import cli as site_cli

CATEGORIES_FILE = "categories.yaml"
LEARNED_CATEGORIES_FILE = "categories.learned.yaml"
# Structured inputs first: the categories they declare help split text-dump footers.
FORMAT_ORDER = {"wxr": 0, "html": 1, "feed": 2, "text": 3}
# Articles are stored in batches: NER reads a batch at once (spaCy's nlp.pipe).
BATCH = 64


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also used to check that every command is documented)."""
    parser = argparse.ArgumentParser(
        prog="clippings", description="Build a static archive of a news-aggregator blog."
    )
    parser.add_argument("--version", action="version", version=f"clippings {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    imp = commands.add_parser(
        "import",
        help="import dumps, WXR exports, feeds and saved pages into the content folder",
        description="Import aggregated articles into content/articles/YYYY/MM/<slug>.md.",
    )
    imp.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="input file or folder, or the http(s) address of a feed, post or archive page",
    )
    imp.add_argument(
        "--sources",
        type=Path,
        default=None,
        metavar="FILE",
        help="also import the addresses listed in FILE (sources.yaml: url, follow)",
    )
    imp.add_argument(
        "--follow",
        type=int,
        default=0,
        metavar="N",
        help="follow up to N further pages of each address given (rel=next, ?paged=)",
    )
    imp.add_argument(
        "--delay",
        type=float,
        default=1.0,
        metavar="SECONDS",
        help="least time between two requests to one host (default 1)",
    )
    imp.add_argument(
        "--content", type=Path, default=Path("content"), help="content folder (default: content)"
    )
    imp.add_argument(
        "--categories",
        type=Path,
        default=None,
        help="YAML list of known category names (default: CONTENT/categories.yaml)",
    )
    imp.add_argument(
        "--format",
        choices=("auto", *FORMATS),
        default="auto",
        help="input format (default: detected from each file's content)",
    )
    imp.add_argument(
        "--include-pages", action="store_true", help="also import WordPress pages (WXR)"
    )
    imp.add_argument(
        "--include-unpublished",
        action="store_true",
        help="also import draft, private, pending and scheduled posts (WXR)",
    )
    imp.add_argument(
        "--no-entities",
        dest="entities",
        action="store_false",
        help="do not run named-entity recognition (entities of stored articles are kept)",
    )
    imp.add_argument(
        "--ner-model",
        default=DEFAULT_MODEL,
        metavar="NAME",
        help=f"spaCy model for named entities (default: {DEFAULT_MODEL})",
    )
    imp.add_argument(
        "--jobs",
        type=int,
        default=0,
        metavar="N",
        help="processes parsing inputs (default 0: one per CPU; 1: parse in this process)",
    )
    imp.add_argument(
        "-v", "--verbose", action="store_true", help="list every file created or updated"
    )
    site_cli.add_commands(commands)
    return parser


def _expand(paths: Sequence[Path]) -> list[Path]:
    """Input files: files as given; folders expanded to their input files, in name order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and p.suffix.lower() in INPUT_SUFFIXES
                    and not p.name.startswith(".")
                )
            )
        else:
            files.append(path)
    return files


def run_import(
    paths: Sequence[Path],
    content: Path,
    categories: Path | None = None,
    verbose: bool = False,
    fmt: str = "auto",
    options: ImportOptions | None = None,
    ner_model: str | None = DEFAULT_MODEL,
    jobs: int = 0,
    live: Sequence[Source] = (),
    limits: Limits | None = None,
) -> ImportReport:
    """Import every input into `content`, printing progress to stderr; return the report.

    `ner_model` names the spaCy model for named entities; None skips NER. `jobs`
    processes parse inputs (0: one per CPU; 1: no worker processes). `live` sources are
    fetched (answers cached under CONTENT/.cache/live) and read first.
    """
    options = options or ImportOptions()
    maintained = categories or content / CATEGORIES_FILE
    learned_file = content / LEARNED_CATEGORIES_FILE
    options.vocabulary = load_vocabulary(maintained, learned_file)
    store = Store(content)
    report = ImportReport()
    inputs: list[tuple[Path, str]] = []
    for path in _expand(paths):
        try:
            inputs.append((path, detect(path) if fmt == "auto" else fmt))
        except InputError as exc:
            report.unreadable.append(str(exc))
            print(f"clippings: error: {exc}", file=sys.stderr)
    inputs.sort(key=lambda pair: FORMAT_ORDER.get(pair[1], 9))
    # NER reads on every core as parsing does (`jobs`; 0: one process per CPU).
    ner_processes = jobs or default_jobs()
    extractor = EntityExtractor(content, ner_model, ner_processes) if ner_model else None
    pending: list[tuple[Article, str]] = []
    # One bar counting articles (inputs can be single huge files); shown on a terminal only.
    with tqdm(unit=" articles", desc="import", file=sys.stderr, disable=None, leave=False) as bar:

        def flush() -> None:
            if extractor is not None:
                try:
                    extractor.annotate([article for article, _ in pending])
                except sqlite3.Error as exc:  # e.g. "database or disk is full"
                    raise StoreError(
                        f"{content / CACHE_FILE}: cannot update the entity cache: {exc}"
                    ) from None
            for article, origin in pending:
                outcome, written = store.save(article, origin)
                report.record(outcome, written, article, origin, store.last_match)
                if verbose and outcome.value in ("created", "updated"):
                    tqdm.write(f"{outcome.value} {written}", file=sys.stderr)
                bar.update()
            store.commit()
            pending.clear()

        fetcher = Fetcher(content / LIVE_CACHE, limits or Limits())
        try:
            with fetcher:
                live_items = read_sources(live, fetcher, options) if live else iter(())
                documents = chain(live_items, parsed_inputs(inputs, options, jobs))
                for name, items in documents:
                    bar.set_postfix_str(getattr(name, "name", str(name)), refresh=False)
                    origin = str(name)
                    report.tally(origin)  # an input with no items is listed too
                    try:
                        for item in items:
                            if isinstance(item, Skipped | Note):
                                report.skip(item, origin)
                                continue
                            report.found += 1
                            pending.append((item, origin))
                            if len(pending) >= BATCH:
                                flush()
                    except InputError as exc:
                        if not report.tally(origin).items:
                            del report.inputs[origin]
                        report.unreadable.append(str(exc))
                        tqdm.write(f"clippings: error: {exc}", file=sys.stderr)
                    flush()
        finally:
            store.close()
            if extractor is not None:
                extractor.close()
    if extractor is not None and extractor.texts_read:
        print(
            f"entities: {extractor.texts_read} article(s) read by {extractor.model_name} "
            f"({extractor.bytes_read / 1024:.0f} KB); the others came from the cache",
            file=sys.stderr,
        )
    try:
        save_learned(learned_file, options.vocabulary, load_vocabulary(maintained))
    except OSError as exc:
        raise StoreError(f"{learned_file}: cannot write: {exc.strerror or exc}") from None
    return report


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `clippings` command."""
    args = build_parser().parse_args(argv)
    if args.command in site_cli.COMMANDS:  # they print their errors in one line themselves
        return site_cli.run(args)
    try:
        if args.command == "import":
            options = ImportOptions(
                include_pages=args.include_pages, include_unpublished=args.include_unpublished
            )
            live = [Source(p, max(0, args.follow)) for p in args.paths if is_url(p)]
            if args.sources is not None:
                live += load_sources(args.sources)
            files = [Path(p) for p in args.paths if not is_url(p)]
            if not files and not live:
                print("clippings: error: give a PATH, an address or --sources", file=sys.stderr)
                return 2
            report = run_import(
                files,
                args.content,
                args.categories,
                args.verbose,
                args.format,
                options,
                ner_model=args.ner_model if args.entities else None,
                jobs=args.jobs,
                live=live,
                limits=Limits(delay=max(0.0, args.delay)),
            )
            print(report.summary())
            return 1 if report.unreadable else 0
    except ConfigError as exc:
        print(f"clippings: error: {exc}", file=sys.stderr)
        return 2
    except ClippingsError as exc:
        print(f"clippings: error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # a file system error no step above put in words: still one line
        where = exc.filename or getattr(args, "content", "")
        print(f"clippings: error: {where}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("clippings: interrupted", file=sys.stderr)
        return 130
    return 2


if __name__ == "__main__":
    sys.exit(main())
