"""``pip2poetry import``: read the sources, apply the policy, write pyproject.toml, lock."""

from __future__ import annotations

import argparse
import os
import re
import sys
import tomllib

from pip2poetry.files import write_atomically
from pip2poetry.importer import others, pep508, policy
from pip2poetry.importer.model import Dep, Imported, InputError, Note, read_text, rel, sanitize
from pip2poetry.importer.requirements import Reader
from pip2poetry.importer.tomlwrite import Editor, value

PYPROJECT = "pyproject.toml"
_SKELETON_KEYS = ("name", "version", "description", "authors", "license", "readme", "keywords", "classifiers")
TODAY_GROUP = "pip2poetry-today"
_GROUP_WORDS = (("dev", "dev"), ("test", "test"), ("doc", "docs"))
BUILD_SYSTEM = {"requires": ["poetry-core>=2.0.0,<3.0.0"], "build-backend": "poetry.core.masonry.api"}


def group_of(path: str, explicit: dict[str, str]) -> str | None:
    real = os.path.realpath(path)
    if real in explicit:
        return explicit[real]
    name = os.path.basename(path).lower()
    for word, group in _GROUP_WORDS:
        if word in name:
            return group
    return None


def detect(project: str) -> tuple[list[str], dict[str, str]]:
    """The dependency files found here and the groups the discovery gives them (from the
    file's name, its folder, or the jobs that install it): the same discovery as survey
    and migrate, so a dev file with any name that a Makefile installs with -r is read."""
    from pip2poetry.discovery import discover

    tree = discover(project)
    found = tree.import_sources()
    groups = {
        os.path.realpath(os.path.join(project, r)): g
        for r, g in found.groups.items()
        if g is not None and group_of(os.path.join(project, r), {}) != g
    }
    # A dependency file the discovery could not read is still named, so that the reader
    # says why in its own words (not UTF-8, binary, a folder).
    from pip2poetry.discovery.kinds import kind_of

    unreadable = [w.split(":")[0] for w, _m in tree.errors if kind_of(w.split(":")[0]) in ("requirements", "pip-tools-in", "pipfile", "setup.py", "setup.cfg")]
    sources = found.sources + [u for u in unreadable if "/" not in u or tree.in_subproject(u) is None]
    return [os.path.join(project, r) for r in dict.fromkeys(sources)], groups


class Importer:
    def __init__(self, args: argparse.Namespace, project: str) -> None:
        self.args = args
        self.project = project
        self.imp = Imported()
        self.environ = dict(os.environ)

    def where(self, path: str) -> str:
        return rel(path, self.project)

    # -- reading ------------------------------------------------------------------------
    def read(self) -> None:
        args, imp = self.args, self.imp
        explicit_groups: dict[str, str] = {}
        given = list(args.sources)
        for name, path in args.group or []:
            if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", name):
                raise InputError(f"--group {name}: not a valid group name")
            explicit_groups[os.path.realpath(os.path.join(self.project, path))] = name
            given.append(path)
        if given:
            sources = [os.path.join(self.project, p) for p in given]
        else:
            sources, found_groups = detect(self.project)
            explicit_groups.update(found_groups)
        if not sources:
            raise InputError(
                "no dependency files found here (requirements*.txt, *.in, Pipfile, setup.cfg, setup.py); "
                "name them: pip2poetry import FILE…"
            )
        from pip2poetry.discovery.kinds import kind_of

        for path in sources:
            if not os.path.exists(path):
                raise InputError(f"{self.where(path)}: no such file")
            if os.path.isdir(path):
                raise InputError(f"{self.where(path)}: is a directory, not a dependency file")
            if kind_of(os.path.basename(path)) == "conda":
                raise InputError(
                    f"{self.where(path)}: a conda environment, which import does not read (conda packages are not "
                    "PyPI packages): import the requirements files its pip: section installs, and poetry add "
                    "the PyPI packages it lists"
                )
        sources = list(dict.fromkeys(sources))
        setup: dict = {}
        reader = Reader(imp, self.project, self.environ)
        kinds = {p: self._kind(p) for p in sources}
        for path in [p for p in sources if kinds[p] == "setup.cfg"] + [p for p in sources if kinds[p] == "setup.py"]:
            read = others.read_setup_cfg if kinds[path] == "setup.cfg" else others.read_setup_py
            setup.update(read(imp, path, self.project))
        if setup:
            others.apply_setup(imp, setup, self.project)
        for path in sources:
            if kinds[path] == "pipfile":
                others.read_pipfile(imp, path, self.project)
                lock = os.path.join(os.path.dirname(path), "Pipfile.lock")
                if os.path.exists(lock) and lock not in sources:
                    others.read_pipfile_lock(imp, lock, self.project)
            elif kinds[path] == "pipfile.lock":
                others.read_pipfile_lock(imp, path, self.project)
        reqs = [p for p in sources if kinds[p] in ("requirements", "in")]
        ordered = [p for p in reqs if group_of(p, explicit_groups) is None] + [p for p in reqs if group_of(p, explicit_groups) is not None]
        for path in ordered:
            if os.path.realpath(path) in reader.done:
                continue
            reader.read(path, group_of(path, explicit_groups))
        for path in reqs:
            if kinds[path] == "in":
                compiled = os.path.splitext(path)[0] + ".txt"
                if os.path.exists(compiled):
                    reader.read(compiled, None, versions_only=True)
                    imp.note(self.where(compiled), f"compiled from {self.where(path)}: its pins are today's versions")
                else:
                    imp.note(self.where(path), f"no {self.where(compiled)} beside it: today's versions unknown; run pip-compile or give --versions-from", todo=True)
        if args.versions_from:
            path = os.path.join(self.project, args.versions_from)
            if not os.path.exists(path):
                raise InputError(f"--versions-from {args.versions_from}: no such file or directory")
            others.read_versions(imp, path, self.project)
        if not imp.python_today:
            imp.python_today = "%d.%d" % sys.version_info[:2]
        self._assign_sources()

    def _assign_sources(self) -> None:
        """--internal: which packages come from the explicit sources that --extra-index-url
        became. A source that no package names serves nothing, so it is left to a person."""
        imp = self.imp
        explicit = [s for s in imp.sources if s.option == "--extra-index-url"]
        by_key = {}
        for dep in imp.deps:
            by_key.setdefault(dep.key, []).append(dep)
        assigned: dict[str, list[str]] = {s.name: [] for s in explicit}
        for given in getattr(self.args, "internal", None) or []:
            name, _, source = given.partition("=")
            if not re.fullmatch(r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?", name):
                raise InputError(f"--internal {given}: not a package name")
            if not explicit:
                raise InputError(f"--internal {given}: no --extra-index-url to take it from; nothing written")
            if not source:
                if len(explicit) > 1:
                    names = ", ".join(s.name for s in explicit)
                    raise InputError(f"--internal {given}: say which source serves it, {name}=SOURCE (sources: {names}); nothing written")
                source = explicit[0].name
            if source not in assigned:
                names = ", ".join(s.name for s in explicit)
                raise InputError(f"--internal {given}: no --extra-index-url became source {source!r} (sources: {names}); nothing written")
            deps = by_key.get(pep508.normalize(name))
            if not deps:
                raise InputError(f"--internal {given}: no imported dependency is called {name!r}; nothing written")
            for dep in deps:
                if dep.url or dep.path:
                    raise InputError(f"--internal {given}: {dep.where}: a direct reference or path does not come from an index; nothing written")
                dep.source = source
            if deps[0].name not in assigned[source]:
                assigned[source].append(deps[0].name)
        for source in explicit:
            names = assigned[source.name]
            if names:
                verb = "comes" if len(names) == 1 else "come"
                imp.note(source.where, f"source \"{source.name}\": {', '.join(names)} {verb} from it (source = \"{source.name}\"), every other package from PyPI")
            else:
                imp.note(
                    source.where,
                    f"source \"{source.name}\": no package comes from it yet. pip asked this index for every package, "
                    "so a public release could replace yours; name the packages it serves with --internal PACKAGE",
                    todo=True,
                )

    def _kind(self, path: str) -> str:
        base = os.path.basename(path)
        if base == "Pipfile":
            return "pipfile"
        if base == "Pipfile.lock":
            return "pipfile.lock"
        if base in ("setup.cfg", "setup.py"):
            return base
        if base.endswith(".in"):
            return "in"
        return "requirements"

    # -- policy -------------------------------------------------------------------------
    def constraints(self, overrides: dict[str, set[str]], locked: dict[str, str] | None = None, pinned: bool = False) -> list[tuple[Dep, str]]:
        out = []
        imp = self.imp
        for dep in imp.deps:
            if dep.url or dep.path:
                if not pinned:
                    kind = "a direct reference" if dep.url else "a local path"
                    imp.note(dep.where, f"{dep.raw}: {kind}; no version range")
                    known = imp.today.get(dep.key)
                    if dep.url and known and known[1] != dep.where:
                        # PEP 508: "name @ URL" takes no version specifier; the report says
                        # what runs today (a version the line itself names has its own line).
                        imp.note(dep.where, f"{dep.raw}: today's {known[0]} ({known[1]}) is not written: a direct reference installs what its URL names")
                out.append((dep, ""))
                continue
            today = imp.today.get(dep.key)
            version = today[0] if today else None
            from_lock = False
            if version is None and locked and dep.key in locked:
                version, from_lock = locked[dep.key], True
            if pinned:
                out.append((dep, f"=={version}" if version else dep.specifier))
                continue
            constraint, why, todo = self._policy(dep, version, overrides)
            if from_lock and version:
                why += " (the version Poetry locked: no version was known from today)"
            if not version and not self.args.lock:
                todo = True
            if today and dep.specifier and policy.satisfies(version, dep.specifier) is False:
                imp.note(dep.where, f"{dep.raw}: today's {version} ({today[1]}) is outside the file's own constraint {dep.specifier}; check which one runs", todo=True)
            shown = policy.render(dep, constraint)
            original = policy.render(dep, dep.specifier)
            if shown != original or todo:
                imp.note(dep.where, f"{dep.raw} -> {shown}: {why}", todo=todo)
            out.append((dep, constraint))
        return out

    def _policy(self, dep: Dep, version: str | None, overrides: dict[str, set[str]]) -> tuple[str, str, bool]:
        key = dep.key
        if version is None:
            if self.args.lock:
                return dep.specifier, "", False
            if dep.specifier:
                return dep.specifier, "no version known to run today: kept the file's constraint; give --versions-from or --lock", True
            return "", "no version known to run today: left unconstrained; give --versions-from or --lock", True
        if pep508.version_key(version) is None:
            return dep.specifier or f"==={version}", f"today's {version} is not a PEP 440 version: kept as written", False
        if "+" in version:
            return f"=={version}", f"today's {version} has a local version label, which only == can name", False
        reason = policy.pin_reason(key, version, overrides)
        if reason:
            return f"=={version}", f"{reason}: pinned to today's version", False
        if self.args.keep_ranges and dep.specifier and not re.fullmatch(r"===?[^,]+", dep.specifier):
            if policy.satisfies(version, dep.specifier) is not False:
                return dep.specifier, "", False
        upper = policy.next_breaking(version)
        which = "minor" if pep508.release(version)[0] == 0 else "major"
        return f">={version},<{upper}", f"from today's {version} up to the next {which} release", False

    # -- writing ------------------------------------------------------------------------
    def overrides(self, doc: dict) -> dict[str, set[str]]:
        """The policy's overrides (policy.read_overrides, which lint reads too), refused
        with the file's path when they are not lists of package names."""
        config = doc.get("tool", {}).get("pip2poetry", {})
        for key in ("calendar-versioned", "semantic-versioned") if isinstance(config, dict) else ():
            values = config.get(key, [])
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                raise InputError(f"{PYPROJECT}: [tool.pip2poetry] {key} must be a list of package names")
        return policy.read_overrides(doc)

    def build(self, original: str, chosen: list[tuple[Dep, str]], extra_group: dict[str, str] | None = None, quiet: bool = False) -> str:
        imp, args = self.imp, self.args
        creating = not original.strip()
        text = original if not creating else self._skeleton()
        try:
            ed = Editor(text)
        except tomllib.TOMLDecodeError as e:
            raise InputError(f"{PYPROJECT}: invalid TOML: {e}") from None
        doc = ed.doc
        project = doc.get("project", {})
        if not isinstance(project, dict):
            raise InputError(f"{PYPROJECT}: [project] is not a table")
        main: list[str] = []
        groups: dict[str, list[str]] = {}
        extras: dict[str, list[str]] = {}
        poetry_deps: dict[str, dict] = {}
        poetry_sources: list[tuple[tuple[str, ...], str, str]] = []  # (table, name, source) outside the main list
        written: list[tuple[str, str]] = []  # (requirement string, the source's file:line)
        for dep, constraint in chosen:
            line = policy.render(dep, constraint)
            if dep.source and dep.extra:
                raise InputError(f"--internal {dep.name}: {dep.where}: a package of extra {dep.extra!r}; give it its source by hand; nothing written")
            if dep.source and dep.group:
                poetry_sources.append((("tool", "poetry", "group", dep.group, "dependencies"), dep.name, dep.source))
            elif dep.source:
                poetry_deps[dep.name] = {"source": dep.source}
            if dep.path:
                line = policy.render(Dep(dep.name, dep.extras, marker=dep.marker), "")
                entry = {"path": dep.path}
                if dep.develop:
                    entry["develop"] = True
                poetry_deps[dep.name] = entry
            written.append((line, dep.where))
            if dep.extra:
                extras.setdefault(dep.extra, []).append(line)
            elif dep.group:
                groups.setdefault(dep.group, []).append(line)
            else:
                main.append(line)
        if extra_group:
            groups[TODAY_GROUP] = [f"{name} (=={version})" for name, version in extra_group.items()]
            for name, version in extra_group.items():
                written.append((f"{name} (=={version})", imp.today.get(pep508.normalize(name), ("", PYPROJECT))[1]))
        # Every string is checked with packaging (what pip and Poetry read it with) before
        # anything is written: a line that is not PEP 508 is the source's error, not the file's.
        for line, where in written:
            problem = pep508.requirement_problem(line)
            if problem:
                raise InputError(f"{where or PYPROJECT}: {line!r} would not be a valid PEP 508 requirement ({problem}); nothing written")

        conflicts = []
        old_main = project.get("dependencies")
        if old_main and old_main != main:
            conflicts.append(("[project] dependencies", None))
        for name, lines in extras.items():
            old = project.get("optional-dependencies", {}).get(name)
            if old and old != lines:
                conflicts.append((f"[project.optional-dependencies] {name}", None))
        for name, lines in groups.items():
            old = doc.get("dependency-groups", {}).get(name)
            if old and old != lines:
                conflicts.append((f"[dependency-groups] {name}", None))
        poetry = doc.get("tool", {}).get("poetry", {})
        old_tables = []
        if isinstance(poetry, dict):
            if isinstance(poetry.get("dependencies"), dict) and set(poetry["dependencies"]) - {"python"} - set(poetry_deps):
                old_tables.append(("tool", "poetry", "dependencies"))
            if "dev-dependencies" in poetry:
                old_tables.append(("tool", "poetry", "dev-dependencies"))
            for gname, g in (poetry.get("group") or {}).items():
                if isinstance(g, dict) and g.get("dependencies"):
                    old_tables.append(("tool", "poetry", "group", gname, "dependencies"))
        conflicts += [("[" + ".".join(t) + "]", t) for t in old_tables]
        if conflicts and not args.force:
            names = ", ".join(c for c, _ in conflicts)
            raise InputError(f"{PYPROJECT}: already declares dependencies ({names}); refusing to replace them (use --force)")
        for label, table in conflicts:
            if table is not None:
                if not ed.remove_table(table):
                    raise InputError(f"{PYPROJECT}: cannot remove {label}: it is not a table of its own; edit it by hand")
                if not quiet:
                    imp.note(PYPROJECT, f"{label}: removed (--force); its dependencies are replaced by the imported ones")
            elif not quiet:
                imp.note(PYPROJECT, f"{label}: replaced (--force)")

        # [project]
        meta = dict(imp.metadata)
        if creating:
            meta = {k: v for k, v in meta.items() if k not in _SKELETON_KEYS}
        else:
            for k in list(meta):
                if k in project:
                    del meta[k]
            if "name" not in project and "name" not in meta:
                meta["name"] = self._name()
            if "version" not in project and "version" not in meta and "version" not in project.get("dynamic", []):
                meta["version"] = "0.1.0"
        for k in ("name", "version", "description", "authors", "license", "readme", "keywords", "classifiers"):
            if k in meta:
                ed.set(("project",), k, meta[k])
        old_rp = project.get("requires-python")
        if isinstance(old_rp, str) and old_rp.strip():
            rp, why = policy.requires_python(
                (re.sub(r"\s+", "", old_rp), "the existing requires-python"), imp.python_today, keep=args.keep_ranges
            )
            self._check_requires_python(rp, PYPROJECT)
            if rp != re.sub(r"\s+", "", old_rp):
                ed.set(("project",), "requires-python", rp)
                if not quiet:
                    imp.note(PYPROJECT, f"requires-python \"{rp}\": {why}")
        else:
            rp, why = policy.requires_python(imp.requires_python, imp.python_today, keep=args.keep_ranges)
            self._check_requires_python(rp, imp.requires_python[1] if imp.requires_python else PYPROJECT)
            ed.set(("project",), "requires-python", rp)
            if not quiet:
                where = imp.requires_python[1] if imp.requires_python else PYPROJECT
                why = why.replace(f"the lower bound of {where}", "the lower bound written here")
                imp.note(where, f"requires-python \"{rp}\": {why}")
        ed.set(("project",), "dependencies", main)
        if "urls" in meta:
            ed.set_table(("project", "urls"), meta["urls"])
        for name, lines in extras.items():
            ed.set(("project", "optional-dependencies"), name, lines)
        if imp.scripts:
            old_scripts = project.get("scripts", {})
            for name, target in imp.scripts.items():
                if name in old_scripts and old_scripts[name] != target and not args.force:
                    raise InputError(f"{PYPROJECT}: [project.scripts] {name} already points elsewhere; refusing to replace it (use --force)")
                ed.set(("project", "scripts"), name, target)
        # [tool.poetry]
        if imp.packages and "packages" not in (poetry if isinstance(poetry, dict) else {}):
            ed.set(("tool", "poetry"), "packages", imp.packages, rendered="[" + ", ".join(value(p) for p in imp.packages) + "]")
        for name, entry in poetry_deps.items():
            ed.set(("tool", "poetry", "dependencies"), name, entry)
        for table, name, source in poetry_sources:
            ed.set(table, name, {"source": source})
        existing = {s.get("url", "").rstrip("/"): s for s in (poetry.get("source", []) if isinstance(poetry, dict) else []) if isinstance(s, dict)}
        for source in imp.sources:
            if source.url.rstrip("/") in existing:
                continue
            ed.add_aot(("tool", "poetry", "source"), {"name": source.name, "url": source.url, "priority": source.priority})
        # [build-system]
        build = doc.get("build-system", {})
        if not creating and (not isinstance(build, dict) or build.get("build-backend") != BUILD_SYSTEM["build-backend"]):
            old_backend = build.get("build-backend", "none") if isinstance(build, dict) else "none"
            if "build-system" in doc:
                ed.remove_table(("build-system",))
            ed.expected["build-system"] = dict(BUILD_SYSTEM)
            ed.add_table(("build-system",), [("requires", value(BUILD_SYSTEM["requires"], "inline")), ("build-backend", value(BUILD_SYSTEM["build-backend"]))])
            if not quiet:
                imp.note(PYPROJECT, f"[build-system]: {old_backend} -> poetry-core, so that Poetry builds the project")
        # [dependency-groups]
        for name, lines in groups.items():
            ed.set(("dependency-groups",), name, lines)
        if not ed.check():
            raise InputError(f"{PYPROJECT}: internal error: the edit would change more than the imported tables; file left unchanged")
        return ed.text

    @staticmethod
    def _check_requires_python(rp: str, where: str) -> None:
        problem = pep508.specifier_problem(rp)
        if problem:
            raise InputError(f"{where}: requires-python {rp!r} would not be a valid version specifier ({problem}); nothing written")

    def _name(self) -> str:
        return self.args.name or os.path.basename(os.path.abspath(self.project))

    def _skeleton(self) -> str:
        meta = dict(self.imp.metadata)
        name = meta.get("name") or self._name()
        lines = ["[project]", f"name = {value(name)}", f"version = {value(meta.get('version', '0.1.0'))}",
                 f"description = {value(meta.get('description', ''))}"]  # fmt: skip
        if "authors" in meta:
            lines.append(f"authors = {value(meta['authors'])}")
        if "license" in meta:
            lines.append(f"license = {value(meta['license'])}")
        readme = meta.get("readme") or next((r for r in ("README.md", "README.rst", "README.txt", "README") if os.path.isfile(os.path.join(self.project, r))), None)
        if readme:
            lines.append(f"readme = {value(readme)}")
        for k in ("keywords", "classifiers"):
            if k in meta:
                lines.append(f"{k} = {value(meta[k])}")
        lines += ["", "[build-system]", f"requires = {value(BUILD_SYSTEM['requires'], 'inline')}", f"build-backend = {value(BUILD_SYSTEM['build-backend'])}", ""]
        return "\n".join(lines)


def _sort_notes(notes: list[Note], files: list[str], project: str) -> list[Note]:
    order = {rel(f, project): i for i, f in enumerate(files)}

    def key(item: tuple[int, Note]) -> tuple:
        i, note = item
        file, _, line = note.where.partition(":")
        return (order.get(file, len(order)), int(line) if line.isdigit() else 0, i)

    return [n for _, n in sorted(enumerate(notes), key=key)]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def run(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except (KeyboardInterrupt, BrokenPipeError):
        raise
    except Exception as e:  # a bug: still one line, and nothing half-written (writes are atomic)
        print(f"pip2poetry: error: internal error ({type(e).__name__}: {sanitize(str(e))}); please report it", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    from pip2poetry.importer import lock as locking

    if args.dry_run and args.lock:
        print("pip2poetry: error: --dry-run writes nothing, and --lock writes poetry.lock: give one of them", file=sys.stderr)
        return 2
    project = os.getcwd()
    target = os.path.join(project, PYPROJECT)
    importer = Importer(args, project)
    imp = importer.imp
    try:
        importer.read()
        original = read_text(target, "TOML") if os.path.exists(target) else ""
        try:
            doc = tomllib.loads(original) if original else {}
        except tomllib.TOMLDecodeError as e:
            raise InputError(f"{PYPROJECT}: invalid TOML: {e}") from None
        overrides = importer.overrides(doc)
        if args.lock:
            poetry = locking.find_poetry(args.poetry)
            final = ""
        else:
            final = importer.build(original, importer.constraints(overrides))
    except InputError as e:
        print(f"pip2poetry: error: {sanitize(str(e))}", file=sys.stderr)
        return 2

    if args.dry_run:
        for note in _sort_notes(imp.notes, imp.files, project):
            print(sanitize(f"{note.where}: {note.message}"))
        import difflib

        diff = difflib.unified_diff(
            original.splitlines(keepends=True), final.splitlines(keepends=True),
            fromfile=PYPROJECT if original else "/dev/null", tofile=PYPROJECT,
        )  # fmt: skip
        text = "".join(diff)
        sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")
        sys.stdout.flush()
        print(f"Dry run: {PYPROJECT} not written.", file=sys.stderr)
        return 1 if any(n.todo for n in imp.notes) else 0

    verification = None
    try:
        if args.lock:
            verification = locking.lock(importer, poetry, original, overrides)
            final = verification.final_text
        else:
            write_atomically(target, final)
    except InputError as e:
        print(f"pip2poetry: error: {sanitize(str(e))}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"pip2poetry: error: {PYPROJECT}: cannot write: {e.strerror or e}", file=sys.stderr)
        return 2

    for note in _sort_notes(imp.notes, imp.files, project):
        print(sanitize(f"{note.where}: {note.message}"))
    todo = sum(1 for n in imp.notes if n.todo)
    doc = tomllib.loads(final)
    ndeps = len(doc.get("project", {}).get("dependencies", []))
    groups = doc.get("dependency-groups", {})
    summary = f"Wrote {PYPROJECT}: {_plural(ndeps, 'dependency').replace('dependencys', 'dependencies')}"
    if groups:
        summary += ", " + ", ".join(f"group {g} ({len(v)})" for g, v in groups.items())
    extras = doc.get("project", {}).get("optional-dependencies", {})
    if extras:
        summary += ", " + ", ".join(f"extra {e} ({len(v)})" for e, v in extras.items())
    summary += "."
    if verification is not None:
        summary += " " + verification.summary
    if todo:
        summary += f" {_plural(todo, 'line')} left for you (above)."
    sys.stdout.flush()
    print(summary, file=sys.stderr)
    return 1 if todo else 0
