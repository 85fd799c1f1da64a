"""The ledger's heads kept outside the database, so a truncated or re-chained ledger shows.

Every write transaction that adds ledger entries appends one line per entry to
`ledger-heads.txt` beside the database (0600): `seq hash at action`. Lines are written
after the commit, so a crash can leave the file one step behind the ledger, never ahead;
the ledger must contain every line of the file, with the same hash.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from nocontact.errors import StoreError

HEADS = "ledger-heads.txt"


@dataclass(frozen=True, slots=True)
class Head:
    seq: int
    hash: str
    at: str
    action: str


def last_seq(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT coalesce(max(seq), 0) FROM ledger").fetchone()[0]


def start(path: Path) -> None:
    """An empty heads file for a new case: from now on its absence means it was deleted."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))


def record(conn: sqlite3.Connection, path: Path, after: int) -> None:
    """Append the heads of the entries after `after` (a committed transaction's own);
    a missing file is started with every entry, so it anchors the whole chain from then on."""
    after = after if path.is_file() else 0
    rows = conn.execute(
        "SELECT seq, hash, at, action FROM ledger WHERE seq > ? ORDER BY seq", (after,)
    ).fetchall()
    if not rows:
        return
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as fh:
            fh.write("".join(f"{seq} {hash_} {at} {action}\n" for seq, hash_, at, action in rows))
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        raise StoreError(
            f"{path}: could not record the ledger head ({exc.strerror}); the change itself "
            "was saved: free space or fix permissions, then `nocontact verify`"
        ) from None


def read(path: Path) -> list[Head]:
    """The recorded heads; a line that is not `seq hash at action` is reported as None."""
    heads = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split(" ")
        if len(parts) == 4 and parts[0].isdigit() and len(parts[1]) == 64:
            heads.append(Head(int(parts[0]), parts[1], parts[2], parts[3]))
        else:
            raise ValueError(line)
    return heads


def check(conn: sqlite3.Connection, path: Path, *, required: bool = True) -> list[str]:
    """The chain in the database against the heads recorded outside it; first problem only.

    `required` is False for a case whose ledger predates the file: it starts at the next write.
    """
    count = conn.execute("SELECT count(*) FROM ledger").fetchone()[0]
    if not path.is_file():
        if count == 0 or not required:
            return []
        return [
            f"{path.name} is missing: the ledger is not anchored outside the database (a case "
            "made before heads were kept starts the file at its next sealing step)"
        ]
    try:
        heads = read(path)
    except (ValueError, UnicodeDecodeError) as exc:
        return [f"{path.name}: a line is not 'seq hash time action' ({exc})"]
    chain = dict(conn.execute("SELECT seq, hash FROM ledger").fetchall())
    for head in heads:
        if head.seq in chain and chain[head.seq] != head.hash:
            return [
                f"ledger entry {head.seq} is not the one {path.name} recorded ({head.action} at "
                f"{head.at}): the ledger was rewritten and re-chained"
            ]
    beyond = [head for head in heads if head.seq not in chain]
    if beyond:
        top = max(chain, default=0)
        last = max(beyond, key=lambda head: head.seq)  # two writers may append out of order
        lost = f"{last.seq - top} entr{'y was' if last.seq - top == 1 else 'ies were'}"
        return [
            f"ledger ends at entry {top} but {path.name} recorded entries up to {last.seq} "
            f"({last.action} at {last.at}): its last {lost} deleted"
        ]
    return []
