// Runs docs/_static/error-lookup.js as the lookup page runs it, without a browser, and
// answers pasted errors with what the page would show.
//
//   node run_matcher.js <error-lookup.js> <index.json> <pastes.json>
//
// <index.json> is the data the build writes (_static/error-lookup.json) or one shaped like
// it; <pastes.json> is a list of pasted texts. Prints a JSON list: for each paste, the
// results the page shows (at most what it shows), best first, each as
// {"score", "urls": [...], "releases": [...]}, plus "total", the number of matches found,
// "shown", the page's cap, and "normalised", the paste in the guide's form.
"use strict";

const fs = require("fs");
const vm = require("vm");

const [script, index, pastes] = process.argv.slice(2);
const window = { P2P_ERROR_LOOKUP: JSON.parse(fs.readFileSync(index, "utf8")) };
// The page's script looks for its form only once the document is ready; there is none here.
const document = { readyState: "complete", getElementById: () => null };
vm.runInNewContext(fs.readFileSync(script, "utf8"), { window, document, URLSearchParams }, { filename: script });

const match = window.P2P_ERROR_LOOKUP_MATCH;
if (typeof match !== "function") {
  console.error(`${script} sets no window.P2P_ERROR_LOOKUP_MATCH`);
  process.exit(2);
}
const shown = window.P2P_ERROR_LOOKUP_SHOWN || 10; // the page's own cap (10 before it had one)
const normalise = window.P2P_ERROR_LOOKUP_NORMALISE || ((text) => text);
const answers = JSON.parse(fs.readFileSync(pastes, "utf8")).map((text) => {
  const results = match(text);
  return {
    normalised: normalise(text),
    shown,
    total: results.length,
    results: results.slice(0, shown).map((r) => ({
      score: Math.round(r.score * 1000) / 1000,
      urls: r.entries.map((e) => e.url),
      releases: r.entries.map((e) => e.release),
    })),
  };
});
process.stdout.write(JSON.stringify(answers, null, 1) + "\n");
