"""Part of verify's bulk pass in a second process, on the same snapshot as the caller's.

The second core checks every account's and name's seal and the raw records' hashes and
digests while the caller checks the interactions' seals and digests (`sweep`); the caller
also hashes the last raw records when that lets the two end together (`split`). Each
process reads its own snapshot; the two are one when nothing was committed between them,
which a third connection tells (`PRAGMA data_version`, read before the caller's snapshot
starts and again once the second process is done). Otherwise, or if the second process
failed, its answer is dropped and the caller checks those rows itself. A SQLite connection
must not cross a fork, so the second process is a new interpreter; it only reads, and
prints what it found.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nocontact.store import sweep

_ROOT = Path(__file__).resolve().parents[2]  # where the second process imports nocontact from
_log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Answer:
    """What the second process found: `sweep.raw_records`'s (each source's interactions
    digest, None if a raw record differs) and `sweep.accounts`'s (held, accounts digest)."""

    raw: dict[Any, str] | None
    accounts: tuple[bool, str]


@dataclass(frozen=True, slots=True)
class Helper:
    """A running second process and the connection that tells whether it saw our snapshot."""

    process: subprocess.Popen[bytes]
    probe: sqlite3.Connection
    version: int
    split: int | None  # the first interaction whose raw record the caller hashes, if any

    def answer(self) -> Answer | None:
        """Its answer once it is done; None if it failed or read another snapshot."""
        out, err = self.process.communicate()
        changed = self.probe.execute("PRAGMA data_version").fetchone()[0] != self.version
        self.probe.close()
        if self.process.returncode != 0 or changed:
            _log.debug("second process not used (changed=%s): %s", changed, err[-300:])
            return None
        found = json.loads(out)
        raw = None if found["raw"] is None else dict(map(tuple, found["raw"]))
        return Answer(raw, (found["held"], found["digest"]))

    def stop(self) -> None:
        """End it if the caller stopped before asking for its answer."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.probe.close()


def start(path: Path, split: int | None = None) -> Helper | None:
    """Start the second process on the plain case database at `path`: call it before the
    caller's own snapshot starts (its first read after BEGIN). It hashes the raw records
    before id `split` (all if None). None if it cannot start."""
    if not sys.executable:  # an embedded interpreter: no Python to start
        return None
    probe = sqlite3.connect(path, isolation_level=None)
    version = probe.execute("PRAGMA data_version").fetchone()[0]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (str(_ROOT), *_paths())))}
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "nocontact.store.parallel", str(path), str(split or 0)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,  # a failure only means the caller does the work itself
            env=env,
        )
    except OSError as exc:  # no process to spare (a limit, no memory): the caller does it all
        _log.debug("no second process: %s", exc)
        probe.close()
        return None
    return Helper(process, probe, version, split)


# CPU at 1M records (microseconds): the caller's pass over an interaction; the second's
# over its raw record, of which hashing is the part either can do; over an account or a
# name; the second's start (a new interpreter, its imports). They only tell how soon the
# two end, so a wrong guess costs time, never a check.
_SEALS, _RAW, _HASHING, _ACCOUNT, _START = 2.2, 1.05, 0.55, 1.33, 80_000


def split(interactions: int, accounts: int) -> int | None:
    """The first interaction id whose raw record the caller hashes so that the two
    processes end together; None if the second process has the less to do anyway."""
    extra = (_START + _RAW * interactions + _ACCOUNT * accounts - _SEALS * interactions) / 2
    share = min(extra / _HASHING, interactions)  # records whose hashing moves
    return interactions - int(share) + 1 if share >= 1 else None


def _paths() -> list[str]:
    return os.environ.get("PYTHONPATH", "").split(os.pathsep)


def check(path: Path, split: int | None = None) -> dict[str, object]:
    """The second process's work, in one snapshot of its own."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA query_only = 1")
        conn.execute("BEGIN")
        raw = sweep.raw_records(conn, below=split)
        held, digest = sweep.accounts(conn)
    finally:
        conn.close()
    pairs = None if raw is None else list(raw.items())  # a source id stays an id (JSON keys)
    return {"raw": pairs, "held": held, "digest": digest}


if __name__ == "__main__":
    print(json.dumps(check(Path(sys.argv[1]), int(sys.argv[2]) or None)))  # noqa: T201 (the caller reads it)
