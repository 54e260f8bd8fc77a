"""Every pyproject.toml a page shows as a result passes the guide's own ``pip2poetry lint``.

A pyproject.toml snippet is one that a scenario writes to, or compares with, a project's
``pyproject.toml``, or a snippet whose file name says it is one. A page that shows a project
before it is fixed (the Poetry 1.x file the upgrade page starts from, a rule's example on the
lint rules page, a troubleshooting entry's broken file) names that snippet in its manifest's
``[before]`` table, with the reason; such a snippet must still fail lint, so the table cannot
keep a file that no longer needs it. The linter runs in-process, as ``pip2poetry lint`` does
(``pip2poetry.lint.lint_file``), without the ``poetry.lock`` of any project.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from harness import scenario
from harness.paths import REPO, SNIPPETS
from pip2poetry import lint


def _pyproject_snippets() -> dict[Path, set[str]]:
    found: dict[Path, set[str]] = {}
    for case in scenario.load_all():
        for step in case.steps:
            if step.kind in ("write", "compare") and step.target and Path(step.target).name == "pyproject.toml":
                found.setdefault(step.snippet, set()).add(case.id)
    for path in SNIPPETS.rglob("*.toml"):
        if "pyproject" in path.name:
            found.setdefault(path.resolve(), set())
    return found


PYPROJECTS = _pyproject_snippets()
#: the pyproject.toml snippets among the [before] tables' files (which also hold other history)
BEFORE = {
    path: reason
    for manifest in sorted(SNIPPETS.rglob(scenario.MANIFEST))
    for path, reason in scenario.befores(manifest).items()
    if path in PYPROJECTS
}


def _findings(path: Path) -> list[str]:
    shown = path.relative_to(REPO).as_posix()
    try:
        result = lint.lint_file(str(path), fix=False)
    except lint.InputError as e:
        return [str(e)]
    return [f"{shown}:{line}:{col}: {code} {message}" for line, col, code, message in result.findings]


def test_there_are_results_and_befores() -> None:
    assert len(PYPROJECTS) >= 20, sorted(PYPROJECTS)
    assert len(BEFORE) >= 10, sorted(BEFORE)


@pytest.mark.parametrize("path", sorted(set(PYPROJECTS) - set(BEFORE)), ids=lambda p: p.relative_to(SNIPPETS).as_posix())
def test_result_passes_lint(path: Path) -> None:
    findings = _findings(path)
    assert not findings, (
        "a page shows this pyproject.toml as a result, and the guide's own lint rejects it "
        "(fix it, or name it in its scenario.toml's [before] table with the reason):\n" + "\n".join(findings)
    )


@pytest.mark.parametrize("path", sorted(BEFORE), ids=lambda p: p.relative_to(SNIPPETS).as_posix())
def test_declared_before_still_fails_lint(path: Path) -> None:
    assert _findings(path), (
        f"{path.relative_to(REPO)} passes lint now: remove it from its scenario.toml's [before] table "
        f"(reason given: {BEFORE[path]})"
    )


def test_before_table_is_checked(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text("")
    manifest = tmp_path / scenario.MANIFEST
    manifest.write_text('[before]\n"a.toml" = "the project before the fix"\n')
    assert scenario.befores(manifest) == {(tmp_path / "a.toml").resolve(): "the project before the fix"}
    for text, message in (
        ('[before]\n"b.toml" = "x"\n', "'b.toml', which does not exist"),
        ('[before]\n"a.toml" = ""\n', "needs the reason"),
        ('before = ["a.toml"]\n', "[before] is a table"),
        ("[befor]\n", "unknown top-level key(s) ['befor']"),
    ):
        manifest.write_text(text)
        with pytest.raises(scenario.ManifestError, match=message.replace("[", r"\[").replace("(", r"\(").replace(")", r"\)")):
            scenario.befores(manifest)
