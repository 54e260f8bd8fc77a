/* The error lookup: match a pasted error against every failing command of the guide's
 * verified transcripts (window.P2P_ERROR_LOOKUP, written at build time by
 * docs/_ext/error_lookup.py, which documents the data and the rules).
 *
 * Words are split exactly as the build splits them. Only stable words count; the reader's
 * own names, paths, versions and options (variable words) never stop a match, and count
 * as a small bonus when they are ours, so that our own example ranks its entry first.
 *
 * Before matching, a paste is brought to the guide's form (normalise): terminal colour codes
 * go, also when the terminal or log viewer dropped their escape character ("[31m"); Windows
 * paths use "/", and a home folder (/home/dana, /Users/dana, C:\Users\dana) reads "~", as
 * the guide's transcripts print it. A message that the reader's terminal or issue form
 * wrapped onto two or three lines still matches its one line, and a word matches whether a
 * count made it plural ("1 install", "3 installs"). A shell's prefix in our transcript
 * ("bash: line 1:") is the reader's shell's, not the message (the build marks it variable).
 * Each pasted line counts for at most one line of an entry. The page shows the best few
 * results (SHOWN), ranked.
 *
 * tests/test_error_lookup_matcher.py runs this file in Node (tests/lookup/run_matcher.js)
 * without a browser: it reads only window.P2P_ERROR_LOOKUP and, once the document is ready,
 * the lookup page's form.
 */
(function () {
  "use strict";

  const data = window.P2P_ERROR_LOOKUP;
  if (!data) return;
  const STOP = new Set(data.stopwords);
  const STRIP = new Set(data.strip.split(""));
  const QUOTES = "\"'`";

  function words(line) {
    const found = [];
    for (const raw of line.split(/\s+/)) {
      if (!raw) continue;
      let start = 0;
      let end = raw.length;
      while (start < end && STRIP.has(raw[start])) start++;
      while (end > start && STRIP.has(raw[end - 1])) end--;
      const word = raw.slice(start, end).toLowerCase();
      if (word) found.push(word);
    }
    return found;
  }

  // Longest common subsequence of two word lists: stable words found in order.
  function lcs(a, b) {
    if (!a.length || !b.length) return 0;
    let prev = new Array(b.length + 1).fill(0);
    for (let i = 1; i <= a.length; i++) {
      const row = new Array(b.length + 1).fill(0);
      for (let j = 1; j <= b.length; j++) {
        row[j] = a[i - 1] === b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], row[j - 1]);
      }
      prev = row;
    }
    return prev[b.length];
  }

  // -- A paste in the guide's form ---------------------------------------------------------
  const ESCAPES = [
    /\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g, // OSC, such as a terminal's hyperlinks
    /\x1b\[[0-9;?]*[ -\/]*[@-~]/g, // CSI: colours (ESC [ 31;1 m), cursor moves, erase line
    /\x1b[()][0-9A-Za-z]/g, // character set (tput sgr0 prints ESC ( B)
    /\x1b[@-_]/g, // any other two-character escape
    // Colour codes whose escape character a log viewer or a copy dropped: "[31;1m", "^[[0m".
    /(?:\^\[|\u241b)?\[(?:\d{1,3}(?:;\d{1,3})*)?m/g,
  ];

  function normalise(text) {
    for (const pattern of ESCAPES) text = text.replace(pattern, "");
    text = text.replace(/\r\n?/g, "\n");
    // Typographic quotes that a chat, a mail or an issue form put in place of the program's.
    text = text.replace(/[\u201c\u201d\u201e\u00ab\u00bb]/g, '"').replace(/[\u2018\u2019\u201a]/g, "'");
    // Windows paths, also as Python prints them ("C:\\Users\\dana"): a home folder is "~",
    // and the folders are joined by "/" as in the guide. A user folder may hold a space.
    text = text.replace(/\b[A-Za-z]:(?:\\{1,2}|\/)Users(?:\\{1,2}|\/)(?:[^\\/\n"']+?(?=\\|\/)|[^\\/\s"']+)/gi, "~");
    text = text.replace(/(?:\b[A-Za-z]:)?(?:[\w.~-]*\\{1,2})+[\w.-]*/g, (path) =>
      path.includes("\\") ? path.replace(/^[A-Za-z]:/, "").replace(/\\{1,2}/g, "/") : path);
    // Unix home folders: Linux, macOS, root's, and a container's.
    text = text.replace(/(^|[\s"'(=:])(?:\/home\/[^\/\s"']+|\/Users\/[^\/\s"']+|\/root)(?=[\/\s"':),]|$)/gm, "$1~");
    return text;
  }

  // A shell's own prefix ("bash: line 1:", "zsh:", "/bin/sh: 1:") names the reader's shell,
  // not the error: "zsh: command not found: poetry" is the same message as bash's. The build
  // marks it in our transcripts (kind "shell"); here it tells whether the paste has one.
  const SHELL_PREFIX = /^\s*-?(?:\S*\/)?(?:ba|z|k|da|fi|tc|c)?sh:(?:\s+line)?(?:\s+\d+:)?\s/;

  // The frame around a message, the same in every Python traceback and pytest run: it adds to
  // a match, but on its own it finds nothing (a reader's unrelated traceback is not ours).
  const SCAFFOLD = [
    /^\s*Traceback \(most recent call last\):\s*$/,
    /^\s*File "[^"]*", line \d+/,
    /^\s*=+ [^=]+ =+\s*$/,
  ];
  const scaffold = new Set();

  const lineKey = (line) => line.map(([w, kind]) => (kind ? "{" + kind + "}" : w)).join(" ");
  // One word whether a count made it plural: "1 install, 0 updates" and "3 installs, 1 update".
  const singular = (w) => (w.length > 3 && /[a-z]s$/.test(w) && !w.endsWith("ss") ? w.slice(0, -1) : w);

  // A line's message, whatever variable words surround it (a BuildKit prefix "#9 3.715").
  const stableKey = (line) => line.filter(([, kind]) => !kind).map(([w]) => singular(w)).join(" ");

  // Entries whose output reads the same once variable words are set aside form one group:
  // one result, with a link to every place that explains it.
  const groups = new Map();
  for (const entry of data.entries) {
    entry.lines.forEach((line, i) => {
      if (SCAFFOLD.some((re) => re.test(entry.output[entry.line_index[i]] || ""))) scaffold.add(lineKey(line));
    });
    const key = entry.lines.map(lineKey).join("\n");
    if (!groups.has(key)) groups.set(key, { lines: entry.lines, entries: [] });
    groups.get(key).entries.push(entry);
  }
  // How many errors share a line: a line that many share tells less. Groups explained in the
  // same sections (one error in the words of two Poetry releases) count as one.
  const explainedBy = new Map();
  for (const group of groups.values()) {
    const where = [...new Set(group.entries.map((e) => e.url))].sort().join(" ");
    for (const key of new Set(group.lines.map(stableKey))) {
      if (!explainedBy.has(key)) explainedBy.set(key, new Set());
      explainedBy.get(key).add(where);
    }
  }
  const df = new Map([...explainedBy].map(([key, places]) => [key, places.size]));

  // A message wrapped onto a few lines (a narrow terminal, an issue form) is one line again.
  const WRAPPED = 3;

  function match(text) {
    const raw = normalise(text).split("\n");
    const lines = raw.map((line) => words(line).map(singular)).filter((w) => w.length);
    const shellPasted = raw.some((line) => SHELL_PREFIX.test(line));
    // Which pasted lines hold a word: a line or a few adjacent ones (wrapped) can only match
    // as many of a line's stable words as they hold, so most need no comparison at all.
    const where = new Map();
    lines.forEach((line, i) => {
      for (const w of new Set(line)) {
        if (!where.has(w)) where.set(w, []);
        where.get(w).push(i);
      }
    });
    // The best window of pasted lines for one of an entry's lines: its match and where it
    // is. Lines in used are taken (by another of the entry's lines) and are not looked at.
    const longest = (stable, length, used) => {
      const need = Math.max(2, Math.ceil(0.6 * stable.length - 1e-9));
      const hits = new Map();
      for (const w of stable) {
        for (const i of where.get(w) || []) if (!used.has(i)) hits.set(i, (hits.get(i) || 0) + 1);
      }
      // A window starts at a line that holds one of the words: one that holds none adds
      // nothing, and would take a line another of the entry's lines may need.
      let best = { m: 0, start: 0, n: 0 };
      for (const s of [...hits.keys()].sort((a, b) => a - b)) {
        let bound = 0;
        for (let n = 1; n <= WRAPPED && s + n <= lines.length; n++) {
          if (used.has(s + n - 1)) break;
          bound += hits.get(s + n - 1) || 0;
          if (bound < need || bound <= best.m) continue;
          const window = lines.slice(s, s + n).flat();
          // Lines wrapped from one are about as long as it together, not a longer block.
          if (n > 1 && window.length > 1.5 * length + 2) break;
          const m = lcs(stable, window);
          if (m > best.m) best = { m, start: s, n };
        }
      }
      return best;
    };
    const NONE = new Set();
    // Each pasted line counts for at most one of an entry's lines: a paste of one
    // "- Removing x (1.0)" is not fifty matches for an entry that removes fifty packages.
    // The entry's lines take the pasted lines they match best first.
    const assign = (stables, group) => {
      const found = stables.map((stable, k) => longest(stable, group.lines[k].length, NONE));
      const order = found.map((_, k) => k).sort((a, b) => found[b].m - found[a].m || a - b);
      const used = new Set();
      for (const k of order) {
        if (found[k].m < 2) break;
        let hit = found[k];
        const taken = (h) => { for (let i = h.start; i < h.start + h.n; i++) if (used.has(i)) return true; return false; };
        if (taken(hit)) hit = found[k] = longest(stables[k], group.lines[k].length, used);
        if (hit.m < 2 || hit.m / stables[k].length < 0.6) continue;
        for (let i = hit.start; i < hit.start + hit.n; i++) used.add(i);
      }
      return { counted: found.map((h) => h.m), covered: used.size };
    };
    const pastedWords = new Set(raw.flatMap(words)); // as pasted: variable words are not made singular
    const results = [];
    for (const group of groups.values()) {
      let score = 0;
      let matched = 0;
      let total = 0;
      let qualifies = false;
      let best = null;
      let shell = false;
      const stables = group.lines.map((line) => line.filter(([, kind]) => !kind).map(([w]) => singular(w)));
      const { counted, covered } = assign(stables, group);
      // A line the entry prints many times over ("- Removing x (1.0)" for each of fifty
      // packages) is one line of its message: it counts once, at its best match.
      const once = new Map();
      group.lines.forEach((line, k) => {
        const key = stableKey(line);
        if (!once.has(key) || counted[k] > counted[once.get(key)]) once.set(key, k);
      });
      group.lines.forEach((line, k) => {
        const stable = stables[k];
        total += stable.length;
        const m = counted[k];
        if (m < 2 || m / stable.length < 0.6) return;
        matched += m;
        if (once.get(stableKey(line)) !== k) return;
        const seen = df.get(stableKey(line));
        score += (m * m) / stable.length / seen; // a partly matched line counts less
        if (scaffold.has(lineKey(line))) return;
        // Three words of a longer line ("does not exist") say little: a partly matched line
        // needs four (the same message in another release's words still has them).
        if (m >= 4 || (m === stable.length && (m >= 3 || seen === 1))) qualifies = true;
        if (!best || m / seen > best.weight) best = { line, weight: m / seen };
        shell ||= line.some(([, kind]) => kind === "shell");
      });
      if (!qualifies) continue;
      // A shell's message pasted without a shell's prefix reads more like Poetry's own
      // ("Command not found: x" is poetry run's, "zsh: command not found: x" the shell's).
      if (shell && !shellPasted) score -= 0.5;
      const ranked = group.entries
        .map((entry) => ({
          entry,
          bonus: entry.lines.flat().filter(([w, kind]) => kind && pastedWords.has(w)).length,
        }))
        .sort((a, b) => b.bonus - a.bonus);
      // How much of the entry the paste covers: of two entries that explain the same
      // message, the one whose every line the reader pasted ranks first.
      // And how much of the paste the entry explains: of two entries that share Poetry's
      // "Installing dependencies" lines, the one that also explains the pasted rest.
      score += (2 * matched) / total + (2 * covered) / lines.length + ranked[0].bonus;
      results.push({ score, group, entries: ranked.map((r) => r.entry), line: best.line });
    }
    return results.sort((a, b) => b.score - a.score);
  }

  // The best few: more than this many results bury the one that explains the error.
  const SHOWN = 5;

  function element(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
    for (const child of children) node.append(child);
    return node;
  }

  function showLine(line, entry) {
    // Our own text of the best-matching line, its variable words marked.
    const group = entry.lines.map(lineKey);
    const raw = entry.output[entry.line_index[group.indexOf(lineKey(line))]] || "";
    const variable = new Set(line.filter(([, kind]) => kind).map(([w]) => w));
    const code = element("code", {});
    for (const part of raw.split(/(\s+)/)) {
      const word = words(part)[0];
      code.append(word && variable.has(word) ? element("var", { title: "differs on your machine" }, part) : part);
    }
    return code;
  }

  function render(results, box, status) {
    box.replaceChildren();
    if (!results.length) {
      // Say so plainly, and offer the two next steps with the pasted text already filled in.
      const text = document.getElementById("error-lookup-input").value.trim();
      const root0 = document.documentElement.dataset.content_root || "../";
      const search = root0 + "search.html?q=" + encodeURIComponent(text.split(/\r?\n/).slice(-1)[0].slice(0, 200));
      status.replaceChildren("No entry matches this error. ",
        element("a", { href: search, id: "error-lookup-search" }, "Search the site for it"), ", or ");
      if (data.issues) {
        const title = "Error lookup found nothing: " + text.split(/\r?\n/)[0].slice(0, 80);
        const body = "I pasted this into the error lookup and it found no entry:\n\n```\n" + text.slice(0, 4000) + "\n```\n";
        const url = data.issues.replace(/\/$/, "") + "/new?title=" + encodeURIComponent(title) + "&body=" + encodeURIComponent(body);
        status.append(element("a", { href: url, id: "error-lookup-report" }, "report it as an issue"), " with your text filled in.");
      }
      return;
    }
    status.textContent = results.length === 1 ? "1 matching entry."
      : results.length <= SHOWN ? results.length + " matching entries, best first."
      : "The best " + SHOWN + " of " + results.length + " matching entries, best first.";
    const root = document.documentElement.dataset.content_root || "../";
    for (const result of results.slice(0, SHOWN)) {
      const first = result.entries[0];
      const links = element("ul", { class: "error-lookup-links" });
      for (const entry of result.entries) {
        links.append(element("li", {},
          element("a", { href: root + entry.url, class: "error-lookup-link" }, entry.section),
          " (" + entry.page + "), after ", element("code", {}, "$ " + entry.command.split("\n")[0]),
          // An older release's words (docs/_ext/error_lookup.py): say whose they are.
          ...(entry.release ? [element("span", { class: "error-lookup-release" }, ", as Poetry " + entry.release + " prints it")] : [])));
      }
      box.append(element("li", { class: "error-lookup-result" },
        element("p", {}, showLine(result.line, first)), links));
    }
  }

  function init() {
    const form = document.getElementById("error-lookup-form");
    if (!form) return;
    const input = document.getElementById("error-lookup-input");
    const box = document.getElementById("error-lookup-results");
    const status = document.getElementById("error-lookup-status");
    const run = () => {
      if (input.value.trim()) render(match(input.value), box, status);
      else { box.replaceChildren(); status.textContent = ""; }
    };
    form.addEventListener("submit", (event) => { event.preventDefault(); run(); });
    input.addEventListener("input", run);
    const query = new URLSearchParams(window.location.search).get("error");
    if (query) { input.value = query; run(); }
  }

  window.P2P_ERROR_LOOKUP_MATCH = match;
  window.P2P_ERROR_LOOKUP_NORMALISE = normalise;
  window.P2P_ERROR_LOOKUP_SHOWN = SHOWN;
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
