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
  var normaliser = root.ClippingsNormalise || require("./normalise.js");

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

  /* ---- Phrases, positions, filters, dates ---- */

  /* Position digits (clippings/search/builder.py POSITION_DIGITS): 46 that end a number,
     45 that continue it. */
  var DIGITS = "!#$%&'()*+-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~";
  var DIGIT_VALUE = new Int16Array(128).fill(-1);
  for (var dv = 0; dv < DIGITS.length; dv++) DIGIT_VALUE[DIGITS.charCodeAt(dv)] = dv;

  /* One document's positions of a term, from its run of position digits. */
  function decodePositions(text) {
    var out = [], high = 0, last = -1;
    for (var i = 0; i < text.length; i++) {
      var v = DIGIT_VALUE[text.charCodeAt(i)];
      if (v >= 46) { high = high * 45 + (v - 46); continue; }
      var n = high * 46 + v;
      high = 0;
      last = last < 0 ? n : last + n + 1;
      out.push(last);
    }
    return out;
  }

  /*
   * `text` without its quoted phrases, and the phrases: [{negated, words}] (a `-` before
   * the opening quote negates one; `+` is allowed and changes nothing: a phrase is always
   * required). An unclosed quote runs to the end of the text.
   */
  function splitPhrases(text) {
    var phrases = [];
    var rest = String(text || "").replace(/(^|\s)([+-]?)["“”„]([^"“”„]*)(?:["“”„]|$)/g,
      function (_, before, sign, inner) {
        var words = inner.toLowerCase().split(/[\s\-]+/).filter(Boolean);
        if (words.length) phrases.push({ negated: sign === "-", words: words });
        return before + " ";
      });
    return { rest: rest.trim(), phrases: phrases };
  }

  /* [first month number (year × 12 + month − 1), first document of each month…, docs]. */
  function monthStarts(months, docs) {
    if (!months || !months.length) return { first: 0, starts: [0] };
    var first = Number(months[0].slice(0, 4)) * 12 + Number(months[0].slice(5, 7)) - 1;
    var starts = [0], at = 0;
    months[1].forEach(function (n) {
      if (n < 0) { for (var k = 0; k < -n; k++) starts.push(at); return; }
      at += n;
      starts.push(at);
    });
    starts[starts.length - 1] = docs;
    return { first: first, starts: starts };
  }

  function monthNumber(value) {
    var m = /^(\d{4})-(\d{2})$/.exec(String(value || ""));
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) return null;
    return Number(m[1]) * 12 + Number(m[2]) - 1;
  }

  function monthName(number) {
    return String(Math.floor(number / 12)).padStart(4, "0") + "-" + String(number % 12 + 1).padStart(2, "0");
  }

  /*
   * The search engine over the files `load(name)` brings.
   * search(text, filters, options) → {results: [{ref, score}], terms: [matched terms],
   *   files: names of files loaded, months: [first, last] month ("YYYY-MM") of the
   *   results}; options: {sort: "relevance"|"newest"|"oldest", from, to: "YYYY-MM"}.
   * documents(refs) → their display records.
   */
  function createSearcher(lunr, load) {
    normaliser.register(lunr);
    var manifestPromise = null;
    function manifest() {
      manifestPromise = manifestPromise || load("manifest.js");
      return manifestPromise;
    }

    /* The query as a reader would read it back (for "No article matches …"). */
    function fullQuery(text, filters) {
      var extra = (filters || []).filter(Boolean).map(function (token) {
        return "+facets:" + token;
      });
      return [String(text || "").trim()].concat(extra).join(" ").trim();
    }

    /* A phrase's slots: per word its index term, or null for a word the index does not
       hold (a stop word, bare punctuation), which any one word matches. */
    function phraseSlots(phrase, pipeline) {
      var slots = phrase.words.map(function (word) {
        var normal = normaliser.normaliseWord(word);
        if (!normal || !lunr.stopWordFilter(new lunr.Token(normal))) return null;
        var terms = pipeline.runString(word);
        return terms.length ? terms[0] : null;
      });
      // Such words at either end constrain nothing that can be checked: left out.
      while (slots.length && slots[0] === null) slots.shift();
      while (slots.length && slots[slots.length - 1] === null) slots.pop();
      return slots;
    }

    /* term → loaded row and where it is: {row, shard (index), at (row in shard)}. */
    function locate(m, shards, names, term) {
      var firsts = m.terms.map(function (t) { return t[0]; });
      var i = shardFor(firsts, term), shard = shards[names.indexOf("t/" + m.terms[i][1] + ".js")];
      if (!shard) return null;
      for (var j = 0; j < shard.length; j++) if (shard[j][0] === term) return { row: decode(shard[j]), shard: i, at: j };
      return null;
    }

    function search(text, filters, options) {
      options = options || {};
      return manifest().then(function (m) {
        var pipeline = lunr.Pipeline.load(m.pipeline);
        var parts = splitPhrases(text);
        var query = new lunr.Query(m.fields);
        if (parts.rest) new lunr.QueryParser(parts.rest, query).parse(); // throws lunr.QueryParseError
        var phrases = parts.phrases.map(function (p) {
          return { negated: p.negated, words: p.words, slots: phraseSlots(p, pipeline) };
        }).filter(function (p) {
          return p.slots.some(function (t) { return t !== null; });
        });
        var REQUIRED = lunr.Query.presence.REQUIRED;
        phrases.forEach(function (p) {
          if (p.negated) return;
          p.slots.forEach(function (term) {
            // Stemmed already: the clause bypasses the pipeline (and lunr's syntax).
            if (term !== null) query.clause({ term: term, presence: REQUIRED, usePipeline: false });
          });
        });
        filters = (filters || []).filter(Boolean);
        var facetsField = m.fields.indexOf("facets");
        var filterTerms = filters.map(function (token) {
          var terms = pipeline.runString(String(token), { fields: ["facets"] });
          return terms.length ? terms[0] : "\u0000none";
        });
        var words = query.clauses.length > 0;
        if (!words && filters.length) {
          // No words: list every document the filters select (lunr scores them alike).
          filterTerms.forEach(function (term) {
            query.clause({ term: term, fields: ["facets"], presence: REQUIRED, usePipeline: false });
          });
        }
        var from = monthNumber(options.from), to = monthNumber(options.to);
        if (from !== null && to !== null && from > to) { var swap = from; from = to; to = swap; }
        var dated = from !== null || to !== null;
        if (!query.clauses.length && !dated && !phrases.length) {
          return { results: [], terms: [], files: [], months: null };
        }

        var extra = filterTerms.slice();
        phrases.forEach(function (p) { p.slots.forEach(function (t) { if (t !== null) extra.push(t); }); });
        var wanted = shardsFor(m, query, pipeline);
        var firsts = m.terms.map(function (t) { return t[0]; });
        var shardSet = new Set(wanted.shards);
        extra.forEach(function (term) {
          shardSet.add(shardFor(firsts, term));
          if (wanted.terms) wanted.terms.add(term);
        });
        var shardNumbers = Array.from(shardSet).sort(function (a, b) { return a - b; });
        // The positions phrases will need, asked for now, with the term shards: one round
        // trip less before the first result (phraseFilter picks them up).
        phrases.forEach(function (p) {
          if (!p.negated && p.slots.filter(function (t) { return t !== null; }).length < 2) return;
          p.slots.forEach(function (t) {
            if (t !== null) load("p/" + m.terms[shardFor(firsts, t)][1] + ".js").catch(function () {});
          });
        });
        var files = shardNumbers.map(function (i) { return "t/" + m.terms[i][1] + ".js"; });
        return Promise.all(files.map(load)).then(function (shards) {
          var rows = shardRows(shards, wanted.terms);
          var found;
          if (query.clauses.length) {
            found = ranking.rank(lunr, m.fields, m.docs, rows, query, pipeline);
          } else {  // a date range or a -"phrase" alone: every document, then narrowed
            found = { results: [], terms: [] };
            for (var d = 0; d < m.docs; d++) found.results.push({ ref: String(d), score: 0 });
          }
          var results = found.results;

          // Filters narrow what the words found: a document must hold every facet token.
          if (words && filters.length) {
            var hits = new Uint8Array(m.docs);
            filterTerms.forEach(function (term, n) {
              var row = rows.get(term), postings = row ? row[2 + facetsField] : [];
              for (var j = 0; j < postings.length; j += 2) if (hits[postings[j]] === n) hits[postings[j]] = n + 1;
            });
            results = results.filter(function (r) { return hits[Number(r.ref)] === filterTerms.length; });
          }

          // Dates: documents are numbered by date, so a month range is a number range.
          var months = monthStarts(m.months, m.docs);
          if (dated) {
            var last = months.first + months.starts.length - 2;
            var lo = from === null ? 0 : months.starts[Math.min(Math.max(from - months.first, 0), months.starts.length - 1)];
            var hi = to === null ? m.docs : months.starts[Math.min(Math.max(to - months.first + 1, 0), months.starts.length - 1)];
            if (from !== null && from > last) lo = m.docs;
            results = results.filter(function (r) { var n = Number(r.ref); return n >= lo && n < hi; });
          }

          return phraseFilter(m, shards, files, phrases, results).then(function (out) {
            results = out.results;
            var sort = options.sort || (words ? "relevance" : "newest");
            if (sort === "newest" || sort === "oldest") {
              var sign = sort === "newest" ? -1 : 1;
              results = results.slice().sort(function (a, b) { return sign * (Number(a.ref) - Number(b.ref)); });
            }
            var span = null;
            if (results.length) {
              var min = Infinity, max = -Infinity;
              results.forEach(function (r) { var n = Number(r.ref); if (n < min) min = n; if (n > max) max = n; });
              span = [monthName(monthOf(months, min)), monthName(monthOf(months, max))];
            }
            return { results: results, terms: found.terms, files: files.concat(out.files), months: span };
          });
        });
      });
    }

    /* The month number of document `n`. */
    function monthOf(months, n) {
      var lo = 0, hi = months.starts.length - 2;
      while (lo < hi) {  // the last month whose first document is ≤ n
        var mid = (lo + hi + 1) >> 1;
        if (months.starts[mid] <= n) lo = mid; else hi = mid - 1;
      }
      return months.first + lo;
    }

    /* `results` kept if they hold every phrase (words adjacent, in order) and no negated
       one; positions are loaded only for the phrases' terms. */
    function phraseFilter(m, shards, files, phrases, results) {
      var checked = phrases.filter(function (p) {
        return p.negated || p.slots.filter(function (t) { return t !== null; }).length > 1;
      });
      if (!checked.length) return Promise.resolve({ results: results, files: [] });
      var located = new Map();
      checked.forEach(function (p) {
        p.slots.forEach(function (term) {
          if (term !== null && !located.has(term)) located.set(term, locate(m, shards, files, term));
        });
      });
      var positionFiles = Array.from(new Set(Array.from(located.values()).filter(Boolean).map(function (l) {
        return "p/" + m.terms[l.shard][1] + ".js";
      })));
      return Promise.all(positionFiles.map(load)).then(function (loaded) {
        var byFile = {};
        positionFiles.forEach(function (name, i) { byFile[name] = loaded[i]; });
        var positioned = m.fields.map(function (f) { return (m.unpositioned || []).indexOf(f) < 0; });
        var cache = new Map();
        /* term → {index: Map doc → run number, runs: [position digit runs]} */
        function positionsOf(term) {
          if (cache.has(term)) return cache.get(term);
          var l = located.get(term), entry = null;
          if (l) {
            var docs = new Set();
            for (var c = 2; c < l.row.length; c++) {
              if (!positioned[c - 2]) continue;
              for (var j = 0; j < l.row[c].length; j += 2) docs.add(l.row[c][j]);
            }
            var index = new Map();
            Array.from(docs).sort(function (a, b) { return a - b; }).forEach(function (d, i) { index.set(d, i); });
            entry = { index: index, runs: byFile["p/" + m.terms[l.shard][1] + ".js"][l.at].split(",") };
          }
          cache.set(term, entry);
          return entry;
        }
        function holds(doc, p) {
          var lists = [];
          for (var k = 0; k < p.slots.length; k++) {
            if (p.slots[k] === null) continue;
            var entry = positionsOf(p.slots[k]);
            var run = entry && entry.index.get(doc);
            if (run === undefined || run === null) return false;
            lists.push({ offset: k, positions: decodePositions(entry.runs[run]) });
          }
          lists.sort(function (a, b) { return a.positions.length - b.positions.length; });
          var anchor = lists[0], others = lists.slice(1).map(function (l) {
            return { offset: l.offset, set: new Set(l.positions) };
          });
          return anchor.positions.some(function (p0) {
            var start = p0 - anchor.offset;
            return others.every(function (o) { return o.set.has(start + o.offset); });
          });
        }
        var kept = results.filter(function (r) {
          var doc = Number(r.ref);
          return checked.every(function (p) { return holds(doc, p) !== p.negated; });
        });
        return { results: kept, files: positionFiles };
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

    /* A document's text (its body, cut at the build's TEXT_CHARS), for result passages. */
    function text(ref) {
      return manifest().then(function (m) {
        var n = Number(ref), perGroup = m.chunkDocs * m.chunkGroup;
        // (clippings.search.shards.text_names)
        return load("x/" + m.chunks[Math.floor(n / perGroup)] + "-" + (n % perGroup) + ".js");
      });
    }

    return { search: search, documents: documents, text: text, manifest: manifest, fullQuery: fullQuery };
  }

  var api = {
    register: register, createSearcher: createSearcher, scriptLoader: scriptLoader,
    splitPhrases: splitPhrases, decodePositions: decodePositions, bestPassage: bestPassage
  };
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

  /* The index term of a word: normalised and stemmed, as the build makes it. */
  function indexTerm(lunr, word) {
    return lunr.stemmer(new lunr.Token(normaliser.normaliseWord(word))).toString();
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

  var PASSAGE_WORDS = 36;  // about the length of a build-time snippet (240 characters)

  /*
   * The passage of `text` with the most distinct matched terms (then the most matches),
   * from a few words before its first match, split as `highlighted` splits words:
   * {text, start, end} (start/end: whether text was left out before/after), or null if
   * no word of it matches.
   */
  function bestPassage(lunr, text, terms) {
    var parts = String(text).split(/(\s+|[-–—])/);  // words at even indexes
    var hits = [], termOf = {};
    for (var i = 0; i < parts.length; i += 2) {
      var term = parts[i] && indexTerm(lunr, parts[i]);
      if (term && terms.has(term)) { hits.push(i); termOf[i] = term; }
    }
    if (!hits.length) return null;
    var span = 2 * PASSAGE_WORDS, lead = 12, best = null;
    hits.forEach(function (first, h) {
      var distinct = new Set(), count = 0;
      for (var k = h; k < hits.length && hits[k] < first + span - lead; k++) {
        distinct.add(termOf[hits[k]]);
        count++;
      }
      if (!best || distinct.size > best.distinct || (distinct.size === best.distinct && count > best.count)) {
        best = { first: first, distinct: distinct.size, count: count };
      }
    });
    var start = Math.max(0, best.first - lead), end = Math.min(parts.length, start + span);
    return { text: parts.slice(start, end).join("").trim(), start: start > 0, end: end < parts.length };
  }

  /* The snippet of a result made the passage of its text that matched, when there is one
     and the opening (the build-time snippet) shows none of the matched words. */
  function showPassage(lunr, searcher, ref, snippet, terms) {
    // The opening shows a matched word already: no text to load (bytes saved).
    if (!terms.size || snippet.querySelector("mark")) return Promise.resolve();
    return searcher.text(ref).then(function (body) {
      var passage = bestPassage(lunr, body, terms);
      if (!passage) return;  // matched in the title or other fields only: the opening stays
      var text = (passage.start ? "… " : "") + passage.text + (passage.end ? " …" : "");
      while (snippet.firstChild) snippet.removeChild(snippet.firstChild);
      highlighted(lunr, text, terms).forEach(function (node) {
        snippet.appendChild(typeof node === "string" ? document.createTextNode(node) : node);
      });
    }, function () { /* no text file: the opening stays */ });
  }

  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];

  /* "5 March 2024", as the article pages print dates (the first Intl call in a page costs
     tens of milliseconds, on the way to the first result). */
  function formatDate(iso) {
    var d = new Date(iso + "T00:00:00Z");
    return isNaN(d) ? iso : d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear();
  }

  /* "March 2024" from "2024-03". */
  function formatMonth(month) {
    return MONTHS[Number(month.slice(5, 7)) - 1] + " " + Number(month.slice(0, 4));
  }

  var FILTERS = ["outlet", "tag", "entity", "year"];
  var SORTS = ["relevance", "newest", "oldest"];

  /* What the URL asks for: {text, filters, sort, from, to}. */
  function readParams(search) {
    var params = new URLSearchParams(search);
    var sort = params.get("sort") || "";
    var month = function (name) {
      var v = (params.get(name) || "").trim();
      return /^\d{4}-\d{2}$/.test(v) ? v : "";
    };
    return {
      text: params.get("q") || "",
      filters: FILTERS.map(function (kind) { return [kind, params.get(kind) || ""]; }),
      sort: SORTS.indexOf(sort) >= 0 ? sort : "",
      from: month("from"),
      to: month("to")
    };
  }

  /* The form (and the header's box) set to what `asked` asks; returns the filters set. */
  function syncForm(form, asked) {
    form.elements.q.value = asked.text;
    // The header's box says what was searched for too (one query on the page, not two).
    var header = document.getElementById("site-search-q");
    if (header) header.value = asked.text;
    var filters = [];
    asked.filters.forEach(function (pair) {
      var select = form.elements[pair[0]];
      if (!select) return;
      select.value = pair[1];
      if (select.value !== pair[1]) select.value = "";  // a value the form does not offer
      if (pair[1]) filters.push(pair[1]);
    });
    if (form.elements.sort) form.elements.sort.value = asked.sort || "relevance";
    if (form.elements.from) form.elements.from.value = asked.from;
    if (form.elements.to) form.elements.to.value = asked.to;
    return filters;
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
    var asked = readParams(root.location.search);
    var form = document.getElementById("search-form");
    form.hidden = false;
    var text = asked.text;
    var filters = syncForm(form, asked);
    // Back to this page from the browser's page cache: the form as the reader left it
    // (changed, perhaps, then submitted) must again say what the URL and results say.
    root.addEventListener("pageshow", function (event) {
      if (event.persisted) syncForm(form, readParams(root.location.search));
    });
    var dated = asked.from || asked.to;
    if (!text.trim() && !filters.length && !dated) {
      status.textContent = "Type words to search the archive.";
      return;
    }
    // The history entry and the tab name the search.
    var described = [text.trim() ? "“" + text.trim() + "”" : ""].concat(filters.map(function (f) {
      var select = form.querySelector("select option[value='" + CSS.escape(f) + "']");
      return select ? select.textContent.replace(/\s*\(\d+\)$/, "") : f;
    })).filter(Boolean);
    if (dated) described.push((asked.from || "…") + " to " + (asked.to || "…"));
    document.title = described.join(", ") + " — " + document.title;

    var searcher = createSearcher(lunr, scriptLoader(base));
    var started = performance.now();
    status.textContent = "Searching…";
    var options = { sort: asked.sort, from: asked.from, to: asked.to };
    searcher.search(text, filters, options).then(function (found) {
      var results = found.results, terms = new Set(found.terms), shown = 0;
      var seconds = ((performance.now() - started) / 1000).toFixed(2);
      if (!results.length) {
        status.textContent = "No article matches “" + searcher.fullQuery(text, filters) + "”" +
          (dated ? " from " + (asked.from || "the start") + " to " + (asked.to || "now") : "") + ".";
        return;
      }
      var span = found.months[0] === found.months[1]
        ? formatMonth(found.months[0])
        : formatMonth(found.months[0]) + " – " + formatMonth(found.months[1]);
      status.textContent = results.length + (results.length === 1 ? " article" : " articles") +
        " found, " + span + " (" + seconds + " s).";
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
      function showMore(event) {
        var page = results.slice(shown, shown + PAGE_SIZE).map(function (r) { return r.ref; });
        var slots = new Array(page.length);
        more.disabled = true;
        list.setAttribute("aria-busy", "true");
        function show(i) {
          return searcher.documents([page[i]]).then(function (docs) {
            var li = slots[i] = item(docs[0]);
            showPassage(lunr, searcher, page[i], li.querySelector(".snippet"), terms);
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
          // "More results" pressed: the reader goes on at the first new result, not at
          // the top of the page (where focus falls when the button is hidden).
          if (event && slots[0]) slots[0].querySelector("a").focus();
        });
      }
      more.onclick = showMore;
      return showMore(null);
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
