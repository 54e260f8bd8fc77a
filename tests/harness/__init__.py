"""The snippet harness: runs the guide's snippets against real Poetry and a local index.

Modules:
- ``transcript``: the ``.console`` transcript format (parse and write back).
- ``normalise``: the declared normalisations applied to real output.
- ``scenario``: ``snippets/**/scenario.toml`` manifests.
- ``index``: made-up wheels plus real ones, served as a local PyPI on 127.0.0.1.
- ``sandbox``: an isolated HOME, PATH and environment for one scenario, and its shell.
- ``poetry_wrapper``: starts the pinned Poetry with PyPI pointed at the local index.
- ``remote``: a sample served as a git repository at the address a page clones.
"""
