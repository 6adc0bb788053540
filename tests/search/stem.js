// Prints lunr.js's stem of every word in the JSON list given on stdin.
"use strict";
const lunr = require("lunr");
let input = "";
process.stdin.on("data", (d) => { input += d; });
process.stdin.on("end", () => {
  const words = JSON.parse(input);
  process.stdout.write(JSON.stringify(words.map((w) => lunr.stemmer(new lunr.Token(w)).toString())));
});
