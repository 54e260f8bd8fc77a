"""Writing files the way every pip2poetry command does: all or nothing."""

from __future__ import annotations

import os


def write_atomically(path: str, text: str | bytes) -> None:
    """Replace ``path`` with ``text``: a temporary file beside it, flushed to disk, then
    renamed over it, so a reader or a crash never sees a half-written file. The file keeps
    its permissions (a new one gets 0644), and a failure leaves no temporary file."""
    import tempfile

    target = os.path.realpath(path)
    directory = os.path.dirname(target)
    mode = os.stat(target).st_mode & 0o7777 if os.path.exists(target) else 0o644
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{os.path.basename(target)}.", suffix=".p2p.tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(text.encode("utf-8") if isinstance(text, str) else text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
