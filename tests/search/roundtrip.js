// Runs queries against a search folder two ways, with the real lunr.js from node_modules:
// the sharded files through the shipped search.js, and one unsharded lunr index.
// Usage: node roundtrip.js SEARCH_DIR FULL_INDEX_JSON QUERIES_JSON  → JSON on stdout.
"use strict";
const fs = require("fs");
const path = require("path");
const lunr = require("lunr");
const search = require(path.resolve(__dirname, "../../theme/static/js/search.js"));
// The index names clippings_normalise in its search pipeline: lunr.js must know it.
require(path.resolve(__dirname, "../../theme/static/js/normalise.js")).register(lunr);

const [dir, fullPath, queriesPath] = process.argv.slice(2);
const full = lunr.Index.load(JSON.parse(fs.readFileSync(fullPath, "utf8")));
const queries = JSON.parse(fs.readFileSync(queriesPath, "utf8"));
const loaded = [];
const registry = new Map();

function load(name) {
  const text = fs.readFileSync(path.join(dir, name), "utf8");
  loaded.push([name, Buffer.byteLength(text)]);
  // One data object per file, as the page's script registry keeps them: queries sharing
  // a shard share its rows (which search.js decodes in place, once).
  if (!registry.has(name)) {
    let data;
    new Function("ClippingsSearch", text)({ register: (_, d) => { data = d; } });
    registry.set(name, data);
  }
  return Promise.resolve(registry.get(name));
}

(async () => {
  const searcher = search.createSearcher(lunr, load);
  const out = {};
  for (const q of queries) {
    loaded.length = 0;
    const sharded = await searcher.search(q, []);
    const docs = await searcher.documents(sharded.results.slice(0, 10).map((r) => r.ref));
    const fullResults = full.search(q);
    const fullTerms = new Set();
    fullResults.forEach((r) => Object.keys(r.matchData.metadata).forEach((t) => fullTerms.add(t)));
    out[q] = {
      full: fullResults.map((r) => [r.ref, r.score]),
      fullTerms: Array.from(fullTerms).sort(),
      sharded: sharded.results.map((r) => [r.ref, r.score]),
      terms: sharded.terms.sort(),
      files: loaded.map((f) => f[0]),
      bytes: loaded.reduce((n, f) => n + f[1], 0),
      termBytes: loaded.reduce((n, f) => n + (f[0].startsWith("t/") ? f[1] : 0), 0),
      urls: docs.map((d) => d.url),
    };
  }
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
