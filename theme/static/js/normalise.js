/*
 * Clippings search: the `clippings_normalise` lunr pipeline function, the twin of
 * clippings/search/normalise.py (the build runs that one over the articles, this one runs
 * over the queries; both must give the same string for every word):
 * NFKD and lowercase, non-spacing marks dropped, NFC; ’ ‘ ʼ ＇ folded to ';
 * non-word characters (not \p{L}, \p{N} or _) trimmed from both ends; a possessive 's
 * after at least one character dropped, and the end trimmed again. Nothing left: no term.
 */
(function (root) {
  "use strict";

  var NAME = "clippings_normalise";
  var MARKS = /\p{Mn}/gu;
  var APOSTROPHES = /[\u2019\u2018\u02bc\uff07]/g;
  var EDGES = /^[^\p{L}\p{N}_]+|[^\p{L}\p{N}_]+$/gu;
  var POSSESSIVE = /(?<=.)'s$/su;
  var END = /[^\p{L}\p{N}_]+$/u;

  function normaliseWord(word) {
    return String(word).normalize("NFKD").toLowerCase().replace(MARKS, "")
      .normalize("NFC").replace(APOSTROPHES, "'")
      .replace(EDGES, "").replace(POSSESSIVE, "").replace(END, "");
  }

  /* Registers the pipeline function with `lunr` (once); returns it. */
  function register(lunr) {
    if (lunr.Pipeline.registeredFunctions[NAME]) return lunr.Pipeline.registeredFunctions[NAME];
    var fn = function (token) {
      var out = token.update(normaliseWord);
      return out.toString() ? out : undefined;
    };
    lunr.Pipeline.registerFunction(fn, NAME);
    return fn;
  }

  var api = { NAME: NAME, normaliseWord: normaliseWord, register: register };
  root.ClippingsNormalise = api;
  if (root.lunr) register(root.lunr);
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof window !== "undefined" ? window : globalThis);
