"""Sample projects as downloads: ``{sample-download}`inventory-app```.

A tutorial or how-to that starts from a sample project (``tests/sample_projects/<name>``,
the folder its scenarios run in) offers that folder as ``<name>.tar.gz``, so a reader can
follow along with the same files. The role renders a link to ``_samples/<name>.tar.gz``;
when the HTML build finishes, the archive is written there for every sample a page names.

The archive is deterministic: members sorted, one fixed modification time, owner and group
0, modes 0644 (0755 for an executable file), no gzip timestamp; ``__pycache__`` folders and
``*.pyc`` files are left out. Building twice gives the same bytes.
"""

from __future__ import annotations

import gzip
import io
import tarfile
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxRole

SAMPLES = Path(__file__).resolve().parents[2] / "tests" / "sample_projects"
FOLDER = "_samples"
MTIME = 1_767_225_600  # 2026-01-01T00:00:00Z


def members(sample: Path) -> list[Path]:
    """The files an archive of ``sample`` holds, sorted, caches left out."""
    return sorted(
        p for p in sample.rglob("*")
        if p.is_file() and "__pycache__" not in p.relative_to(sample).parts and p.suffix != ".pyc"
    )


def archive(name: str) -> bytes:
    """``tests/sample_projects/<name>`` as a deterministic .tar.gz, under a top folder ``<name>/``."""
    sample = SAMPLES / name
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for path in members(sample):
            data = path.read_bytes()
            info = tarfile.TarInfo(f"{name}/{path.relative_to(sample).as_posix()}")
            info.size, info.mtime, info.uid, info.gid, info.uname, info.gname = len(data), MTIME, 0, 0, "", ""
            info.mode = 0o755 if path.stat().st_mode & 0o111 else 0o644
            tar.addfile(info, io.BytesIO(data))
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0, filename="") as gz:
        gz.write(raw.getvalue())
    return out.getvalue()


class SampleDownload(SphinxRole):
    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        name = self.text.strip()
        if not name or not (SAMPLES / name).is_dir() or "/" in name:
            msg = self.inliner.reporter.error(f"sample-download: no sample project {name!r} in {SAMPLES}", line=self.lineno)
            return [self.inliner.problematic(self.rawtext, self.rawtext, msg)], [msg]
        self.env.p2p_sample_downloads = getattr(self.env, "p2p_sample_downloads", {})
        self.env.p2p_sample_downloads.setdefault(self.env.docname, set()).add(name)
        depth = self.env.docname.count("/")
        uri = "../" * depth + f"{FOLDER}/{name}.tar.gz"
        link = nodes.reference(self.rawtext, "", refuri=uri, classes=["sample-download"])
        link += nodes.literal(text=f"{name}.tar.gz")
        return [link], []


def _purge(app: Sphinx, env, docname: str) -> None:  # type: ignore[no-untyped-def]
    getattr(env, "p2p_sample_downloads", {}).pop(docname, None)


def _merge(app: Sphinx, env, docnames, other) -> None:  # type: ignore[no-untyped-def]
    env.p2p_sample_downloads = getattr(env, "p2p_sample_downloads", {})
    for docname, names in getattr(other, "p2p_sample_downloads", {}).items():
        if docname in docnames:
            env.p2p_sample_downloads[docname] = names


def _write(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    names = set().union(*getattr(app.env, "p2p_sample_downloads", {}).values())
    folder = Path(app.outdir) / FOLDER
    folder.mkdir(exist_ok=True)
    for name in sorted(names):
        (folder / f"{name}.tar.gz").write_bytes(archive(name))


def setup(app: Sphinx) -> dict[str, object]:
    app.add_role("sample-download", SampleDownload())
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("build-finished", _write)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
