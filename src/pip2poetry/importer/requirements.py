"""Requirements files, read the way pip reads them.

pip's order is kept: continuation lines are joined (a comment line never continues),
comments are removed, ``${VAR}`` references are expanded from the environment, and then
each line is either options (``-r``, ``-c``, ``-e``, index options…) or a requirement
with per-requirement options (``--hash``…).
"""

from __future__ import annotations

import os
import re
import shlex

from pip2poetry.importer import pep508
from pip2poetry.importer.model import Dep, Imported, InputError, Source, read_text, rel, sanitize, strip_credentials

_COMMENT = re.compile(r"(^|\s+)#.*$")
_ENV_VAR = re.compile(r"\$\{(?P<name>[A-Z0-9_]+)\}")
_SCHEMES = ("http://", "https://", "file:", "ftp://")
_VCS = ("git+", "hg+", "svn+", "bzr+", "git://")
_WHEEL = re.compile(r"^(?P<name>[^-]+)-(?P<version>[^-]+)(-\d[^-]*)?-[^-]+-[^-]+-[^-]+\.whl$")
_SDIST = re.compile(r"^(?P<name>.+?)-(?P<version>\d[^-]*)\.(tar\.gz|zip|tar\.bz2|tgz)$")
_NAMED = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\s*(\[[^\]]*\])?\s*@")
_EGG = re.compile(r"[#&]egg=(?P<name>[^&\s]+)")

# option -> (takes a value, kind)
_OPTIONS = {
    "-r": (True, "requirement"), "--requirement": (True, "requirement"),
    "-c": (True, "constraint"), "--constraint": (True, "constraint"),
    "-e": (True, "editable"), "--editable": (True, "editable"),
    "-i": (True, "index-url"), "--index-url": (True, "index-url"),
    "--extra-index-url": (True, "extra-index-url"),
    "--no-index": (False, "no-index"),
    "-f": (True, "find-links"), "--find-links": (True, "find-links"),
    "--trusted-host": (True, "trusted-host"),
    "--pre": (False, "pre"),
    "--prefer-binary": (False, "unsupported"),
    "--only-binary": (True, "unsupported"),
    "--no-binary": (True, "unsupported"),
    "--require-hashes": (False, "require-hashes"),
    "--use-feature": (True, "unsupported"),
    "--hash": (True, "hash"),
    "--global-option": (True, "unsupported"),
    "--config-settings": (True, "unsupported"),
    "-C": (True, "unsupported"),
}  # fmt: skip


class Line:
    def __init__(self, text: str, number: int, spans: list[tuple[int, int]], shift: int) -> None:
        self.text = text
        self.number = number  # the first physical line
        self.spans = spans  # (offset in the joined line, physical line number)
        self.shift = shift  # characters removed from the start of the joined line

    def position(self, offset: int) -> tuple[int, int]:
        """Physical line and 1-based column of an offset into ``text``."""
        offset += self.shift
        line, start = self.spans[0][1], 0
        for begin, number in self.spans:
            if offset >= begin:
                line, start = number, begin
        return line, offset - start + 1


def logical_lines(text: str) -> list[Line]:
    """pip's join_lines + ignore_comments, keeping where each character came from."""
    out: list[Line] = []
    parts: list[tuple[str, int]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.endswith("\\") or _COMMENT.match(raw):
            if _COMMENT.match(raw):
                raw = " " + raw
            parts.append((raw, number))
            out.append(_finish(parts))
            parts = []
        else:
            parts.append((raw.strip("\\"), number))
    if parts:
        out.append(_finish(parts))
    return [line for line in out if line.text]


def _finish(parts: list[tuple[str, int]]) -> Line:
    text = ""
    spans = []
    for piece, number in parts:
        spans.append((len(text), number))
        text += piece
    text = _COMMENT.sub("", text)
    stripped = text.lstrip()
    return Line(stripped.rstrip(), parts[0][1], spans, len(text) - len(stripped))


class Reader:
    """Reads requirements files into an Imported, following -r and -c."""

    def __init__(self, imported: Imported, project: str, environ: dict[str, str]) -> None:
        self.imp = imported
        self.project = project
        self.environ = environ
        self.main_files: set[str] = set()  # files whose dependencies are main dependencies
        self.done: dict[str, str | None] = {}  # realpath -> group it was read for
        self.seen: dict[str, Dep] = {}  # key|group -> dep (duplicates are reported)
        self.source_names: set[str] = set()
        self.grouped: dict[str, list[Dep]] = {}  # key -> its entries in groups

    def where(self, path: str, line: int | None = None) -> str:
        shown = rel(path, self.project)
        return f"{shown}:{line}" if line else shown

    # -- files -------------------------------------------------------------------------
    def read(self, path: str, group: str | None, stack: tuple[str, ...] = (), versions_only: bool = False) -> None:
        real = os.path.realpath(path)
        if real in stack:
            chain = " -> ".join(self.where(p) for p in (*stack, real))
            raise InputError(f"{self.where(stack[-1])}: include cycle: {chain}")
        text = read_text(path, "a requirements file")
        if path not in self.imp.files:
            self.imp.files.append(path)
        if not versions_only:
            self.done[real] = group
            if group is None:
                self.main_files.add(real)
        for line in logical_lines(text):
            self._line(path, line, group, (*stack, real), versions_only)

    def _line(self, path: str, line: Line, group: str | None, stack: tuple[str, ...], versions_only: bool) -> None:
        text = line.text
        if "${" in text:
            text = _ENV_VAR.sub(lambda m: self.environ.get(m.group("name"), m.group(0)), text)
        expanded = text != line.text
        tokens = text.split(" ")
        args: list[str] = []
        for token in tokens:
            if token.startswith("-"):
                break
            args.append(token)
        arg_text = " ".join(args).strip()
        opt_text = text[len(arg_text):].strip() if args else text
        where = self.where(path, line.number)
        options = self._options(path, line, opt_text, len(text) - len(opt_text) if args else 0)
        if versions_only:
            if args:
                self._version_line(path, line, arg_text, where)
            for kind, opt, value, col in options:
                if kind in ("requirement", "constraint") and not value.startswith(_SCHEMES):
                    target = value if os.path.isabs(value) else os.path.join(os.path.dirname(path), value)
                    if not os.path.exists(target):
                        ln, c = line.position(col)
                        raise InputError(f"{self.where(path)}:{ln}:{c}: {opt} {value}: no such file")
                    self.read(target, None, stack, versions_only=True)
            return
        if args:
            dep = self._requirement(path, line, arg_text, group, where)
            notes = []
            for kind, _opt, _value, _col in options:
                if kind == "hash":
                    notes.append("hash")
                else:
                    self.imp.note(where, f"{_opt}: not carried over; Poetry has no per-dependency equivalent", todo=True)
            if dep is not None:
                self._add(dep, where, "hash" in notes)
            if expanded:
                self.imp.note(where, "${VAR} references expanded from the environment", todo=False)
            return
        for kind, opt, value, col in options:
            self._option(path, line, kind, opt, value, col, group, stack, where)

    def _options(self, path: str, line: Line, text: str, offset: int) -> list[tuple[str, str, str, int]]:
        try:
            # shlex is slow; most option text (hashes) has nothing for it to do.
            words = shlex.split(text) if any(c in text for c in "'\"\\") else text.split()
        except ValueError as e:
            ln, col = line.position(offset)
            raise InputError(f"{self.where(path)}:{ln}:{col}: pip would reject this line: {e}") from None
        found = []
        i = 0
        pos = offset
        while i < len(words):
            word = words[i]
            at = line.text.find(word.split("=", 1)[0], pos) if word else pos
            at = pos if at < 0 else at
            pos = at + 1
            name, value = word, None
            if word.startswith("--") and "=" in word:
                name, value = word.split("=", 1)
            elif word.startswith("-") and not word.startswith("--") and len(word) > 2:
                name, value = word[:2], word[2:]
            if name not in _OPTIONS:
                ln, col = line.position(at)
                if not word.startswith("-"):
                    raise InputError(f"{self.where(path)}:{ln}:{col}: pip would reject this line: unexpected argument {word!r} after the options")
                raise InputError(f"{self.where(path)}:{ln}:{col}: pip would reject this line: no such option: {name}")
            takes, kind = _OPTIONS[name]
            if takes and value is None:
                i += 1
                if i >= len(words):
                    ln, col = line.position(at)
                    raise InputError(f"{self.where(path)}:{ln}:{col}: pip would reject this line: {name} option requires 1 argument")
                value = words[i]
            found.append((kind, name, value or "", at))
            i += 1
        return found

    # -- options -----------------------------------------------------------------------
    def _option(self, path, line, kind, opt, value, col, group, stack, where) -> None:  # type: ignore[no-untyped-def]
        imp = self.imp
        if kind in ("requirement", "constraint"):
            if value.startswith(_SCHEMES):
                imp.note(where, f"{opt} {sanitize(value)}: a remote file is not read; import it from a local copy", todo=True)
                return
            target = value if os.path.isabs(value) else os.path.join(os.path.dirname(path), value)
            if not os.path.exists(target):
                ln, c = line.position(col)
                raise InputError(f"{self.where(path)}:{ln}:{c}: {opt} {value}: no such file")
            real = os.path.realpath(target)
            if kind == "constraint":
                self.read(target, group, stack, versions_only=True)
                imp.note(where, f"{opt} {value}: constraints file: its pins are today's versions, not dependencies")
                return
            if group is not None and real in self.main_files and real not in stack:
                imp.note(where, f"{opt} {value}: the main dependencies; not repeated in group \"{group}\"")
                return
            if real in self.done and self.done[real] == group and real not in stack:
                imp.note(where, f"{opt} {value}: already read")
                return
            imp.note(where, f"{opt} {value}: included" + (f" in group \"{group}\"" if group else " in the main dependencies"))
            self.read(target, group, stack)
        elif kind == "editable":
            self._editable(path, line, value, group, where)
        elif kind in ("index-url", "extra-index-url", "find-links"):
            self._index(kind, opt, value, where)
        elif kind == "no-index":
            imp.note(where, f"{opt}: not carried over; Poetry always uses its sources", todo=True)
        elif kind == "trusted-host":
            imp.note(where, f"{opt} {value}: not carried over; run poetry config certificates.NAME.cert false for the source that needs it", todo=True)
        elif kind == "pre":
            imp.note(where, f"{opt}: not needed; a constraint that names a pre-release allows pre-releases")
        elif kind == "require-hashes":
            imp.note(where, f"{opt}: not needed; poetry.lock records every file's hash and Poetry checks them")
        elif kind == "hash":
            imp.note(where, f"{opt}: a hash without a requirement", todo=True)
        else:
            imp.note(where, f"{opt}: not carried over; Poetry has no equivalent", todo=True)

    def _index(self, kind: str, opt: str, value: str, where: str) -> None:
        imp = self.imp
        url, had_credentials = strip_credentials(value)
        if "${" in url:
            imp.note(where, f"{opt} {url}: a ${{VAR}} reference that is not set; not carried over", todo=True)
            return
        if kind == "find-links" and not url.startswith(("http://", "https://")):
            imp.note(where, f"{opt} {url}: a local folder of files; Poetry cannot use it as a source", todo=True)
            return
        if url.rstrip("/") in ("https://pypi.org/simple", "https://pypi.python.org/simple"):
            imp.note(where, f"{opt} {url}: PyPI, Poetry's default source")
            return
        name = source_name(url, self.source_names)
        # pip asks an --extra-index-url for every package, and takes the highest version any
        # index has: a supplemental source would let a public release replace an internal
        # package too. An explicit source serves only the packages that name it; which ones
        # is a decision for a person (--internal), reported by the command.
        priority = {"index-url": "primary", "extra-index-url": "explicit", "find-links": "supplemental"}[kind]
        imp.sources.append(Source(name, url, priority, where, opt))
        imp.note(where, f"{opt} {url}: became source \"{name}\" (priority \"{priority}\")")
        if had_credentials:
            imp.note(where, credentials_message(name), todo=True)

    def _editable(self, path: str, line: Line, value: str, group: str | None, where: str) -> None:
        imp = self.imp
        target = value if os.path.isabs(value) or value.startswith(_SCHEMES + _VCS) else os.path.normpath(os.path.join(os.path.dirname(path), value))
        if not value.startswith(_SCHEMES + _VCS) and os.path.realpath(target) == os.path.realpath(self.project):
            imp.note(where, f"-e {value}: the project itself; Poetry installs it")
            return
        dep = self._url_or_path(path, line, value, group, where)
        if dep is None:
            return
        dep.develop = bool(dep.path)
        self._add(dep, where, False)

    # -- requirements --------------------------------------------------------------------
    def _requirement(self, path: str, line: Line, text: str, group: str | None, where: str) -> Dep | None:
        if not _NAMED.match(text) and (text.startswith(_SCHEMES + _VCS) or _looks_like_path(text)):
            return self._url_or_path(path, line, text, group, where)
        try:
            req = pep508.parse_requirement(text)
        except pep508.SpecifierError as e:
            ln, col = line.position(e.column)
            raise InputError(f"{self.where(path)}:{ln}:{col}: pip would reject this line: {e.message}") from None
        url, had = strip_credentials(req.url)
        dep = Dep(req.name, req.extras, req.specifier, req.marker_text(), url=url, group=group, where=where, raw=sanitize(text))
        if had:
            self.imp.note(where, credentials_message(None), todo=True)
        return dep

    def _url_or_path(self, path: str, line: Line, text: str, group: str | None, where: str) -> Dep | None:
        imp = self.imp
        marker = ""
        sep = "; " if text.startswith(_SCHEMES + _VCS) else ";"
        if sep in text:
            text, marker_text = text.split(sep, 1)
            text = text.strip()
            try:
                marker = pep508.parse_marker(marker_text.strip()).render()
            except pep508.SpecifierError as e:
                ln, col = line.position(line.text.find(marker_text) + e.column)
                raise InputError(f"{self.where(path)}:{ln}:{col}: pip would reject this line: {e.message}") from None
        url, had = strip_credentials(text)
        if had:
            imp.note(where, credentials_message(None), todo=True)
        extras: list[str] = []
        m = re.search(r"\[([^\]]*)\]$", url)
        if m and not url.startswith(_SCHEMES + _VCS):
            extras = [e.strip() for e in m.group(1).split(",") if e.strip()]
            url = url[: m.start()]
        egg = _EGG.search(url)
        filename = url.split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1]
        name = version = None
        if egg:
            # "#egg=NAME[EXTRAS]", read as a requirement without a URL. A version there
            # ("#egg=foo==1.0+local", which pip 26 rejects) cannot go into "NAME @ URL":
            # PEP 508 gives a direct reference no version specifier.
            fragment = egg.group("name")
            try:
                named = pep508.parse_requirement(fragment)
            except pep508.SpecifierError:
                named = None
            if named is None or named.url or named.marker is not None:
                imp.note(where, f"{sanitize(text)}: #egg={sanitize(fragment)} is not a package name; not carried over", todo=True)
                return None
            name, extras = named.name, named.extras or extras
            if named.specifier:
                pin = pep508.pinned(named.specifier)
                version = pin if pin and pep508.version_key(pin) is not None else None
                imp.note(where, f"{sanitize(text)}: #egg={sanitize(fragment)}: a direct reference cannot carry a version; written as {name} @ URL, the URL decides what is installed")
        elif _WHEEL.match(filename) or _SDIST.match(filename):
            m2 = _WHEEL.match(filename) or _SDIST.match(filename)
            assert m2
            name, version = m2.group("name"), m2.group("version")
        is_url = url.startswith(_SCHEMES + _VCS)
        if not is_url:
            target = url if os.path.isabs(url) else os.path.normpath(os.path.join(os.path.dirname(path), url))
            if name is None and os.path.isdir(target):
                name = _project_name(target)
            if name is None:
                imp.note(where, f"{sanitize(text)}: no package name (no #egg= and no name in the folder); not carried over", todo=True)
                return None
            dep = Dep(name, extras, "", marker, path=os.path.relpath(target, self.project), group=group, where=where, raw=sanitize(text))
        else:
            if name is None:
                imp.note(where, f"{sanitize(text)}: unnamed URL; write it as NAME @ URL or add #egg=NAME", todo=True)
                return None
            clean = re.sub(r"[#&]egg=[^&\s]+", "", url).rstrip("#&")
            if clean.startswith("git://"):
                clean = "git+" + clean
            dep = Dep(name, extras, "", marker, url=clean, group=group, where=where, raw=sanitize(text))
        if version:
            imp.set_today(name, pep508.canonical_version(version), where)
        return dep

    def _version_line(self, path: str, line: Line, text: str, where: str) -> None:
        if text.startswith(_SCHEMES + _VCS) or _looks_like_path(text):
            return
        try:
            req = pep508.parse_requirement(text)
        except pep508.SpecifierError as e:
            ln, col = line.position(e.column)
            raise InputError(f"{self.where(path)}:{ln}:{col}: pip would reject this line: {e.message}") from None
        pin = pep508.pinned(req.specifier)
        if pin:
            self.imp.set_today(req.name, pep508.canonical_version(pin), where)

    def _add(self, dep: Dep, where: str, hashed: bool) -> None:
        imp = self.imp
        if hashed:
            imp.note(where, "--hash options dropped: poetry.lock records every file's hash")
        key = dep.key
        pin = pep508.pinned(dep.specifier)
        if pin:
            imp.set_today(dep.name, pep508.canonical_version(pin), where)
        main = self.seen.get(f"{key}|")
        mine = self.seen.get(f"{key}|{dep.group or ''}")
        if dep.group is not None and main is not None:
            if _same(main, dep):
                imp.note(where, f"{dep.raw}: already a main dependency ({main.where}); not repeated in group \"{dep.group}\"")
            else:
                imp.note(where, f"{dep.raw}: also a main dependency ({main.where}) with another constraint; not repeated in group \"{dep.group}\", check which one runs today", todo=True)
            return
        if mine is not None:
            if _same(mine, dep):
                imp.note(where, f"{dep.raw}: repeats {mine.where}")
            else:
                imp.note(where, f"{dep.raw}: conflicts with {mine.where} ({mine.raw}); kept the first", todo=True)
            return
        if dep.group is None:
            # A group that listed it first (a dev file read before the main file) loses it.
            for other in self.grouped.pop(key, []):
                imp.deps.remove(other)
                self.seen.pop(f"{key}|{other.group}", None)
        else:
            self.grouped.setdefault(key, []).append(dep)
        self.seen[f"{key}|{dep.group or ''}"] = dep
        imp.deps.append(dep)


def _same(a: Dep, b: Dep) -> bool:
    return (a.specifier, a.url, a.path, a.marker, sorted(a.extras)) == (b.specifier, b.url, b.path, b.marker, sorted(b.extras))


def _looks_like_path(text: str) -> bool:
    head = text.split(";", 1)[0].strip()
    return head.startswith((".", "/", "~")) or "/" in head.split("[", 1)[0] or head.endswith((".whl", ".zip", ".tar.gz"))


def _project_name(folder: str) -> str | None:
    import configparser
    import tomllib

    try:
        with open(os.path.join(folder, "pyproject.toml"), "rb") as f:
            doc = tomllib.load(f)
        name = doc.get("project", {}).get("name") or doc.get("tool", {}).get("poetry", {}).get("name")
        if isinstance(name, str):
            return name
    except (OSError, tomllib.TOMLDecodeError):
        pass
    cfg = configparser.ConfigParser(interpolation=None)
    try:
        cfg.read(os.path.join(folder, "setup.cfg"), encoding="utf-8")
        return cfg.get("metadata", "name", fallback=None)
    except (configparser.Error, UnicodeDecodeError):
        return None


def source_name(url: str, taken: set[str]) -> str:
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname or "index"
    base = re.sub(r"[^a-z0-9]+", "-", host.lower()).strip("-") or "index"
    name, n = base, 2
    while name in taken:
        name, n = f"{base}-{n}", n + 1
    taken.add(name)
    return name


def credentials_message(name: str | None) -> str:
    if name is None:
        return ("credentials removed from the URL; give them to Poetry instead: "
                "poetry config http-basic.NAME USER, or POETRY_HTTP_BASIC_NAME_USERNAME and _PASSWORD")
    env = re.sub(r"[^A-Z0-9]", "_", name.upper())
    return (f"credentials removed from the URL of source \"{name}\": run poetry config http-basic.{name} USER, "
            f"or set POETRY_HTTP_BASIC_{env}_USERNAME and POETRY_HTTP_BASIC_{env}_PASSWORD")
