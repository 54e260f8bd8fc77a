"""Shell scripts (``*.sh``, ``*.bash``, and suffix-less files with a sh or bash shebang):
the whole file is parsed once; an install becomes ``poetry sync`` and the project's tools
after it run with ``poetry run``. A script the grammar cannot parse is listed, untouched."""

from __future__ import annotations

from pip2poetry.migrate.model import Plan
from pip2poetry.migrate.rewriters.base import Invalid, Result, apply, mentions_pip_era
from pip2poetry.migrate.shell import Shell, Unit

KINDS = ("shell",)
PAGE = ("how-to/migrate-a-whole-repository-in-one-command", "migrate-makefiles-scripts-and-readmes")


def check(rel: str, text: str) -> None:
    from pip2poetry.migrate.shell import _parse, _first_error

    tree = _parse(text)
    if tree.root_node.has_error:
        node = _first_error(tree.root_node)
        raise Invalid((node.start_point[0] + 1) if node is not None else 1, "the rewritten script does not parse")


def rewrite(rel: str, text: str, plan: Plan) -> Result:
    result = Result()
    if not mentions_pip_era(text):
        return result
    shell = Shell(plan, rel, "dev")
    found = shell.rewrite(text, Unit())
    result.findings += shell.findings
    if found:
        result.text = apply(text, found)
        result.rules += shell.rules
    return result
