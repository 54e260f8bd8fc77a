"""Shell commands, wherever they are written: a script, a Dockerfile's RUN, a CI job's
``run:`` or ``script:``, a Makefile recipe, tox's commands, a README's console block.

The text is parsed with tree-sitter's bash grammar; each simple command is matched
against the translations in :mod:`pip2poetry.migrate.translations`, and a match becomes
an :class:`Edit` of that command's span only, so everything around it (other commands,
``&&``, comments, line continuations elsewhere) stays byte for byte. A script the grammar
cannot parse is left untouched and listed with the line of the first error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pip2poetry.migrate.model import Edit, Finding, Plan

_PIP = re.compile(r"^(?:.*/)?pip(?:3(?:\.\d+)?)?$")
_PYTHON = re.compile(r"^(?:.*/)?python(?:3(?:\.\d+)?)?$")
#: packages a job installs to run a tool, not the project: never rewritten
TOOL_PACKAGES = {
    "pip", "setuptools", "wheel", "poetry", "tox", "nox", "pre-commit", "twine", "build",
    "virtualenv", "pipx", "pip-tools", "pipenv", "poetry-plugin-export", "uv", "hatch",
}  # fmt: skip
#: commands that come from the project's dependencies once they are installed
KNOWN_TOOLS = {
    "pytest", "py.test", "coverage", "flake8", "mypy", "black", "ruff", "isort", "pylint",
    "sphinx-build", "sphinx-apidoc", "mkdocs", "gunicorn", "uvicorn", "celery", "alembic",
    "django-admin", "flask", "behave", "bandit", "pyright", "hypercorn", "daphne",
}  # fmt: skip
_PIP_FLAGS_WITH_VALUE = {"-i", "--index-url", "--extra-index-url", "-f", "--find-links", "--trusted-host",
                         "--target", "-t", "--prefix", "--root", "--src", "--python-version", "--platform",
                         "--implementation", "--abi", "--cache-dir", "--log", "--progress-bar", "--timeout",
                         "--retries", "--proxy", "--config-settings", "-C", "--global-option", "--upgrade-strategy"}  # fmt: skip
_INDEX_FLAGS = {"-i", "--index-url", "--extra-index-url", "-f", "--find-links", "--no-index"}


@dataclass
class Word:
    text: str  # the shell word as written
    value: str | None  # its value when it has no expansion, else None
    start: int
    end: int


@dataclass
class Unit:
    """The state of one job, stage, script or file while its commands are read in order."""

    installed: bool = False  # an install was rewritten (or Poetry already installs) before
    installs: int = 0
    tools_after_install: bool = True  # prefix the project's tools with `poetry run`
    activated: bool = False  # `. .venv/bin/activate` ran: Poetry installs there, tools run as they are


@dataclass
class Shell:
    """How the commands of one consumer are rewritten."""

    plan: Plan
    source: str  # the consumer's path in the repository
    mode: str  # "ci", "docker", "dev" (a developer's machine: Makefile, tox, README, scripts)
    poetry: str = "poetry"
    relative_to_source: bool = False  # -r paths are relative to the consumer's folder
    variables: dict[str, str] = field(default_factory=dict)  # Makefile variables
    findings: list[Finding] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)  # the rules applied, in order
    #: per-command hook for the consumer: (words, rewritten) -> None
    poetry_needed: bool = False  # a rewrite needs Poetry where it runs (the CI rewriters insert it)
    dollar: str = "$"  # how a new "$" is written: "$$" in a Makefile recipe
    #: the CI's own template expressions, hidden from the shell parser (CircleCI's << x >>)
    templates: tuple[re.Pattern[bytes], ...] = ()

    def parse_errors(self, text: str) -> int | None:
        """The 1-based line of the first place the grammar cannot parse, else None."""
        tree = _parse(_mask(text.encode("utf-8"), self.templates))
        if not tree.root_node.has_error:
            return None
        node = _first_error(tree.root_node)
        return (node.start_point[0] + 1) if node is not None else 1

    def rewrite(self, text: str, unit: Unit, line_of: "callable[[int], int]" = None) -> list[Edit] | None:
        """Edits of ``text`` (offsets into it), or None when it cannot be parsed (listed)."""
        data = text.encode("utf-8")
        # ${{ }} and the like are the CI's, not the shell's: the parser sees a word of the
        # same length; the words keep their own text (and, holding a $, no fixed value).
        masked = _mask(data, self.templates)
        tree = _parse(masked)
        to_str = _offsets(text, data)
        where = line_of or (lambda offset: text.count("\n", 0, offset) + 1)
        if tree.root_node.has_error:
            node = _first_error(tree.root_node)
            offset = to_str(node.start_byte) if node is not None else 0
            self.findings.append(Finding(self.source, where(offset), "P2M000",
                                         "a shell command the parser cannot read: left as it is; rewrite it by hand", bad_input=True))
            return None
        edits: list[Edit] = []
        for node in _commands(tree.root_node):
            words = _words(node, data, to_str, masked)
            if not words:
                continue
            start = words[0].start
            end = to_str(node.end_byte)
            line = where(start)
            new = self.translate(words, unit, line)
            if new is None:
                continue
            replacement, rule = new
            if replacement == text[start:end]:
                continue
            edits.append(Edit(start, end, replacement, rule, line))
            self.rules.append(rule)
        return edits

    # -- one command -----------------------------------------------------------------------
    def translate(self, words: list[Word], unit: Unit, line: int) -> tuple[str, str] | None:
        values = [w.value if w.value is not None else w.text for w in words]
        head = values[0]
        if head.startswith("$(") and head.endswith(")") or head.startswith("${") and head.endswith("}"):
            name = head[2:-1]
            if name in self.variables:
                values = self.variables[name].split() + values[1:]
                head = values[0] if values else ""
        if not values:
            return None
        rest = values[1:]
        if head in (".", "source") and rest and rest[0].endswith("/bin/activate"):
            unit.activated = True
            return None
        venv = _venv_of(head)
        if _PYTHON.match(head) and len(rest) >= 2 and rest[0] == "-m" and rest[1] == "pip":
            return self._venv(self._pip(words, values[3:], unit, line), venv)
        if _PIP.match(head):
            if "poetry" in head or "POETRY" in head:
                return None  # Poetry's own environment's pip installs Poetry
            return self._venv(self._pip(words, rest, unit, line), venv)
        if _PYTHON.match(head) and rest[:1] == ["setup.py"]:
            return self._setup_py(rest[1:], unit, line)
        if head == "pipenv":
            return self._pipenv(words, rest, unit)
        base = head.rsplit("/", 1)[-1]
        if base == "pip-compile":
            upgrade = [rest[i + 1] for i, a in enumerate(rest[:-1]) if a in ("-P", "--upgrade-package")]
            if upgrade:
                return f"{self.poetry} update --lock {' '.join(upgrade)}", "P2M130"
            if "-U" in rest or "--upgrade" in rest:
                return f"{self.poetry} update --lock", "P2M130"
            return f"{self.poetry} lock", "P2M130"
        if base == "pip-sync":
            files = [v for v in rest if not v.startswith("-")]
            self.poetry_needed = True
            unit.installed = True
            return self._install_command(self._groups(files, line) if files else None, False, [], unit), "P2M131"
        if head == "poetry" or head.endswith("/poetry") or head.endswith('/poetry"'):
            return self._poetry(words, rest, unit)
        if unit.installed and unit.tools_after_install and not unit.activated and self.mode != "docker" and venv is None:
            if self._is_tool(head, rest):
                shown = " ".join(w.text for w in words[1:])
                return f"{self.poetry} run {head}{' ' + shown if shown else ''}", "P2M150"
        return None

    def _venv(self, rewritten: tuple[str, str] | None, venv: str | None) -> tuple[str, str] | None:
        """An install by a virtual environment's own pip (``.venv/bin/pip``) goes into that
        environment: Poetry uses the one VIRTUAL_ENV names, so ``.venv/bin/pytest`` still works."""
        if rewritten is None or venv is None:
            return rewritten
        new, rule = rewritten
        where = venv if venv.startswith(("/", "$", "~")) else f"{self.dollar}PWD/{venv}"
        return f'VIRTUAL_ENV="{where}" {new}', rule

    def _is_tool(self, tool: str, rest: list[str]) -> bool:
        if _PYTHON.match(tool):
            return not (rest[:2] in (["-m", "venv"], ["-m", "pip"], ["-m", "virtualenv"]) or rest[:1] == ["setup.py"])
        return tool in KNOWN_TOOLS or tool in self.plan.scripts

    # -- pip install -------------------------------------------------------------------------
    def _pip(self, words: list[Word], args: list[str], unit: Unit, line: int) -> tuple[str, str] | None:
        while args and args[0].startswith("-"):  # pip's general options: pip --no-cache-dir install
            args = args[2:] if args[0] in ("--cache-dir", "--log", "--proxy", "--timeout", "--retries", "--python") else args[1:]
        if not args or args[0] != "install":
            return None
        files: list[str] = []
        names: list[str] = []
        root = False
        extras: list[str] = []
        i = 1
        index = False
        dependency_groups: list[str] = []
        while i < len(args):
            a = args[i]
            if a == "--group" or a.startswith("--group="):
                # pip 25.1's dependency groups of pyproject.toml: Poetry's groups of the same name
                value = a.split("=", 1)[1] if "=" in a else (args[i + 1] if i + 1 < len(args) else "")
                dependency_groups.append(value.rsplit(":", 1)[-1])
                i += 1 if "=" in a else 2
                continue
            if a in ("-r", "--requirement", "-c", "--constraint"):
                if i + 1 >= len(args):
                    return None
                if a in ("-r", "--requirement"):
                    files.append(args[i + 1])
                i += 2
                continue
            m = re.match(r"^(?:-r|--requirement=)(.+)$", a)
            if m:
                files.append(m.group(1))
                i += 1
                continue
            if re.match(r"^(?:-c|--constraint=)(.+)$", a):
                i += 1
                continue
            if a in ("-e", "--editable"):
                if i + 1 < len(args):
                    target = args[i + 1]
                    if _is_here(target):
                        root = True
                        extras += _extras(target)
                    else:
                        names.append(target)
                i += 2
                continue
            if a.startswith("--editable="):
                target = a.split("=", 1)[1]
                root, extras = (True, extras + _extras(target)) if _is_here(target) else (root, extras)
                i += 1
                continue
            if a in _PIP_FLAGS_WITH_VALUE:
                index = index or a in _INDEX_FLAGS
                i += 2
                continue
            if a.startswith("-"):
                index = index or a.split("=")[0] in _INDEX_FLAGS
                i += 1
                continue
            if _is_here(a):
                root = True
                extras += _extras(a)
            else:
                names.append(a)
            i += 1
        if not files and not root and not dependency_groups:
            wanted = {_package_name(n) for n in names}
            if wanted and wanted <= TOOL_PACKAGES:
                return None
            locked = sorted(n for n in wanted if n in self.plan.dependency_names)
            if locked:
                self.findings.append(Finding(self.source, line, "P2M103",
                                             f"pip install {' '.join(names)}: installs {', '.join(locked)} by name, outside the lock; "
                                             "add it with poetry add, or remove the line"))
            return None
        if any(n for n in names if _package_name(n) not in TOOL_PACKAGES):
            self.findings.append(Finding(self.source, line, "P2M103",
                                         f"pip install also installs {' '.join(names)} by name, beside the files: left as it is; "
                                         "add the packages with poetry add and install with poetry sync"))
            self.plan.keep_for(files, self.source, line)
            return None
        groups = self._groups(files, line)
        if groups is None:
            self.plan.keep_for(files, self.source, line)
            return None
        groups |= set(dependency_groups)
        if not files and dependency_groups and not root:
            groups |= set()  # only the named groups, as pip installs them
        if root and not self.plan.has_package:
            root = False
        if index:
            self.findings.append(Finding(self.source, line, "P2M101",
                                         "the pip command named an index: Poetry reads its sources from pyproject.toml; "
                                         "check the source and its credentials (how-to/use-a-private-package-index)", todo=False))
        self.poetry_needed = True
        unit.installed = True
        return self._install_command(groups, root, extras, unit), "P2M102" if root and not files else "P2M101"

    def _groups(self, files: list[str], line: int) -> set[str | None] | None:
        """The groups the files became (None: the main dependencies), with what they include;
        None when a file is not one the change imports (listed)."""
        groups: set[str | None] = set()
        for raw in files:
            if "$" in raw or "{" in raw or "<<" in raw:
                self.findings.append(Finding(self.source, line, "P2M101",
                                             f"-r {raw}: a file named by a variable; left as it is: rewrite it by hand"))
                return None
            rel = self.plan.resolve(self.source, raw, self.relative_to_source)
            if rel is None:
                self.findings.append(Finding(self.source, line, "P2M101",
                                             f"-r {raw}: not a dependency file of this repository (outside it, or missing); left as it is"))
                return None
            groups |= self.plan.groups_installed_by(rel)
        return groups

    def _install_command(self, groups: set[str | None] | None, root: bool, extras: list[str], unit: Unit) -> str:
        verb = "sync" if unit.installs == 0 else "install"
        unit.installs += 1
        parts = [self.poetry, verb]
        wanted = set(groups or ()) | ({None} if root else set())
        if groups is not None and wanted != self.plan.all_groups():
            names = ["main"] if None in wanted else []
            names += sorted(g for g in wanted if g is not None)
            if names:
                parts.append("--only " + ",".join(names))
        if not root and self.plan.has_package:
            parts.append("--no-root")
        for e in extras:
            parts.append(f"-E {e}")
        return " ".join(parts)

    # -- setup.py, Pipenv, Poetry 1.x --------------------------------------------------------
    def _setup_py(self, args: list[str], unit: Unit, line: int) -> tuple[str, str] | None:
        commands = [a for a in args if not a.startswith("-")]
        if commands == ["test"]:
            return f"{self.poetry} run pytest", "P2M110"
        if commands and commands[0] in ("install", "develop"):
            self.poetry_needed = True
            unit.installed = True
            return self._install_command(None, True, [], unit), "P2M111"
        if commands and set(commands) <= {"sdist", "bdist_wheel", "bdist", "build"}:
            kinds = set(commands) - {"build"}
            fmt = " --format sdist" if kinds == {"sdist"} else " --format wheel" if kinds <= {"bdist_wheel", "bdist"} and kinds else ""
            return f"{self.poetry} build{fmt}", "P2M112"
        if commands:
            self.findings.append(Finding(self.source, line, "P2M112",
                                         f"python setup.py {' '.join(commands)}: no Poetry equivalent here; rewrite it by hand"))
        return None

    def _pipenv(self, words: list[Word], rest: list[str], unit: Unit) -> tuple[str, str] | None:
        if not rest:
            return None
        verb = rest[0]
        if verb in ("install", "sync") and not [a for a in rest[1:] if not a.startswith("-")]:
            dev = "--dev" in rest or "-d" in rest
            deploy = "--deploy" in rest or "--system" in rest
            self.poetry_needed = True
            unit.installed = True
            groups = None if dev or not deploy and verb == "install" and self.mode == "dev" else {None}
            if verb == "sync" and not dev:
                groups = {None}
            return self._install_command(groups, self.plan.has_package, [], unit), "P2M120"
        if verb == "run" and len(words) > 2:
            return f"{self.poetry} run " + " ".join(w.text for w in words[2:]), "P2M121"
        if verb == "lock":
            return f"{self.poetry} lock", "P2M122"
        if verb == "shell":
            return f'eval "{self.dollar}(poetry env activate)"', "P2M144"
        return None

    def _poetry(self, words: list[Word], rest: list[str], unit: Unit) -> tuple[str, str] | None:
        if not rest:
            return None
        verb = rest[0]
        shown = [w.text for w in words]
        if verb in ("install", "sync"):
            unit.installed = True
            unit.installs += 1
        if verb == "install" and ("--remove-untracked" in rest or "--sync" in rest):
            out = [w for w in shown[2:] if w not in ("--remove-untracked", "--sync")]
            return " ".join([shown[0], "sync"] + out), "P2M141"
        if verb == "install" and "--no-dev" in rest:
            return " ".join(["--only main" if w == "--no-dev" else w for w in shown]), "P2M140"
        if verb == "lock" and "--no-update" in rest:
            return " ".join(w for w in shown if w != "--no-update"), "P2M142"
        if verb == "lock" and "--check" in rest:
            return " ".join([shown[0], "check", "--lock"] + [w for w in shown[2:] if w != "--check"]), "P2M143"
        if verb == "shell":
            return f'eval "{self.dollar}(poetry env activate)"', "P2M144"
        if verb == "export":
            self.plan.needs_export_plugin = True
            return None
        if verb == "add" and ("--dev" in rest or "-D" in rest):
            return " ".join(["--group dev" if w in ("--dev", "-D") else w for w in shown]), "P2M146"
        return None


# -- tree-sitter ----------------------------------------------------------------------------

_PARSER = None


def _parse(text: str | bytes):  # type: ignore[no-untyped-def]
    global _PARSER
    if _PARSER is None:
        import tree_sitter
        import tree_sitter_bash

        _PARSER = tree_sitter.Parser(tree_sitter.Language(tree_sitter_bash.language()))
    return _PARSER.parse(text.encode("utf-8") if isinstance(text, str) else text)


#: GitHub Actions' and Forgejo's expressions: never valid shell, so always hidden
GITHUB_EXPRESSION = re.compile(rb"\$\{\{.*?\}\}")
#: CircleCI's pipeline and parameter templates (only in CircleCI: `cat << EOF >> f` is shell)
CIRCLECI_TEMPLATE = re.compile(rb"<<\s*[\w.-]+\s*>>")


def _mask(data: bytes, extra: tuple[re.Pattern[bytes], ...] = ()) -> bytes:
    for pattern in (GITHUB_EXPRESSION, *extra):
        data = pattern.sub(lambda m: b"X" * len(m.group(0)), data)
    return data


def _first_error(node):  # type: ignore[no-untyped-def]
    if node.type == "ERROR" or node.is_missing:
        return node
    for child in node.children:
        if child.has_error or child.type == "ERROR" or child.is_missing:
            found = _first_error(child)
            if found is not None:
                return found
    return None


def _offsets(text: str, data: bytes):  # type: ignore[no-untyped-def]
    if len(data) == len(text):
        return lambda b: b
    table = {}
    pos = 0
    for i, ch in enumerate(text):
        table[pos] = i
        pos += len(ch.encode("utf-8"))
    table[pos] = len(text)
    return lambda b: table.get(b, len(data[:b].decode("utf-8", "replace")))


def _commands(node):  # type: ignore[no-untyped-def]
    """Every simple command, in the order written (commands inside $( ) are not rewritten)."""
    out = []
    stack = [node]
    while stack:
        n = stack.pop()
        if n.type == "command":
            out.append(n)
            continue
        if n.type in ("command_substitution", "heredoc_body", "string", "raw_string"):
            continue
        stack.extend(reversed(n.children))
    return out


_VALUE_NODES = {"word", "string", "raw_string", "concatenation", "number", "simple_expansion", "expansion", "command_substitution"}


def _words(node, data: bytes, to_str, masked: bytes | None = None) -> list[Word]:  # type: ignore[no-untyped-def]
    words = []
    for child in node.children:
        if child.type == "variable_assignment":
            continue
        if child.type == "command_name":
            child = child.children[0] if child.children else child
        if child.type not in _VALUE_NODES:
            if child.type in ("file_redirect", "herestring_redirect", "heredoc_redirect"):
                break
            continue
        raw = data[child.start_byte:child.end_byte].decode("utf-8")
        templated = masked is not None and masked[child.start_byte:child.end_byte] != data[child.start_byte:child.end_byte]
        value = None if templated else _value(child, data)
        words.append(Word(raw, value, to_str(child.start_byte), to_str(child.end_byte)))
    return words


def _value(node, data: bytes) -> str | None:  # type: ignore[no-untyped-def]
    raw = data[node.start_byte:node.end_byte].decode("utf-8")
    if node.type in ("word", "number"):
        return raw.replace("\\", "") if "$" not in raw else None
    if node.type == "raw_string":
        return raw[1:-1]
    if node.type == "string":
        if any(c.type in ("simple_expansion", "expansion", "command_substitution") for c in node.children):
            return None
        return raw[1:-1]
    if node.type == "concatenation":
        parts = [_value(c, data) for c in node.children]
        return None if any(p is None for p in parts) else "".join(parts)  # type: ignore[arg-type]
    return None


def _venv_of(command: str) -> str | None:
    """The virtual environment a command runs from, when it names one (``.venv/bin/pip``)."""
    m = re.match(r"^(?P<venv>.+)/bin/[\w.-]+$", command)
    if not m or "poetry" in command.lower():
        return None
    venv = m.group("venv")
    return None if venv in ("/usr", "/usr/local", "") or venv.startswith(("/usr/", "/opt/python")) else venv


def _is_here(target: str) -> bool:
    base = re.sub(r"\[.*\]$", "", target)
    return base in (".", "./", "file:.") or base.rstrip("/") == "."


def _extras(target: str) -> list[str]:
    m = re.search(r"\[(.*)\]$", target)
    return [e.strip() for e in m.group(1).split(",") if e.strip()] if m else []


def _package_name(spec: str) -> str:
    m = re.match(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)", spec)
    return re.sub(r"[-_.]+", "-", m.group(1)).lower() if m else spec

