// Runs searches with filters, phrases, sorting and dates through the shipped search.js,
// with the real lunr.js from node_modules, over a search folder.
// Usage: node features.js SEARCH_DIR CASES_JSON → JSON on stdout: per case
// {results: [[ref, score]…], terms, months, files}. A case is [text, filters, options].
"use strict";
const fs = require("fs");
const path = require("path");
const lunr = require("lunr");
const search = require(path.resolve(__dirname, "../../theme/static/js/search.js"));

const [dir, casesPath] = process.argv.slice(2);
const cases = JSON.parse(fs.readFileSync(casesPath, "utf8"));

function load(name) {
  const text = fs.readFileSync(path.join(dir, name), "utf8");
  let data;
  new Function("ClippingsSearch", text)({ register: (_, d) => { data = d; } });
  return Promise.resolve(data);
}

(async () => {
  const out = [];
  for (const [text, filters, options] of cases) {
    const searcher = search.createSearcher(lunr, load);
    try {
      const found = await searcher.search(text, filters, options);
      out.push({
        results: found.results.map((r) => [r.ref, r.score]),
        terms: found.terms.slice().sort(),
        months: found.months,
        files: found.files,
      });
    } catch (e) {
      out.push({ error: String(e && e.name) + ": " + String(e && e.message) });
    }
  }
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
