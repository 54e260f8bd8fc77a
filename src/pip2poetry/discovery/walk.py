"""Walk a repository's tree once: every file that declares or consumes dependencies.

Symbolic links are not followed into folders (a link that points at one of its own
parents is reported as a loop); a link to a file outside the repository is reported and
not read. Files are read as UTF-8 text; a binary file or one too large to be a
configuration file is reported with its path and skipped.
"""

from __future__ import annotations

import os

from pip2poetry.discovery import Tree, File
from pip2poetry.discovery.kinds import SKIPPED_FOLDERS, kind_of

MAX_BYTES = 2 << 20  # a configuration or dependency file larger than this is not one
MAX_FILES = 200_000  # a repository with more files is not walked further
#: read into Tree.settings: they say which Python and which package index are in use
SETTINGS_FILES = {".python-version", "pip.conf", "pip.ini"}


class Unreadable(Exception):
    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


def read_text(path: str, rel: str) -> str:
    """A file's text, or :class:`Unreadable` saying why not, in one line."""
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size > MAX_BYTES:
                raise Unreadable(rel, f"{size} bytes, too large to be a configuration or dependency file; skipped")
            data = f.read()
    except IsADirectoryError:
        raise Unreadable(rel, "is a folder, expected a file") from None
    except OSError as e:
        raise Unreadable(rel, f"cannot read: {e.strerror}") from None
    if b"\0" in data:
        raise Unreadable(rel, f"binary file (NUL byte at offset {data.index(0)}), expected text; skipped")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise Unreadable(f"{rel}:{line}", f"not UTF-8 text (byte 0x{data[e.start]:02x}); skipped") from None
    return text.removeprefix("\ufeff")


def _first_line(path: str) -> bytes | None:
    try:
        with open(path, "rb") as f:
            return f.read(128).split(b"\n", 1)[0]
    except OSError:
        return None


#: names without a suffix that are never scripts: not worth opening to look for a shebang
_NOT_SCRIPTS = {"CODEOWNERS", "LICENSE", "LICENCE", "COPYING", "NOTICE", "AUTHORS", "OWNERS", "VERSION", "Procfile"}


def walk(tree: Tree) -> None:
    """Depth first, each folder's files (sorted) before its sub-folders (sorted), as
    ``os.walk`` goes, with one ``scandir`` per folder."""
    root = tree.root
    real_root: list[str] = []  # computed on the first symbolic link only
    count = 0

    def visit(folder: str, rel_folder: str) -> bool:
        nonlocal count
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            return True  # as os.walk: a folder that cannot be listed is skipped
        dirs = []
        names = []
        for e in entries:
            try:
                is_dir = e.is_dir()
            except OSError:
                is_dir = False
            (dirs if is_dir else names).append(e)
        for e in names:
            n = e.name
            count += 1
            if count > MAX_FILES:
                tree.errors.append((rel_folder or ".", f"more than {MAX_FILES} files; the rest of the tree is not read"))
                return False
            path = e.path
            rel = f"{rel_folder}/{n}" if rel_folder else n
            kind = kind_of(rel, None)
            if kind is None and "." not in n and n not in _NOT_SCRIPTS and rel_folder.split("/")[0] in ("scripts", "bin", "script", "tools", "ci", ".ci", ""):
                kind = kind_of(rel, _first_line(path))
            if kind is None:
                if n in SETTINGS_FILES and not e.is_symlink():
                    try:
                        tree.settings[rel] = read_text(path, rel)
                    except Unreadable as err:
                        tree.settings_errors.append((err.where, err.message))
                continue
            if e.is_symlink():
                if not real_root:
                    real_root.append(os.path.realpath(root))
                target = os.path.realpath(path)
                if not (target == real_root[0] or target.startswith(real_root[0] + os.sep)):
                    tree.errors.append((rel, "symbolic link to a file outside the repository; not read"))
                    continue
                if not os.path.exists(target):
                    tree.errors.append((rel, "symbolic link to nothing; not read"))
                    continue
            try:
                tree._texts[rel] = read_text(path, rel)
            except Unreadable as err:
                if kind == "notebook" and err.message.endswith("too large to be a configuration or dependency file; skipped"):
                    tree.unread_notebooks.add(rel)  # saved outputs: a notebook all the same
                    tree.files.append(File(rel, kind))
                    continue
                tree.errors.append((err.where, err.message))
                continue
            tree.files.append(File(rel, kind))
        for e in dirs:
            d = e.name
            if d in SKIPPED_FOLDERS or d.endswith(".egg-info"):
                continue
            rel = f"{rel_folder}/{d}" if rel_folder else d
            if e.is_symlink():
                target = os.path.realpath(e.path)
                here = os.path.realpath(folder)
                if here == target or here.startswith(target + os.sep):
                    tree.errors.append((rel, "symbolic link loop (it points at a folder that contains it); not followed"))
                continue  # links to folders are never followed
            if not visit(e.path, rel):
                return False
        return True

    visit(root, "")
