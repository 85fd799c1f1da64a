"""One writer per case at a time, and a clear word about who is writing.

SQLite alone makes a second writer fail after its busy timeout with "database is locked".
Every write transaction first takes an advisory lock on `<case>/.nocontact.lock` (flock: the
kernel drops it when its process dies, even by kill -9, so a crash never leaves the case
locked) and writes its holder's pid and command there. A second writer waits a bounded
time, then says in one line who holds the case. Readers never take it. Within one process
the lock is re-entrant per thread, and threads (the review server's) queue for it; a forked
child starts holding nothing.
"""

from __future__ import annotations

import errno
import fcntl
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from nocontact.errors import StoreError

LOCK_NAME = ".nocontact.lock"
WAIT_SECONDS = 30.0  # NOCONTACT_LOCK_WAIT (seconds) overrides it
_POLL = 0.05


class CaseBusy(StoreError):
    """Another command kept writing to the case for longer than this one would wait."""


@dataclass
class _Held:
    thread_lock: threading.RLock = field(default_factory=threading.RLock)
    depth: int = 0
    fd: int | None = None


_HELD: dict[Path, _Held] = {}
_GUARD = threading.Lock()


def _forget_in_child() -> None:
    """A forked child holds nothing: it must take the lock itself (and wait for its parent).

    Otherwise it inherits the parent's re-entrant state and open lock file, writes beside
    its parent, and keeps the case locked after the parent lets go.
    """
    global _GUARD
    for held in _HELD.values():
        if held.fd is not None:
            os.close(held.fd)  # the parent's copy still holds the flock
            held.fd = None  # so a `hold` block the fork happened in closes nothing on exit
    _HELD.clear()
    _GUARD = threading.Lock()


os.register_at_fork(after_in_child=_forget_in_child)


@contextmanager
def hold(case_root: Path, command: str, *, wait: float | None = None) -> Iterator[None]:
    """Hold the case's writer lock for the block; wait at most `wait` seconds for it."""
    path = (case_root / LOCK_NAME).resolve()
    limit = _default_wait() if wait is None else wait
    with _GUARD:
        held = _HELD.setdefault(path, _Held())
    if not held.thread_lock.acquire(timeout=limit):
        raise CaseBusy(_busy(path, "this process"))
    try:
        if held.depth == 0:
            held.fd = _acquire(path, command, time.monotonic() + limit)
        held.depth += 1
        try:
            yield
        finally:
            held.depth -= 1
            if held.depth == 0 and held.fd is not None:
                os.close(held.fd)  # closing releases the flock
                held.fd = None
    finally:
        held.thread_lock.release()


def _default_wait() -> float:
    try:
        return float(os.environ.get("NOCONTACT_LOCK_WAIT", WAIT_SECONDS))
    except ValueError:
        return WAIT_SECONDS


def _acquire(path: Path, command: str, deadline: float) -> int:
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        hint = (
            "; is the folder read-only? Reading commands (hits, report, verify) still work"
            if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM)
            else ""
        )
        raise StoreError(
            f"{path.parent}: cannot write to this case ({exc.strerror}){hint}"
        ) from None
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(fd)
                raise CaseBusy(_busy(path, _holder(path))) from None
            time.sleep(_POLL)
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()} {command or 'nocontact'}\n".encode(), 0)
    return fd


def _holder(path: Path) -> str:
    """'pid 123, `import`' from the lock file, as its holder wrote it."""
    try:
        pid, _, command = path.read_text(encoding="utf-8").strip().partition(" ")
    except (OSError, UnicodeDecodeError):
        return "unknown"
    return f"pid {pid}, `{command}`" if pid.isdigit() else "unknown"


def _busy(path: Path, holder: str) -> str:
    return (
        f"another nocontact command is writing to this case ({holder}); wait for it to "
        f"finish, then run this again ({path.parent})"
    )
