"""``migrate --verify COMMAND``: the repository's tests run the old way and the new way,
and the two runs compared. This is the one place migrate runs anything from the
repository, and only because the reader asked for it by giving ``--verify``.

Before the change: a fresh virtual environment, ``pip install -r`` of the files the test
job installs (as its CI did), then COMMAND with that environment first on PATH. After the
change: ``poetry sync`` of the same groups, then ``poetry run COMMAND``. The installed
versions (read from each environment's metadata, not from what either tool says) and the
exit statuses are compared; any difference makes migrate exit 1 and names the packages.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field

from pip2poetry.migrate.model import MigrateError, Plan

_INSTALLED = (
    "import importlib.metadata as m, json; "
    "print(json.dumps({(d.metadata['Name'] or '').lower().replace('_', '-'): d.version for d in m.distributions()}))"
)
_IGNORED = {"pip", "setuptools", "wheel", "distribute"}


@dataclass
class Run:
    how: str  # the commands, as a reader would type them
    status: int
    versions: dict[str, str] = field(default_factory=dict)
    tail: str = ""  # the last lines of the command's output


@dataclass
class Verification:
    command: str
    before: Run
    after: Run | None = None

    @property
    def differences(self) -> list[str]:
        if self.after is None:
            return []
        out = []
        names = sorted(set(self.before.versions) | set(self.after.versions))
        for name in names:
            a, b = self.before.versions.get(name), self.after.versions.get(name)
            if a != b:
                out.append(f"{name} {a or '(not installed)'} -> {b or '(not installed)'}")
        return out

    @property
    def same(self) -> bool:
        return self.after is not None and self.before.status == self.after.status and not self.differences

    def lines(self) -> list[str]:
        out = [f"- Before: `{self.before.how}`: exit status {self.before.status}, {len(self.before.versions)} packages installed."]
        if self.after is None:
            out.append("- After: not run.")
            return out
        out.append(f"- After: `{self.after.how}`: exit status {self.after.status}, {len(self.after.versions)} packages installed.")
        if self.after.status != self.before.status and self.after.tail:
            out += ["", "  ```text", *(f"  {line}" for line in self.after.tail.splitlines()), "  ```"]
        if self.same:
            out.append("- The same outcome and the same version of every installed package.")
        else:
            if self.before.status != self.after.status:
                out.append(f"- The outcome differs: exit status {self.before.status} before, {self.after.status} after.")
            for d in self.differences:
                out.append(f"- Installed versions differ: {d}")
        return out


def default_command(plan: Plan) -> str | None:
    """The test command the repository's own CI, tox or Makefile runs, if one is plain."""
    import re

    tree = plan.tree
    for kind in ("github-actions", "gitlab-ci", "circleci", "tox", "makefile"):
        for rel in tree.of_kind(kind):
            for line in (tree.text(rel) or "").splitlines():
                m = re.search(r"(?:^|[\s:-])((?:python3? -m )?pytest(?: [^#\n'\"|;&{}]*)?)\s*$", line)
                if m:
                    return m.group(1).strip()
    return None


def _files_for_tests(plan: Plan) -> list[str]:
    """The requirements files a test job installs: every file but docs and lint ones."""
    keep = [r for r, g in sorted(plan.groups.items()) if g not in ("docs", "lint", "typing")]
    included = {i.target for i in plan.tree.installs if i.source in keep and i.how == "-r"}
    return [r for r in keep if r not in included] or keep


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONHOME", "PYTHONPATH")}
    return env


def before(root: str, plan: Plan, command: str, workdir: str) -> Run:
    files = _files_for_tests(plan)
    venv = os.path.join(workdir, "before-venv")
    python = shutil.which("python3") or sys.executable
    steps = [[python, "-m", "venv", venv]]
    pip = [os.path.join(venv, "bin", "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    for f in files:
        pip += ["-r", f]
    steps.append(pip)
    env = _env()
    for step in steps:
        done = subprocess.run(step, cwd=root, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise MigrateError(f"--verify: the old way failed before anything was written: {shlex.join(step[2:] if step is pip else step)}: "
                               f"{(done.stderr.strip().splitlines() or ['exit ' + str(done.returncode)])[-1]}")
    versions = _versions([os.path.join(venv, "bin", "python")], root, env)
    env_run = dict(env, PATH=os.path.join(venv, "bin") + os.pathsep + env.get("PATH", ""), VIRTUAL_ENV=venv)
    done = subprocess.run(["bash", "-c", command], cwd=root, env=env_run, capture_output=True, text=True)
    how = f"pip install {' '.join('-r ' + f for f in files)} && {command}"
    return Run(how, done.returncode, versions, _tail(done))


def after(root: str, plan: Plan, command: str, poetry: str, groups: str) -> Run:
    env = _env()
    # As before, where pip installed the requirements files and not the project itself.
    sync = [poetry, "sync", "--no-interaction", "--no-root"] + (["--only", groups] if groups else [])
    done = subprocess.run(sync, cwd=root, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        return Run(" ".join(["poetry", *sync[1:]]), done.returncode, {}, _tail(done))
    shown = f"poetry sync --no-root{' --only ' + groups if groups else ''}"
    versions = _versions([poetry, "run", "python"], root, env)
    import tomllib

    try:
        with open(os.path.join(root, "pyproject.toml"), "rb") as f:
            name = str(tomllib.load(f).get("project", {}).get("name", ""))
        versions.pop(name.lower().replace("_", "-"), None)  # the project itself, installed by sync
    except (OSError, tomllib.TOMLDecodeError):
        pass
    run = subprocess.run([poetry, "run", "bash", "-c", command], cwd=root, env=env, capture_output=True, text=True)
    return Run(f"{shown} && poetry run {command}", run.returncode, versions, _tail(run))


def _versions(python: list[str], root: str, env: dict[str, str]) -> dict[str, str]:
    done = subprocess.run([*python, "-c", _INSTALLED], cwd=root, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        return {}
    found = json.loads(done.stdout)
    return {k: v for k, v in found.items() if k and k not in _IGNORED}


def _tail(done: subprocess.CompletedProcess[str]) -> str:
    return "\n".join((done.stdout + done.stderr).strip().splitlines()[-5:])


def groups_for_tests(plan: Plan) -> str:
    groups = {plan.groups[r] for r in _files_for_tests(plan)}
    for r in _files_for_tests(plan):
        groups |= plan.groups_installed_by(r)
    names = (["main"] if None in groups else []) + sorted(g for g in groups if g is not None)
    return ",".join(names)


def workdir() -> str:
    return tempfile.mkdtemp(prefix="pip2poetry-verify-")
