"""Tests of the benchmark package `bench/`.

pytest puts tests/ on sys.path, so this package is imported as `bench` and hides the
real one: it therefore also looks for submodules in the real `bench/` folder.
"""

from pathlib import Path

__path__.append(str(Path(__file__).resolve().parents[2] / "bench"))
