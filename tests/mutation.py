"""Mutation testing of the core modules with cosmic-ray (`invoke mutants [--module M]`).

Each core module is mutated by cosmic-ray (one small change at a time: an operator, a
constant, a comparison, a loop run zero times, …) and only the test files that cover
it are run against each mutant, so a module takes minutes, not hours. A mutant the
tests do not notice "survived": either the tests miss a behaviour, or the mutant is
equivalent (no input can tell it apart); docs/MUTANTS.md records both, with reasons.

The run happens in a copy of the repository (the tracked files and the new, not yet
ignored ones) in a temporary folder: cosmic-ray edits the module in place, and an
interrupted run must never leave a mutant in the working tree. In the copy,
`clippings/plugins` and `clippings/theme` are links to `plugins/` and `theme/`, so the
copy's own plugins are imported and not those of the editable install.

Not part of CI (slow); needs the `mutants` extra: `pip install -e .[mutants]`.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Target:
    """One module to mutate and the tests that are meant to catch its bugs."""

    module: str
    tests: tuple[str, ...]
    timeout: float = 60.0


# The core modules with the test files that cover them (nothing slower: no build, no
# browser). Keys are the names `invoke mutants --module` takes.
TARGETS: dict[str, Target] = {
    "footer": Target(
        "clippings/importer/footer.py",
        ("tests/importer/test_footer.py", "tests/importer/test_footer_forms.py"),
    ),
    "byline": Target(
        "clippings/importer/byline.py",
        ("tests/importer/test_byline.py", "tests/importer/test_byline_limits.py"),
    ),
    "detect": Target(
        "clippings/importer/sources/detect.py",
        ("tests/importer/sources/test_detect.py", "tests/importer/sources/test_detect_parsers.py"),
    ),
    "dates": Target(
        "clippings/importer/dates.py",
        ("tests/importer/test_dates.py", "tests/importer/test_read_date.py"),
    ),
    "sanitize": Target(
        "clippings/sanitize.py",
        ("tests/test_sanitize.py", "tests/test_sanitize_urls.py"),
    ),
    "fingerprints": Target(
        "plugins/changed_only/fingerprints.py",
        (
            "tests/plugins/test_fingerprints.py",
            "tests/plugins/test_changed_only.py::"
            "test_numbered_listing_pages_keep_their_fingerprint_as_the_listing_grows",
        ),
    ),
    "store": Target(
        "clippings/importer/store.py",
        ("tests/importer/test_store.py", "tests/importer/test_store_rules.py"),
        timeout=120.0,
    ),
}

# Operators left out, for time only: a number, comparison or boolean mutant says more
# than the eleven ways of replacing one arithmetic operator, and these replacements of
# `+`/`|`/`%` by shifts, powers and bit operations are killed by a TypeError on the
# first string or set they meet (left in, they triple a module's run time).
EXCLUDED_OPERATORS = (
    r"core/ReplaceBinaryOperator_\w+_(Pow|RShift|LShift|BitAnd|BitXor|FloorDiv|Mod)$",
)


def copy_repository(into: Path) -> None:
    """Copy the tracked and new (not ignored) files of the repository into `into`."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            target = into / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    # The copy's plugins and theme, not the editable install's (see the docstring).
    for name in ("plugins", "theme"):
        (into / "clippings" / name).symlink_to(into / name, target_is_directory=True)


def _test_command(target: Target) -> list[str]:
    return [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *target.tests]


def _config(target: Target) -> str:
    command = shlex.join(_test_command(target))  # cosmic-ray splits it with shlex
    excluded = ", ".join(json.dumps(e) for e in EXCLUDED_OPERATORS)
    return (
        "[cosmic-ray]\n"
        f"module-path = {json.dumps(target.module)}\n"
        f"timeout = {target.timeout}\n"
        "excluded-modules = []\n"
        f"test-command = {json.dumps(command)}\n"
        "[cosmic-ray.distributor]\n"
        'name = "local"\n'
        "[cosmic-ray.filters.operators-filter]\n"
        f"exclude-operators = [{excluded}]\n"
    )


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    # No .pyc: a mutant written within the same second as the original, with the same
    # size, would otherwise be run from the original's cached bytecode.
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    # No third-party pytest plugins (benchmark, anyio, playwright, …): they add a second
    # of start-up to every mutant and none of these tests uses them.
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    env.pop("PYTHONPATH", None)
    return env


@dataclass
class Result:
    """The outcome of one module's mutation run."""

    name: str
    module: str
    total: int
    killed: int
    survivors: list[dict[str, str]]
    incompetent: int

    @property
    def score(self) -> float:
        return 100.0 * self.killed / self.total if self.total else 100.0


def run(name: str, keep: Path | None = None) -> Result:
    """Mutate one target in a copy of the repository; return what the tests killed."""
    target = TARGETS[name]
    with tempfile.TemporaryDirectory(prefix=f"clippings-mutants-{name}-") as temp:
        work = Path(temp)
        copy_repository(work)
        (work / "cosmic-ray.toml").write_text(_config(target), encoding="utf-8")
        session = work / "session.sqlite"
        env = _environment()

        def cosmic(*args: str) -> None:
            subprocess.run(args, cwd=work, env=env, check=True)

        baseline = subprocess.run(
            _test_command(target),
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if baseline.returncode != 0:
            raise SystemExit(f"{name}: the tests fail before any mutation:\n{baseline.stdout}")
        cosmic("cosmic-ray", "init", "cosmic-ray.toml", str(session))
        cosmic("cr-filter-operators", str(session), "cosmic-ray.toml")
        _skip_annotations(work / target.module, session)
        cosmic("cosmic-ray", "exec", "cosmic-ray.toml", str(session))
        result = _summarise(name, target, session)
        if keep is not None:
            keep.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(session, keep)
        return result


def _annotation_spans(source: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """The (start, end) positions of every annotation in `source`, if none is evaluated.

    With `from __future__ import annotations` an annotation is a string nobody reads at
    run time (these modules never call get_type_hints), so a mutant inside one
    (`-> Footer | None` made `-> Footer + None`) is equivalent by construction.
    """
    tree = ast.parse(source)
    lazy = any(
        isinstance(node, ast.ImportFrom)
        and node.module == "__future__"
        and any(a.name == "annotations" for a in node.names)
        for node in tree.body
    )
    if not lazy:
        return []
    annotations: list[ast.expr] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.returns:
            annotations.append(node.returns)
        elif isinstance(node, ast.arg | ast.AnnAssign) and node.annotation:
            annotations.append(node.annotation)
    return [
        ((a.lineno, a.col_offset), (a.end_lineno or a.lineno, a.end_col_offset or 0))
        for a in annotations
    ]


def _skip_annotations(module: Path, session: Path) -> None:
    """Mark the mutants inside annotations as skipped (see `_annotation_spans`)."""
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import WorkerOutcome, WorkResult

    spans = _annotation_spans(module.read_text(encoding="utf-8"))
    with use_db(str(session), WorkDB.Mode.open) as db:
        for item in db.pending_work_items:
            mutation = item.mutations[0]
            start, end = tuple(mutation.start_pos), tuple(mutation.end_pos)
            if any(low <= start and end <= high for low, high in spans):
                db.set_result(
                    item.job_id,
                    WorkResult(output="in an annotation", worker_outcome=WorkerOutcome.SKIPPED),
                )


def _summarise(name: str, target: Target, session: Path) -> Result:
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import TestOutcome, WorkerOutcome

    total = killed = incompetent = 0
    survivors: list[dict[str, str]] = []
    with use_db(str(session), WorkDB.Mode.open) as db:
        for item, result in db.completed_work_items:
            if result.worker_outcome == WorkerOutcome.SKIPPED:
                continue  # an excluded operator, or inside an annotation
            total += 1
            if result.test_outcome == TestOutcome.INCOMPETENT:
                incompetent += 1  # the mutant does not even import: counted as killed
            if result.is_killed:
                killed += 1
                continue
            mutation = item.mutations[0]
            survivors.append(
                {
                    "operator": mutation.operator_name,
                    "line": str(mutation.start_pos[0]),
                    "diff": (result.diff or "").strip(),
                }
            )
    survivors.sort(key=lambda s: int(s["line"]))
    return Result(name, target.module, total, killed, survivors, incompetent)


def report(result: Result) -> str:
    """A plain-text account of one run: score, then each survivor's diff."""
    lines = [
        f"{result.name}: {result.module}: {result.killed}/{result.total} mutants killed "
        f"({result.score:.1f}%), {len(result.survivors)} survived"
    ]
    for survivor in result.survivors:
        lines.append(f"--- survived: line {survivor['line']} ({survivor['operator']})")
        lines += [
            line
            for line in survivor["diff"].splitlines()
            if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """`python3 tests/mutation.py [MODULE …] [--json FILE]` (all targets by default)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("modules", nargs="*", help=f"targets: {', '.join(TARGETS)}")
    parser.add_argument("--json", type=Path, help="append the results as JSON lines here")
    args = parser.parse_args(argv)
    unknown = [m for m in args.modules if m not in TARGETS]
    if unknown:
        parser.error(f"unknown module(s) {', '.join(unknown)}; known: {', '.join(TARGETS)}")
    for name in args.modules or list(TARGETS):
        result = run(name)
        print(report(result), flush=True)
        if args.json:
            with args.json.open("a", encoding="utf-8") as out:
                out.write(json.dumps(result.__dict__ | {"score": result.score}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
