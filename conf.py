"""Sphinx configuration. Built with `sphinx-build -c . docs _build/html` (see the Makefile).

Relative paths here resolve from this folder (the repository root), except
exclude_patterns, which resolve from the source folder, docs/.
"""

import sys
from pathlib import Path

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
copybutton_exclude = ".linenos, .go, .gr"
copybutton_prompt_text = r"\$ |> "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = True
copybutton_copy_empty_lines = False
