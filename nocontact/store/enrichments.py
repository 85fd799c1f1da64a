"""Public-profile lookups as fetched: body, hash, what they filled in, the avatar kept."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass

COLUMNS = (
    "account_id",
    "platform",
    "fetch_url",
    "fetched_at",
    "cached",
    "status",
    "reason",
    "raw",
    "raw_sha256",
    "filled",
    "avatar_url",
    "avatar_fetched_at",
    "avatar_sha256",
    "avatar_path",
    "avatar_reason",
)


@dataclass(frozen=True, slots=True)
class StoredLookup:
    """What verification recomputes of one lookup."""

    id: int
    raw: str | None
    raw_sha256: str | None
    avatar_sha256: str | None
    avatar_path: str | None


def add_enrichment(conn: sqlite3.Connection, values: Mapping[str, object]) -> int:
    """Store one lookup (keys from COLUMNS); returns its id, which the ledger entry names."""
    names = [name for name in COLUMNS if name in values]
    if len(names) != len(values):
        raise ValueError(f"not enrichment columns: {sorted(set(values) - set(COLUMNS))}")
    return conn.execute(
        f"INSERT INTO enrichments ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
        tuple(values[name] for name in names),
    ).lastrowid


def stored_lookups(conn: sqlite3.Connection) -> dict[int, StoredLookup]:
    rows = conn.execute(
        "SELECT id, raw, raw_sha256, avatar_sha256, avatar_path FROM enrichments"
    ).fetchall()
    return {row[0]: StoredLookup(*row) for row in rows}
