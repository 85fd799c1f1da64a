"""A table's UNIQUE indexes set aside while a writer fills it from empty, built once at the end.

Kept up to date row by row, the dedup key's UNIQUE index puts every record in a random page
of a B-tree larger than the page cache (each key is a SHA-256): a million records spent as
long there as in the rest of their insert. Built once after the rows, it is one sort.

Only an empty table is filled this way: no stored key can then be met again, and a writer
gives each record of its own a key of its own (ordinals), so INSERT OR IGNORE would ignore
nothing. Dropping and creating an index is part of the caller's transaction: a failure rolls
both back, and two rows with one key would still fail, at `rebuild`, never be stored.

The other indexes grow at their right edge as rows come in id order, which a small page cache
serves as well as a large one: the cache stays small meanwhile (smaller still while the index
is sorted), so the sort's memory takes the place of the cache's instead of adding to it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

_CACHE_KIB = 16 * 1024  # page cache while the indexes are set aside
_SORTING_CACHE_KIB = 2 * 1024  # and while they are built (SQLite's default)


@dataclass(frozen=True, slots=True)
class SetAside:
    """What `rebuild` restores: the indexes' SQL, in their order, and the page cache size."""

    statements: tuple[str, ...]
    cache_size: int  # as PRAGMA cache_size gave it


def set_aside(conn: sqlite3.Connection, table: str) -> SetAside | None:
    """Drop the UNIQUE indexes of an empty `table` (None when it holds rows: each insert
    then has to be checked against them)."""
    if conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone():
        return None
    found = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?"
        " AND sql LIKE 'CREATE UNIQUE INDEX %' ORDER BY rowid",
        (table,),
    ).fetchall()
    if not found:
        return None
    (cache_size,) = conn.execute("PRAGMA cache_size").fetchone()
    for name, _ in found:
        conn.execute(f'DROP INDEX "{name}"')
    conn.execute(f"PRAGMA cache_size = -{_CACHE_KIB}")
    return SetAside(tuple(sql for _, sql in found), int(cache_size))


def rebuild(conn: sqlite3.Connection, aside: SetAside | None) -> None:
    """Create again, in their order, the indexes `set_aside` dropped; the cache as it was."""
    if aside is None:
        return
    conn.execute(f"PRAGMA cache_size = -{_SORTING_CACHE_KIB}")
    for sql in aside.statements:
        conn.execute(sql)
    conn.execute(f"PRAGMA cache_size = {aside.cache_size}")
