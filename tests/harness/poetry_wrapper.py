"""Start the pinned Poetry with its built-in PyPI repository pointed at the local index.

The scenario's ``poetry`` command is a three-line script that imports this module and then
runs Poetry's own ``main()``. Poetry has no setting for PyPI's address (a source named
``pypi`` "cannot be configured with a custom url"), and adding a source to each sample
project would change what readers see (``pyproject.toml``, ``poetry.lock``, messages).
So this module changes one default argument, ``PyPiRepository(url="https://pypi.org/")``,
to the value of ``P2P_PYPI_URL``, when Poetry first imports that class. Everything else is
the real Poetry: resolver, installer, messages.
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
            module.PyPiRepository.__init__.__defaults__ = (url,)

        loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def install() -> None:
    url = os.environ.get("P2P_PYPI_URL")
    if url:
        sys.meta_path.insert(0, _RedirectPyPI(url))


def script(harness_dir: str, poetry_python: str) -> str:
    """The text of the ``poetry`` launcher placed on a scenario's PATH."""
    return (
        f"#!{poetry_python}\n"
        "import sys\n"
        f"sys.path.insert(0, {harness_dir!r})\n"
        "import poetry_wrapper; poetry_wrapper.install()\n"
        "del sys.path[0]\n"
        "from poetry.console.application import main\n"
        "sys.exit(main())\n"
    )
