"""theme/static/js/search.js in node: what the round trip in test_shards.py leaves out."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _node(script: str) -> object:
    result = subprocess.run(
        ["node", "-e", f"const s = require('./theme/static/js/search.js'); {script}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_filters_are_required_clauses() -> None:
    # The search page's outlet and year filters: every result must have the facet.
    out = _node(
        "const x = s.createSearcher(require('lunr'), null);"
        "process.stdout.write(JSON.stringify(["
        "x.fullQuery('iran', ['outlet-rt', '', null]), x.fullQuery('', ['year-2025']),"
        "x.fullQuery('  ', []), x.fullQuery(null, ['a', 'b'])]));"
    )
    assert out == ["iran +facets:outlet-rt", "+facets:year-2025", "", "+facets:a +facets:b"]
