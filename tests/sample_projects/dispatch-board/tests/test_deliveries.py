from more_itertools import all_unique

from dispatch_board import DELIVERIES


def test_each_recipient_once() -> None:
    assert all_unique(name for name, _, _ in DELIVERIES)


def test_board_file_can_be_locked(tmp_path) -> None:
    from filelock import FileLock

    with FileLock(tmp_path / "board.txt.lock", timeout=1):
        (tmp_path / "board.txt").write_text("ready\n")
