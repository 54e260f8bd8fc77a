"""One rewriter per kind of consumer, each in a module of its own with the same shape
(all-repos' autofixers: find, apply, check):

* ``KINDS``: the discovery kinds it handles, and ``PAGE``: the guide page and anchor whose
  recipe it writes;
* ``rewrite(rel, text, plan) -> Result``: the new text (None: unchanged), the rules applied
  and what it leaves for a person, with ``path:line``;
* ``check(rel, text)``: the new text read back with the library that defines the format;
  a :class:`~pip2poetry.migrate.rewriters.base.Invalid` stops the migration before anything
  is written.
"""

from __future__ import annotations

from types import ModuleType

from pip2poetry.migrate.rewriters import (
    circleci,
    dockerfile,
    github_actions,
    gitlab_ci,
    listed_configs,
    makefile,
    readme,
    readthedocs,
    shell_script,
    tox_ini,
)

MODULES: tuple[ModuleType, ...] = (
    dockerfile, github_actions, gitlab_ci, circleci, makefile, tox_ini, shell_script,
    readthedocs, readme, listed_configs,
)  # fmt: skip

REGISTRY: dict[str, ModuleType] = {kind: module for module in MODULES for kind in module.KINDS}
