"""Sphinx configuration. Built with `sphinx-build -c . docs _build/html` (see the Makefile).

Relative paths here resolve from this folder (the repository root), except
exclude_patterns, which resolve from the source folder, docs/.
"""

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).parent / "docs" / "_ext"))

# -- Project -----------------------------------------------------------------------------
# https://www.sphinx-doc.org/en/master/usage/configuration.html#project-information
project = "pip2poetry"
copyright = "pip2poetry contributors"

# -- General -----------------------------------------------------------------------------
# https://www.sphinx-doc.org/en/master/usage/configuration.html#general-configuration
extensions = [
    "myst_parser",  # Markdown (MyST) pages
    "sphinx_copybutton",  # a copy button that copies commands only
    "sphinx_tabs.tabs",  # pip / Poetry side by side
    "pip2poetry_docs",  # docs/_ext: verified Poetry version, snippets-only code blocks
    "transcript_lexer",  # docs/_ext: the "console" lexer knows the transcript format
    "error_lookup",  # docs/_ext: every failing command, findable from a pasted error
    "publishing",  # docs/_ext: source links, page descriptions, a whole sitemap
    "sample_downloads",  # docs/_ext: each sample project a page starts from, as a .tar.gz
    "sphinx_sitemap",  # sitemap.xml
    "sphinxext.opengraph",  # Open Graph title and description per page
    "notfound.extension",  # 404.html
]
exclude_patterns = ["_ext", "_static", "_templates"]
templates_path = ["docs/_templates"]
nitpicky = True

# -- MyST --------------------------------------------------------------------------------
# https://myst-parser.readthedocs.io/en/latest/configuration.html
myst_enable_extensions = ["colon_fence", "deflist", "substitution"]
myst_heading_anchors = 3
# {{ poetry_version }} is added by pip2poetry_docs from snippets/verified-with/.

# -- HTML --------------------------------------------------------------------------------
# https://www.sphinx-doc.org/en/master/usage/configuration.html#options-for-html-output
html_theme = "furo"
html_title = "pip2poetry"
html_static_path = ["docs/_static"]
html_css_files = ["pip2poetry.css"]
# Names furo's two <aside> landmarks (axe: landmark-unique), makes every code block
# focusable (axe: scrollable-region-focusable) before the copy button is added.
html_js_files = ["pip2poetry.js"]

# -- Publishing --------------------------------------------------------------------------
# The repository, named once. A placeholder until the project has its public home: the edit
# and source links, the canonical addresses, the sitemap and link previews all follow it.
REPOSITORY = "https://github.com/pip2poetry/pip2poetry"
_OWNER, _NAME = REPOSITORY.removeprefix("https://github.com/").split("/")
# The published site is the repository's GitHub Pages, under a sub-path (/<name>/), so every
# link in the build is relative (tests/test_site_publishing.py). Read the Docs builds (pull
# request previews) point their canonical address there too, so search engines index one copy.
html_baseurl = f"https://{_OWNER.lower()}.github.io/{_NAME}/"
html_theme_options = {  # furo's "view" and "edit" buttons; docs/_ext/publishing.py reads the same keys
    "source_repository": f"{REPOSITORY}/",
    "source_branch": "main",
    "source_directory": "docs/",
    "top_of_page_buttons": ["view", "edit"],
}
# https://sphinx-sitemap.readthedocs.io/en/latest/advanced-configuration.html
sitemap_url_scheme = "{link}"
sitemap_excludes = ["search.html", "genindex.html", "404.html"]
# https://sphinxext-opengraph.readthedocs.io: each page's description is its first paragraph,
# which the style rules make say what the page is for. No generated images.
ogp_site_url = html_baseurl
ogp_social_cards = {"enable": False}
# https://sphinx-notfound-page.readthedocs.io: 404.html is served at any depth, so its links
# are absolute, under the path the build is served from (Read the Docs names it).
notfound_urls_prefix = urlsplit(os.environ.get("READTHEDOCS_CANONICAL_URL", html_baseurl)).path
notfound_context = {
    "title": "Page not found",
    "body": (
        "<h1>Page not found</h1>\n"
        "<p>No page of this guide lives at this address. It may have moved when the guide was reorganized.</p>\n"
        f'<p>Start from the <a href="{notfound_urls_prefix}index.html">first page</a>, '
        f'<a href="{notfound_urls_prefix}search.html">search the guide</a>, or paste an error message '
        f'into the <a href="{notfound_urls_prefix}reference/error-lookup.html">error lookup</a>.</p>\n'
    ),
}

# -- Tabs --------------------------------------------------------------------------------
# https://github.com/executablebooks/sphinx-tabs: clicking the open tab must not hide it.
sphinx_tabs_disable_tab_closing = True

# -- Copy button -------------------------------------------------------------------------
# https://sphinx-copybutton.readthedocs.io/en/latest/use.html
# Transcripts show "$ " commands, "> " continuation lines, then output. Copy the commands
# without their prompts, and never output or "[exit status N]" lines. The transcript lexer
# (docs/_ext/transcript_lexer.py) marks output .go and status lines .gr, so they are removed
# before the prompt regex runs: an output line that starts with "> " is never copied.
# Blocks without any prompt (config files) are copied whole.
# A folded transcript's parts that hold only output (docs/_ext/pip2poetry_docs.py, :fold:)
# are highlighted as "console-output" and get no button: it would copy nothing.
copybutton_selector = "div:not(.highlight-console-output) > div.highlight pre"
copybutton_exclude = ".linenos, .go, .gr"
copybutton_prompt_text = r"\$ |> "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = True
copybutton_copy_empty_lines = False
