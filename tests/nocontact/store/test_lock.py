"""The case's writer lock: re-entrant in a thread, queued across threads, named when busy."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from nocontact.errors import StoreError
from nocontact.store.lock import LOCK_NAME, CaseBusy, hold


def test_the_same_thread_may_hold_it_twice(tmp_path: Path) -> None:
    with hold(tmp_path, "import"), hold(tmp_path, "import"):
        assert (tmp_path / LOCK_NAME).read_text().split() == [
            str(__import__("os").getpid()),
            "import",
        ]


def test_another_thread_waits_its_turn_then_goes_on(tmp_path: Path) -> None:
    order: list[str] = []

    def second() -> None:
        with hold(tmp_path, "decide", wait=5):
            order.append("second")

    with hold(tmp_path, "match"):
        thread = threading.Thread(target=second)
        thread.start()
        time.sleep(0.2)
        order.append("first")
    thread.join()
    assert order == ["first", "second"]


def test_a_writer_that_cannot_wait_is_told_so(tmp_path: Path) -> None:
    failed: list[BaseException] = []

    def second() -> None:
        try:
            with hold(tmp_path, "decide", wait=0.1):
                pass
        except CaseBusy as exc:
            failed.append(exc)

    with hold(tmp_path, "match"):
        thread = threading.Thread(target=second)
        thread.start()
        thread.join()
    assert len(failed) == 1 and "another nocontact command is writing" in str(failed[0])


def test_a_folder_it_cannot_write_is_one_clear_line(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    held = hold(tmp_path / "file" / "case", "import")  # a file where the folder should be
    with pytest.raises(StoreError, match="cannot write to this case"), held:
        pass


def test_a_new_case_folder_is_made(tmp_path: Path) -> None:
    with hold(tmp_path / "new" / "case", "import"):
        assert (tmp_path / "new" / "case" / LOCK_NAME).exists()
