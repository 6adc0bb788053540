/*
 * Clippings search: lunr.js over a prebuilt index that is cut into small files.
 *
 * Every index file is a script calling ClippingsSearch.register(name, data), so it
 * loads from file:// as well as over http (no fetch/XHR). A query loads the manifest,
 * the term shards holding its terms, and the document chunks of the results it shows.
 * lunr.js parses the query and runs its search pipeline; ranking.js ranks the loaded
 * postings exactly as a lunr.Index holding the whole index would (same scores, same
 * order: see clippings/search/shards.py for why the shards allow it).
 *
 * The core (createSearcher) runs in node for the tests; the page code runs in browsers.
 */
(function (root) {
  "use strict";

  // ranking.js: a script of its own before this one in the page; a module in node.
  var ranking = root.ClippingsRanking || require("./ranking.js");

  var registry = Object.create(null);
  var waiting = Object.create(null);

  function register(name, data) {
    registry[name] = data;
    (waiting[name] || []).forEach(function (resolve) { resolve(data); });
    delete waiting[name];
  }

  /* A loader returning a promise of the data the script `name` registers. */
  function scriptLoader(base) {
    return function (name) {
      if (name in registry) return Promise.resolve(registry[name]);
      return new Promise(function (resolve, reject) {
        var first = !(name in waiting);
        (waiting[name] = waiting[name] || []).push(resolve);
        if (!first) return;
        var script = document.createElement("script");
        script.src = base + name;
        script.async = true;
        script.onerror = function () { reject(new Error("could not load " + base + name)); };
        document.head.appendChild(script);
      });
    };
  }

  /* JavaScript string order, as the shards are sorted. */
  function shardFor(firsts, term) {
    var lo = 0, hi = firsts.length - 1, found = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (firsts[mid] <= term) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found;
  }

  /*
   * What a parsed query needs: `shards`, the indexes of the term shards it can match terms
   * in; `terms`, the only terms it can match (a Set), or null when it has wildcards or
   * edit distances (lunr expands those against every term loaded).
   */
  function shardsFor(manifest, query, pipeline) {
    var firsts = manifest.terms.map(function (t) { return t[0]; });
    var wanted = new Set();
    var exact = new Set();
    var all = false;
    query.clauses.forEach(function (clause) {
      var terms = clause.usePipeline
        ? pipeline.runString(clause.term, { fields: clause.fields })
        : [clause.term];
      terms.forEach(function (term) {
        var star = term.indexOf("*");
        if (clause.editDistance > 0 || star === 0) { all = true; exact = null; return; }
        if (star < 0) {
          wanted.add(shardFor(firsts, term));
          if (exact) exact.add(term);
          return;
        }
        exact = null;
        var prefix = term.slice(0, star);
        var last = shardFor(firsts, prefix + "\uffff");
        for (var i = shardFor(firsts, prefix); i <= last; i++) wanted.add(i);
      });
    });
    var shards = all
      ? firsts.map(function (_, i) { return i; })
      : Array.from(wanted).sort(function (a, b) { return a - b; });
    return { shards: shards, terms: exact };
  }

  var decoded = new WeakSet();

  /* A shard row's postings as the build writes them, per field [doc gap, weight × 1000, …],
     made [doc, weight, …] in place, once (k / 1000 is the double the decimal would parse
     to: see clippings/search/builder.py). */
  function decode(row) {
    if (decoded.has(row)) return row;
    for (var c = 2; c < row.length; c++) {
      var flat = row[c], doc = 0;
      for (var j = 0; j < flat.length; j += 2) {
        doc += flat[j];
        flat[j] = doc;
        flat[j + 1] /= 1000;
      }
    }
    decoded.add(row);
    return row;
  }

  /* The rows of the loaded shards, term → decoded row (only those in `only`, a Set, unless
     it is null), in the shards' order: JavaScript string order, as lunr.TokenSet wants. */
  function shardRows(shards, only) {
    var rows = new Map();
    shards.forEach(function (shard) {
      shard.forEach(function (row) {
        if (!only || only.has(row[0])) rows.set(row[0], decode(row));
      });
    });
    return rows;
  }

  /*
   * The search engine over the files `load(name)` brings.
   * search(text, filters) → {results: [{ref, score, matchData}], terms: [matched terms],
   *   bytes: names of files loaded}; documents(refs) → their display records.
   */
  function createSearcher(lunr, load) {
    var manifestPromise = null;
    function manifest() {
      manifestPromise = manifestPromise || load("manifest.js");
      return manifestPromise;
    }

    function fullQuery(text, filters) {
      var extra = (filters || []).filter(Boolean).map(function (token) {
        return "+facets:" + token;
      });
      return [String(text || "").trim()].concat(extra).join(" ").trim();
    }

    function search(text, filters) {
      return manifest().then(function (m) {
        var queryString = fullQuery(text, filters);
        if (!queryString) return { results: [], terms: [], files: [] };
        var query = new lunr.Query(m.fields);
        new lunr.QueryParser(queryString, query).parse(); // throws lunr.QueryParseError
        var pipeline = lunr.Pipeline.load(m.pipeline);
        var wanted = shardsFor(m, query, pipeline);
        var files = wanted.shards.map(function (i) { return "t/" + m.terms[i][1] + ".js"; });
        return Promise.all(files.map(load)).then(function (shards) {
          var rows = shardRows(shards, wanted.terms);
          var found = ranking.rank(lunr, m.fields, m.docs, rows, query, pipeline);
          return { results: found.results, terms: found.terms, files: files };
        });
      });
    }

    function documents(refs) {
      return manifest().then(function (m) {
        var chunkNumbers = Array.from(new Set(refs.map(function (ref) {
          return Math.floor(Number(ref) / m.chunkDocs);
        })));
        function chunkName(c) {  // (clippings.search.shards.chunk_names)
          return "d/" + m.chunks[Math.floor(c / m.chunkGroup)] + "-" + (c % m.chunkGroup) + ".js";
        }
        return Promise.all(chunkNumbers.map(function (c) { return load(chunkName(c)); }))
          .then(function (chunks) {
            var byChunk = {};
            chunkNumbers.forEach(function (c, i) { byChunk[c] = chunks[i]; });
            return refs.map(function (ref) {
              var n = Number(ref), row = byChunk[Math.floor(n / m.chunkDocs)][n % m.chunkDocs];
              return { ref: ref, url: row[0], title: row[1], date: row[2], outlet: row[3], snippet: row[4] };
            });
          });
      });
    }

    return { search: search, documents: documents, manifest: manifest, fullQuery: fullQuery };
  }

  var api = { register: register, createSearcher: createSearcher, scriptLoader: scriptLoader };
  root.ClippingsSearch = api;
  if (typeof module !== "undefined" && module.exports) module.exports = api;

  /* ---- The search page ---- */

  var PAGE_SIZE = 10;  // results per "page"; each appears as soon as its chunk has loaded

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  /* The index term of a word: trimmed, possessive dropped, stemmed (as the build does). */
  function indexTerm(lunr, word) {
    var trimmed = word.toLowerCase()
      .replace(/^[^\p{L}\p{N}_]+|[^\p{L}\p{N}_]+$/gu, "")
      .replace(/(?<=[\p{L}\p{N}_])['’]s$/u, "");
    return lunr.stemmer(new lunr.Token(trimmed)).toString();
  }

  /* `text` as nodes, words whose lunr term was matched wrapped in <mark>. */
  function highlighted(lunr, text, terms) {
    var out = [];
    String(text).split(/(\s+|[-–—])/).forEach(function (part) {
      var token = indexTerm(lunr, part);
      if (part.trim() && terms.has(token)) out.push(el("mark", {}, [part]));
      else out.push(part);
    });
    return out;
  }

  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];

  /* "5 March 2024", as the article pages print dates (the first Intl call in a page costs
     tens of milliseconds, on the way to the first result). */
  function formatDate(iso) {
    var d = new Date(iso + "T00:00:00Z");
    return isNaN(d) ? iso : d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear();
  }

  function startPage() {
    var rootEl = document.getElementById("search");
    if (!rootEl || typeof root.lunr === "undefined") return;
    var lunr = root.lunr;
    var base = rootEl.getAttribute("data-index");
    var siteRoot = rootEl.getAttribute("data-site");
    var status = document.getElementById("search-status");
    var list = document.getElementById("search-results");
    var more = document.getElementById("search-more");
    var params = new URLSearchParams(root.location.search);
    var form = document.getElementById("search-form");
    form.hidden = false;
    var text = params.get("q") || "";
    form.elements.q.value = text;
    var filters = [];
    ["outlet", "tag", "entity", "year"].forEach(function (kind) {
      var select = form.elements[kind];
      var value = params.get(kind) || "";
      if (select && value) { select.value = value; filters.push(value); }
    });
    if (!text && !filters.length) { status.textContent = "Type words to search the archive."; return; }

    var searcher = createSearcher(lunr, scriptLoader(base));
    var started = performance.now();
    status.textContent = "Searching…";
    searcher.search(text, filters).then(function (found) {
      var results = found.results, terms = new Set(found.terms), shown = 0;
      var seconds = ((performance.now() - started) / 1000).toFixed(2);
      if (!results.length) {
        status.textContent = "No article matches “" + searcher.fullQuery(text, filters) + "”.";
        return;
      }
      status.textContent = results.length + (results.length === 1 ? " article" : " articles") +
        " found (" + seconds + " s).";
      function item(doc) {
        var link = el("a", { href: siteRoot + doc.url }, highlighted(lunr, doc.title, terms));
        var meta = el("p", { "class": "result-meta" }, [
          doc.outlet ? doc.outlet + " · " : "",
          el("time", { datetime: doc.date }, [formatDate(doc.date)])
        ]);
        var snippet = el("p", { "class": "snippet" }, highlighted(lunr, doc.snippet, terms));
        return el("li", {}, [el("h2", {}, [link]), meta, snippet]);
      }
      /* The next results, each shown as soon as its chunk arrives, in rank order. The first
         one's chunk is asked for alone: ten requests at once keep it waiting behind the
         others (measured: 20–60 ms less to the first result on a local server). */
      function showMore() {
        var page = results.slice(shown, shown + PAGE_SIZE).map(function (r) { return r.ref; });
        var slots = new Array(page.length);
        more.disabled = true;
        list.setAttribute("aria-busy", "true");
        function show(i) {
          return searcher.documents([page[i]]).then(function (docs) {
            var li = slots[i] = item(docs[0]);
            var next = null;
            for (var j = i + 1; j < slots.length && !next; j++) next = slots[j] || null;
            list.insertBefore(li, next);
          });
        }
        return (page.length ? show(0) : Promise.resolve()).then(function () {
          return Promise.all(page.slice(1).map(function (_, i) { return show(i + 1); }));
        }).then(function () {
          shown += page.length;
          more.hidden = shown >= results.length;
          more.disabled = false;
          list.setAttribute("aria-busy", "false");
        });
      }
      more.onclick = showMore;
      return showMore();
    }).catch(function (error) {
      status.textContent = error && error.name === "QueryParseError"
        ? "The query could not be read: " + error.message
        : "Search failed: " + (error && error.message ? error.message : error);
    });
  }

  if (typeof document !== "undefined") {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", startPage);
    else startPage();
  }
})(typeof window !== "undefined" ? window : globalThis);
