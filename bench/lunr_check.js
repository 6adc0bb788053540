// Our sharded search index (through the shipped search.js) against one unsharded lunr
// index, both queried by the real lunr.js from node_modules (adapted from
// tests/search/roundtrip.js).
// Usage: node lunr_check.js SEARCH_DIR FULL_INDEX_JSON QUERIES_JSON  → JSON on stdout:
// {query: {full: [[ref, score]…], sharded: [[ref, score]…], urls: [top 10], bytes: n}}.
"use strict";
const fs = require("fs");
const path = require("path");
const lunr = require("lunr");
const search = require(path.resolve(__dirname, "../theme/static/js/search.js"));
// The index names clippings_normalise in its search pipeline: lunr.js must know it.
require(path.resolve(__dirname, "../theme/static/js/normalise.js")).register(lunr);

const [dir, fullPath, queriesPath] = process.argv.slice(2);
const full = lunr.Index.load(JSON.parse(fs.readFileSync(fullPath, "utf8")));
const queries = JSON.parse(fs.readFileSync(queriesPath, "utf8"));
let bytes = 0;

function load(name) {
  const text = fs.readFileSync(path.join(dir, name), "utf8");
  bytes += Buffer.byteLength(text);
  let data;
  new Function("ClippingsSearch", text)({ register: (_, d) => { data = d; } });
  return Promise.resolve(data);
}

(async () => {
  const out = {};
  for (const q of queries) {
    bytes = 0;
    const searcher = search.createSearcher(lunr, load); // fresh: the manifest counts too
    const sharded = await searcher.search(q, []);
    const docs = await searcher.documents(sharded.results.slice(0, 10).map((r) => r.ref));
    out[q] = {
      full: full.search(q).map((r) => [r.ref, r.score]),
      sharded: sharded.results.map((r) => [r.ref, r.score]),
      urls: docs.map((d) => d.url),
      bytes: bytes,
    };
  }
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
