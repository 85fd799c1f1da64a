"""Stored interactions read back: a hit's records with their sources, raw copies, tallies."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

_CHUNK = 500  # ids per statement: stays under SQLite's variable limit


@dataclass(frozen=True, slots=True)
class ReadFrom:
    """Where a record was read: the archive (sha256, name) or scan, and when it was read."""

    kind: str
    sha256: str
    name: str
    read_at: str


@dataclass(frozen=True, slots=True)
class StoredInteraction:
    """One interaction of an account, with the source it was read from."""

    id: int
    occurred_at: str | None  # None: the archive gives no time for this record
    platform: str
    type: str
    direction: str
    text: str | None
    target: str | None
    locator: str
    raw_sha256: str
    source: ReadFrom


@dataclass(frozen=True, slots=True)
class ThreadRecord:
    target: str
    direction: str
    occurred_at: str | None


@dataclass(frozen=True, slots=True)
class RawRecord:
    id: int
    platform: str
    type: str
    locator: str
    raw: str
    raw_sha256: str


@dataclass(frozen=True, slots=True)
class AccountFacts:
    id: int
    bio: str | None
    created_at: str | None


def account_of_hit(conn: sqlite3.Connection, hit_id: int) -> AccountFacts:
    row = conn.execute(
        "SELECT a.id, a.bio, a.created_at FROM hits h JOIN accounts a ON a.id = h.account_id"
        " WHERE h.id = ?",
        (hit_id,),
    ).fetchone()
    return AccountFacts(*row)


def interactions_of(conn: sqlite3.Connection, account_id: int) -> list[StoredInteraction]:
    """Every record of one account, oldest first, with its source."""
    rows = conn.execute(
        "SELECT i.id, i.occurred_at, i.platform, i.type, i.direction, i.text, i.target,"
        " i.locator, i.raw_sha256, s.kind, s.sha256, s.original_name, s.started_at"
        " FROM interactions i JOIN sources s ON s.id = i.source_id"
        " WHERE i.account_id = ? ORDER BY i.occurred_at IS NULL, i.occurred_at, i.id",
        (account_id,),
    ).fetchall()
    return [StoredInteraction(*row[:9], ReadFrom(*row[9:])) for row in rows]


def others_in_threads(
    conn: sqlite3.Connection, account_id: int, threads: Sequence[str]
) -> list[ThreadRecord]:
    """Other accounts' records in these conversations (group chats)."""
    rows = conn.execute(
        f"SELECT target, direction, occurred_at FROM interactions WHERE account_id != ?"
        f" AND target IN ({', '.join('?' * len(threads))})",
        (account_id, *threads),
    ).fetchall()
    return [ThreadRecord(*row) for row in rows]


def raw_texts(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, str]:
    """Raw records by interaction id."""
    found: dict[int, str] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        found.update(
            conn.execute(
                f"SELECT id, raw FROM interactions WHERE id IN ({', '.join('?' * len(chunk))})",
                chunk,
            ).fetchall()
        )
    return found


def raw_records(conn: sqlite3.Connection) -> Iterator[RawRecord]:
    """Every stored record with its hash, in id order, for verification."""
    for row in conn.execute(
        "SELECT id, platform, type, locator, raw, raw_sha256 FROM interactions ORDER BY id"
    ):
        yield RawRecord(*row)


def type_counts(conn: sqlite3.Connection) -> list[tuple[str, str, int]]:
    """(type, direction, count) over every record, most frequent first."""
    return conn.execute(
        "SELECT type, direction, count(*) FROM interactions GROUP BY type, direction"
        " ORDER BY count(*) DESC"
    ).fetchall()


def inbound_accounts(conn: sqlite3.Connection) -> int:
    """How many accounts sent anything to the protected person."""
    return conn.execute(
        "SELECT count(DISTINCT account_id) FROM interactions WHERE direction = 'in'"
    ).fetchone()[0]
