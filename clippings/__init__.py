"""Clippings: turn a news-aggregator blog's dumps into a static, searchable archive."""

__version__ = "0.1.0"
