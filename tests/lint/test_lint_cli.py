"""pip2poetry lint, run as a user runs it: the console script, in a subprocess."""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from poetry.core.constraints.version import parse_constraint

from lint_support import DATA

ALL_RULES_FINDINGS = """\
pyproject.toml:7:22: P2P006 upper bound with trailing zeros "aardvark (>=1.2,<2.0)" ([project].dependencies): write "aardvark (>=1.2,<2)" instead
pyproject.toml:8:5: P2P005 "Poetry" is declared as a dependency in [project].dependencies: remove it: Poetry belongs in its own environment (pipx, the official installer or a dedicated venv), not among the project's dependencies
pyproject.toml:12:11: P2P001 caret constraint "^3.11" (python): write ">=3.11,<4" instead
pyproject.toml:13:23: P2P001 caret constraint "^1.0" (badger): write ">=1.0,<2" instead
pyproject.toml:14:10: P2P002 Poetry tilde constraint "~0.1" (cobra): write ">=0.1,<0.2" instead
pyproject.toml:16:18: P2P001 caret constraint "^2.4" (emu): write ">=2.4,<3" instead
pyproject.toml:17:18: P2P002 Poetry tilde constraint "~3.0.0" (emu): write ">=3.0.0,<3.1" instead
pyproject.toml:19:10: P2P007 range "~=2025.6" (gecko): gecko is calendar-versioned (2025 is a year): pin the version you run, "==VERSION", not a range (see "Calendar versions" in the lint rules)
pyproject.toml:20:1: P2P005 "poetry" is declared as a dependency in [tool.poetry.dependencies]: remove it: Poetry belongs in its own environment (pipx, the official installer or a dedicated venv), not among the project's dependencies (the "optional poetry dependency" workaround for Docker images is obsolete)
pyproject.toml:20:23: P2P001 caret constraint "^1.8" (poetry): write ">=1.8,<2" instead
pyproject.toml:22:1: P2P003 [tool.poetry.dev-dependencies] is deprecated: move its entries to a dev group in [dependency-groups]
pyproject.toml:23:10: P2P001 caret constraint "^0.1.0" (dingo): write ">=0.1.0,<0.2" instead
pyproject.toml:26:13: P2P001 caret constraint "^1.2.0 || ^2.0.0" (aardvark): write ">=1.2.0,<2 || >=2.0.0,<3" instead
pyproject.toml:31:1: P2P004 source "corporate": "default = true" is rejected by Poetry 2: write priority = "primary" (and list the source first) instead
pyproject.toml:36:1: P2P004 source "mirror": "secondary = true" is rejected by Poetry 2: write priority = "supplemental" (or "explicit" for packages that name the source) instead
"""


def lint(script_runner, *args: str, cwd: Path):
    return script_runner.run(["pip2poetry", "lint", *args], cwd=cwd)


def test_every_rule_is_reported_with_its_replacement(script_runner, project) -> None:
    path = project((DATA / "all-rules.toml").read_text())
    result = lint(script_runner, cwd=path.parent)  # default: ./pyproject.toml
    assert result.returncode == 1
    assert result.stdout == ALL_RULES_FINDINGS
    assert result.stderr == "Found 15 problems in 1 file (9 fixable with --fix).\n"


def test_clean_file_exits_zero(script_runner, project) -> None:
    path = project((DATA / "clean.toml").read_text())
    result = lint(script_runner, "pyproject.toml", cwd=path.parent)
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr == "All checks passed (1 file checked).\n"


@pytest.mark.parametrize(
    ("toml", "code", "fragment"),
    [
        ('[tool.poetry.dependencies]\nfoo = "^0.2.3"\n', "P2P001", '"^0.2.3" (foo): write ">=0.2.3,<0.3"'),
        ('[tool.poetry.dependencies]\nfoo = { version = "^1.2", extras = ["x"] }\n', "P2P001", 'write ">=1.2,<2"'),
        ('[tool.poetry.group.dev.dependencies]\nfoo = [{ version = "^1", markers = "sys_platform == \'linux\'" }, { version = "^2", markers = "sys_platform != \'linux\'" }]\n', "P2P001", 'write ">=2,<3"'),
        ('[tool.poetry.dependencies]\nfoo = { version = ">=1", python = "^3.9" }\n', "P2P001", '(python of foo): write ">=3.9,<4"'),
        ("[tool.poetry.requires-plugins]\npoetry-plugin-export = '^1.8'\n", "P2P001", 'write ">=1.8,<2"'),
        ('[tool.poetry]\nrequires-poetry = "^2.1"\n', "P2P001", '(requires-poetry): write ">=2.1,<3"'),
        ('[tool.poetry.dependencies]\nfoo = "~1"\n', "P2P002", '"~1" (foo): write ">=1,<2"'),
        ('[tool.poetry.dev-dependencies]\nfoo = "~1.0"\n', "P2P002", 'write ">=1.0,<1.1"'),
        ("[tool.poetry.dev-dependencies]\n", "P2P003", "[tool.poetry.dev-dependencies] is deprecated"),
        ('[tool.poetry]\ndev-dependencies = { foo = ">=1" }\n', "P2P003", "move its entries to a dev group in [dependency-groups]"),
        ('[[tool.poetry.source]]\nname = "a"\nurl = "https://a.invalid/"\npriority = "default"\n', "P2P004", 'priority "default" is rejected by Poetry 2: write priority = "primary"'),
        ('[[tool.poetry.source]]\nname = "a"\nurl = "https://a.invalid/"\nsecondary = false\n', "P2P004", '"secondary = false" is rejected'),
        ('[dependency-groups]\ndev = ["poetry>=2"]\n', "P2P005", "[dependency-groups].dev"),
        ('[project.optional-dependencies]\nbuild = ["poetry [plugin] (>=2)"]\n', "P2P005", "[project.optional-dependencies].build"),
        ('[tool.poetry.group.tools.dependencies]\n"Poetry" = ">=2"\n', "P2P005", "[tool.poetry.group.tools.dependencies]"),
        ('[project]\ndependencies = ["a (>=1.2.0,<2.0.0)"]\n', "P2P006", '"a (>=1.2.0,<2.0.0)" ([project].dependencies): write "a (>=1.2.0,<2)"'),
        ('[project.optional-dependencies]\nx = ["a>=0.9,<0.10.0 ; python_version < \'4.0\'"]\n', "P2P006", 'write "a>=0.9,<0.10 ; python_version < \'4.0\'"'),
        ('[dependency-groups]\ndev = ["a (<3.0)", {include-group = "b"}]\nb = []\n', "P2P006", '([dependency-groups].dev): write "a (<3)"'),
        ('[tool.poetry.group.dev.dependencies]\nfoo = { version = ">=1.2,<2.0", extras = ["x"] }\n', "P2P006", '">=1.2,<2.0" (foo): write ">=1.2,<2"'),
        ('[tool.poetry.dev-dependencies]\nfoo = [{ version = "<1.3.0", python = "<3.12" }]\n', "P2P006", 'write "<1.3"'),
        ('[project]\ndependencies = ["tzdata (>=2025.6,<2026)"]\n', "P2P007", '"tzdata (>=2025.6,<2026)" ([project].dependencies): tzdata is calendar-versioned (2025 is a year): pin the version you run'),
        ('[dependency-groups]\ndev = ["black>=25.1,<=26"]\n', "P2P007", "black is calendar-versioned (25.1 reads as a year and a month)"),
        ('[project.optional-dependencies]\ntz = ["pytz~=2024.1 ; python_version < \'3.9\'"]\n', "P2P007", "([project.optional-dependencies].tz): pytz is calendar-versioned"),
        ('[tool.poetry.group.dev.dependencies]\ntzdata = { version = ">=2025.6,<2026" }\n', "P2P007", '">=2025.6,<2026" (tzdata): tzdata is calendar-versioned'),
        ('[tool.pip2poetry]\ncalendar-versioned = ["nightly"]\n[project]\ndependencies = ["nightly (>=1.2,<2)"]\n', "P2P007", "nightly is calendar-versioned ([tool.pip2poetry] calendar-versioned)"),
    ],
)
def test_each_rule(script_runner, project, toml: str, code: str, fragment: str) -> None:
    path = project(toml)
    result = lint(script_runner, str(path), cwd=path.parent)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert all(line.startswith(f"{path}:") for line in lines)
    assert [line for line in lines if f": {code} " in line and fragment in line], lines


@pytest.mark.parametrize(
    "toml",
    [
        '[tool.poetry.dependencies]\nfoo = "~=1.2"\nbar = ">=1,<2"\nbaz = "==1.*"\n',
        '[project]\ndependencies = ["poetry-core>=2", "poetry-plugin-export"]\n',
        '[tool.poetry.dependencies]\nfoo = { git = "https://example.invalid/foo.git", tag = "^1" }\n',
        '[tool.other]\nfoo = "^1.2"\n',
        # calendar-versioned packages pinned, as the guide writes them, or named semantic
        '[project]\ndependencies = ["tzdata (==2025.2)", "black==25.1.0", "certifi (>=2025.1,==2025.6.15)"]\n',
        '[tool.poetry.dependencies]\ntzdata = "2025.2"\ncertifi = "==2025.6.15"\n',
        '[tool.pip2poetry]\nsemantic-versioned = ["gunicorn"]\n[project]\ndependencies = ["gunicorn (>=23.0,<24)"]\n',
        # a lower bound alone, a library's form, says nothing about later dates
        '[project]\ndependencies = ["structlog (>=25.1)", "tzdata>2025.1"]\n[tool.poetry.dependencies]\ncertifi = ">=2025.1"\n',
    ],
)
def test_what_is_not_a_finding(script_runner, project, toml: str) -> None:
    path = project(toml)
    result = lint(script_runner, cwd=path.parent)
    assert (result.returncode, result.stdout) == (0, ""), result.stderr


def test_columns_point_at_the_operator(script_runner, project) -> None:
    path = project('[tool.poetry.dependencies]\nfoo = ">=1.0, ~1.2"\n')
    result = lint(script_runner, cwd=path.parent)
    assert result.stdout.startswith("pyproject.toml:2:15: P2P002 ")


def test_directories_are_searched_and_build_output_skipped(script_runner, tmp_path) -> None:
    caret = '[tool.poetry.dependencies]\nfoo = "^1.0"\n'
    for folder in ["", "libs/b", "libs/a", ".venv/lib", ".git/x", "node_modules/pkg", "build/lib", "dist", "env", "docs/_build"]:
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        (tmp_path / folder / "pyproject.toml").write_text(caret)
    (tmp_path / "env" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    result = lint(script_runner, ".", cwd=tmp_path)
    assert result.returncode == 1
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == [
        "libs/a/pyproject.toml",
        "libs/b/pyproject.toml",
        "pyproject.toml",
    ]
    assert result.stderr == "Found 3 problems in 3 files (3 fixable with --fix).\n"


def test_findings_are_sorted_by_path_and_line(script_runner, tmp_path) -> None:
    for name in ("b", "a"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "pyproject.toml").write_text(
            '[tool.poetry.dev-dependencies]\nz = "~1.0"\n\n[tool.poetry.dependencies]\na = "^1.0"\n'
        )
    result = lint(script_runner, "b", "a/pyproject.toml", cwd=tmp_path)
    positions = [tuple(line.split(":")[:2]) for line in result.stdout.splitlines()]
    assert positions == [
        ("a/pyproject.toml", "1"), ("a/pyproject.toml", "2"), ("a/pyproject.toml", "5"),
        ("b/pyproject.toml", "1"), ("b/pyproject.toml", "2"), ("b/pyproject.toml", "5"),
    ]  # fmt: skip


def test_configuration_select_and_ignore(script_runner, project) -> None:
    body = '[tool.poetry.dependencies]\nfoo = "^1.0"\nbar = "~1.0"\n\n[tool.poetry.dev-dependencies]\n'
    path = project(body + '\n[tool.pip2poetry]\nignore = ["P2P002", "P2P003"]\n')
    result = lint(script_runner, cwd=path.parent)
    assert [line.split()[1] for line in result.stdout.splitlines()] == ["P2P001"]
    path.write_text(body + '\n[tool.pip2poetry]\nselect = ["P2P002", "P2P003"]\n')
    result = lint(script_runner, cwd=path.parent)
    assert [line.split()[1] for line in result.stdout.splitlines()] == ["P2P002", "P2P003"]
    path.write_text(body + '\n[tool.pip2poetry]\nselect = ["P2P003"]\n')
    before = path.read_bytes()
    result = lint(script_runner, "--fix", cwd=path.parent)
    assert path.read_bytes() == before  # deselected rules are not fixed either
    assert result.returncode == 1


def test_per_line_opt_out(script_runner, project) -> None:
    path = project(
        "[tool.poetry.dependencies]\n"
        'a = "^1.0"  # pip2poetry: ignore\n'
        'b = "^1.0, ~1.0.1"  # pip2poetry: ignore[P2P001]\n'
        'c = "~1.0"  # pip2poetry: ignore[P2P001]\n'
        'd = "^2.0"\n'
    )
    result = lint(script_runner, cwd=path.parent)
    assert [line.split()[1] for line in result.stdout.splitlines()] == ["P2P002", "P2P002", "P2P001"]
    result = lint(script_runner, "--fix", cwd=path.parent)
    assert path.read_text() == (
        "[tool.poetry.dependencies]\n"
        'a = "^1.0"  # pip2poetry: ignore\n'
        'b = "^1.0, >=1.0.1,<1.1"  # pip2poetry: ignore[P2P001]\n'
        'c = ">=1.0,<1.1"  # pip2poetry: ignore[P2P001]\n'
        'd = ">=2.0,<3"\n'
    )
    assert result.returncode == 0


# -- bad input: one line on stderr, exit 2, nothing modified ----------------------------

BAD_INPUTS = {
    "malformed TOML": (b'[tool.poetry.dependencies]\nfoo = "^1.0"\nbar = \n', "pyproject.toml:3:7: invalid TOML: invalid value"),
    "unterminated table": (b"[tool.poetry\nfoo = 1\n", "pyproject.toml:1:13: invalid TOML: expected ']' at the end of a table declaration"),
    "binary": (b"\x7fELF\x02\x01\x01\x00\x00\x00", "pyproject.toml: binary file (NUL byte at offset 7), not TOML"),
    "not UTF-8": ('[tool.poetry.dependencies]\n# caf\u00e9\nfoo = "^1.0"\n'.encode("latin-1"), "pyproject.toml: not UTF-8 text (byte 0xe9 at offset 32); TOML files must be UTF-8"),
    "unparseable constraint": (b'[tool.poetry.dependencies]\nfoo = "^1.0"\nbar = "^^1.2"\n', 'pyproject.toml:3:7: Poetry cannot parse the constraint "^^1.2" (bar): "^^1.2" is not a version constraint'),
    "unparseable part": (b'[tool.poetry.group.dev.dependencies]\nbar = { version = "^1.2 || latest" }\n', 'pyproject.toml:2:19: Poetry cannot parse the constraint "^1.2 || latest" (bar): "latest" is not a version constraint'),
    "unknown rule code": (b'[tool.pip2poetry]\nignore = ["P2P999"]\n', "pyproject.toml:2:1: unknown rule code 'P2P999' in [tool.pip2poetry] ignore (known: P2P001, P2P002, P2P003, P2P004, P2P005, P2P006, P2P007)"),
    "unknown setting": (b"[tool.pip2poetry]\nselct = []\n", "pyproject.toml:2:1: unknown setting 'selct' in [tool.pip2poetry] (expected calendar-versioned, ignore, select, semantic-versioned)"),
    "import setting of the wrong type": (b"[tool.pip2poetry]\ncalendar-versioned = \"tzdata\"\n", "pyproject.toml:2:1: [tool.pip2poetry] calendar-versioned must be a list of package names"),
}


@pytest.mark.parametrize("fix", [False, True], ids=["lint", "fix"])
@pytest.mark.parametrize("case", BAD_INPUTS, ids=list(BAD_INPUTS))
def test_bad_input(script_runner, project, case: str, fix: bool) -> None:
    content, message = BAD_INPUTS[case]
    path = project(content)
    result = lint(script_runner, *(["--fix"] if fix else []), cwd=path.parent)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == f"pip2poetry: error: {message}\n"
    assert path.read_bytes() == content
    assert sorted(p.name for p in path.parent.iterdir()) == ["pyproject.toml"]


def test_missing_path(script_runner, tmp_path) -> None:
    result = lint(script_runner, "nowhere/pyproject.toml", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "pip2poetry: error: nowhere/pyproject.toml: no such file or directory\n"
    result = lint(script_runner, cwd=tmp_path)  # no ./pyproject.toml
    assert result.returncode == 2
    assert result.stderr == "pip2poetry: error: pyproject.toml: no such file or directory\n"


def test_directory_without_pyproject(script_runner, tmp_path) -> None:
    (tmp_path / "src" / ".venv").mkdir(parents=True)
    (tmp_path / "src" / ".venv" / "pyproject.toml").write_text("")
    result = lint(script_runner, "src", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "pip2poetry: error: src: no pyproject.toml found in this directory\n"


def test_one_bad_file_means_no_file_is_fixed(script_runner, tmp_path) -> None:
    (tmp_path / "good").mkdir()
    (tmp_path / "bad").mkdir()
    good = tmp_path / "good" / "pyproject.toml"
    good.write_text('[tool.poetry.dependencies]\nfoo = "^1.0"\n')
    (tmp_path / "bad" / "pyproject.toml").write_text('[tool.poetry.dependencies]\nfoo = "^x"\n')
    result = lint(script_runner, "--fix", ".", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert good.read_text() == '[tool.poetry.dependencies]\nfoo = "^1.0"\n'


@pytest.mark.parametrize("args", [["lint", "--bogus"], [], ["frobnicate"]])
def test_usage_errors_exit_2(script_runner, tmp_path, args: list[str]) -> None:
    result = script_runner.run(["pip2poetry", *args], cwd=tmp_path)
    assert result.returncode == 2
    assert "usage: pip2poetry" in result.stderr
    assert "Traceback" not in result.stderr


# -- --fix -----------------------------------------------------------------------------


def _constraints(doc: object, path: tuple = ()) -> dict[tuple, str]:
    out = {}
    if isinstance(doc, dict):
        for key, value in doc.items():
            out.update(_constraints(value, path + (key,)))
    elif isinstance(doc, list):
        for index, value in enumerate(doc):
            out.update(_constraints(value, path + (index,)))
    elif isinstance(doc, str):
        out[path] = doc
    return out


def test_fix_rewrites_only_the_constraints(script_runner, project) -> None:
    original = (DATA / "all-rules.toml").read_text()
    path = project(original)
    result = lint(script_runner, "--fix", cwd=path.parent)
    assert result.returncode == 1  # P2P003/4/5 are not fixable, nor P2P007 without a lock
    fixed = path.read_text()
    assert fixed == (DATA / "all-rules.fixed.toml").read_text()
    assert result.stdout.count(" fixed ") == 9
    assert 'P2P001 fixed caret constraint: "^0.1.0" -> ">=0.1.0,<0.2"' in result.stdout
    assert 'P2P006 fixed upper bound: "aardvark (>=1.2,<2.0)" -> "aardvark (>=1.2,<2)"' in result.stdout
    assert result.stderr == "Fixed 9 problems in 1 file; 6 problems left (1 file checked).\n"
    # Line for line, only the quoted constraint changed; every changed string
    # allows exactly what Poetry's reading of the original allowed.
    assert len(fixed.splitlines()) == len(original.splitlines())
    before, after = _constraints(tomllib.loads(original)), _constraints(tomllib.loads(fixed))
    assert before.keys() == after.keys()
    changed = {k for k in before if before[k] != after[k]}
    assert len(changed) == 9
    for key in changed:
        assert "^" not in after[key] and "~" not in after[key]
        if key[0] == "project":  # a PEP 508 requirement: its specifier
            old, new = Requirement(before[key]), Requirement(after[key])
            assert (old.name, old.marker) == (new.name, new.marker)
            assert parse_constraint(str(new.specifier)) == parse_constraint(str(old.specifier)), key
        else:
            assert parse_constraint(after[key]) == parse_constraint(before[key]), key
    # fixing twice changes nothing
    again = lint(script_runner, "--fix", cwd=path.parent)
    assert path.read_text() == fixed
    assert " fixed " not in again.stdout
    assert again.stderr == "Nothing to fix; 6 problems left (1 file checked).\n"


def test_fix_keeps_quoting_comments_whitespace_and_line_endings(script_runner, project) -> None:
    original = (
        "# top comment\r\n"
        "[tool.poetry.dependencies]\r\n"
        "a   =   '^1.2'   # literal string\r\n"
        '"b.c" = "\\u005e2.0"\r\n'  # an escaped caret is still a caret
        'd = """^0.0.3"""\r\n'
        "e = { version = '~1.4.2' , optional = true }\r\n"
        "f = [ { version = \"^1\", python = '<3.12' },\r\n"
        "      { version = \"^2\", python = '>=3.12' } ]\r\n"
        'g = "^ 1.2 || ~ 0.3"\r\n'
    )
    path = project(original)
    path.chmod(0o640)
    result = lint(script_runner, "--fix", cwd=path.parent)
    assert result.returncode == 0, result.stderr
    assert path.read_bytes().decode() == (
        "# top comment\r\n"
        "[tool.poetry.dependencies]\r\n"
        "a   =   '>=1.2,<2'   # literal string\r\n"
        '"b.c" = ">=2.0,<3"\r\n'
        'd = """>=0.0.3,<0.0.4"""\r\n'
        "e = { version = '>=1.4.2,<1.5' , optional = true }\r\n"
        "f = [ { version = \">=1,<2\", python = '<3.12' },\r\n"
        "      { version = \">=2,<3\", python = '>=3.12' } ]\r\n"
        'g = ">=1.2,<2 || >=0.3,<0.4"\r\n'
    )
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in path.parent.iterdir()) == ["pyproject.toml"]  # no temp file left


def test_fix_on_a_clean_file_leaves_it_untouched(script_runner, project) -> None:
    path = project((DATA / "clean.toml").read_text())
    mtime = path.stat().st_mtime_ns
    os.utime(path, ns=(mtime - 10**9, mtime - 10**9))
    result = lint(script_runner, "--fix", cwd=path.parent)
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr == "Nothing to fix (1 file checked).\n"
    assert path.stat().st_mtime_ns == mtime - 10**9


def test_positions_in_tricky_but_valid_toml(script_runner, project) -> None:
    """Dotted and quoted keys, arrays of tables, comments and brackets inside
    strings: every finding points at the right line and column, and --fix
    changes nothing but the constraints."""
    original = (
        "[tool.poetry]  # [tool.poetry.dependencies] in a comment\n"
        'description = """A [table] look-alike\n'
        'foo = "^9.9"\n'
        '"""\n'
        "dependencies.alpha = '^1.0'\n"
        '"group"."dev".dependencies = { beta = "^2.0", "gamma.delta" = { version = "~3.1" } }\n'
        "\n"
        "[[tool.poetry.source]]\n"
        'name = "one"\n'
        'priority = "primary"\n'
        "[[tool.poetry.source]]\n"
        'name = "two"\n'
        "default = true\n"
        "\n"
        "[tool . poetry . group . docs . dependencies]\n"
        "epsilon = [  # several constraints\n"
        '    { version = "^0.1", markers = "python_version < \'3.12\'" },  # first\n'
        '    # a comment between entries\n'
        '    { version = "^0.2", markers = "python_version >= \'3.12\'" },\n'
        "]\n"
    )
    path = project(original)
    result = lint(script_runner, cwd=path.parent)
    assert result.stdout.splitlines() == [
        'pyproject.toml:5:23: P2P001 caret constraint "^1.0" (alpha): write ">=1.0,<2" instead',
        'pyproject.toml:6:40: P2P001 caret constraint "^2.0" (beta): write ">=2.0,<3" instead',
        'pyproject.toml:6:76: P2P002 Poetry tilde constraint "~3.1" (gamma.delta): write ">=3.1,<3.2" instead',
        'pyproject.toml:13:1: P2P004 source "two": "default = true" is rejected by Poetry 2: write priority = "primary" (and list the source first) instead',
        'pyproject.toml:17:18: P2P001 caret constraint "^0.1" (epsilon): write ">=0.1,<0.2" instead',
        'pyproject.toml:19:18: P2P001 caret constraint "^0.2" (epsilon): write ">=0.2,<0.3" instead',
    ]
    lint(script_runner, "--fix", cwd=path.parent)
    expected = (
        original.replace("'^1.0'", "'>=1.0,<2'")
        .replace('"^2.0"', '">=2.0,<3"')
        .replace('"~3.1"', '">=3.1,<3.2"')
        .replace('"^0.1"', '">=0.1,<0.2"')
        .replace('"^0.2"', '">=0.2,<0.3"')
    )
    assert path.read_text() == expected
    assert 'foo = "^9.9"' in expected  # text inside a multi-line string is not a dependency


def test_output_closed_early_is_not_a_traceback(project) -> None:
    """`pip2poetry lint | head -1`: the reader stops reading; the tool stops quietly."""
    import subprocess
    import sys

    lines = "\n".join(f'p{i} = "^1.{i}"' for i in range(5000))
    path = project("[tool.poetry.dependencies]\n" + lines + "\n")
    pip2poetry = Path(sys.executable).parent / "pip2poetry"
    proc = subprocess.Popen([pip2poetry, "lint"], cwd=path.parent, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().startswith(b"pyproject.toml:2:")
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=30) == 1
    assert "Traceback" not in stderr and stderr == ""


def test_this_repository_is_clean(script_runner) -> None:
    """The guide's own pyproject.toml follows the guide's range form (make lint, pre-commit)."""
    from lint_support import REPO

    result = lint(script_runner, "pyproject.toml", cwd=REPO)
    assert (result.returncode, result.stdout) == (0, ""), result.stdout
