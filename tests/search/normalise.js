// clippings_normalise in lunr.js (theme/static/js/normalise.js) over a list of words, and
// the search pipeline lunr.js runs over them (normalise, then lunr's stemmer).
// Usage: node normalise.js WORDS_JSON → JSON on stdout: [[normalised, [terms…]]…].
"use strict";
const fs = require("fs");
const path = require("path");
const lunr = require("lunr");
const normalise = require(path.resolve(__dirname, "../../theme/static/js/normalise.js"));

normalise.register(lunr);
const pipeline = lunr.Pipeline.load([normalise.NAME, "stemmer"]);
const words = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
process.stdout.write(JSON.stringify(words.map((w) => [normalise.normaliseWord(w), pipeline.runString(w)])));
