"""Client-side search: a lunr.py index, cut into small files that lunr.js loads on demand.

`documents` turns articles into search documents; `shards` builds one lunr index over
all of them and partitions it by term, so a query loads only the postings of its own
terms (see `shards` for the layout and why scores equal the unsharded index).
"""
