"""pytest-xdist's --dist loadgroup under pytest 9.2 (make test uses it)."""

from __future__ import annotations

import pytest


def mark(config: pytest.Config, items: list[pytest.Item]) -> None:
    """--dist loadgroup with pytest 9.2: pytest-xdist 3.8 marks a group by appending
    "@group" to ``item._nodeid``, which pytest 9 no longer reads (node ids live in
    ``item._id``), so every group was silently spread over both workers and its
    one-off set-up (a browser, a site build, pre-commit environments) ran twice. Do what
    xdist means to do, on the workers, until a release of xdist does it itself."""
    if not getattr(config.option, "loadgroup", False):
        return
    from _pytest.nodeid import coerce_node_id

    for item in items:
        names = sorted({str(m.args[0] if m.args else m.kwargs.get("name", "default")) for m in item.iter_markers("xdist_group")})
        if names and "@" not in item.nodeid:
            item._id = coerce_node_id(f"{item.nodeid}@{'_'.join(names)}")
