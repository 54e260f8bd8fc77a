"""The built site as a reader's browser shows it (Debian's Chromium through Playwright).

Each test names what it checks; tests/browser/conftest.py holds the build, the server and
the browser. Run them alone with ``.venv/bin/pytest tests/browser -p no:xdist -q``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import axe_playwright_python
import pytest

from pip2poetry import transcript

from browser_pages import SITE_PATH, lookup_data, one_page

pytestmark = pytest.mark.xdist_group("browser")

AXE = Path(axe_playwright_python.__file__).parent / "axe.min.js"
#: Findings axe may report that are neither serious nor critical, each with the reason it
#: stays. Anything else fails the test.
KNOWN_AXE_FINDINGS: dict[str, str] = {}
#: The pages whose errors the lookup and the site search must find.
EXPLAINING_PAGES = ("explanation/frequently-asked-questions.html", "reference/troubleshooting.html")


# -- One visit to every page (shared by the network, axe and 375 px checks) ---------------
#: axe's rules that judge styles (colour contrast, links told apart from text without colour,
#: the size of click targets) took most of its time: on a long page every highlighted token,
#: link and button was measured, though most are of a kind already measured on another page.
#: What they measure comes from the theme's and Pygments' CSS for a kind of element in a kind
#: of container, so they run on the first element of each kind the visits meet (``PICK``):
#: each kind of text, link and button is measured once per run, on whichever page shows it
#: first. Every other rule runs on every whole page.
STYLE_RULES = ("color-contrast", "link-in-text-block", "target-size")
#: Picks the elements not seen before: those with text of their own, links, buttons and other
#: focusable elements, by tag, classes and enclosing container. Their element children that are
#: not picked themselves are excluded, so a transcript's <pre> is measured for its own output
#: text while its tokens are measured as their own kinds.
PICK = """seen => {
  const container = e => {
    const c = e.parentElement.closest('.admonition, .sphinx-tabs-panel, table, .highlight, aside, blockquote, nav, header, footer, .sidebar-drawer, .toc-drawer');
    return c ? c.tagName.toLowerCase() + '.' + (c.classList[0] || '') : '';
  };
  const picked = [], kinds = [];
  for (const e of document.body.querySelectorAll('*')) {
    const text = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!text && !e.matches('a, button, input, select, textarea, summary, [tabindex]')) continue;
    const kind = e.tagName.toLowerCase() + '.' + [...e.classList].sort().join('.') + ' in ' + container(e);
    if (seen.includes(kind) || kinds.includes(kind)) continue;
    kinds.push(kind);
    picked.push(e);
  }
  const chosen = new Set(picked);
  window.p2pStyleContext = {
    include: picked,
    exclude: picked.flatMap(e => [...e.querySelectorAll('*')].filter(c => !chosen.has(c))),
  };
  return kinds;
}"""
#: What axe reports of a violation (its targets are computed again only for a page that has one).
AXE_REPORT = ".violations.map(v => ({id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => (n.target || []).join(' '))}))"


def axe(page: Any, context: str, options: str) -> list[dict[str, Any]]:
    """axe's violations; without selectors it runs faster, so a page with a violation is
    run again with them, to name the elements."""
    fast = f"async () => (await axe.run({context}, {{{options}, selectors: false, ancestry: false, xpath: false}})){AXE_REPORT}"
    return page.evaluate(fast) and page.evaluate(f"async () => (await axe.run({context}, {{{options}}})){AXE_REPORT}")


PHONE_WIDTH = 375


@dataclass
class Visit:
    requests: list[str] = field(default_factory=list)
    axe: list[dict[str, Any]] = field(default_factory=list)
    phone_width: int = 0
    wide_elements: list[str] = field(default_factory=list)
    style_kinds: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def visits(desktop: Any, pages: list[str], requests: Any) -> dict[str, Visit]:
    found: dict[str, Visit] = {}
    styles_off = "{" + ", ".join(f"'{r}': {{enabled: false}}" for r in STYLE_RULES) + "}"
    style_rules = "{type: 'rule', values: [" + ", ".join(f"'{r}'" for r in STYLE_RULES) + "]}"
    seen: list[str] = []
    desktop.context.add_init_script(path=str(AXE))
    for path in pages:
        before = len(requests.urls)
        desktop.set_viewport_size({"width": 1280, "height": 800})
        desktop.goto(path, wait_until="load")
        violations = axe(desktop, "document", f"resultTypes: ['violations'], rules: {styles_off}")
        new_kinds = desktop.evaluate(PICK, seen)
        seen += new_kinds
        if new_kinds:
            violations += axe(desktop, "window.p2pStyleContext", f"resultTypes: ['violations'], runOnly: {style_rules}")
        # The same page on a phone's width: nothing may stick out (the drawers are off-canvas).
        desktop.set_viewport_size({"width": PHONE_WIDTH, "height": 800})
        width = desktop.evaluate("document.documentElement.scrollWidth")
        wide = desktop.evaluate(
            """limit => [...document.querySelectorAll('article *')]
            .filter(e => e.getBoundingClientRect().right > limit + 1 && !e.closest('pre'))
            .slice(0, 3).map(e => e.tagName.toLowerCase() + '.' + e.className)""",
            PHONE_WIDTH,
        ) if width > PHONE_WIDTH else []
        found[path] = Visit(requests=requests.urls[before:], axe=violations, style_kinds=new_kinds, phone_width=width, wide_elements=wide)
    desktop.set_viewport_size({"width": 1280, "height": 800})
    return found


def test_pages_request_nothing_outside_127_0_0_1(visits: dict[str, Visit]) -> None:
    outside = {
        path: [u for u in visit.requests if not u.startswith("http://127.0.0.1:")]
        for path, visit in visits.items()
    }
    outside = {path: urls for path, urls in outside.items() if urls}
    assert not outside, f"pages requested addresses off 127.0.0.1: {outside}"
    assert all(visit.requests for visit in visits.values()), "a page load recorded no request"


def test_axe_finds_nothing_serious_and_nothing_unexplained(visits: dict[str, Visit]) -> None:
    problems = [
        f"{path}: {v['impact']} {v['id']} ({v['help']}) at {v['targets'][:3]}"
        for path, visit in visits.items()
        for v in visit.axe
        if v["impact"] in ("serious", "critical") or v["id"] not in KNOWN_AXE_FINDINGS
    ]
    assert not problems, "\n".join(problems)


def test_the_style_rules_measure_each_kind_of_element_once(visits: dict[str, Visit]) -> None:
    kinds = [kind for visit in visits.values() for kind in visit.style_kinds]
    assert len(kinds) == len(set(kinds)), "a kind of element was measured twice"
    if one_page() is None:  # the prompt, a token, a link in text, a copy button and a tab
        for expected in (
            "span.gp in div.highlight", "span.nt in div.highlight", "a.internal.reference in ",
            "button.copybtn.o-tooltip--left in div.highlight", "button.sphinx-tabs-tab in ",
        ):
            assert any(k.startswith(expected) for k in kinds), f"no {expected!r} among the measured kinds: {sorted(kinds)}"


def test_no_page_scrolls_sideways_at_375_px(visits: dict[str, Visit]) -> None:
    wide = {path: (v.phone_width, v.wide_elements) for path, v in visits.items() if v.phone_width > PHONE_WIDTH}
    assert not wide, f"pages wider than a {PHONE_WIDTH} px screen (scrollWidth, elements sticking out): {wide}"


# -- Copy button -------------------------------------------------------------------------
def expected_copy(text: str) -> str:
    """What a reader must get from a block: a transcript's commands without prompts (the
    format's own rules), or a block without any command as it is."""
    roles = transcript.line_roles(text.rstrip("\n") + "\n")
    commands = [line[2:] for role, line in roles if role in (transcript.COMMAND, transcript.CONTINUATION_LINE)]
    return "\n".join(commands) if commands else text.rstrip("\n")


def copied(page: Any, block: Any) -> str:
    page.evaluate("navigator.clipboard.writeText('')")
    block.hover()
    block.locator("button.copybtn").click()
    return page.evaluate("navigator.clipboard.readText()")


COPY_PAGES = [one_page()] if one_page() else [
    "explanation/frequently-asked-questions.html",
    "tutorials/migrate-an-application-from-requirements-txt.html",
]


@pytest.mark.parametrize("path", COPY_PAGES)
def test_copy_button_copies_exactly_the_commands(desktop: Any, path: str) -> None:
    desktop.goto(path, wait_until="load")
    blocks = desktop.locator("div.highlight-console:visible")
    if one_page() is None:
        assert blocks.count() >= 5, f"{path}: expected transcripts on the page"
    wrong = []
    for i in range(blocks.count()):
        block = blocks.nth(i)
        text = block.locator("pre").inner_text()
        want, got = expected_copy(text), copied(desktop, block)
        if got != want:
            wrong.append(f"block {i + 1} ({text.splitlines()[0]!r}): copied {got!r}, expected {want!r}")
    assert not wrong, f"{path}:\n" + "\n".join(wrong)


def test_an_output_line_starting_with_a_prompt_is_not_copied(desktop: Any) -> None:
    """The FAQ shows a `cat` whose output quotes a command with '> ' (Markdown)."""
    desktop.goto("explanation/frequently-asked-questions.html", wait_until="load")
    block = desktop.locator("div.highlight-console", has_text="cat NOTES.md").first
    output = block.locator("pre").inner_text().split("$ cat NOTES.md\n")[1]
    assert re.search(r"^> ", output, re.M), output
    got = copied(desktop, block)
    assert got.endswith("\ncat NOTES.md"), f"an output line was copied as a command: {got!r}"
    assert got == expected_copy(block.locator("pre").inner_text())


def test_copy_button_copies_a_config_file_whole(desktop: Any) -> None:
    desktop.goto("explanation/frequently-asked-questions.html", wait_until="load")
    block = desktop.locator("div.highlight-toml:visible").first
    text = block.locator("pre").inner_text()
    assert text.startswith("[project]")
    assert copied(desktop, block) == text.rstrip("\n")


def test_transcript_output_is_never_coloured_as_a_command(site: Path) -> None:
    """Output lines are .go whatever they start with ('# ', '> '): only prompts are .gp."""
    wrong = []
    for html in site.rglob("*.html"):
        for pre in re.findall(r'<div class="highlight-console notranslate"><div class="highlight"><pre[^>]*>(.*?)</pre>', html.read_text(encoding="utf-8"), re.S):
            for prompt in re.findall(r'<span class="gp">(.*?)</span>', pre):
                if prompt not in ("$ ", "&gt; "):
                    wrong.append(f"{html.relative_to(site)}: prompt {prompt!r}")
    assert not wrong, "\n".join(wrong[:10])


# -- Tabs --------------------------------------------------------------------------------
def test_tabs_switch_keep_the_choice_across_blocks_and_never_hide_both(desktop: Any, site: Path, pages: list[str]) -> None:
    # A page with two tab groups that offer the same choice (pip | Poetry).
    found = None
    for path in pages:
        html = (site / path).read_text(encoding="utf-8")
        if html.count('class="sphinx-tabs') < 2:
            continue
        desktop.goto(path, wait_until="load")
        groups = desktop.locator("div.sphinx-tabs")
        labels = [groups.nth(i).get_by_role("tab").all_inner_texts() for i in range(groups.count())]
        for i in range(len(labels)):
            for j in range(i + 1, len(labels)):
                if labels[i] == labels[j] and len(labels[i]) >= 2:
                    found = (path, groups.nth(i), groups.nth(j), labels[i])
                    break
            if found:
                break
        if found:
            break
    if not found and one_page():
        pytest.skip(f"{one_page()} has no two tab groups (make page checks only this page)")
    assert found, "no page has two tab groups with the same choices"
    path, first, second, names = found
    other = names[-1]
    first.get_by_role("tab", name=other).click()
    for group in (first, second):
        tab = group.get_by_role("tab", name=other)
        assert tab.get_attribute("aria-selected") == "true", f"{path}: the choice did not carry to every group"
        assert group.locator(f"#{tab.get_attribute('aria-controls')}").is_visible()
    first.get_by_role("tab", name=other).click()  # the open tab, again
    visible = first.locator("[role=tabpanel]:visible").count()
    assert visible == 1, f"{path}: clicking the open tab left {visible} panels visible"
    first.get_by_role("tab", name=names[0]).click()
    assert second.get_by_role("tab", name=names[0]).get_attribute("aria-selected") == "true"


# -- Links -------------------------------------------------------------------------------
class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for key in ("id", "name"):
            if found.get(key):
                self.ids.add(found[key] or "")
        for key in ("href", "src"):
            if found.get(key) and not (tag == "link" and found.get("rel") in ("preconnect", "dns-prefetch")):
                self.links.append(found[key] or "")


def broken_links(site: Path, extra: dict[Path, list[str]] | None = None) -> list[str]:
    parsed: dict[Path, _Links] = {}

    def parse(path: Path) -> _Links:
        if path not in parsed:
            parser = _Links()
            parser.feed(path.read_text(encoding="utf-8", errors="replace"))
            parsed[path] = parser
        return parsed[path]

    problems = []
    for html in sorted(site.rglob("*.html")):
        links = parse(html).links + (extra or {}).get(html, [])
        for link in links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//") or link.startswith("#") and len(link) == 1:
                continue  # external (the offline suite cannot check those), or "#"
            if html == site / "404.html" and parts.path.startswith(SITE_PATH):
                # Served at any depth, so its links start from the site's path (conf.py).
                target = (site / unquote(parts.path[len(SITE_PATH):])).resolve()
            else:
                target = (html.parent / unquote(parts.path)).resolve() if parts.path else html
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                problems.append(f"{html.relative_to(site)}: {link} (no such file)")
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in parse(target).ids:
                problems.append(f"{html.relative_to(site)}: {link} (no such anchor)")
    return problems


def test_every_internal_link_and_anchor_resolves(site: Path) -> None:
    lookup = site / "reference" / "error-lookup.html"
    # The lookup's results are links made by JavaScript: check their targets too.
    made = ["../" + entry["url"] for entry in lookup_data(site)["entries"]]
    problems = broken_links(site, {lookup: made})
    assert not problems, "\n".join(problems)


def test_the_link_checker_sees_raw_html_and_bad_anchors(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text('<a id="top" href="a/page.html#there">x</a><a href="missing.html">m</a>')
    (tmp_path / "a" / "page.html").write_text('<p id="here"></p><a href="../index.html#top">ok</a><img src="../gone.png">')
    assert broken_links(tmp_path) == [
        "a/page.html: ../gone.png (no such file)",
        "index.html: a/page.html#there (no such anchor)",
        "index.html: missing.html (no such file)",
    ]


# -- Finding an error: the lookup and the site search ------------------------------------
WORD = re.compile(r"\S+")
REPLACEMENTS = {"name": "zebrafish", "version": "9.8.7", "path": "/srv/reader/zebra", "option": "--frobnicate", "quoted": "zebrafish"}


def readers_version(entry: dict[str, Any]) -> str:
    """Our error, with the reader's own names, paths, versions and options in place of ours."""
    kinds = {w: kind for line in entry["lines"] for w, kind in line if kind}
    strip = "\"'`()[]{},;:.!?"

    def swap(match: re.Match[str]) -> str:
        raw = match[0]
        core = raw.strip(strip)
        kind = kinds.get(core.lower())
        if not core or not kind or kind not in REPLACEMENTS:
            return raw  # a shell's prefix (bash: line 1:): the reader's may be bash's too
        start = raw.index(core)
        return raw[:start] + REPLACEMENTS[kind] + raw[start + len(core):]

    return "\n".join(WORD.sub(swap, line) for line in entry["output"])


def explained_entries(site: Path) -> list[dict[str, Any]]:
    entries = [e for e in lookup_data(site)["entries"] if e["url"].split("#")[0] in EXPLAINING_PAGES]
    assert len(entries) >= 15, f"only {len(entries)} errors are explained on {EXPLAINING_PAGES}"
    return entries


def test_the_lookup_finds_each_explained_error_first_as_ours_and_as_the_readers(desktop: Any, site: Path) -> None:
    entries = explained_entries(site)
    desktop.goto("reference/error-lookup.html", wait_until="load")
    queries = [(e["url"], "\n".join(e["output"])) for e in entries] + [(e["url"], readers_version(e)) for e in entries]
    firsts = desktop.evaluate(
        "queries => queries.map(q => (window.P2P_ERROR_LOOKUP_MATCH(q)[0] || {entries: []}).entries.map(e => e.url))",
        [q for _, q in queries],
    )
    missed = [f"{url}: {text!r} found {first}" for (url, text), first in zip(queries, firsts) if url not in first]
    assert not missed, "\n".join(missed)


def test_the_lookup_page_shows_a_pasted_errors_entry_and_nothing_for_an_unrelated_one(desktop: Any, site: Path) -> None:
    desktop.goto("reference/error-lookup.html", wait_until="load")
    box = desktop.get_by_label("Error message")
    box.fill('The option "--frobnicate" does not exist')
    first = desktop.locator("#error-lookup-results > li").first.locator("a.error-lookup-link")
    hrefs = [first.nth(i).get_attribute("href") for i in range(first.count())]
    assert any("frequently-asked-questions.html#faq-poetry-1-habits" in h for h in hrefs), hrefs
    first.first.click()
    desktop.wait_for_load_state("load")
    assert "#" in desktop.url and desktop.locator(f"[id='{desktop.url.split('#')[1]}']").count() == 1
    desktop.goto("reference/error-lookup.html", wait_until="load")
    box = desktop.get_by_label("Error message")
    box.fill("fatal: not a git repository (or any of the parent directories): .git")
    assert desktop.locator("#error-lookup-results > li").count() == 0
    assert "No entry matches" in desktop.locator("#error-lookup-status").inner_text()


def stable_part(entry: dict[str, Any]) -> str:
    """The most specific line's stable words: what a reader pastes once their own names,
    paths and versions are taken out."""
    stable = [[w for w, kind in line if not kind] for line in entry["lines"]]
    return " ".join(max(stable, key=len))


def test_the_site_search_finds_the_page_from_the_stable_part(desktop: Any, site: Path) -> None:
    entries = explained_entries(site)
    # One search through the box, as a reader does it.
    desktop.goto("index.html", wait_until="load")
    first = entries[0]
    desktop.locator("input.sidebar-search").fill(stable_part(first))
    desktop.locator("input.sidebar-search").press("Enter")
    # Sphinx shows the results one by one, 5 ms apart, and writes the summary's text last
    desktop.wait_for_function("(document.querySelector('#search-results .search-summary') || {}).innerText")
    links = desktop.locator("#search-results a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert any(first["url"].split("#")[0] in link for link in links), links
    # The rest through the same search code, without redrawing the page each time.
    found = desktop.evaluate(
        """queries => queries.map(q => {
            const parsed = Search._parseQuery(q);
            return Search._performSearch(...parsed).map(r => r[0]);
        })""",
        [stable_part(e) for e in entries],
    )
    missed = [
        f"{e['url']}: {stable_part(e)!r} found {docs[:5]}"
        for e, docs in zip(entries, found)
        if e["url"].split(".html")[0] not in docs
    ]
    assert not missed, "\n".join(missed)


# -- The browser itself ------------------------------------------------------------------
def net_log_events(path: Path) -> list[tuple[str, dict[str, Any]]]:
    """(event type, params) of every event in Chromium's net-log (also while it is written)."""
    text = path.read_text(encoding="utf-8", errors="replace")
    start = text.index('"constants":') + len('"constants":')
    constants, _ = json.JSONDecoder().raw_decode(text, start)
    types = {number: name for name, number in constants["logEventTypes"].items()}
    events = []
    for line in text.splitlines():
        line = line.strip().rstrip(",")
        if line.startswith('{"params"') or line.startswith('{"phase"') or line.startswith('{"source"'):
            try:
                event = json.loads(line)
            except json.JSONDecodeError:
                continue
            events.append((types.get(event.get("type"), "?"), event.get("params", {})))
    return events


def test_the_browser_itself_contacts_no_other_host(visits: dict[str, Visit], net_log: Path) -> None:
    """Chromium's own net-log: it resolves no host name (so it cannot reach Google's hosts
    at start-up), opens no TCP connection and sends no UDP datagram except to 127.0.0.1.
    (Chromium's IPv6 probe "connects" a UDP socket to a public address to learn a route;
    that sends nothing, so it is not counted.)"""
    assert visits  # the browser has loaded every page by now
    events = net_log_events(net_log)
    assert events, "the net-log is empty"
    dns = [p for t, p in events if t.startswith("HOST_RESOLVER_DNS_TASK") or t == "HOST_RESOLVER_MANAGER_JOB"]
    def elsewhere(kind: str) -> list[str]:
        return [p["address"] for t, p in events if t == kind and "address" in p and not p["address"].startswith("127.0.0.1:")]

    tcp, udp = elsewhere("TCP_CONNECT_ATTEMPT"), elsewhere("UDP_BYTES_SENT")
    hosts = sorted({p["host"] for t, p in events if t == "HOST_RESOLVER_MANAGER_REQUEST" and "host" in p} - {"127.0.0.1"})
    assert not dns, f"Chromium looked up host names: {hosts}"
    assert not tcp, f"Chromium connected to {tcp}"
    assert not udp, f"Chromium sent UDP datagrams to {udp}"
