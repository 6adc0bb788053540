"""Input formats: one parser module per format, each `parse(path, context) -> Iterator`.

Every parser yields `Article` records and `Skipped` notes; `detect` picks the parser
by looking at the first bytes of a file, and `--format` overrides it.
"""
