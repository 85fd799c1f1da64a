"""The case's writer lock: re-entrant in a thread, queued across threads, named when busy."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
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


def _in_a_fork(task: Callable[[], int]) -> int:
    """`task`'s exit code, run in a forked child (this test's process has no other thread)."""
    pid = os.fork()
    if pid == 0:
        code = 3
        try:
            code = task()
        finally:
            os._exit(code)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


def test_a_forked_child_does_not_inherit_the_lock(tmp_path: Path) -> None:
    """A child forked while its parent writes must take the lock itself, and wait for it:
    it got the parent's open lock file and re-entrant state, and wrote beside the parent."""

    def child() -> int:
        try:
            with hold(tmp_path, "child", wait=0.2):
                return 1  # it thought it held the case while the parent did
        except CaseBusy as busy:
            return 0 if f"pid {os.getppid()}, `parent`" in str(busy) else 2

    with hold(tmp_path, "parent"):
        assert _in_a_fork(child) == 0
    with hold(tmp_path, "parent"):
        pass  # the parent's own state is untouched by the fork

    def after() -> int:  # once the parent let go, the child takes it
        with hold(tmp_path, "child", wait=5):
            return 0

    assert _in_a_fork(after) == 0
