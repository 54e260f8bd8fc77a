"""Scenario manifests: ``snippets/<page-slug>/scenario.toml``.

    [[scenario]]
    name = "migrate"                  # unique within the file
    sample = "inventory-app"          # tests/sample_projects/<sample>, copied to ~/<sample>
    steps = [
      { run = "poetry-init.console" },                            # run a transcript
      { write = "pyproject-edited.toml", to = "pyproject.toml" },  # the reader edits a file
      { compare = "pyproject-after-init.toml", with = "pyproject.toml" },  # file must match
      { ci = "github-actions.yml", job = "test", transcript = "gha-test.console" },  # a CI job
      { run = "teammate.console", poetry = "1.8.5" },  # `poetry` is an older release here
    ]

Steps run in order in one shell, so state (files, the virtualenv, ``cd``, exports) carries
from one step to the next. Paths in steps are relative to the manifest's folder; the
project paths in ``to``/``with`` are relative to the scenario's working directory.
Without ``sample`` the scenario starts in an empty ``~/project``.
With ``remote = "https://github.com/acme/ledger-export.git"`` as well, the sample is not
copied: it is the one commit of a repository served at that address, the scenario starts
in HOME, and its project folder is the one ``git clone`` makes there (see
``harness.remote``).
A ``run`` step with ``poetry = "<version>"`` runs its transcript with that older Poetry release
as the ``poetry`` on PATH, one of ``harness.poetry_releases.RELEASES``; the next step has the
pinned one again.
A ``ci`` step runs a CI configuration's job, its commands in order, as the transcript
``transcript`` (see ``harness.ci``).

``tools`` lists what is already installed on the reader's PATH (``~/.local/bin``) when the
scenario starts; by default the pinned ``poetry`` and ``pip2poetry``. A scenario that
installs Poetry itself says ``tools = []``; one that starts from Pipenv adds ``"pipenv"``
(the release pinned in ``tests/package_index/wheelhouse.txt``, installed once by make).
A scenario that runs Renovate adds ``"renovate"`` (the release pinned in package-lock.json,
on its Node 24; see ``harness.renovate``). One that builds images adds ``"docker"``: the
tests' own dockerd, ``docker`` and ``hadolint`` (see ``harness.docker``). One that installs
a tool with pipx adds ``"pipx"``: the pinned pipx, installed from the local index for that
scenario, its environments in HOME (see ``harness.pipx``).

A ``[before]`` table at the top of the file names the snippets that show a project as it
was before the page fixes it, or labelled history, each with the reason: every other
``pyproject.toml`` snippet must pass ``pip2poetry lint``
(``tests/test_result_pyprojects_pass_lint.py``), and only these may hold Poetry 1.x forms
such as ``--no-dev`` (``tests/test_one_install_rule.py``)::

    [before]
    "pyproject-poetry1.toml" = "the Poetry 1.x project the page upgrades"

``made-up`` names the made-up packages (``tests/package_index/packages.toml``) a scenario
may use. Tutorials and how-to guides promise that what a reader copies works against the
real PyPI, so their scenarios use real releases from the pinned wheelhouse; a made-up
package is only for a release that does not exist, and its page must say it is made up.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from .paths import DOCS, SAMPLES, SNIPPETS

#: Sections whose pages promise that what a reader copies works against the real PyPI.
REAL_PACKAGE_SECTIONS = ("tutorials", "how-to")

STEP_KINDS = ("run", "write", "compare", "ci")
TOOLS = ("poetry", "pip2poetry")
OPTIONAL_TOOLS = ("pipenv", "renovate", "docker", "pre-commit", "all-repos", "github", "pipx")
#: Tools whose scenarios run in an xdist group of their own (make test's --dist loadgroup):
#: one worker runs them one after another, next to the rest of the suite.
GROUPED_TOOLS = ("renovate", "docker", "pre-commit")
MANIFEST = "scenario.toml"


class ManifestError(ValueError):
    """A scenario.toml that cannot be used as written."""


@dataclass(frozen=True)
class Step:
    kind: str  # run | write | compare | ci
    snippet: Path  # the file under snippets/ (for ci: the transcript)
    target: str | None = None  # project-relative path for write/compare
    config: Path | None = None  # ci: the CI configuration under snippets/
    job: str | None = None  # ci: the job in it
    poetry: str | None = None  # run: an older Poetry release for this step (harness.poetry_releases)


@dataclass(frozen=True)
class Scenario:
    manifest: Path
    name: str
    sample: str | None
    steps: tuple[Step, ...]
    tools: tuple[str, ...] = TOOLS
    made_up: tuple[str, ...] = ()
    remote: str | None = None  # the address the sample is cloned from (harness.remote)
    #: an organisation's address: each folder of the sample's remotes/ is served at
    #: <remotes>/<folder>.git (harness.remote), and the rest of the sample is the work folder
    remotes: str | None = None

    @property
    def id(self) -> str:
        folder = self.manifest.parent
        where = folder.relative_to(SNIPPETS).as_posix() if folder.is_relative_to(SNIPPETS) else folder.name
        return f"{where}/{self.name}"

    @property
    def page(self) -> Path | None:
        """The page that shows this scenario's snippets: docs/<section>/<folder name>.md."""
        matches = sorted(DOCS.rglob(f"{self.manifest.parent.name}.md"))
        return matches[0] if matches else None

    @property
    def needs_real_packages(self) -> bool:
        page = self.page
        return page is not None and page.parent.name in REAL_PACKAGE_SECTIONS

    @property
    def xdist_group(self) -> str | None:
        """The xdist group of a scenario that uses a heavy tool (GROUPED_TOOLS), "ci" for one
        that runs CI jobs, else None."""
        ci = "ci" if any(step.kind == "ci" for step in self.steps) else None
        return next((tool for tool in self.tools if tool in GROUPED_TOOLS), ci)

    @property
    def workdir_name(self) -> str:
        if self.remote:
            from .remote import folder_name

            return folder_name(self.remote)
        return self.sample or "project"


def _step(manifest: Path, index: int, raw: object) -> Step:
    where = f"{manifest}: step {index + 1}"
    if not isinstance(raw, dict):
        raise ManifestError(f"{where}: a step is an inline table such as {{ run = \"x.console\" }}")
    kinds = [k for k in STEP_KINDS if k in raw]
    if len(kinds) != 1:
        raise ManifestError(f"{where}: give exactly one of {', '.join(STEP_KINDS)}")
    kind = kinds[0]
    allowed = {"run": {"run", "poetry"}, "write": {"write", "to"}, "compare": {"compare", "with"}, "ci": {"ci", "job", "transcript"}}[kind]
    if extra := set(raw) - allowed:
        raise ManifestError(f"{where}: unknown key(s) {', '.join(sorted(extra))}")
    if kind == "ci":
        if not raw.get("job") or not raw.get("transcript"):
            raise ManifestError(f"{where}: a ci step names its job and transcript")
        config = (manifest.parent / raw["ci"]).resolve()
        if not config.is_file():
            raise ManifestError(f"{where}: CI configuration {raw['ci']!r} does not exist")
        step = _step(manifest, index, {"run": raw["transcript"]})
        return Step("ci", step.snippet, None, config, str(raw["job"]))
    snippet = (manifest.parent / raw[kind]).resolve()
    if not snippet.is_file():
        raise ManifestError(f"{where}: snippet {raw[kind]!r} does not exist")
    if kind == "run" and snippet.suffix != ".console":
        raise ManifestError(f"{where}: a transcript to run ends in .console")
    target = raw.get("to") or raw.get("with")
    if kind != "run" and not target:
        raise ManifestError(f"{where}: '{kind}' needs the project file ('to' or 'with')")
    release = raw.get("poetry")
    if release is not None:
        from .poetry_releases import RELEASES

        if release not in RELEASES:
            raise ManifestError(f"{where}: poetry = {release!r} is not one of the older releases "
                                f"in tests/harness/poetry_releases.py ({', '.join(RELEASES)})")
    return Step(kind, snippet, target, poetry=release)


def _read(manifest: Path) -> dict:
    try:
        data = tomllib.loads(manifest.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ManifestError(f"{manifest}: {exc}") from None
    if extra := set(data) - {"scenario", "before"}:
        raise ManifestError(f"{manifest}: unknown top-level key(s) {sorted(extra)} (expected [[scenario]] and [before])")
    return data


def befores(manifest: Path) -> dict[Path, str]:
    """The manifest's ``[before]`` table: snippet file -> why it is shown unfixed."""
    raw = _read(manifest).get("before", {})
    if not isinstance(raw, dict):
        raise ManifestError(f"{manifest}: [before] is a table of snippet = \"reason\"")
    out: dict[Path, str] = {}
    for name, reason in raw.items():
        snippet = (manifest.parent / name).resolve()
        if not snippet.is_file():
            raise ManifestError(f"{manifest}: [before] names {name!r}, which does not exist")
        if not isinstance(reason, str) or not reason.strip():
            raise ManifestError(f"{manifest}: [before] {name!r} needs the reason it is shown unfixed")
        out[snippet] = reason
    return out


def load(manifest: Path) -> list[Scenario]:
    data = _read(manifest)
    scenarios = []
    names: set[str] = set()
    for raw in data.get("scenario", []):
        name = raw.get("name")
        if not name or name in names:
            raise ManifestError(f"{manifest}: every scenario needs a unique name")
        names.add(name)
        sample = raw.get("sample")
        if sample is not None and not (SAMPLES / sample).is_dir():
            raise ManifestError(f"{manifest}: scenario {name!r}: no sample project {sample!r}")
        steps = tuple(_step(manifest, i, s) for i, s in enumerate(raw.get("steps", [])))
        if not steps:
            raise ManifestError(f"{manifest}: scenario {name!r} has no steps")
        tools = tuple(raw.get("tools", TOOLS))
        if unknown := set(tools) - set(TOOLS + OPTIONAL_TOOLS):
            raise ManifestError(f"{manifest}: scenario {name!r}: unknown tools {sorted(unknown)}")
        made_up = raw.get("made-up", [])
        if not isinstance(made_up, list) or not all(isinstance(m, str) for m in made_up):
            raise ManifestError(f"{manifest}: scenario {name!r}: made-up is a list of package names")
        if extra := set(raw) - {"name", "sample", "steps", "tools", "made-up", "remote", "remotes"}:
            raise ManifestError(f"{manifest}: scenario {name!r}: unknown key(s) {sorted(extra)}")
        remote = raw.get("remote")
        if remote is not None and not sample:
            raise ManifestError(f"{manifest}: scenario {name!r}: 'remote' serves a sample: name it with 'sample'")
        if remote is not None and not (isinstance(remote, str) and remote.startswith("https://") and remote.count("/") >= 4):
            raise ManifestError(f"{manifest}: scenario {name!r}: 'remote' is a repository's https:// address")
        remotes = raw.get("remotes")
        if remotes is not None and not (sample and isinstance(remotes, str) and remotes.startswith("https://")
                                        and remote is None and (SAMPLES / sample / "remotes").is_dir()):
            raise ManifestError(f"{manifest}: scenario {name!r}: 'remotes' is an organisation's https:// address "
                                "for a sample with a remotes/ folder (and no 'remote')")
        scenarios.append(Scenario(manifest, name, sample, steps, tools, tuple(made_up), remote, remotes))
    if not scenarios:
        raise ManifestError(f"{manifest}: no [[scenario]]")
    return scenarios


def load_all(root: Path = SNIPPETS) -> list[Scenario]:
    scenarios: list[Scenario] = []
    for manifest in sorted(root.rglob(MANIFEST)):
        scenarios.extend(load(manifest))
    return scenarios


def snippet_files(root: Path = SNIPPETS) -> set[Path]:
    """Every file under snippets/ that a reader can see (manifests excluded)."""
    return {p.resolve() for p in root.rglob("*") if p.is_file() and p.name != MANIFEST}


def used_snippets(scenarios: list[Scenario]) -> set[Path]:
    used = {step.snippet for scenario in scenarios for step in scenario.steps}
    return used | {step.config for scenario in scenarios for step in scenario.steps if step.config}
