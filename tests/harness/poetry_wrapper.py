"""Start the pinned Poetry with its built-in PyPI repository pointed at the local index.

The scenario's ``poetry`` command is a three-line script that imports this module and then
runs Poetry's own ``main()``. Poetry has no setting for PyPI's address (a source named
``pypi`` "cannot be configured with a custom url"), and adding a source to each sample
project would change what readers see (``pyproject.toml``, ``poetry.lock``, messages).
So this module changes one default argument, ``PyPiRepository(url="https://pypi.org/")``,
to the local index's address, when Poetry first imports that class. Everything else is
the real Poetry: resolver, installer, messages.

The launcher holds the address itself, as a reader's Poetry holds PyPI's: tox passes its
commands only some environment variables, so Poetry run from tox (``commands_pre = poetry
install``) would not see ``P2P_PYPI_URL``. That variable is the fallback for the starts
that have no launcher (the pre-commit stand-in's ``.pth`` line, see ``harness.precommit``).
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import os
import sys

TARGET = "poetry.repositories.pypi_repository"


class _RedirectPyPI(importlib.abc.MetaPathFinder):
    def __init__(self, url: str) -> None:
        self.url = url

    def find_spec(self, fullname, path, target=None):  # type: ignore[no-untyped-def]
        if fullname != TARGET:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        if spec is None or spec.loader is None:
            return spec
        loader = spec.loader
        original = loader.exec_module
        url = self.url

        def exec_module(module):  # type: ignore[no-untyped-def]
            original(module)
            init = module.PyPiRepository.__init__  # Poetry 1.8 has more positional defaults
            init.__defaults__ = (url, *(init.__defaults__ or ())[1:])

        loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def install(url: str | None = None) -> None:
    url = url or os.environ.get("P2P_PYPI_URL")
    if url:
        sys.meta_path.insert(0, _RedirectPyPI(url))


def script(harness_dir: str, poetry_python: str, pypi_url: str) -> str:
    """The text of the ``poetry`` launcher placed on a scenario's PATH: Poetry's PyPI is
    ``pypi_url``, whatever environment the launcher starts in."""
    return (
        f"#!{poetry_python}\n"
        "import sys\n"
        f"sys.path.insert(0, {harness_dir!r})\n"
        f"import poetry_wrapper; poetry_wrapper.install({pypi_url!r})\n"
        "del sys.path[0]\n"
        "from poetry.console.application import main\n"
        "sys.exit(main())\n"
    )
