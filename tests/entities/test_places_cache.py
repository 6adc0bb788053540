"""clippings.entities.places: the gazetteer keys a build keeps in its cache folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from clippings.entities import places


def test_keys_read_back_from_the_cache_equal_the_gazetteers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(places, "_keys", None)
    places.use_cache(tmp_path)
    made = places.place_keys()
    assert {"kyiv", "kiev", "tartus", "middle east"} <= made
    [saved] = tmp_path.glob("place-keys-*.pickle")
    monkeypatch.setattr(places, "_keys", None)
    places.use_cache(tmp_path)
    assert places.place_keys() == made
    # A damaged file: made again, and replaced.
    saved.write_bytes(b"damaged")
    monkeypatch.setattr(places, "_keys", None)
    places.use_cache(tmp_path)
    assert places.place_keys() == made
    assert saved.read_bytes() != b"damaged"
