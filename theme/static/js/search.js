/*
 * Clippings search: lunr.js over a prebuilt index that is cut into small files.
 *
 * Every index file is a script calling ClippingsSearch.register(name, data), so it
 * loads from file:// as well as over http (no fetch/XHR). A query loads the manifest,
 * the term shards holding its terms, and the document chunks of the results it shows.
 * The loaded postings become a real lunr.Index holding exactly the query's terms, so
 * lunr.js ranks exactly as it would with the whole index (see clippings/search/shards.py).
 *
 * The core (createSearcher) runs in node for the tests; the page code runs in browsers.
 */
(function (root) {
  "use strict";

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
  function shardsFor(lunr, manifest, query, pipeline) {
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

  /* A lunr.Vector of flat [index, value, …] pairs, ordered by index as lunr wants them. */
  function vector(lunr, flat) {
    if (flat.length > 2) {
      var pairs = [];
      for (var i = 0; i < flat.length; i += 2) pairs.push([flat[i], flat[i + 1]]);
      pairs.sort(function (a, b) { return a[0] - b[0]; });
      flat = [];
      pairs.forEach(function (p) { flat.push(p[0], p[1]); });
    }
    return new lunr.Vector(flat);
  }

  /* What a posting holds per document: nothing (the index keeps no metadata). lunr never
     writes to a posting's metadata when it has no keys, so one object serves them all. */
  var NO_METADATA = Object.freeze({});

  /*
   * A lunr.Index holding exactly the terms of the loaded shards (only those in `only`, a
   * Set, unless it is null): what lunr.Index.load makes of the serialised index, built
   * directly (common terms have tens of thousands of postings, so this is on the way to
   * every result: plain loops, few objects). Terms the query cannot match change no score:
   * a score is a product with the query's vector, which holds only the query's terms.
   */
  function partialIndex(lunr, manifest, shards, negated, only) {
    var fields = manifest.fields;
    var invertedIndex = Object.create(null);
    var terms = [];
    // Per field, per document (a sparse array): the flat [termIndex, weight, …] of its vector.
    var elements = fields.map(function () { return []; });
    for (var s = 0; s < shards.length; s++) {
      for (var r = 0; r < shards[s].length; r++) {
        var row = shards[s][r];
        if (only && !only.has(row[0])) continue;
        var termIndex = row[1], posting = { _index: termIndex };
        for (var f = 0; f < fields.length; f++) {
          var flat = row[2 + f], docs = {}, byDoc = elements[f];
          for (var j = 0; j < flat.length; j += 2) {
            var doc = flat[j], pairs = byDoc[doc];
            docs[doc] = NO_METADATA;
            if (pairs === undefined) byDoc[doc] = [termIndex, flat[j + 1]];
            else pairs.push(termIndex, flat[j + 1]);
          }
          posting[fields[f]] = docs;
        }
        invertedIndex[row[0]] = posting;
        terms.push(row[0]);
      }
    }
    var fieldVectors = Object.create(null);
    if (negated) {
      // A query of only -terms ranks every document: lunr walks all field vectors.
      for (var d = 0; d < manifest.docs; d++) {
        for (var g = 0; g < fields.length; g++) {
          fieldVectors[fields[g] + "/" + d] = vector(lunr, elements[g][d] || []);
        }
      }
    } else {
      fields.forEach(function (field, f) {
        elements[f].forEach(function (pairs, doc) {  // (forEach skips the documents without)
          fieldVectors[field + "/" + doc] = vector(lunr, pairs);
        });
      });
    }
    return new lunr.Index({
      invertedIndex: invertedIndex,
      fieldVectors: fieldVectors,
      tokenSet: lunr.TokenSet.fromArray(terms),  // (shards hold terms in lunr's order)
      fields: fields,
      pipeline: lunr.Pipeline.load(manifest.pipeline)
    });
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
        var wanted = shardsFor(lunr, m, query, pipeline);
        var files = wanted.shards.map(function (i) { return "t/" + m.terms[i][1] + ".js"; });
        return Promise.all(files.map(load)).then(function (shards) {
          var index = partialIndex(lunr, m, shards, query.isNegated(), wanted.terms);
          var results = index.search(queryString);
          // The terms matched, for highlighting: done once every term indexed is found.
          var indexed = Object.keys(index.invertedIndex).length;
          var terms = new Set();
          for (var i = 0; i < results.length && terms.size < indexed; i++) {
            for (var term in results[i].matchData.metadata) terms.add(term);
          }
          return { results: results, terms: Array.from(terms), files: files };
        });
      });
    }

    function documents(refs) {
      return manifest().then(function (m) {
        var chunkNumbers = Array.from(new Set(refs.map(function (ref) {
          return Math.floor(Number(ref) / m.chunkDocs);
        })));
        return Promise.all(chunkNumbers.map(function (c) { return load("d/" + m.chunks[c] + ".js"); }))
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
