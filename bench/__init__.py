"""Archive-scale benchmark of Clippings (`python3 -m invoke bench`, docs/BENCHMARKS.md).

Modules: `generate` (deterministic synthetic archive), `formats` (the same corpus as
Markdown, Pelican-native Markdown, text dumps, WXR and RSS), `measure` (wall time and
peak memory of a process tree), `builds` (our build, plain Pelican, Hugo), `search`
(our search page against Pagefind in headless Chromium), `report` (tables and plot),
`run` (the whole benchmark).
"""
