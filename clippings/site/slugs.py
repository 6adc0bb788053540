"""Unique slugs for the pages the plugins add (outlets, entities)."""

from __future__ import annotations


def unique_slug(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`, … : the first not in `taken`, which it joins."""
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug
