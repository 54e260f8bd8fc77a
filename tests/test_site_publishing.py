"""What the published site gives readers beyond the pages: links to each page's sources, a
404 page, a sitemap, canonical addresses, link previews and the changelog.

Checked on the site exactly as ``make html`` builds it (the shared ``built_site``), with the
settings read from conf.py itself, so a test never names the site's address a second time.
"""

from __future__ import annotations

import re
import runpy
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from harness.paths import DOCS, REPO, SNIPPETS

CONF = runpy.run_path(str(REPO / "conf.py"))
BASE = CONF["html_baseurl"]
REPOSITORY = CONF["REPOSITORY"]
PAGES = sorted(p.relative_to(DOCS).with_suffix(".html").as_posix() for p in DOCS.rglob("*.md") if not p.relative_to(DOCS).parts[0].startswith("_"))


class Page(HTMLParser):
    """The parts of a built page these tests read."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str, dict[str, str]]] = []  # (tag, attribute value, attrs)
        self.meta: dict[str, str] = {}
        self.canonical: list[str] = []
        self.h1: list[str] = []
        self._in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        for key in ("href", "src", "action", "poster"):
            if key in found:
                self.links.append((tag, found[key], found))
        for item in found.get("srcset", "").split(","):
            if item.strip():
                self.links.append((tag, item.split()[0], found))
        if tag == "meta" and "content" in found:
            self.meta[found.get("property") or found.get("name") or ""] = found["content"]
        if tag == "link" and found.get("rel") == "canonical":
            self.canonical.append(found["href"])
        if tag == "h1":
            self._in_h1 = True
            self.h1.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data: str) -> None:
        if self._in_h1:
            self.h1[-1] += data


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def root_absolute(links: list[str]) -> list[str]:
    """Links that start at the server's root ('/x', not '//host/x'): broken under a sub-path."""
    return [link for link in links if link.startswith("/") and not link.startswith("//")]


@pytest.fixture(scope="module")
def site(built_site) -> Path:  # type: ignore[no-untyped-def]
    assert built_site.returncode == 0, f"the site does not build:\n{built_site.stderr}"
    return built_site.path


# -- Sources -------------------------------------------------------------------------------
@pytest.mark.parametrize("html", PAGES)
def test_each_page_links_to_its_markdown_and_its_snippets_folder(site: Path, html: str) -> None:
    page = parse(site / html)
    hrefs = [value for tag, value, _ in page.links if tag == "a"]
    source = f"docs/{Path(html).with_suffix('.md').as_posix()}"
    assert (REPO / source).is_file()
    assert f"{REPOSITORY}/edit/main/{source}" in hrefs, f"{html}: no 'edit this page' link to {source}"
    assert f"{REPOSITORY}/blob/main/{source}" in hrefs, f"{html}: no link to its Markdown {source}"
    slug = Path(html).stem
    snippets = f"{REPOSITORY}/tree/main/snippets/{slug}"
    if (SNIPPETS / slug).is_dir():
        assert snippets in hrefs, f"{html}: no link to snippets/{slug}/, the files its tests run"
    else:
        assert not [h for h in hrefs if "/snippets/" in h], f"{html}: links to a snippets folder it does not have"


def test_the_source_links_name_the_repository_only_through_conf_py() -> None:
    """The repository address is written once: conf.py. Templates and extensions read it."""
    written = [p for p in (DOCS / "_templates").rglob("*") if p.is_file() and REPOSITORY in p.read_text(encoding="utf-8")]
    written += [p for p in (DOCS / "_ext").glob("*.py") if REPOSITORY in p.read_text(encoding="utf-8")]
    assert not written, f"the repository address is typed again in {written}; read it from conf.py"


# -- Sub-path hosting -------------------------------------------------------------------------
def test_no_page_links_from_the_server_root_so_a_sub_path_works(site: Path) -> None:
    """GitHub Pages serves the site under /<repository>/: a link such as /_static/x.css
    would leave it. Every page, stylesheet and script links relatively (404.html aside)."""
    problems = []
    for path in sorted(site.rglob("*.html")):
        if path.name == "404.html" and path.parent == site:
            continue  # checked below: it must be absolute, under the site's path
        bad = root_absolute([value for _, value, _ in parse(path).links])
        problems += [f"{path.relative_to(site)}: {link}" for link in bad]
    for path in sorted((site / "_static").rglob("*.css")):
        bad = root_absolute(re.findall(r"url\(\s*['\"]?([^'\")]+)", path.read_text(encoding="utf-8")))
        problems += [f"{path.relative_to(site)}: url({link})" for link in bad]
    assert not problems, "links from the server root break under a sub-path:\n" + "\n".join(problems)


def test_the_root_link_finder_tells_root_links_from_others() -> None:
    found = root_absolute(["/_static/a.css", "//cdn.example/x.js", "../a.html", "https://x.org/", "#top", "b.html"])
    assert found == ["/_static/a.css"]


# -- 404 ----------------------------------------------------------------------------------
def test_the_404_page_links_under_the_sites_path_to_files_that_exist(site: Path) -> None:
    prefix = urlsplit(BASE).path
    assert CONF["notfound_urls_prefix"] == prefix
    page = parse(site / "404.html")
    assert page.h1 == ["Page not found"], page.h1
    links = [value for _, value, _ in page.links if not value.startswith(("#", "https://", "http://"))]
    assert links, "404.html links nowhere"
    outside = [link for link in links if not link.startswith(prefix)]
    assert not outside, f"404.html is served at any depth: these links must start with {prefix}: {outside}"
    missing = [link for link in links if not (site / urlsplit(link).path.removeprefix(prefix)).is_file()]
    assert not missing, f"404.html links to files the build does not have: {missing}"
    hrefs = [value for tag, value, _ in page.links if tag == "a"]
    for target in ("index.html", "search.html", "reference/error-lookup.html"):
        assert prefix + target in hrefs, f"404.html does not offer {target}"


# -- Sitemap and canonical addresses ------------------------------------------------------------
def test_the_sitemap_lists_every_page_at_its_canonical_address(site: Path) -> None:
    tree = ET.parse(site / "sitemap.xml")
    locs = [el.text or "" for el in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert sorted(locs) == sorted(BASE + html for html in PAGES), "sitemap.xml and the pages differ"
    assert len(locs) == len(set(locs))


@pytest.mark.parametrize("html", PAGES)
def test_each_page_names_its_canonical_address_and_its_link_preview(site: Path, html: str) -> None:
    page = parse(site / html)
    assert page.canonical == [BASE + html], f"{html}: canonical {page.canonical}"
    assert page.meta.get("og:url") == BASE + html
    assert page.meta.get("og:title") == page.h1[0].strip().rstrip("¶").strip(), f"{html}: og:title differs from its title"
    description = page.meta.get("og:description", "")
    assert 20 <= len(description) <= 200, f"{html}: og:description {description!r}"
    assert page.meta.get("description") == description, f"{html}: the meta description differs from og:description"


def test_link_previews_tell_pages_apart(site: Path) -> None:
    seen: dict[str, str] = {}
    for html in PAGES:
        description = parse(site / html).meta.get("og:description", "")
        assert description not in seen, f"{html} and {seen.get(description)} share the description {description!r}"
        seen[description] = html


def test_a_description_is_the_front_matter_or_the_first_paragraph_cut_at_a_sentence() -> None:
    sys.path.insert(0, str(DOCS / "_ext"))
    from docutils import nodes

    from publishing import DESCRIPTION_LENGTH, description

    def document(*paragraphs: str) -> nodes.document:
        doc = nodes.document(None, None)  # type: ignore[arg-type]
        section = nodes.section()
        section += nodes.title(text="Title")
        for text in paragraphs:
            section += nodes.paragraph(text=text)
        doc += section
        return doc

    assert description(document("First.", "Second."), {}) == "First."
    assert description(document("Ignored."), {"description": "  Given\n here. "}) == "Given here."
    first = "A first sentence long enough to stand alone as the summary of a page."
    assert description(document(f"{first} " + "word " * 100), {}) == first
    assert description(document("Too short. " + "word " * 100), {}).endswith("word…")  # type: ignore[union-attr]
    cut = description(document("word " * 100), {})
    assert cut is not None and cut.endswith("…") and len(cut) <= DESCRIPTION_LENGTH
    assert description(document(), {}) is None


# -- Changelog ----------------------------------------------------------------------------
def test_the_changelog_names_the_verified_release_from_the_verified_transcript(site: Path) -> None:
    sys.path.insert(0, str(DOCS / "_ext"))
    from pip2poetry_docs import verified_poetry_version

    version = verified_poetry_version()
    source = (DOCS / "reference" / "changelog.md").read_text(encoding="utf-8")
    header = source.split("\n## ", 1)[0]
    assert "{{ poetry_version }}" in header, "the changelog must take the verified release from the transcript"
    assert version not in header, f"the changelog's header types {version} by hand; use {{{{ poetry_version }}}}"
    text = re.sub(r"<[^>]+>", "", (site / "reference" / "changelog.html").read_text(encoding="utf-8"))
    assert f"verified with Poetry {version}" in text
    assert re.search(r"^## \d{4}-\d{2}-\d{2}$", source, re.MULTILINE), "the changelog has no dated entry"
