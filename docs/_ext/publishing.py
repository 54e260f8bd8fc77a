"""What the published site needs beyond the pages: source links, descriptions, a whole sitemap.

Adds ``page_source`` to the HTML context of each page built from a Markdown file:
``edit`` (the repository's editor for the page), ``view`` (the Markdown itself) and
``snippets`` (the page's ``snippets/<page-slug>/`` folder, whose files the tests run), or
None for a page without such a folder. ``docs/_templates/page.html`` shows them in the
footer; furo's own top-of-page buttons use the same repository settings.

The repository is named once, as ``source_repository`` in ``html_theme_options`` in conf.py.

Each page's description (``<meta name="description">`` and Open Graph's ``og:description``,
which sphinxext-opengraph writes) is the page's ``description`` front matter if it has one,
else its first paragraph: the style rules make that paragraph say what the page is for.
A paragraph longer than ``DESCRIPTION_LENGTH`` is cut after its last whole sentence that
fits, or else at a word, with an ellipsis.

sphinx-sitemap lists the pages that the current build writes, so an incremental build
(``make html`` after an edit) would publish a sitemap of the edited pages alone. Before it
writes sitemap.xml, every other page is added to its list, the way it adds a written one.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ConfigError

REPO = Path(__file__).resolve().parents[2]
SNIPPETS = REPO / "snippets"


def page_source(app: Sphinx, pagename: str) -> dict[str, str | None] | None:
    """The three links for a page, or None for pages Sphinx makes (search, index, 404)."""
    options = app.config.html_theme_options
    repository = options["source_repository"].rstrip("/")
    branch, folder = options["source_branch"], options["source_directory"].strip("/")
    source = app.env.doc2path(pagename, base=False) if pagename in app.env.all_docs else None
    if source is None:
        return None
    path = f"{folder}/{Path(source).as_posix()}"
    slug = pagename.rsplit("/", 1)[-1]
    return {
        "edit": f"{repository}/edit/{branch}/{path}",
        "view": f"{repository}/blob/{branch}/{path}",
        "snippets": f"{repository}/tree/{branch}/snippets/{slug}" if (SNIPPETS / slug).is_dir() else None,
        "snippets_folder": f"snippets/{slug}/",
    }


DESCRIPTION_LENGTH = 200


def description(doctree: nodes.document, front_matter: dict[str, Any]) -> str | None:
    if text := str(front_matter.get("description", "")).strip():
        return " ".join(text.split())
    for paragraph in doctree.findall(nodes.paragraph):
        if isinstance(paragraph.parent, (nodes.section, nodes.document)):
            text = " ".join(paragraph.astext().split())
            break
    else:
        return None
    if len(text) <= DESCRIPTION_LENGTH:
        return text
    head = text[: DESCRIPTION_LENGTH]
    sentence_end = max(head.rfind(". "), head.rfind("? "), head.rfind("! "))
    if sentence_end > DESCRIPTION_LENGTH // 3:
        return head[: sentence_end + 1]
    return head[: DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0] + "…"


def _context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    context["page_source"] = page_source(app, pagename)
    if doctree is None:
        return
    front_matter = context.get("meta") or {}
    if text := description(doctree, front_matter):
        # Runs before sphinxext-opengraph (lower priority number): it keeps an existing
        # meta description and lets og:* fields of the page override its own.
        context["meta"] = {**front_matter, "og:description": text}
        context["metatags"] += f'<meta name="description" content="{escape(text)}" />\n'


def _complete_sitemap(app: Sphinx, exception: Exception | None) -> None:
    import sphinx_sitemap

    if exception is None and app.builder.format == "html":
        for docname in sorted(app.env.found_docs - _written(app)):
            sphinx_sitemap.add_html_link(app, docname, None, None, None)


def _written(app: Sphinx) -> set[str]:
    """The pages this build writes (kept on the app, not the pickled environment; the site
    is built without parallel writes)."""
    if not hasattr(app, "p2p_written"):
        app.p2p_written = set()  # type: ignore[attr-defined]
    return app.p2p_written  # type: ignore[attr-defined, no-any-return]


def _remember_written(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    _written(app).add(pagename)


def _check(app: Sphinx, config: Any) -> None:
    options = config.html_theme_options
    missing = [k for k in ("source_repository", "source_branch", "source_directory") if not options.get(k)]
    if missing:
        raise ConfigError(f"publishing: html_theme_options needs {', '.join(missing)} (conf.py, Publishing)")
    if not options["source_repository"].startswith("https://github.com/"):
        raise ConfigError("publishing: source_repository must be a https://github.com/<owner>/<name>/ address")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _check)
    app.connect("html-page-context", _context, priority=400)
    app.connect("html-page-context", _remember_written)
    app.connect("build-finished", _complete_sitemap, priority=400)  # before sphinx-sitemap's (500)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
