"""Pipfile and Pipfile.lock, setup.cfg and setup.py (read statically), pip freeze files
and virtual environments."""

from __future__ import annotations

import os
import re
import tomllib

from pip2poetry.importer import pep508
from pip2poetry.importer.model import Dep, Imported, InputError, Source, read_text, rel, sanitize, strip_credentials
from pip2poetry.importer.requirements import credentials_message, source_name

# Pipfile fields that are PEP 508 marker variables.
_MARKER_FIELDS = ("os_name", "sys_platform", "platform_machine", "platform_python_implementation",
                  "platform_release", "platform_system", "platform_version", "python_version",
                  "python_full_version", "implementation_name", "implementation_version")  # fmt: skip
_PIPFILE_GROUPS = {"packages": None, "dev-packages": "dev"}
_LOCK_GROUPS = {"default": None, "develop": "dev"}
_PYPI = ("https://pypi.org/simple", "https://pypi.python.org/simple")


def _toml(path: str, text: str, what: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        m = re.match(r"^(.*?) \(at line (\d+), column (\d+)\)$", str(e))
        if m:
            raise InputError(f"{path}:{m.group(2)}:{m.group(3)}: malformed {what}: {m.group(1)[:1].lower()}{m.group(1)[1:]}") from None
        raise InputError(f"{path}: malformed {what}: {e}") from None


def _line_of(text: str, pattern: str) -> int:
    m = re.search(pattern, text, re.M)
    return text[: m.start()].count("\n") + 1 if m else 0


def _at(shown: str, text: str, pattern: str) -> str:
    return f"{shown}:{_line_of(text, pattern)}"


def read_pipfile(imp: Imported, path: str, project: str) -> None:
    import json
    text = read_text(path, "a Pipfile")
    imp.files.append(path)
    doc = _toml(path, text, "Pipfile")
    shown = rel(path, project)
    taken: set[str] = set()
    names: dict[str, str] = {}
    for i, source in enumerate(doc.get("source", [])):
        if not isinstance(source, dict) or not isinstance(source.get("url"), str):
            raise InputError(f"{shown}: malformed Pipfile: [[source]] number {i + 1} has no url")
        where = f"{shown}:{_line_of(text, re.escape(source['url']))}"
        url, had = strip_credentials(source["url"])
        url = _expand_hint(url)
        if url.rstrip("/") in _PYPI:
            if "name" in source:
                names[source["name"]] = "pypi"
            imp.note(where, f"[[source]] {url}: PyPI, Poetry's default source")
            continue
        name = source.get("name") if isinstance(source.get("name"), str) else None
        name = re.sub(r"[^A-Za-z0-9_-]+", "-", name) if name else source_name(url, taken)
        taken.add(name)
        if "name" in source:
            names[source["name"]] = name
        priority = "primary" if i == 0 else "supplemental"
        imp.sources.append(Source(name, url, priority, where))
        why = "" if "name" in source else " (the [[source]] has no name)"
        imp.note(where, f"[[source]] {url}: became source \"{name}\" (priority \"{priority}\"){why}")
        if had or "${" in source["url"]:
            imp.note(where, credentials_message(name), todo=True)
        if source.get("verify_ssl") is False:
            imp.note(where, f"verify_ssl = false: run poetry config certificates.{name}.cert false", todo=True)
    requires = doc.get("requires", {})
    if isinstance(requires, dict):
        version = requires.get("python_full_version") or requires.get("python_version")
        if isinstance(version, str):
            rel_ = pep508.release(version)
            if rel_:
                where = f"{shown}:{_line_of(text, r'^python_(full_)?version')}"
                imp.requires_python = (f">={rel_[0]}.{rel_[1] if len(rel_) > 1 else 0}", where)
    for table, value in doc.items():
        if table in ("source", "requires", "scripts", "pipenv"):
            if table == "scripts" and value:
                imp.note(_at(shown, text, r"^\[scripts\]"), "[scripts]: Pipenv's command shortcuts are not carried over; a Makefile or poe-the-poet can run them", todo=True)
            continue
        if not isinstance(value, dict):
            raise InputError(f"{shown}: malformed Pipfile: {table} must be a table")
        group = _PIPFILE_GROUPS.get(table, table)
        if table not in _PIPFILE_GROUPS:
            group = re.sub(r"[^a-z0-9]+", "-", table.lower()).strip("-")
            imp.note(_at(shown, text, r"^\[" + re.escape(table) + r"\]"), f"[{table}]: a custom category; became group \"{group}\"")
        for name, spec in value.items():
            where = _at(shown, text, r"^\s*\"?" + re.escape(name) + r"\"?\s*=")
            dep = _pipfile_dep(imp, shown, where, name, spec, names)
            if dep is not None:
                dep.group = group
                imp.deps.append(dep)
                pin = pep508.pinned(dep.specifier)
                if pin:
                    imp.set_today(name, pep508.canonical_version(pin), where)


def _toml_value(v: object) -> str:
    from pip2poetry.importer.tomlwrite import value

    if isinstance(v, dict):
        return "{" + ", ".join(f"{k} = {_toml_value(x)}" for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    return value(v)


def _expand_hint(url: str) -> str:
    return url


def _pipfile_dep(imp: Imported, shown: str, where: str, name: str, spec: object, names: dict[str, str]) -> Dep | None:
    if isinstance(spec, str):
        spec = {"version": spec}
    if not isinstance(spec, dict):
        raise InputError(f"{where}: malformed Pipfile: {name} must be a string or a table")
    version = spec.get("version", "*")
    if not isinstance(version, str):
        raise InputError(f"{where}: malformed Pipfile: the version of {name} must be a string")
    specifier = "" if version.strip() == "*" else re.sub(r"\s+", "", version)
    if specifier:
        try:
            pep508.parse_requirement(f"x{specifier}" if specifier[0] in "<>=!~" else f"x=={specifier}")
        except pep508.SpecifierError as e:
            raise InputError(f"{where}: malformed Pipfile: {name} = {version!r}: {e.message}") from None
        if specifier[0] not in "<>=!~":
            specifier = "==" + specifier
    markers = []
    if isinstance(spec.get("markers"), str):
        markers.append(spec["markers"])
    for key in _MARKER_FIELDS:
        if isinstance(spec.get(key), str):
            value = spec[key].strip()
            m = re.match(r"^(===|==|!=|<=|>=|<|>|~=)\s*['\"]?([^'\"]*)['\"]?$", value)
            if not m:
                raise InputError(f"{where}: malformed Pipfile: {name}: {key} = {value!r} is not an operator and a value")
            markers.append(f'{key} {m.group(1)} "{m.group(2)}"')
            imp.note(where, f"{key} = {value!r}: became the marker {key} {m.group(1)} \"{m.group(2)}\"")
    marker = ""
    if markers:
        text = " and ".join(f"({m})" if " or " in m else m for m in markers)
        try:
            marker = pep508.parse_marker(text).render()
        except pep508.SpecifierError as e:
            raise InputError(f"{where}: malformed Pipfile: markers of {name}: {e.message}") from None
    extras = spec.get("extras", [])
    if not isinstance(extras, list):
        raise InputError(f"{where}: malformed Pipfile: extras of {name} must be a list")
    dep = Dep(name, [str(e) for e in extras], specifier, marker, where=where, raw=f"{name} = {sanitize(_toml_value(spec if len(spec) > 1 else version))}")
    if "git" in spec:
        url, had = strip_credentials(str(spec["git"]))
        if not url.startswith("git+"):
            url = "git+" + url
        ref = spec.get("ref") or spec.get("tag") or spec.get("branch")
        dep.url = f"{url}@{ref}" if ref else url
        dep.specifier = ""
        if had:
            imp.note(where, credentials_message(None), todo=True)
        if spec.get("editable"):
            imp.note(where, f"{name}: editable git checkout; Poetry installs it as a normal dependency")
    elif "path" in spec or "file" in spec:
        target = str(spec.get("path") or spec.get("file"))
        if target.startswith(("http://", "https://")):
            dep.url, had = strip_credentials(target)
        else:
            if os.path.normpath(target) == ".":
                imp.note(where, f"{name} = {{path = \".\"}}: the project itself; Poetry installs it")
                return None
            dep.path = os.path.normpath(target)
            dep.develop = bool(spec.get("editable"))
    if "index" in spec:
        index = names.get(str(spec["index"]), str(spec["index"]))
        if index != "pypi":
            imp.note(where, f"index = {spec['index']!r}: Poetry takes {name} from source \"{index}\" only if you add source = \"{index}\" under [tool.poetry.dependencies]", todo=True)
    return dep


def read_pipfile_lock(imp: Imported, path: str, project: str) -> None:
    import json
    text = read_text(path, "a Pipfile.lock")
    imp.files.append(path)
    shown = rel(path, project)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(f"{shown}:{e.lineno}:{e.colno}: malformed Pipfile.lock: {e.msg}") from None
    if not isinstance(doc, dict):
        raise InputError(f"{shown}: malformed Pipfile.lock: not a JSON object")
    seen: dict[str, tuple[str, str]] = {}
    conflicts: set[str] = set()
    for category, packages in doc.items():
        if category == "_meta" or not isinstance(packages, dict):
            continue
        for name, entry in packages.items():
            if not isinstance(entry, dict):
                raise InputError(f"{shown}: malformed Pipfile.lock: {category}.{name} is not an object")
            version = entry.get("version")
            if not isinstance(version, str) or not version.startswith("=="):
                continue
            version = pep508.canonical_version(version[2:])
            key = pep508.normalize(name)
            where = _at(shown, text, r'^\s*"' + re.escape(name) + r'": \{')
            if key in seen and seen[key][0] != version:
                if key not in conflicts:
                    imp.note(where, f"{name}: locked at {seen[key][0]} in \"{seen[key][1]}\" and at {version} in \"{category}\"; not guessed, today's version left open", todo=True)
                conflicts.add(key)
                continue
            seen[key] = (version, category)
    for key, (version, category) in seen.items():
        if key not in conflicts:
            imp.set_today(key, version, shown, override=True)


# -- setup.cfg and setup.py ------------------------------------------------------------------
def _lines(value: str) -> list[str]:
    out = []
    for line in value.splitlines():
        line = re.sub(r"(^|\s)#.*$", "", line).strip()
        if line:
            out.append(line)
    return out


def read_setup_cfg(imp: Imported, path: str, project: str) -> dict:
    import configparser
    text = read_text(path, "a setup.cfg file")
    imp.files.append(path)
    shown = rel(path, project)
    cfg = configparser.ConfigParser(interpolation=None, strict=True)
    try:
        cfg.read_string(text, source=shown)
    except configparser.Error as e:
        line = getattr(e, "lineno", None)
        message = str(e).splitlines()[0]
        message = re.sub(r"^While reading from '[^']*' \[line +\d+\]: ", "", message)
        where = f"{shown}:{line}" if line else shown
        raise InputError(f"{where}: malformed setup.cfg: {message}") from None

    def where(key: str) -> str:
        return _at(shown, text, r"^" + re.escape(key) + r"\s*[=:]")

    found: dict[str, tuple[object, str]] = {}
    if cfg.has_section("metadata"):
        for key, value in cfg.items("metadata"):
            found[key] = (value, where(key))
    if cfg.has_section("options"):
        for key in ("install_requires", "python_requires", "packages", "package_dir", "py_modules"):
            if cfg.has_option("options", key):
                value = cfg.get("options", key)
                found[key] = (_lines(value) if key == "install_requires" else value, where(key))
    if cfg.has_section("options.extras_require"):
        found["extras_require"] = ({k: _lines(v) for k, v in cfg.items("options.extras_require")}, _at(shown, text, r"^\[options\.extras_require\]"))
    if cfg.has_section("options.entry_points"):
        eps: dict[str, list[str]] = {}
        for group, value in cfg.items("options.entry_points"):
            eps[group] = _lines(value)
        found["entry_points"] = (eps, _at(shown, text, r"^\[options.entry_points\]"))
    if cfg.has_section("options.packages.find"):
        found["find"] = (dict(cfg.items("options.packages.find")), shown)
    found["_text"] = (text, shown)
    return found


def read_setup_py(imp: Imported, path: str, project: str) -> dict:
    import ast
    text = read_text(path, "a setup.py file")
    imp.files.append(path)
    shown = rel(path, project)
    try:
        tree = ast.parse(text, filename=shown)
    except SyntaxError as e:
        raise InputError(f"{shown}:{e.lineno}:{e.offset}: setup.py is not valid Python: {e.msg}") from None
    call = None
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            fname = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if fname == "setup":
                call = node
                break
    found: dict[str, tuple[object, str]] = {}
    if call is None:
        imp.note(shown, "no setup() call found; nothing read from setup.py", todo=True)
        return found
    constants = {
        n.targets[0].id: n.value
        for n in tree.body
        if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name)
    }
    for kw in call.keywords:
        where = f"{shown}:{kw.value.lineno}"
        if kw.arg is None:
            imp.note(where, f"**{ast.unparse(kw.value)}: keyword arguments computed at run time; left for the reader", todo=True)
            continue
        value_node = kw.value
        if isinstance(value_node, ast.Name) and value_node.id in constants:
            value_node = constants[value_node.id]
        try:
            value = ast.literal_eval(value_node)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            if kw.arg in _SETUP_KEYS:
                imp.note(where, f"{kw.arg} is computed at run time ({ast.unparse(kw.value)[:60]}); left for the reader", todo=True)
            continue
        if kw.arg in ("install_requires", "extras_require", "entry_points", "python_requires", "name", "version",
                      "description", "author", "author_email", "license", "url", "project_urls", "classifiers",
                      "keywords", "packages", "package_dir", "long_description_content_type"):  # fmt: skip
            if kw.arg == "install_requires" and isinstance(value, str):
                value = _lines(value)
            if kw.arg == "extras_require" and isinstance(value, dict):
                value = {k: (_lines(v) if isinstance(v, str) else list(v)) for k, v in value.items()}
            if kw.arg == "entry_points" and isinstance(value, dict):
                value = {k: (_lines(v) if isinstance(v, str) else list(v)) for k, v in value.items()}
            found[kw.arg] = (value, where)
    return found


_SETUP_KEYS = {"install_requires", "extras_require", "entry_points", "python_requires", "name", "version",
               "description", "long_description", "author", "author_email", "license", "url", "project_urls",
               "classifiers", "keywords", "packages", "package_dir"}  # fmt: skip


def apply_setup(imp: Imported, found: dict, project: str) -> None:
    """setup.cfg and setup.py values (setup.py wins) into the import."""
    meta = imp.metadata

    def text(key: str) -> str | None:
        value = found.get(key, (None, ""))[0]
        if isinstance(value, str) and value.startswith(("attr:", "file:")) and key != "long_description":
            imp.note(found[key][1], f"{key} = {value}: computed when setuptools runs; left for the reader", todo=True)
            return None
        return value if isinstance(value, str) else None

    for key in ("name", "version", "description"):
        value = text(key)
        if value:
            meta[key] = value
    long = found.get("long_description", (None, ""))[0]
    if isinstance(long, str) and long.startswith("file:"):
        files = [f.strip() for f in long[5:].split(",")]
        if len(files) == 1:
            meta["readme"] = files[0]
    author, email = text("author"), text("author_email")
    if author or email:
        entry = {}
        if author:
            entry["name"] = author
        if email:
            entry["email"] = email
        meta["authors"] = [entry]
    license_ = text("license")
    if license_:
        meta["license"] = license_
    urls = found.get("project_urls", (None, ""))[0]
    if isinstance(urls, str):
        urls = dict(
            (k.strip(), v.strip()) for k, _, v in (line.partition("=") for line in _lines(urls)) if v.strip()
        )
    if isinstance(urls, dict) and urls:
        meta["urls"] = {str(k): str(v) for k, v in urls.items()}
    if text("url"):
        meta.setdefault("urls", {})["Homepage"] = text("url")
    classifiers = found.get("classifiers", (None, ""))[0]
    if isinstance(classifiers, str):
        classifiers = _lines(classifiers)
    if isinstance(classifiers, list) and classifiers:
        meta["classifiers"] = [c for c in classifiers if not c.startswith("Programming Language :: Python :: 3") or c.count("::") > 2 or True]
    keywords = found.get("keywords", (None, ""))[0]
    if isinstance(keywords, str):
        keywords = [k.strip() for k in re.split(r"[,\s]+", keywords) if k.strip()]
    if isinstance(keywords, list) and keywords:
        meta["keywords"] = keywords
    python = found.get("python_requires")
    if python and isinstance(python[0], str):
        imp.requires_python = (re.sub(r"\s+", "", python[0]), python[1])
    reqs = found.get("install_requires")
    if reqs:
        for line in reqs[0] if isinstance(reqs[0], list) else []:
            _setup_dep(imp, line, _locate(found, line, reqs[1]), None)
    extras = found.get("extras_require")
    if extras and isinstance(extras[0], dict):
        for extra, lines in extras[0].items():
            marker = ""
            if ":" in extra:
                extra, marker = extra.split(":", 1)
            for line in lines:
                _setup_dep(imp, line + (f"; {marker}" if marker and ";" not in line else ""), _locate(found, line, extras[1]), extra.strip() or None)
    eps = found.get("entry_points")
    if eps and isinstance(eps[0], dict):
        for group, lines in eps[0].items():
            for line in lines:
                name, _, target = line.partition("=")
                if group == "console_scripts":
                    imp.scripts[name.strip()] = target.strip()
                else:
                    imp.note(eps[1], f"entry point group {group}: write it as [project.entry-points.\"{group}\"]", todo=True)
    find = found.get("find", (None, ""))[0]
    package_dir = found.get("package_dir", (None, ""))[0]
    where_dir = None
    if isinstance(package_dir, str):
        for line in _lines(package_dir):
            key, _, value = line.partition("=")
            if not key.strip():
                where_dir = value.strip()
    elif isinstance(package_dir, dict) and "" in package_dir:
        where_dir = package_dir[""]
    if isinstance(find, dict) and find.get("where"):
        where_dir = find["where"].strip()
    if where_dir:
        root = os.path.join(project, where_dir)
        found_pkgs = sorted(
            d for d in os.listdir(root) if os.path.isfile(os.path.join(root, d, "__init__.py"))
        ) if os.path.isdir(root) else []
        name = meta.get("name", "")
        if found_pkgs and found_pkgs != [re.sub(r"[-.]+", "_", name.lower())]:
            imp.packages = [{"include": p, "from": where_dir} for p in found_pkgs]


def _locate(found: dict, line: str, where: str) -> str:
    """The line of a requirement inside a setup.cfg value, when it can be found."""
    text, shown = found.get("_text", ("", ""))
    if not text or not where.startswith(shown + ":"):
        return where
    after = int(where.rsplit(":", 1)[1] or 0)
    for number, raw in enumerate(text.splitlines(), start=1):
        if number >= after and re.sub(r"(^|\s)#.*$", "", raw).strip() == line.strip():
            return f"{shown}:{number}"
    return where


def _setup_dep(imp: Imported, line: str, where: str, extra: str | None) -> None:
    try:
        req = pep508.parse_requirement(line)
    except pep508.SpecifierError as e:
        raise InputError(f"{where}: invalid requirement {line!r}: {e.message} (column {e.column + 1})") from None
    url, had = strip_credentials(req.url)
    if had:
        imp.note(where, credentials_message(None), todo=True)
    imp.deps.append(Dep(req.name, req.extras, req.specifier, req.marker_text(), url=url, extra=extra, where=where, raw=sanitize(line)))


# -- today's versions from elsewhere ------------------------------------------------------
def read_versions(imp: Imported, path: str, project: str) -> None:
    """A pip freeze file, or a virtual environment's installed distributions."""
    shown = rel(path, project)
    if os.path.isdir(path):
        if not os.path.exists(os.path.join(path, "pyvenv.cfg")):
            raise InputError(f"{shown}: not a virtual environment (no pyvenv.cfg) and not a pip freeze file")
        cfg = read_text(os.path.join(path, "pyvenv.cfg"), "a pyvenv.cfg file")
        m = re.search(r"^version(?:_info)?\s*=\s*(\d+)\.(\d+)(?:\.(\d+))?", cfg, re.M)
        found = 0
        for sp in sorted(_site_packages(path)):
            for entry in sorted(os.listdir(sp)):
                if not entry.endswith(".dist-info"):
                    continue
                meta = os.path.join(sp, entry, "METADATA")
                try:
                    with open(meta, encoding="utf-8", errors="replace") as f:
                        head = f.read(4096)
                except OSError:
                    continue
                name = re.search(r"^Name:\s*(\S+)", head, re.M)
                version = re.search(r"^Version:\s*(\S+)", head, re.M)
                if name and version and pep508.normalize(name.group(1)) not in _INSTALLERS:
                    imp.set_today(name.group(1), pep508.canonical_version(version.group(1)), shown, override=True)
                    found += 1
        if m:
            imp.python_today = f"{m.group(1)}.{m.group(2)}"
            imp.python_full = f"{m.group(1)}.{m.group(2)}.{m.group(3) or 0}"
        imp.note(shown, f"today's versions: {found} packages installed in this virtual environment")
        return
    text = read_text(path, "a pip freeze file")
    count = 0
    for number, line in enumerate(text.splitlines(), start=1):
        line = re.sub(r"(^|\s)#.*$", "", line).strip()
        if not line or line.startswith("-"):
            continue
        m = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)\s*===?\s*([^\s;]+)", line)
        if m:
            if pep508.normalize(m.group(1)) not in _INSTALLERS:
                imp.set_today(m.group(1), pep508.canonical_version(m.group(2)), f"{shown}:{number}", override=True)
                count += 1
        elif " @ " not in line:
            raise InputError(f"{shown}:{number}: not a pip freeze line (NAME==VERSION): {sanitize(line)!r}")
    imp.note(shown, f"today's versions: {count} packages from this pip freeze file")


_INSTALLERS = {"pip", "setuptools", "wheel", "distribute"}


def _site_packages(venv: str) -> list[str]:
    out = []
    for lib in ("lib", "lib64", "Lib"):
        base = os.path.join(venv, lib)
        if os.path.isdir(base):
            for entry in os.listdir(base):
                sp = os.path.join(base, entry, "site-packages")
                if os.path.isdir(sp) and os.path.realpath(sp) not in map(os.path.realpath, out):
                    out.append(sp)
            if os.path.isdir(os.path.join(base, "site-packages")):
                out.append(os.path.join(base, "site-packages"))
    return out


def environment(python_full: str | None = None) -> dict[str, str]:
    """PEP 508 marker values for this machine, with another Python version if given."""
    import platform
    import sys

    full = python_full or platform.python_version()
    parts = full.split(".")
    return {
        "python_version": ".".join(parts[:2]),
        "python_full_version": full,
        "os_name": os.name,
        "sys_platform": sys.platform,
        "platform_release": platform.release(),
        "platform_system": platform.system(),
        "platform_version": platform.version(),
        "platform_machine": platform.machine(),
        "platform_python_implementation": platform.python_implementation(),
        "implementation_name": sys.implementation.name,
        "implementation_version": full,
    }
