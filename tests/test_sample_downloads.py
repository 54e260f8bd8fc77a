"""Every sample project a page offers as a download is in the built site and equals its source.

The site is built once into a temporary folder (the real ``conf.py`` and options, as ``make html``
builds it). For each ``sample-download`` link on a page, the test follows the link's relative
address from that page's HTML file, unpacks the archive and compares it file by file (names,
bytes, the executable bit) with ``tests/sample_projects/<name>``, caches left out. Building
the archive twice gives the same bytes.

Which pages must offer which sample comes from the scenarios: every tutorial or how-to page
whose scenario starts from a sample (``sample``, with or without ``remote``) links that
sample's download, except the samples in ``NOT_OFFERED``, each with its reason.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from harness import scenario
from harness.paths import REPO

sys.path.insert(0, str(REPO / "docs" / "_ext"))
import sample_downloads  # noqa: E402

SAMPLES = REPO / "tests" / "sample_projects"
LINK = re.compile(r'<a class="sample-download[^"]*" href="([^"]+)"')

#: (page slug, sample) -> why that page does not offer that sample as a download
NOT_OFFERED = {
    ("roll-poetry-out-across-many-repositories", "acme-org"):
        "an organisation of nine Git repositories that all-repos clones from its host; the page starts "
        "from the reader's own organisation, and a folder of copies would not be one",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("html")
    doctrees = tmp_path_factory.mktemp("doctrees")
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-n", "-W", "--keep-going", "-d", str(doctrees), "-c", str(REPO), str(REPO / "docs"), str(out)],
        capture_output=True, text=True, cwd=REPO,
    )
    assert done.returncode == 0, done.stderr
    return out


def downloads(site: Path) -> list[tuple[Path, Path]]:
    """(page, archive) for every sample-download link in the built site."""
    found = []
    for page in sorted(site.rglob("*.html")):
        for href in LINK.findall(page.read_text(encoding="utf-8")):
            found.append((page, (page.parent / href).resolve()))
    return found


def source_files(sample: Path) -> dict[str, tuple[bytes, bool]]:
    return {
        p.relative_to(sample).as_posix(): (p.read_bytes(), bool(p.stat().st_mode & 0o111))
        for p in sample.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    }


def unpacked(archive: Path) -> tuple[set[str], dict[str, tuple[bytes, bool]]]:
    tops, files = set(), {}
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar.getmembers():
            assert member.isfile(), f"{archive.name}: {member.name} is not a regular file"
            top, _, rest = member.name.partition("/")
            tops.add(top)
            data = tar.extractfile(member).read()  # type: ignore[union-attr]
            files[rest] = (data, bool(member.mode & 0o111))
    return tops, files


def wanted() -> dict[str, set[str]]:
    """Page (site-relative .html) -> the samples its tutorial or how-to scenarios start from."""
    pages: dict[str, set[str]] = {}
    for case in scenario.load_all():
        page = case.page
        if not case.needs_real_packages or page is None or not case.sample:
            continue
        if (page.stem, case.sample) in NOT_OFFERED:
            continue
        html = page.relative_to(REPO / "docs").with_suffix(".html").as_posix()
        pages.setdefault(html, set()).add(case.sample)
    return pages


def test_every_tutorial_and_how_to_offers_the_samples_its_scenarios_start_from(site: Path) -> None:
    expected = wanted()
    assert "tutorials/migrate-an-application-from-requirements-txt.html" in expected  # the rule reads the scenarios
    offered: dict[str, set[str]] = {}
    for page, archive in downloads(site):
        offered.setdefault(page.relative_to(site).as_posix(), set()).add(archive.name.removesuffix(".tar.gz"))
    missing = {page: sorted(samples - offered.get(page, set())) for page, samples in expected.items()}
    missing = {page: samples for page, samples in missing.items() if samples}
    assert not missing, (
        "these pages start from a sample project but offer no download of it; add {sample-download}`<sample>` "
        f"where the page introduces it: {missing}"
    )


def test_every_sample_that_is_not_offered_says_why_and_exists() -> None:
    used = {(case.page.stem, case.sample) for case in scenario.load_all() if case.page is not None and case.sample}
    for (page, sample), reason in NOT_OFFERED.items():
        assert (page, sample) in used, f"NOT_OFFERED names {page}/{sample}, which no scenario starts from any more"
        assert reason


def test_every_download_unpacks_to_its_sample_file_by_file(site: Path) -> None:
    links = downloads(site)
    assert links
    for page, archive in links:
        assert archive.is_file(), f"{page.relative_to(site)} links to {archive}, which the build did not write"
        name = archive.name.removesuffix(".tar.gz")
        tops, files = unpacked(archive)
        assert tops == {name}, f"{archive.name}: everything belongs under {name}/, found {sorted(tops)}"
        expected = source_files(SAMPLES / name)
        assert sorted(files) == sorted(expected), f"{archive.name}: not the files of tests/sample_projects/{name}"
        for path, (data, executable) in expected.items():
            assert files[path][0] == data, f"{archive.name}: {path} differs from the sample's"
            assert files[path][1] == executable, f"{archive.name}: {path}'s executable bit differs"


def test_an_archive_is_the_same_bytes_every_build() -> None:
    assert sample_downloads.archive("inventory-app") == sample_downloads.archive("inventory-app")
    with tarfile.open(fileobj=io.BytesIO(sample_downloads.archive("inventory-app")), mode="r:gz") as tar:
        assert {m.mtime for m in tar.getmembers()} == {sample_downloads.MTIME}
        assert {(m.uid, m.gid) for m in tar.getmembers()} == {(0, 0)}
