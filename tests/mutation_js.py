"""Mutation testing of the search scripts (`invoke mutants --module ranking|search`).

No mutation tool for plain browser JavaScript is installed here, so each script has a
list of hand-made mutants: one realistic bug each (an operator, a dropped condition, a
bound off by one), applied by exact text replacement. Each is applied in a copy of the
repository and tests/search/test_shards.py and test_search_js.py are run against it: the
first queries the sharded index through the shipped search.js and ranking.js in node,
and compares refs, order, exact scores and highlighted terms with one unsharded lunr.js
index. A mutant
the list marks `equivalent` is expected to survive, with the reason next to it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from mutation import ROOT, copy_repository

TESTS = ("tests/search/test_shards.py", "tests/search/test_search_js.py")


@dataclass(frozen=True)
class Mutant:
    """One bug: `old` (found exactly once in the script) replaced by `new`."""

    what: str
    old: str
    new: str
    equivalent: str = ""  # why no test can tell it apart, if it cannot


RANKING = "theme/static/js/ranking.js"
SEARCH = "theme/static/js/search.js"

MUTANTS: dict[str, list[Mutant]] = {
    RANKING: [
        Mutant(
            "a wildcard term looked up as a plain term",
            '!("editDistance" in clause) && term.indexOf("*") < 0',
            '!("editDistance" in clause) || term.indexOf("*") < 0',
        ),
        Mutant(
            "a fuzzy term looked up as a plain term",
            '!("editDistance" in clause) && term',
            "true && term",
        ),
        Mutant(
            "a +term missing from the index no longer empties the results",
            "clauseMatches.fill(0);  // a +term",
            "// a +term",
            equivalent="clauseMatches is all 0 already when the term expands to nothing; "
            "the fill only matters after an earlier pipeline term of the same clause matched, "
            "and lunr's pipeline gives one term per word",
        ),
        Mutant(
            "prohibited clauses treated as scoring clauses",
            "if (clause.presence === PROHIBITED) {",
            "if (clause.presence !== PROHIBITED) {",
        ),
        Mutant(
            "a repeated term's boosts not added up",
            "before === undefined ? clause.boost : before + clause.boost",
            "clause.boost",
        ),
        Mutant(
            "a term × field walked twice",
            "if (walked.has(key)) continue;",
            "",
            equivalent="a guard for speed (lunr's termFieldCache): a second walk adds "
            "nothing, as `seen` keeps each document field once in `order`, the dot "
            "products come from one row per term index, and matched terms are a Set",
        ),
        Mutant(
            "a document field counted once per term instead of once",
            "if (!seen[pair]) { seen[pair] = 1; order.push(pair); }",
            "order.push(pair);",
        ),
        Mutant(
            "+clauses combined with OR instead of AND",
            "required[d] &= clauseMatches[d];",
            "required[d] |= clauseMatches[d];",
        ),
        Mutant(
            "-terms no longer exclude",
            "&& !(prohibited && prohibited[doc]);",
            ";",
        ),
        Mutant(
            "+terms no longer required",
            "return !(required && !required[doc]) &&",
            "return true &&",
        ),
        Mutant(
            "a query of only -terms ranked as an ordinary query",
            "if (query.isNegated()) {",
            "if (false) {",
        ),
        Mutant(
            "a -only query keeps excluded documents",
            "for (var doc = 0; doc < docs; doc++) if (kept(doc))",
            "for (var doc = 0; doc < docs; doc++) if (true)",
        ),
        Mutant(
            "query weights not squared in the magnitude",
            "sumOfSquares += q * q;",
            "sumOfSquares += q;",
        ),
        Mutant(
            "the dot product ignores the query weight",
            "+= q * postings[j + 1];",
            "+= postings[j + 1];",
        ),
        Mutant(
            "no square root in the magnitude",
            "magnitudes[f] = Math.sqrt(sumOfSquares);",
            "magnitudes[f] = sumOfSquares;",
        ),
        Mutant(
            "terms summed in descending term index (float rounding differs)",
            "sort(function (a, b) { return a - b; });\n      var sumOfSquares",
            "sort(function (a, b) { return b - a; });\n      var sumOfSquares",
        ),
        Mutant(
            "a document's field scores replaced, not added",
            "results[at].score += score;",
            "results[at].score = score;",
        ),
        Mutant(
            "results sorted lowest first",
            "return b.score - a.score;",
            "return a.score - b.score;",
        ),
        Mutant(
            "terms highlighted from excluded documents too",
            "if (kept(postings[j])) { terms.add(term); break; }",
            "terms.add(term); break;",
        ),
        Mutant(
            "a 0/0 score left as NaN",
            "dots[pair] / magnitudes[f] || 0",
            "dots[pair] / magnitudes[f]",
        ),  # (not equivalent: a boost of 0, `term^0`, makes a magnitude 0; killed)
    ],
    SEARCH: [
        Mutant(
            "shard lookup: a term equal to a shard's first term goes to the shard before",
            "if (firsts[mid] <= term)",
            "if (firsts[mid] < term)",
        ),
        Mutant(
            "a fuzzy term loads only its own shard",
            "if (clause.editDistance > 0 || star === 0)",
            "if (star === 0)",
        ),
        Mutant(
            "a leading wildcard treated as a prefix query",
            "if (clause.editDistance > 0 || star === 0)",
            "if (clause.editDistance > 0)",
            equivalent="its prefix is the empty string, whose shard range is every shard: "
            "the same shards and the same (null) exact-term set",
        ),
        Mutant(
            "a prefix query's last shard left out",
            'var last = shardFor(firsts, prefix + "\\uffff");',
            "var last = shardFor(firsts, prefix);",
        ),
        Mutant(
            "a wildcard query keeps only its exact terms' rows",
            "exact = null;\n        var prefix",
            "var prefix",
        ),
        Mutant(
            "postings' document gaps read as document numbers",
            "doc += flat[j];",
            "doc = flat[j];",
        ),
        Mutant(
            "weights scaled wrongly",
            "flat[j + 1] /= 1000;",
            "flat[j + 1] /= 100;",
        ),
        Mutant(
            "a row decoded again when its shard is met twice",
            "if (decoded.has(row)) return row;",
            "",
        ),  # (killed since roundtrip.js keeps one data object per file, as the page does)
        Mutant(
            "rows of every loaded term kept, not only the query's",
            "if (!only || only.has(row[0]))",
            "if (true)",
            equivalent="extra rows are never looked up: exact clauses look up their own "
            "terms, and wildcard or fuzzy queries have only = null anyway (a memory "
            "saving, not a behaviour)",
        ),
        Mutant(
            "a filter token no longer required",
            'return "+facets:" + token;',
            'return "facets:" + token;',
        ),  # (killed by tests/search/test_search_js.py)
        Mutant(
            "a document looked up in the wrong chunk",
            "return Math.floor(Number(ref) / m.chunkDocs);",
            "return Math.ceil(Number(ref) / m.chunkDocs);",
        ),
        Mutant(
            "a document's row off by one in its chunk",
            "[n % m.chunkDocs];",
            "[(n + 1) % m.chunkDocs];",
        ),
    ],
}


def _run_tests(work: Path) -> bool:
    """True if the tests pass (the mutant survived)."""
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", PYTEST_DISABLE_PLUGIN_AUTOLOAD="1")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *TESTS],
        cwd=work,
        env=env,
        capture_output=True,
        timeout=600,
        check=False,
    )
    return result.returncode == 0


def run(script: str) -> list[tuple[Mutant, bool]]:
    """Each mutant of `script` with whether it survived the tests."""
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="clippings-mutants-js-") as temp:
        work = Path(temp)
        copy_repository(work)
        (work / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
        if not _run_tests(work):
            raise SystemExit(f"{', '.join(TESTS)} fail before any mutation")
        path = work / script
        original = path.read_text(encoding="utf-8")
        for mutant in MUTANTS[script]:
            if original.count(mutant.old) != 1:
                raise SystemExit(f"{script}: {mutant.what}: the text to replace is not found once")
            path.write_text(original.replace(mutant.old, mutant.new), encoding="utf-8")
            try:
                outcomes.append((mutant, _run_tests(work)))
            finally:
                path.write_text(original, encoding="utf-8")
    return outcomes


def report(script: str, outcomes: list[tuple[Mutant, bool]]) -> str:
    """Score and survivors, as docs/MUTANTS.md records them."""
    killed = sum(not survived for _, survived in outcomes)
    equivalent = [m for m, survived in outcomes if survived and m.equivalent]
    lines = [
        f"{script}: {killed}/{len(outcomes)} mutants killed; "
        f"{len(equivalent)} survivors marked equivalent"
    ]
    for mutant, survived in outcomes:
        if survived and mutant.equivalent:
            lines.append(f"  - {mutant.what}: equivalent ({mutant.equivalent})")
        elif survived:
            lines.append(f"  - {mutant.what}: SURVIVED, not marked equivalent")
        elif mutant.equivalent:
            lines.append(f"  - {mutant.what}: killed, though marked equivalent (update the list)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """`python3 tests/mutation_js.py [ranking|search …]`: 1 if a non-equivalent mutant survived."""
    names = {"ranking": RANKING, "search": SEARCH}
    chosen = argv if argv is not None else sys.argv[1:]
    failed = False
    for name in chosen or list(names):
        outcomes = run(names[name])
        print(report(names[name], outcomes), flush=True)
        failed |= any(survived and not m.equivalent for m, survived in outcomes)
    return int(failed)


if __name__ == "__main__":
    sys.exit(main())
