"""A CI job's shell steps, run in order in a scenario's sandbox.

A scenario step ``{ ci = "github-actions.yml", job = "test", transcript = "x.console" }``
reads the job from the CI configuration (a snippet the page shows), turns its steps into
commands, and runs them as the transcript ``x.console`` with the usual runner: same
sandbox, same normalisation, same failure messages. The transcript's commands must be
exactly the job's commands in order (``make update-snippets`` writes them from the
configuration), so the page cannot show a configuration that differs from what ran.

What a CI service does around the shell is mapped explicitly (``MAPPED``), and anything
else that is not a shell command is refused, so a new kind of step cannot slip through
unexecuted:

- checking out the repository: the scenario's sample project is the checkout;
- setting up Python (GitHub's ``actions/setup-python``, a GitLab job's ``python:`` image,
  a CircleCI job's ``cimg/python:`` image):
  the CI service's Python is one that pip installs into, so a virtual environment of the
  machine's Python 3.11 stands in for it (the machine's own Python is never installed
  into), first on PATH from the job's start, as ``python``, ``python3`` and ``pip`` and
  with the scripts pip installs. Its pip asks the local index as its PyPI, the way the
  Docker tier's base image does (``harness.docker``), so pip prints what it prints with
  PyPI. Elsewhere ``python3`` is the machine's Python 3.11;
- caches: each job runs as a first run, with nothing to restore, and saving is skipped;
- the talkiq/poetry orb's ``poetry/install``: the orb downloads the official installer
  from install.python-poetry.org, which the tests cannot reach; the scenario's pinned
  Poetry (``tools``) is on PATH instead;
- job-level variables (GitHub ``env``, GitLab ``variables``, CircleCI ``environment``)
  become ``export`` commands at the start of the transcript; a secret
  ``${{ secrets.NAME }}`` becomes ``$NAME``. The sandbox holds the private index's
  credentials as ``$INDEX_USERNAME`` and ``$INDEX_PASSWORD``, as a secret store would;
- a CircleCI context (``CONTEXTS``) fills its variables from those two, unseen;
- files the services read between steps: ``$GITHUB_PATH`` (added to PATH for later
  steps) and CircleCI's ``$BASH_ENV`` (sourced before each later step), and the
  variables ``$CI_PROJECT_DIR`` (GitLab) and ``$GITHUB_WORKSPACE``.

One more change to what runs: when a command installs Poetry with pip into a virtual
environment (``<venv>/bin/pip install ... poetry==X``), the ``poetry`` script pip wrote is
replaced by the sandbox's usual launcher for that same environment, which sends Poetry's
PyPI requests to the local index (see ``harness.poetry_wrapper``). Poetry itself, as the
job installed it, is what runs.
"""

from __future__ import annotations

import atexit
import re
import shlex
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import poetry_wrapper
from .runner import current_test, record_rows
from .sandbox import Sandbox, Shell

#: Steps that are not shell commands, and what the tests do instead (see the module doc).
MAPPED = {
    # GitHub Actions: ``uses`` without the @ref
    "actions/checkout": "the sample project is the checkout",
    "actions/setup-python": "a virtual environment of the machine's Python 3.11, first on PATH (see PYPI_REDIRECT)",
    "actions/cache": "a first run: nothing to restore",
    # CircleCI built-in steps and orb commands
    "checkout": "the sample project is the checkout",
    "restore_cache": "a first run: nothing to restore",
    "save_cache": "nothing to keep after the test",
    "store_test_results": "nothing to keep after the test",
    "store_artifacts": "nothing to keep after the test",
    "poetry/install": "the scenario's pinned Poetry is on PATH (the orb downloads its installer)",
}

#: CircleCI contexts the guide's configurations name, and the sandbox's secrets they hold.
CONTEXTS = {
    "acme-index": {
        "POETRY_HTTP_BASIC_ACME_USERNAME": "INDEX_USERNAME",
        "POETRY_HTTP_BASIC_ACME_PASSWORD": "INDEX_PASSWORD",
    },
}

#: The sitecustomize.py of the virtual environment that stands in for a CI service's Python
#: (``Job.python``): its pip's PyPI is the local index, and that PyPI's index is the
#: sandbox's PIP_INDEX_URL, so pip prints neither "Looking in indexes" nor the local address
#: of a download, as with PyPI.
PYPI_REDIRECT = """\
# Test harness only (tests/harness/ci.py): pip's PyPI is the local index.
try:
    import pip._internal.models.index as _index
except ImportError:  # pip is not installed here
    pass
else:
    _index.PyPI = _index.PackageIndex({root!r}, file_storage_domain={netloc!r})
    _index.PyPI.simple_url = {simple!r}
"""

SECRET_RE = re.compile(r"\$\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
EXPRESSION_RE = re.compile(r"\$\{\{")
POETRY_INSTALL_RE = re.compile(r"^(\S+)/bin/pip install\b.*\bpoetry==")


class CiError(ValueError):
    """A CI configuration the tests cannot run as written."""


@dataclass
class Command:
    text: str
    where: str  # e.g. "job 'test', step 'Install Poetry'"
    step_end: bool = False  # the last command of a CI step


@dataclass
class Job:
    config: Path
    name: str
    service: str  # github | gitlab | circleci
    commands: list[Command]
    contexts: dict[str, str] = field(default_factory=dict)  # variable -> sandbox variable
    python: bool = False  # the service provides a Python that pip installs into (see prepare)
    _done: int = 0

    # -- the transcript ------------------------------------------------------------------
    def check_transcript(self, transcript: Path, texts: list[str]) -> tuple[int, str] | None:
        """(line, message) when the transcript's commands are not the job's, else None."""
        want = [c.text for c in self.commands]
        if texts == want:
            return None
        index = next((i for i, (a, b) in enumerate(zip(texts, want)) if a != b), min(len(texts), len(want)))
        shown = f"`{texts[index]}`" if index < len(texts) else "nothing"
        runs = f"`{want[index]}` ({self.commands[index].where})" if index < len(want) else "nothing more"
        return index, (
            f"command {index + 1} is {shown}, but {self.config.name} runs {runs}; a CI job's "
            "transcript lists its commands in order: run `make update-snippets` to rewrite it"
        )

    # -- running -------------------------------------------------------------------------
    def prepare(self, shell: Shell, cwd: Path, sandbox: Sandbox) -> None:
        """What the CI service sets up before the job's first step (hidden from the page)."""
        state = shell.state
        if self.python:  # outside HOME, as the service's Python is
            venv = sandbox.root / "ci-python"
            python3 = shutil.which("python3", path=sandbox.env()["PATH"])
            if python3 is None:
                raise RuntimeError("no python3 on the sandbox's PATH to stand in for the CI service's Python")
            service_python(Path(python3), venv)
            (site,) = (venv / "lib").glob("python3.*/site-packages")
            root = sandbox.simple_url.rsplit("simple/", 1)[0]
            redirect = PYPI_REDIRECT.format(root=root, netloc=root.split("://", 1)[1].rstrip("/"), simple=sandbox.simple_url)
            (site / "sitecustomize.py").write_text(redirect, encoding="utf-8")
            _hidden(shell, f'export PATH={shlex.quote(str(venv / "bin"))}:"$PATH"')
        exports = {"CI_PROJECT_DIR": str(cwd)} if self.service == "gitlab" else {}
        if self.service == "github":
            (state / "github_path").write_text("")
            exports |= {"GITHUB_PATH": str(state / "github_path"), "GITHUB_WORKSPACE": str(cwd)}
        if self.service == "circleci":
            (state / "bash_env").write_text("")
            exports["BASH_ENV"] = str(state / "bash_env")
        line = "; ".join(f"export {k}={shlex.quote(v)}" for k, v in exports.items())
        line += "".join(f'; export {k}="${v}"' for k, v in self.contexts.items())
        if line:
            _hidden(shell, line.lstrip("; "))

    def after(self, text: str, shell: Shell, sandbox: Sandbox) -> None:
        """Called by the runner after each command of the transcript."""
        command = self.commands[self._done] if self._done < len(self.commands) else None
        self._done += 1
        if match := POETRY_INSTALL_RE.match(text):
            venv = Path(match.group(1).replace("$HOME", str(sandbox.home)).replace("~", str(sandbox.home), 1))
            launcher, python = venv / "bin" / "poetry", venv / "bin" / "python"
            if launcher.exists() and python.exists():
                harness = str(Path(poetry_wrapper.__file__).parent)
                launcher.write_text(poetry_wrapper.script(harness, str(python), sandbox.pypi_url))
        if command is None or not command.step_end:
            return
        if self.service == "github":
            _hidden(
                shell,
                'while IFS= read -r p; do [ -n "$p" ] && PATH="$p:$PATH"; done < "$GITHUB_PATH"; '
                'export PATH; : > "$GITHUB_PATH"',
            )
        elif self.service == "circleci":
            _hidden(shell, 'source "$BASH_ENV"')


_TEMPLATES: dict[Path, Path] = {}


def service_python(python3: Path, venv: Path) -> None:
    """What ``python3 -m venv <venv>`` makes, without running ensurepip again for each job:
    pip is installed once per test process into a template environment, and each job's
    environment is made without pip and gets the template's site-packages and scripts,
    with the template's path in the scripts replaced by its own (they name their Python)."""
    # keyed by the interpreter itself: each sandbox has its own python3 link to it
    interpreter = python3.resolve()
    template = _TEMPLATES.get(interpreter)
    if template is None:
        parent = Path(tempfile.mkdtemp(prefix="p2p-ci-python-"))
        atexit.register(shutil.rmtree, parent, True)
        template = parent / "template"
        started = time.perf_counter()
        subprocess.run([str(interpreter), "-m", "venv", str(template)], check=True, capture_output=True)
        _TEMPLATES[interpreter] = template
        # once per test process, like a session fixture's set-up (make bench reports it so)
        record_rows([{"session": "CI jobs' Python template", "test": current_test(), "seconds": time.perf_counter() - started}])
    subprocess.run([str(python3), "-m", "venv", "--without-pip", str(venv)], check=True, capture_output=True)
    (source,) = (template / "lib").glob("python3.*/site-packages")
    (target,) = (venv / "lib").glob("python3.*/site-packages")
    shutil.copytree(source, target, dirs_exist_ok=True, symlinks=True)
    for script in (template / "bin").iterdir():
        if script.is_symlink() or (venv / "bin" / script.name).exists():
            continue  # python, python3 and the activate scripts: venv made them for this path
        text = script.read_bytes().replace(str(template).encode(), str(venv).encode())
        (venv / "bin" / script.name).write_bytes(text)
        (venv / "bin" / script.name).chmod(script.stat().st_mode)
    config = venv / "pyvenv.cfg"  # records the command that made it: the one a CI service runs
    config.write_text(config.read_text(encoding="utf-8").replace(" --without-pip", ""), encoding="utf-8")


def _hidden(shell: Shell, line: str) -> None:
    result = shell.run(line)
    if result.status != 0:
        raise CiError(f"the harness's own set-up failed: {line}\n{result.output.decode(errors='replace')}")


# -- reading configurations ---------------------------------------------------------------
def load_job(config: Path, job: str) -> Job:
    try:
        data = yaml.safe_load(config.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise CiError(f"{config.name}: not YAML: {exc}") from None
    if not isinstance(data, dict):
        raise CiError(f"{config.name}: not a CI configuration")
    if "jobs" in data and ("on" in data or True in data):  # PyYAML reads the key `on` as True
        return _github(config, data, job)
    if data.get("version") == 2.1 or "workflows" in data:
        return _circleci(config, data, job)
    return _gitlab(config, data, job)


def _lines(script: str, where: str) -> list[Command]:
    lines = [l for l in script.splitlines() if l.strip() and not l.lstrip().startswith("#")]
    for line in lines:
        if line.rstrip().endswith("\\"):
            raise CiError(f"{where}: write one command per line (no backslash continuations)")
    commands = [Command(l.strip(), where) for l in lines]
    if commands:
        commands[-1].step_end = True
    return commands


def _exports(variables: dict[str, Any] | None, where: str) -> list[Command]:
    commands = []
    for name, value in (variables or {}).items():
        value = SECRET_RE.sub(r"$\1", str(value))
        if EXPRESSION_RE.search(value):
            raise CiError(f"{where}: variable {name} uses an expression the tests do not map")
        commands.append(Command(f'export {name}="{value}"', f"{where}, variable {name}"))
    return commands


def _base(uses: str) -> str:
    return uses.split("@", 1)[0]


def _github(config: Path, data: dict[str, Any], name: str) -> Job:
    job = (data.get("jobs") or {}).get(name)
    if not isinstance(job, dict):
        raise CiError(f"{config.name}: no job {name!r}")
    where = f"job {name!r}"
    commands = _exports(job.get("env"), where)
    python = False
    for number, step in enumerate(job.get("steps") or [], start=1):
        label = f"{where}, step {step.get('name') or step.get('uses') or number!r}"
        if "uses" in step:
            if _base(step["uses"]) not in MAPPED:
                raise CiError(f"{config.name}: {label}: action {step['uses']} is not mapped in tests/harness/ci.py")
            python = python or _base(step["uses"]) == "actions/setup-python"
            continue
        if extra := set(step) - {"name", "run", "id", "if"}:
            raise CiError(f"{config.name}: {label}: the tests do not map {', '.join(sorted(extra))}")
        if EXPRESSION_RE.search(step["run"]):
            raise CiError(f"{config.name}: {label}: a run step uses an expression; pass it through env")
        commands += _lines(step["run"], label)
    return Job(config, name, "github", commands, python=python)


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        merged[key] = _merge(merged[key], value) if isinstance(value, dict) and isinstance(merged.get(key), dict) else value
    return merged


def _gitlab(config: Path, data: dict[str, Any], name: str) -> Job:
    job = data.get(name)
    if not isinstance(job, dict) or name.startswith("."):
        raise CiError(f"{config.name}: no job {name!r}")
    parents = job.get("extends") or []
    for parent in [parents] if isinstance(parents, str) else parents:
        job = _merge(data[parent], job)
    if extra := {"after_script", "services", "trigger"} & set(job):
        raise CiError(f"{config.name}: job {name!r}: the tests do not map {', '.join(sorted(extra))}")
    where = f"job {name!r}"
    variables = _merge(data.get("variables") or {}, job.get("variables") or {})
    commands = _exports(variables, where)
    default = data.get("default") or {}
    for key in ("before_script", "script"):
        for line in job.get(key, default.get(key, [])):
            commands += _lines(line, f"{where}, {key}")
    image = job.get("image", default.get("image")) or ""
    image = str(image.get("name", "") if isinstance(image, dict) else image)
    return Job(config, name, "gitlab", commands, python=image.startswith("python:"))


def _circleci(config: Path, data: dict[str, Any], name: str) -> Job:
    job = (data.get("jobs") or {}).get(name)
    if not isinstance(job, dict):
        raise CiError(f"{config.name}: no job {name!r}")
    where = f"job {name!r}"
    custom = data.get("commands") or {}
    commands = _exports(job.get("environment"), where)

    def steps(items: list[Any], label: str) -> None:
        nonlocal commands
        for number, step in enumerate(items, start=1):
            kind, args = (step, {}) if isinstance(step, str) else next(iter(step.items()))
            here = f"{label}, step {number} ({kind})"
            if kind == "run":
                script = args if isinstance(args, str) else args["command"]
                if not isinstance(args, str) and (extra := set(args) - {"name", "command"}):
                    raise CiError(f"{config.name}: {here}: the tests do not map {', '.join(sorted(extra))}")
                commands += _lines(script, f"{label}, step {args.get('name', number) if isinstance(args, dict) else number!r}")
            elif kind in custom:
                steps(custom[kind].get("steps", []), f"{label}, command {kind!r}")
            elif kind not in MAPPED:
                raise CiError(f"{config.name}: {here}: not a run step, and not mapped in tests/harness/ci.py")

    steps(job.get("steps") or [], where)
    contexts: dict[str, str] = {}
    for workflow in (data.get("workflows") or {}).values():
        for entry in workflow.get("jobs", []) if isinstance(workflow, dict) else []:
            if isinstance(entry, dict) and name in entry:
                names = (entry[name] or {}).get("context", [])
                for context in [names] if isinstance(names, str) else names:
                    if context not in CONTEXTS:
                        raise CiError(f"{config.name}: context {context!r} is not mapped in tests/harness/ci.py")
                    contexts |= CONTEXTS[context]
    # A cimg/python image's Python is one that pip installs into, as a GitLab python: image's.
    images = [str(d.get("image", "")) for d in job.get("docker") or [] if isinstance(d, dict)]
    return Job(config, name, "circleci", commands, contexts, python=bool(images) and images[0].startswith("cimg/python:"))
