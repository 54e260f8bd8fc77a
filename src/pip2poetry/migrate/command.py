"""``pip2poetry migrate``: discover, plan, rewrite in memory, check, then write.

Nothing is written before every rewritten file has been read back by its format's own
parser and the import has produced a valid ``pyproject.toml``: a failure before that point
leaves the tree as it was (exit 2). Each file is then replaced atomically.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import io
import os
import posixpath
import re
import subprocess
import sys

from pip2poetry.discovery import OLD_INSTALL, Tree, discover
from pip2poetry.discovery.kinds import group_from_name
from pip2poetry.files import write_atomically
from pip2poetry.migrate import recipes
from pip2poetry.migrate import report as reporting
from pip2poetry.migrate.model import FileChange, Finding, MigrateError, Plan
from pip2poetry.migrate.rewriters import REGISTRY
from pip2poetry.migrate.rewriters.base import Invalid

_CONFLICT = re.compile(r"^(<{7}|={7}|>{7})(?: |$)", re.M)
_IMPORTED = ("requirements", "pip-tools-in", "pipfile", "pipfile-lock", "setup.py", "setup.cfg")


def run(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except MigrateError as e:
        print(f"pip2poetry: error: {e}", file=sys.stderr)
        return 2
    except (KeyboardInterrupt, BrokenPipeError):
        raise
    except Exception as e:  # a bug: one line, and nothing half-written (writes come last, atomic)
        print(f"pip2poetry: error: internal error ({type(e).__name__}: {e}); nothing written; please report it", file=sys.stderr)
        return 2


# -- the repository ---------------------------------------------------------------------------

def _git(root: str, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    return subprocess.run(["git", "-C", root, *argv], capture_output=True, text=True, env=env)


def _work_tree(path: str, allow_dirty: bool) -> str:
    if not os.path.isdir(path):
        raise MigrateError(f"{path}: not a folder")
    top = _git(path, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise MigrateError(f"{path}: not a git work tree (migrate makes one reviewable change: run it in a clone)")
    root = os.path.realpath(path)
    if os.path.realpath(top.stdout.strip()) != root:
        raise MigrateError(f"{path}: not the top of its git work tree ({top.stdout.strip()})")
    if not allow_dirty:
        status = _git(root, "status", "--porcelain", "--untracked-files=normal")
        if status.stdout.strip():
            first = status.stdout.splitlines()[0][3:]
            raise MigrateError(f"{first}: the work tree has uncommitted changes; commit or stash them, or give --allow-dirty")
    return root


# -- the plan -----------------------------------------------------------------------------------

def _plan(tree: Tree, findings: list[Finding]) -> tuple[Plan, list[str], list[tuple[str, str]]]:
    """The plan, the dependency files the import reads, and the --group pairs it needs."""
    plan = Plan(tree)
    from pip2poetry.discovery import DEPENDENCY_KINDS
    from pip2poetry.discovery.kinds import kind_of

    for where, message in tree.errors:
        if kind_of(where.split(":")[0]) in DEPENDENCY_KINDS:
            raise MigrateError(f"{where}: {message.removesuffix('; skipped')}; nothing written")
    for f in tree.dependency_files:
        text = tree.text(f.rel)
        if text is not None and f.kind in _IMPORTED and (m := _CONFLICT.search(text)):
            line = text.count("\n", 0, m.start()) + 1
            raise MigrateError(f"{f.rel}:{line}: merge-conflict marker; resolve the conflict, then migrate")
    kinds = {f.rel: f.kind for f in tree.dependency_files}
    sources: list[str] = []
    group_args: list[tuple[str, str]] = []
    if _poetry_project(tree.text("pyproject.toml")):
        # Already Poetry's: a requirements.txt here is an export; only commands move.
        return plan, sources, group_args
    if "Pipfile" in kinds:
        sources.append("Pipfile")
        plan.retiring |= {r for r in ("Pipfile", "Pipfile.lock") if r in kinds}
    else:
        for rel in ("setup.cfg", "setup.py"):
            if rel in kinds:
                sources.append(rel)
        ins = [r for r, k in kinds.items() if k == "pip-tools-in"]
        compiled = {os.path.splitext(r)[0] + ".txt" for r in ins}
        for rel in ins:
            group = tree.group_of(rel)
            plan.groups[rel] = group
            plan.retiring.add(rel)
        for rel in compiled:
            if rel in kinds:
                plan.groups[rel] = plan.groups[os.path.splitext(rel)[0] + ".in"]
        for rel in sorted(r for r, k in kinds.items() if k == "requirements" and r not in compiled):
            plan.groups[rel] = tree.group_of(rel)
        for rel in sorted(plan.groups):
            if rel in compiled:
                continue
            group = plan.groups[rel]
            # A file another main file includes is read through that include.
            if group is None and tree.included_by_main(rel):
                continue
            if group is not None:
                group_args.append((group, rel))
            else:
                sources.append(rel)
    for f in tree.dependency_files:
        if f.kind == "conda":
            findings.append(Finding(f.rel, 0, "P2M190", "a conda environment: conda packages are not PyPI packages; "
                                    "move what comes from PyPI by hand (how-to/migrate-a-data-science-repository)"))
            findings.extend(_conda_includes(f.rel, tree.text(f.rel) or "", plan.groups))
    return plan, sources, group_args


_CONDA_PIP_INCLUDE = re.compile(r"^\s*-\s+(?:-r|--requirement)[\s=]+(\S+)\s*(?:#.*)?$")


def _conda_includes(rel: str, text: str, imported: dict[str, str | None]) -> list[Finding]:
    """The lines of a conda file's pip: section that install a requirements file which
    the change imports and removes: conda would fail on them after the change."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if (m := _CONDA_PIP_INCLUDE.match(line)) is None:
            continue
        target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), m.group(1)))
        if target in imported:
            found.append(Finding(rel, number, "P2M190", f"its pip: section installs {target}, which the change removes: "
                                 "drop the pip: section, Poetry installs those packages (how-to/migrate-a-data-science-repository)"))
    return found


def _manager(tree: Tree) -> str | None:
    """What manages a pyproject.toml that is not Poetry's, when there is one."""
    import tomllib

    text = tree.text("pyproject.toml")
    if not text:
        return None
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None
    if not isinstance(doc.get("project"), dict):
        return None
    lock = next((f for f in ("uv.lock", "pdm.lock", "pylock.toml") if os.path.exists(os.path.join(tree.root, f))), None)
    backend = str(doc.get("build-system", {}).get("build-backend", "")) or "no build backend"
    return f"pyproject.toml is a [project] built with {backend}" + (f", locked in {lock}" if lock else "")


def _bad_input(where: str, message: str) -> Finding:
    path, _, line = where.partition(":")
    return Finding(path, int(line) if line.isdigit() else 0, "P2M000", message, bad_input=True)


def _poetry_project(text: str | None) -> bool:
    import tomllib

    if not text:
        return False
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise MigrateError(f"pyproject.toml: invalid TOML: {e}") from None
    backend = str(doc.get("build-system", {}).get("build-backend", ""))
    return bool(doc.get("tool", {}).get("poetry")) or backend.startswith("poetry")


def _outside(tree: Tree, findings: list[Finding]) -> None:
    for i in tree.installs:
        if i.outside or i.target.startswith("/") and i.how == "-r" and tree.kind(i.source) not in ("dockerfile",):
            findings.append(Finding(i.source, i.line, "P2M101", f"installs {i.target}, outside the repository: left as it is; "
                                    "that file needs its own migration"))


# -- the import -------------------------------------------------------------------------------

def _import_args(sources: list[str], groups: list[tuple[str, str]], args: argparse.Namespace, lock: bool) -> argparse.Namespace:
    return argparse.Namespace(
        sources=sources, group=[list(g) for g in groups] or None, versions_from=None, keep_ranges=False,
        lock=lock, poetry=args.poetry, name=None, dry_run=False, force=False,
    )  # fmt: skip


def _imported_text(root: str, ns: argparse.Namespace) -> tuple[str, str, list[str]]:
    """(pyproject before, after, the importer's notes) without writing anything."""
    from pip2poetry.importer import command as importer
    from pip2poetry.importer.model import InputError, read_text

    target = os.path.join(root, "pyproject.toml")
    imp = importer.Importer(ns, root)
    try:
        imp.read()
        original = read_text(target, "TOML") if os.path.exists(target) else ""
        import tomllib

        doc = tomllib.loads(original) if original else {}
        final = imp.build(original, imp.constraints(imp.overrides(doc)))
    except InputError as e:
        raise MigrateError(str(e)) from None
    except Exception as e:  # tomllib errors and the like
        raise MigrateError(f"pyproject.toml: {e}") from None
    notes = [f"{n.where}: {n.message}" for n in imp.imp.notes]
    todo = [f"{n.where}: {n.message}" for n in imp.imp.notes if n.todo]
    return original, final, notes + [f"TODO {t}" for t in todo]


def _run_import(root: str, ns: argparse.Namespace) -> tuple[int, str, str]:
    from pip2poetry.importer import command as importer

    out, err = io.StringIO(), io.StringIO()
    cwd = os.getcwd()
    os.chdir(root)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = importer.run(ns)
    finally:
        os.chdir(cwd)
    return code, out.getvalue(), err.getvalue()


# -- the command ---------------------------------------------------------------------------------

def _run(args: argparse.Namespace) -> int:
    root = _work_tree(args.path, args.allow_dirty)
    tree = discover(root)
    findings: list[Finding] = [_bad_input(where, message) for where, message in tree.errors]
    plan, sources, groups = _plan(tree, findings)
    _outside(tree, findings)
    importing = bool(sources or groups)
    # --keep-requirements: the main requirements files stay, as the lock's export.
    exported = _exported(sources, plan) if importing and args.keep_requirements else []
    if exported:
        plan.needs_export_plugin = True
    changes: list[FileChange] = []
    import_notes: list[str] = []
    pyproject_before = pyproject_after = None
    if importing:
        ns = _import_args(sources, groups, args, lock=False)
        pyproject_before, pyproject_after, import_notes = _imported_text(root, ns)
        findings += _left_by_the_import(import_notes)
        _names(plan, pyproject_after)
    else:
        pyproject = tree.text("pyproject.toml")
        if pyproject:
            _names(plan, pyproject)
    # Poetry installs after the change only if the change makes (or finds) a Poetry project:
    # a uv, Hatch or setuptools pyproject.toml without pip-era files is not migrate's to move.
    other_manager = None if importing or _poetry_project(tree.text("pyproject.toml")) else _manager(tree)
    if other_manager:
        findings.append(Finding("pyproject.toml", 0, "P2M000", f"{other_manager}: migrate moves pip-era repositories "
                                "(requirements files, Pipfile, setup.py, setup.cfg) and Poetry 1.x commands; this one is neither"))
    # Every consumer, rewritten in memory and read back by its format's parser.
    for f in tree.consumers if not other_manager else []:
        module = REGISTRY.get(f.kind)
        text = tree.text(f.rel)
        if module is None or text is None:
            continue
        result = module.rewrite(f.rel, text, plan)
        findings += result.findings
        if result.text is not None and result.text != text:
            try:
                module.check(f.rel, result.text)
            except Invalid as e:
                raise MigrateError(f"{f.rel}:{e.line}: the rewrite would write an invalid file ({e.message}); nothing written; please report it") from None
            changes.append(FileChange(f.rel, f.kind, text, result.text, _unique(result.rules)))
    _constraints_file(tree, changes, findings)
    if plan.needs_export_plugin:
        if importing:
            pyproject_after = _with_export_plugin(pyproject_after or "")
        elif tree.text("pyproject.toml") is not None:
            text = tree.text("pyproject.toml") or ""
            new_text = _with_export_plugin(text)
            if new_text != text:
                changes.insert(0, FileChange("pyproject.toml", "pyproject", text, new_text, ["P2M145"]))
    # What the change retires: the imported files nothing still needs, after the rewrite.
    for install in _still_installing(tree, changes):
        # The path as the line names it (/tmp/requirements/dev.txt in an image) maps to the file.
        target = install.target if install.target in plan.groups or install.target in plan.retiring else plan.resolve(install.source, install.target, False)
        if target is not None and (target in plan.groups or target in plan.retiring):
            plan.kept.setdefault(target, []).append(f"{install.source}:{install.line}")
    retired: list[str] = []
    if importing:
        for rel in sorted(set(plan.groups) | plan.retiring):
            if rel in exported:
                findings.append(Finding(rel, 0, "P2M191", f"kept as the lock's export ({EXPORT_COMMAND} --output {rel}), "
                                        f"as --keep-requirements asks: pip2poetry check-export {rel} fails when it drifts; "
                                        "remove the file once nothing reads it", todo=False))
                continue
            if rel in plan.kept:
                findings.append(Finding(rel, 0, "P2M190", f"kept: still installed by {', '.join(sorted(set(plan.kept[rel])))}, which the change left as it is"))
                continue
            if rel in ("setup.py", "setup.cfg") and any(n.startswith(("TODO setup.py", "TODO setup.cfg")) for n in import_notes):
                findings.append(Finding(rel, 0, "P2M111", "kept: the import could not read all of it (see the import's notes)"))
                continue
            if rel == "setup.cfg" and _has_tool_sections(tree.text(rel) or ""):
                findings.append(Finding(rel, 0, "P2M111", "kept: it holds other tools' settings; remove its [metadata] and [options] sections by hand", todo=False))
                continue
            retired.append(rel)
        for rel in ("setup.py", "setup.cfg"):
            if rel in sources and rel not in retired and rel not in plan.kept and rel not in [f.where for f in findings]:
                retired.append(rel)
    for rel in retired:
        changes.append(FileChange(rel, tree.kind(rel) or "requirements", tree.text(rel), None, ["retired"]))
    findings = _dedupe(findings + _left_over(tree, plan, changes, retired))
    for f in findings:  # what could not be read: one line each, as every command here does
        if f.bad_input:
            print(f"pip2poetry: {f.location}: {f.message}", file=sys.stderr)
    if not changes and not (importing and pyproject_after != pyproject_before):
        print(reporting.nothing(tree, findings), end="")
        why = other_manager or "no file installs the old way"
        print(f"pip2poetry: nothing to migrate: {why}" + (f"; {len(findings)} item(s) for a person" if findings else ""), file=sys.stderr)
        return 1 if any(f.todo for f in findings) else 0
    if importing:
        changes.insert(0, FileChange("pyproject.toml", "pyproject", pyproject_before or None, pyproject_after,
                                     ["import"] + (["P2M145"] if plan.needs_export_plugin else [])))
    if args.dry_run:
        if args.verify is not None:
            raise MigrateError("--verify runs the tests before and after the change, and --dry-run makes no change: give one of them")
        sys.stdout.write(_diff(changes))
        body = reporting.render(tree, changes, findings, import_notes, None, dry_run=True, base=args.guide_url)
        _write_report(args, body, root)
        print(f"Dry run: {len(changes)} file(s) would change; nothing written.", file=sys.stderr)
        return 1 if any(f.todo for f in findings) else 0
    verification = None
    if args.verify is not None:
        from pip2poetry.migrate import verify

        command = args.verify or verify.default_command(plan)
        if not command:
            raise MigrateError("--verify: no test command found in CI, tox or the Makefile; give one: --verify 'pytest -q'")
        if not importing:
            raise MigrateError("--verify: nothing is imported here, so there is no old way to compare with")
        scratch = verify.workdir()
        try:
            verification = verify.Verification(command, verify.before(root, plan, command, scratch))
        finally:
            import shutil

            shutil.rmtree(scratch, ignore_errors=True)
    # Write: the import (pyproject.toml and the lock) first; it restores pyproject on failure.
    lock_summary = None
    if importing:
        code, out, err = _run_import(root, _import_args(sources, groups, args, lock=True))
        if code == 2:
            message = err.strip().splitlines()[-1] if err.strip() else "the import failed"
            raise MigrateError(f"{message.removeprefix('pip2poetry: error: ')}; nothing written")
        lock_summary = (err.strip().splitlines() or [""])[-1]
        with open(os.path.join(root, "pyproject.toml"), encoding="utf-8") as fh:
            changes[0].after = fh.read()
        if plan.needs_export_plugin:
            # Not part of the lock's content hash: the lock stays fresh.
            changes[0].after = _with_export_plugin(changes[0].after)
            write_atomically(os.path.join(root, "pyproject.toml"), changes[0].after)
        lock_before = tree.text("poetry.lock")
        with open(os.path.join(root, "poetry.lock"), encoding="utf-8") as fh:
            lock_after = fh.read()
        if lock_after != lock_before:
            changes.insert(1, FileChange("poetry.lock", "poetry-lock", lock_before, lock_after, ["import"]))
        for rel in exported:
            text = _export(root, rel)
            changes.append(FileChange(rel, "requirements", tree.text(rel), text, ["P2M191"]))
    for change in changes:
        if change.rel in ("pyproject.toml", "poetry.lock") and importing:
            continue  # written by the import
        path = os.path.join(root, change.rel)
        if change.after is None:
            os.unlink(path)
            folder = os.path.dirname(path)
            while folder != root and folder.startswith(root + os.sep) and not os.listdir(folder):
                os.rmdir(folder)  # requirements/ once its last file is gone
                folder = os.path.dirname(folder)
        else:
            write_atomically(path, change.after)
    if verification is not None:
        from pip2poetry.importer.lock import find_poetry

        verification.after = verify.after(root, plan, verification.command, find_poetry(args.poetry), verify.groups_for_tests(plan))
    body = reporting.render(tree, changes, findings, import_notes, lock_summary, dry_run=False, verification=verification, base=args.guide_url)
    sys.stdout.write(body)
    _write_report(args, body, root)
    todo = sum(1 for f in findings if f.todo)
    print(f"Migrated: {len(changes)} file(s) changed" + (f", {todo} item(s) for a person (in the report)" if todo else "") + ".", file=sys.stderr)
    if verification is not None and not verification.same:
        return 1
    return 1 if todo else 0


#: the rewriters whose recipes install Poetry with ``pip install -c poetry-constraints.txt``
_CONSTRAINED_KINDS = ("dockerfile", "github-actions", "github-action", "gitlab-ci", "circleci")


def _constraints_file(tree: Tree, changes: list[FileChange], findings: list[Finding]) -> None:
    """``poetry-constraints.txt`` at the root, written with the recipes that name it (the Docker
    and CI pages pin Poetry's own dependencies with it); a file already there is kept."""
    name = recipes.CONSTRAINTS_FILE
    naming = [c for c in changes if c.kind in _CONSTRAINED_KINDS and c.after is not None and c.after.count(name) > (c.before or "").count(name)]
    if not naming:
        return
    # the rules whose recipes name the file: the Docker page's (P2M170), the CI page's (P2M160)
    rules = _unique([r for c in naming for r in c.rules if r in ("P2M170", "P2M160")])
    if os.path.lexists(os.path.join(tree.root, name)):
        findings.append(Finding(name, 0, rules[0] if rules else "P2M160", f"kept as it is: {', '.join(c.rel for c in naming)} now install "
                                f"Poetry with it; check it pins Poetry {recipes.POETRY_VERSION}'s own dependencies", todo=False))
        return
    changes.append(FileChange(name, "poetry-constraints", None, recipes.constraints_text(), rules))


def _still_installing(tree: Tree, changes: list[FileChange]):  # type: ignore[no-untyped-def]
    """The references that remain in the consumers once the rewrites are applied: the
    discovery's own reading of the new texts (a line no rewriter could change stays)."""
    from pip2poetry.discovery import references

    after = Tree(tree.root, files=list(tree.files))
    after._texts = dict(tree._texts)
    for c in changes:
        if c.after is not None:
            after._texts[c.rel] = c.after
    references.find(after)
    consumers = {f.rel for f in tree.consumers}
    return [i for i in after.installs if i.source in consumers and i.how in ("-r", "-c", "requirements", "copy")]


def _names(plan: Plan, pyproject: str) -> None:
    import tomllib

    try:
        doc = tomllib.loads(pyproject)
    except tomllib.TOMLDecodeError:
        return
    from packaging.requirements import InvalidRequirement, Requirement
    from packaging.utils import canonicalize_name

    specs = list(doc.get("project", {}).get("dependencies", []))
    for values in (doc.get("dependency-groups") or {}).values():
        specs += [v for v in values if isinstance(v, str)]
    for values in (doc.get("project", {}).get("optional-dependencies") or {}).values():
        specs += values
    for spec in specs:
        try:
            plan.dependency_names.add(canonicalize_name(Requirement(spec).name))
        except InvalidRequirement:
            continue
    plan.scripts |= set(doc.get("project", {}).get("scripts", {}) or {})
    plan.declared_groups |= set(doc.get("dependency-groups") or {}) | set(doc.get("tool", {}).get("poetry", {}).get("group") or {})
    mode = doc.get("tool", {}).get("poetry", {}).get("package-mode", True)
    plan.has_package = mode is not False


#: what [tool.poetry.requires-plugins] gets where ``poetry export`` runs (P2M145)
EXPORT_PLUGIN = ("poetry-plugin-export", ">=1.9,<2")


EXPORT_COMMAND = "poetry export --only main"


def _exported(sources: list[str], plan: Plan) -> list[str]:
    """The requirements files the main dependencies came from, which --keep-requirements keeps
    as the lock's export: a pip-tools project's compiled file, not its ``.in``."""
    out = []
    for rel in sources:
        if rel.endswith(".in"):
            rel = os.path.splitext(rel)[0] + ".txt"
        if rel in plan.groups and plan.groups[rel] is None and rel not in out:
            out.append(rel)
    return out


def _export(root: str, rel: str) -> str:
    """The lock's main group as a requirements file (pip2poetry.requirements_export), read
    from the lock the import just wrote; nothing is run."""
    from pip2poetry import requirements_export

    try:
        return requirements_export.export_text(os.path.join(root, "poetry.lock"), rel)
    except requirements_export.BadInput as e:
        raise MigrateError(f"{rel}: {e}") from None


def _with_export_plugin(text: str) -> str:
    """``pyproject.toml`` declaring the export plugin, so Poetry installs it for the project."""
    import tomllib

    from pip2poetry.importer.tomlwrite import Editor

    doc = tomllib.loads(text) if text.strip() else {}
    plugins = doc.get("tool", {}).get("poetry", {}).get("requires-plugins", {})
    if EXPORT_PLUGIN[0] in plugins:
        return text
    ed = Editor(text)
    ed.set(("tool", "poetry", "requires-plugins"), EXPORT_PLUGIN[0], EXPORT_PLUGIN[1])
    new = ed.text
    tomllib.loads(new)  # the editor's result is TOML, or this is a bug that writes nothing
    return new


def _has_tool_sections(text: str) -> bool:
    import configparser

    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text)
    except configparser.Error:
        return True
    setuptools = {"metadata", "options", "sdist", "bdist_wheel", "egg_info", "easy_install", "aliases"}
    return any(s not in setuptools and not s.startswith("options.") for s in parser.sections())


def _left_over(tree: Tree, plan: Plan, changes: list[FileChange], retired: list[str]) -> list[Finding]:
    """The safety net: every pip-era line still in a consumer after the rewrite, and every
    mention of a retired file, is listed (a rewriter that missed it is a bug, not silence)."""
    after = {c.rel: c.after for c in changes}
    out = []
    names = [r for r in retired]
    for f in tree.consumers:
        text = after.get(f.rel, tree.text(f.rel))
        if text is None:
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            if OLD_INSTALL.search(line) and not line.lstrip().startswith(("#", "//")):
                out.append(Finding(f.rel, number, "P2M000", f"left as it is: {line.strip()[:120]}"))
            else:
                for name in names:
                    if re.search(rf"(?<![\w./-]){re.escape(name)}(?![\w-])", line) and not line.lstrip().startswith("#"):
                        out.append(Finding(f.rel, number, "P2M190", f"names {name}, which the change removes"))
                        break
    return out


def _left_by_the_import(notes: list[str]) -> list[Finding]:
    """A requirement the import could not carry over because it names no package (an
    ``-e ./path`` or URL without ``#egg=`` or a readable name) is an item for a person, with
    its path:line, not only one of the import's notes: the report lists it under Needs a
    person and the exit status is 1."""
    out = []
    for note in notes:
        if not note.startswith("TODO "):
            continue
        where, _, message = note.removeprefix("TODO ").partition(": ")
        path, _, line = where.rpartition(":")
        if line.isdigit() and message.endswith(("is not a package name; not carried over", "no name in the folder); not carried over")):
            out.append(Finding(path, int(line), "P2M000", f"{message}; add it to pyproject.toml by hand"))
    return out


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: dict[tuple[str, int], Finding] = {}
    out = []
    for f in findings:
        key = (f.where, f.line)
        if key in seen and f.rule in ("P2M000", "P2M190") and f.line:
            continue  # the generic net repeats what a rewriter already said
        seen.setdefault(key, f)
        out.append(f)
    return sorted(out, key=lambda f: (f.where, f.line, f.rule))


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _diff(changes: list[FileChange]) -> str:
    out = []
    for c in changes:
        before = (c.before or "").splitlines(keepends=True)
        after = (c.after or "").splitlines(keepends=True)
        diff = difflib.unified_diff(before, after, fromfile=f"a/{c.rel}" if c.before is not None else "/dev/null",
                                    tofile=f"b/{c.rel}" if c.after is not None else "/dev/null")
        text = "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in diff)
        out.append(text)
    return "".join(out)


def _write_report(args: argparse.Namespace, body: str, root: str) -> None:
    if args.report:
        path = args.report
        try:
            write_atomically(path, body)
        except OSError as e:
            raise MigrateError(f"{path}: cannot write the report: {e.strerror or e}") from None
