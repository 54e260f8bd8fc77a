"""The Docker tier's own parts, without a daemon: what it says when it cannot run, the
socket path it binds, the pip/Poetry redirect it bakes into the base image, and how
BuildKit's output is compared (harness.normalise.buildkit_steps)."""

from __future__ import annotations

import shutil

import pytest

from harness import docker, normalise


def test_missing_tools_name_the_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None if name == "dockerd" else f"/usr/bin/{name}")
    with pytest.raises(docker.DockerUnavailable, match=r"need dockerd: run make docker \(as root"):
        docker.check_machine()


def test_not_root_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(docker.os, "geteuid", lambda: 1000)
    if not docker.DOCKER.exists():
        pytest.fail(f"{docker.DOCKER} is missing: run {docker.INSTALL_HINT}")
    with pytest.raises(docker.DockerUnavailable, match="needs root: run the tests as root"):
        docker.check_machine()


def test_the_socket_path_fits_a_unix_socket() -> None:
    # A Unix socket's path holds at most 107 bytes; dockerd fails with "bind: invalid argument".
    assert len(str(docker.RUN_DIR / "docker.sock")) < 108
    assert docker.DOCKER_HOST == f"unix://{docker.RUN_DIR}/docker.sock"


def test_the_base_image_is_named_after_its_command() -> None:
    name = docker.base_tarball().name
    assert name.startswith("debian-python-3.11-") and name.endswith(".tar.zst")
    before = docker.MMDEBSTRAP[:]
    try:
        docker.MMDEBSTRAP.append("--include=git")
        assert docker.base_tarball().name != name
    finally:
        docker.MMDEBSTRAP[:] = before


def test_the_redirect_compiles() -> None:
    text = docker.SITECUSTOMIZE.format(url="http://127.0.0.1:1234/", netloc="127.0.0.1:1234")
    compile(text, "sitecustomize.py", "exec")


ORDERED = """\
#1 [internal] load build definition from Dockerfile
#1 sha256:1111111111111111111111111111111111111111111111111111111111111111
#1 transferring dockerfile: 647B done
#1 DONE 0.0s

#4 [builder 2/3] RUN pip install six
#4 sha256:2222222222222222222222222222222222222222222222222222222222222222
#4 1.234 Collecting six
#4 2.345   Downloading six-1.17.0-py2.py3-none-any.whl (11 kB)
#4 DONE 2.5s

#5 [runtime 2/2] WORKDIR /app
#5 sha256:3333333333333333333333333333333333333333333333333333333333333333
#5 DONE 0.1s

#6 exporting to image
#6 exporting layers 0.2s done
#6 DONE 0.2s""".splitlines()

INTERLEAVED = """\
#1 [internal] load build definition from Dockerfile
#1 sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
#1 transferring dockerfile: 647B 0.0s done
#1 DONE 0.1s

#5 [builder 2/3] RUN pip install six
#5 sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb
#5 ...

#4 [runtime 2/2] WORKDIR /app
#4 sha256:cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc
#4 DONE 0.0s

#5 [builder 2/3] RUN pip install six
#5 sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb
#5 0.934 Collecting six
#5 1.002   Downloading six-1.17.0-py2.py3-none-any.whl (11 kB)
#5 DONE 1.1s

#6 exporting to image
#6 exporting layers
#6 exporting layers 0.3s done
#6 DONE 0.3s""".splitlines()


def test_buildkit_steps_compare_as_blocks() -> None:
    assert normalise.canonical(ORDERED) == normalise.canonical(INTERLEAVED)


@pytest.mark.parametrize(
    "old, new",
    [
        ("Collecting six", "Collecting seven"),  # what a step prints
        ("#5 1.002   Downloading", "#4 1.002   Downloading"),  # which step prints it
        ("RUN pip install six", "RUN pip install six==1.16.0"),  # a step's title
        ("647B", "648B"),  # the size of the Dockerfile
    ],
)
def test_buildkit_steps_still_compare_content(old: str, new: str) -> None:
    changed = [line.replace(old, new) for line in INTERLEAVED]
    assert changed != INTERLEAVED
    assert normalise.canonical(ORDERED) != normalise.canonical(changed)


def test_reordered_lines_within_a_step_differ() -> None:
    swapped = INTERLEAVED[:]
    i = swapped.index("#5 0.934 Collecting six")
    swapped[i], swapped[i + 1] = swapped[i + 1], swapped[i]
    assert normalise.canonical(ORDERED) != normalise.canonical(swapped)


def test_a_step_keeps_its_blank_and_repeated_lines() -> None:
    """Only status lines (no time) give way to their 'done' line: a step's own output keeps
    a blank line before an indented one, and a line it prints twice."""
    run = ["#7 [builder 5/8] RUN poetry sync", "#7 4.1 Package operations: 1 install", "#7 4.2 ", "#7 4.3   - Installing six (1.17.0)", "#7 DONE 5.0s"]
    without_blank = [line for line in run if line != "#7 4.2 "]
    assert normalise.canonical(run) != normalise.canonical(without_blank)
    twice = run[:3] + ["#7 4.25 "] + run[3:]
    assert normalise.canonical(run) != normalise.canonical(twice)


def test_pip_progress_bars_compare_without_speed() -> None:
    fast = "#6 36.74      ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━ 464.5/464.5 kB 267.1 MB/s eta 0:00:00"
    slow = "#6 12.01      ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━ 464.5/464.5 kB 86.0 MB/s eta 0:00:00"
    other = "#6 12.01      ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━ 464.6/464.6 kB 86.0 MB/s eta 0:00:00"
    assert normalise.mask(fast) == normalise.mask(slow)
    assert normalise.mask(fast) != normalise.mask(other)


def test_a_step_printed_twice_compares_as_once() -> None:
    again = ORDERED[:4] + [""]  # step #1 once more, as BuildKit sometimes prints it
    assert normalise.canonical(ORDERED) == normalise.canonical(again + ORDERED)


def test_a_shared_from_step_compares_under_either_stage() -> None:
    builder = "#4 [builder 1/8] FROM docker.io/library/python:3.11-slim"
    runtime = "#4 [runtime 1/6] FROM docker.io/library/python:3.11-slim"
    assert normalise.mask(builder) == normalise.mask(runtime)
    assert normalise.mask("#5 [builder 2/8] RUN true") != normalise.mask("#5 [runtime 2/6] RUN true")
    assert normalise.mask(builder) != normalise.mask(builder.replace("3.11", "3.12"))


def test_only_buildkit_digests_are_masked() -> None:
    digest = "sha256:" + "ab" * 32
    assert normalise.mask(f"#6 {digest}") == normalise.mask(f"#6 sha256:{'cd' * 32}")
    assert normalise.mask(f"#15 writing image {digest} done") == "#15 writing image sha256:<digest> done"
    lock_line = f'    {{file = "six-1.17.0-py2.py3-none-any.whl", hash = "{digest}"}},'
    assert normalise.mask(lock_line) == lock_line  # a lock file's hashes do not vary


def test_pips_root_warning_may_come_before_or_after_the_steps_last_line() -> None:
    stdout_first = ["#7 [4/4] RUN pip install six", "#7 0.5 Successfully installed six-1.17.0", "#7 0.6 WARNING: Running pip as the 'root' user can break things", "#7 DONE 0.7s"]
    warning_first = [stdout_first[0], stdout_first[2], stdout_first[1], stdout_first[3]]
    assert normalise.canonical(stdout_first) == normalise.canonical(warning_first)
    other = [stdout_first[0], "#7 0.6 WARNING: something else", stdout_first[1], stdout_first[3]]
    assert normalise.canonical(other) != normalise.canonical(stdout_first[:2] + ["#7 0.6 WARNING: something else", stdout_first[3]])
