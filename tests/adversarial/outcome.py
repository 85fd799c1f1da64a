"""Run one `nocontact import` of a hostile archive and judge what it did to the case.

A safe outcome: exit 0 with the case consistent, or exit 1 with one line on stderr and the
case exactly as before (every table's rows, the ledger head, the evidence copies).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from nocontact.case import Case
from nocontact.cli import cli
from nocontact.store.lock import LOCK_NAME

_ROOT = Path(__file__).resolve().parents[2]

CONFIG = """
[order]
issued = 2026-03-02
jurisdiction = "US-NY"

[[protected.accounts]]
platform = "instagram"
handle = "jane.doe"

[restrained]
names = ["Robert James Miller"]
handles = { instagram = ["rob.miller82"], x = ["robmiller"] }

[match]
min_score = 0.1
"""


@dataclass(frozen=True)
class Outcome:
    exit_code: int
    output: str
    changed: bool
    integrity: str

    @property
    def refused(self) -> bool:
        return self.exit_code == 1

    @property
    def one_line(self) -> bool:
        lines = self.output.strip().splitlines()
        return len(lines) == 1 and lines[0].startswith("error: ")


def new_case(root: Path) -> Path:
    """A case with its (empty) database, so that any row a refusal left would show."""
    root.mkdir(parents=True)
    (root / "config.toml").write_text(CONFIG, encoding="utf-8")
    Case(root).store().close()
    return root


def snapshot(case: Path) -> str:
    """One digest over every row of every table and the evidence copies' names."""
    digest = hashlib.sha256()
    db = case / "nocontact.db"
    if db.exists():
        with sqlite3.connect(db) as conn:
            tables = [
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            ]
            for table in sorted(tables):
                for row in conn.execute(f"SELECT * FROM [{table}] ORDER BY 1"):
                    digest.update(repr(row).encode())
        conn.close()
    for item in sorted((case / "evidence").rglob("*")):
        if item.is_file():
            digest.update(item.name.encode())
    return digest.hexdigest()


def integrity(case: Path) -> str:
    db = case / "nocontact.db"
    if not db.exists():
        return "ok"
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def run_import(case: Path, archive: Path) -> Outcome:
    before = snapshot(case)
    result = CliRunner().invoke(cli, ["--case", str(case), "import", str(archive)])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Outcome(result.exit_code, result.output, snapshot(case) != before, integrity(case))


def command(case: Path, *args: str) -> list[str]:
    """`nocontact --case CASE --quiet ARGS` as a user runs it, in a process of its own.

    Tests that kill or race a command run it this way, never in a fork of the test
    process: a fork copies whatever lock another thread held, and can wait on it for ever.
    """
    return [sys.executable, "-m", "nocontact", "--case", str(case), "--quiet", *args]


def command_env() -> dict[str, str]:
    """The environment for `command`: this checkout's code, whatever is installed."""
    path = os.pathsep.join(p for p in (str(_ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONPATH": path}


def writer_lock_held(case: Path) -> bool:
    """Whether a command holds the case's writer lock (is inside a write) right now."""
    fd = os.open(case / LOCK_NAME, os.O_RDONLY | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False
