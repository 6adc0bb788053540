"""Tests of clippings.importer."""
