/*
 * Clippings search: lunr.Index#query's ranking, computed over loaded term shard rows.
 *
 * lunr.js (2.3.9) ranks by walking a lunr.Index: per matching document field it makes a
 * FieldRef string, a MatchData and a Vector, then sorts. For a common word (postings in
 * 10,000+ document fields) that, and building the lunr.Index from the shards first, took
 * about 100 ms of the way to the first result. This does the same arithmetic on flat
 * arrays instead:
 *
 * - the same clauses: lunr.js parses the query and runs its search pipeline; wildcard and
 *   fuzzy terms are expanded by lunr.TokenSet over the loaded terms, as lunr.Index does;
 * - the same presence rules: +required (every required clause matches, in any of its
 *   fields), -prohibited, and a query of only -terms ranking every document at 0;
 * - the same scores: per document field, the query field vector's dot product with the
 *   document's field vector (terms in ascending term index) over the query vector's
 *   magnitude; per document, the sum over its fields in the order lunr meets them;
 * - the same order: documents in the order lunr first scores them, then a stable sort by
 *   score, highest first.
 *
 * tests/search/test_shards.py checks refs, order and exact scores against one unsharded
 * lunr.Index queried by lunr.js itself, for fixed and for random queries.
 */
(function (root) {
  "use strict";

  /*
   * The ranked results of `query` (a parsed lunr.Query) over `rows` (a Map from term to its
   * shard row [term, termIndex, field postings…]; every term the query can match, in
   * JavaScript string order), with `pipeline` (the index's search pipeline) and `docs` the
   * number of documents. Returns {results: [{ref, score}], terms: [the terms matched]}.
   */
  function rank(lunr, fields, docs, rows, query, pipeline) {
    var F = fields.length;
    var fieldNumber = Object.create(null);
    fields.forEach(function (field, f) { fieldNumber[field] = f; });
    var REQUIRED = lunr.Query.presence.REQUIRED;
    var PROHIBITED = lunr.Query.presence.PROHIBITED;
    var tokenSet = null;  // built on the first wildcard or fuzzy term: most queries have none

    /* The index terms a clause's term stands for (lunr.Index#query's expandedTerms). */
    function expand(clause, term) {
      if (!("editDistance" in clause) && term.indexOf("*") < 0) {
        return rows.has(term) ? [term] : [];
      }
      tokenSet = tokenSet || lunr.TokenSet.fromArray(Array.from(rows.keys()));
      var probe = Object.assign({}, clause, { term: term });
      return tokenSet.intersect(lunr.TokenSet.fromClause(probe)).toArray();
    }

    var queryWeights = fields.map(function () { return new Map(); });  // termIndex → weight
    var walked = new Set();  // term index × field already walked (lunr's termFieldCache)
    var walks = [];  // [row, field] pairs walked, for the matched terms
    var seen = new Uint8Array(docs * F);
    var order = [];  // document × field, in the order lunr first meets each
    var required = null;  // per document: matched every +clause so far (null: no +clause)
    var prohibited = null;

    query.clauses.forEach(function (clause) {
      var terms = clause.usePipeline
        ? pipeline.runString(clause.term, { fields: clause.fields })
        : [clause.term];
      var clauseMatches = clause.presence === REQUIRED ? new Uint8Array(docs) : null;
      for (var m = 0; m < terms.length; m++) {
        var expanded = expand(clause, terms[m]);
        if (expanded.length === 0 && clause.presence === REQUIRED) {
          clauseMatches.fill(0);  // a +term the index does not hold: nothing can match
          break;
        }
        for (var e = 0; e < expanded.length; e++) {
          var row = rows.get(expanded[e]), termIndex = row[1];
          for (var k = 0; k < clause.fields.length; k++) {
            var f = fieldNumber[clause.fields[k]], postings = row[2 + f], j;
            if (clauseMatches) {
              for (j = 0; j < postings.length; j += 2) clauseMatches[postings[j]] = 1;
            }
            if (clause.presence === PROHIBITED) {
              prohibited = prohibited || new Uint8Array(docs);
              for (j = 0; j < postings.length; j += 2) prohibited[postings[j]] = 1;
              continue;
            }
            // lunr's Vector#upsert: the first boost as it is, later ones added to it.
            var weights = queryWeights[f], before = weights.get(termIndex);
            weights.set(termIndex, before === undefined ? clause.boost : before + clause.boost);
            var key = termIndex * F + f;
            if (walked.has(key)) continue;
            walked.add(key);
            walks.push(row, f);
            for (j = 0; j < postings.length; j += 2) {
              var pair = postings[j] * F + f;
              if (!seen[pair]) { seen[pair] = 1; order.push(pair); }
            }
          }
        }
      }
      if (clauseMatches) {
        if (required) for (var d = 0; d < docs; d++) required[d] &= clauseMatches[d];
        else required = clauseMatches;
      }
    });

    function kept(doc) {
      return !(required && !required[doc]) && !(prohibited && prohibited[doc]);
    }

    if (query.isNegated()) {
      // lunr scores every field of every document against empty query vectors: all 0.
      var all = [];
      for (var doc = 0; doc < docs; doc++) if (kept(doc)) all.push({ ref: String(doc), score: 0 });
      return { results: all, terms: [] };
    }

    // Dot products, each document field's terms added in ascending term index (as
    // lunr.Vector#dot walks them), and each query field vector's magnitude.
    var rowByIndex = new Map();
    for (var w = 0; w < walks.length; w += 2) rowByIndex.set(walks[w][1], walks[w]);
    var dots = new Float64Array(docs * F);
    var magnitudes = new Float64Array(F);
    queryWeights.forEach(function (weights, f) {
      var indexes = Array.from(weights.keys()).sort(function (a, b) { return a - b; });
      var sumOfSquares = 0;
      indexes.forEach(function (termIndex) {
        var q = weights.get(termIndex), postings = rowByIndex.get(termIndex)[2 + f];
        sumOfSquares += q * q;
        for (var j = 0; j < postings.length; j += 2) dots[postings[j] * F + f] += q * postings[j + 1];
      });
      magnitudes[f] = Math.sqrt(sumOfSquares);
    });

    var results = [];
    var position = new Int32Array(docs).fill(-1);
    for (var i = 0; i < order.length; i++) {
      var pair = order[i], doc = (pair / F) | 0, f = pair - doc * F;
      if (!kept(doc)) continue;
      var score = dots[pair] / magnitudes[f] || 0;
      var at = position[doc];
      if (at < 0) {
        position[doc] = results.length;
        results.push({ ref: String(doc), score: score });
      } else {
        results[at].score += score;
      }
    }
    results.sort(function (a, b) { return b.score - a.score; });

    // The terms found in a result (for highlighting), as lunr's matchData would name them.
    var terms = new Set();
    for (var t = 0; t < walks.length; t += 2) {
      var term = walks[t][0], postings = walks[t][2 + walks[t + 1]];
      if (terms.has(term)) continue;
      for (var j = 0; j < postings.length; j += 2) {
        if (kept(postings[j])) { terms.add(term); break; }
      }
    }
    return { results: results, terms: Array.from(terms) };
  }

  var api = { rank: rank };
  root.ClippingsRanking = api;
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof window !== "undefined" ? window : globalThis);
