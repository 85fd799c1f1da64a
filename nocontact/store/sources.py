"""Sources: each archive imported and each scan run, and what it added."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from nocontact import __version__
from nocontact.store.instants import now


@dataclass(frozen=True, slots=True)
class SourceRow:
    """A source as the report lists it and verification checks it."""

    id: int
    kind: str
    sha256: str
    original_name: str
    platforms: tuple[str, ...]
    finished_at: str | None
    status: str
    copy_path: str | None
    counts: dict[str, Any]
    started_at: str | None = None  # when nocontact began reading it: the log's read_at


def add_source(
    conn: sqlite3.Connection,
    *,
    sha256: str,
    kind: str,
    platforms: Sequence[str],
    name: str,
    size: int,
    parsers: Sequence[str],
    copy_path: str | None,
) -> int:
    """Register where records come from (an archive, a scan) before adding them."""
    return conn.execute(
        "INSERT INTO sources (sha256, kind, platforms, original_name, size, parsers,"
        " tool_version, started_at, status, copy_path) VALUES (?,?,?,?,?,?,?,?,?,?)",
        (
            sha256,
            kind,
            ",".join(platforms),
            name,
            size,
            ",".join(parsers),
            __version__,
            now(),
            "importing",
            copy_path,
        ),
    ).lastrowid


def finish_source(conn: sqlite3.Connection, source_id: int, counts: dict[str, object]) -> None:
    conn.execute(
        "UPDATE sources SET finished_at = ?, status = 'complete', counts = ? WHERE id = ?",
        (now(), json.dumps(counts), source_id),
    )


def find_source(conn: sqlite3.Connection, sha256: str) -> tuple[int, str, list[str]] | None:
    """(id, finished_at, parser names) of an archive already imported, else None."""
    row = conn.execute(
        "SELECT id, finished_at, parsers FROM sources WHERE sha256 = ?", (sha256,)
    ).fetchone()
    if row is None:
        return None
    names = [entry.split("/")[0] for entry in (row[2] or "").split(",") if entry]
    return row[0], row[1], names


def extend_source(
    conn: sqlite3.Connection, source_id: int, *, platforms: Sequence[str], parsers: Sequence[str]
) -> None:
    """Record that more parsers read an archive already imported (its sha256 stays one row)."""
    conn.execute(
        "UPDATE sources SET platforms = platforms || ',' || ?, parsers = parsers || ',' || ?,"
        " status = 'importing' WHERE id = ?",
        (",".join(platforms), ",".join(parsers), source_id),
    )


_SELECT = (
    "SELECT id, kind, sha256, original_name, platforms, finished_at, status, copy_path, counts,"
    " started_at FROM sources"
)


def sources(conn: sqlite3.Connection) -> list[SourceRow]:
    """Every source, in the order they were added."""
    return [_source(row) for row in conn.execute(_SELECT + " ORDER BY id")]


def source(conn: sqlite3.Connection, source_id: int) -> SourceRow:
    return _source(conn.execute(_SELECT + " WHERE id = ?", (source_id,)).fetchone())


def _source(row: tuple[Any, ...]) -> SourceRow:
    platforms = tuple(row[4].split(",")) if isinstance(row[4], str) else ()
    return SourceRow(*row[:4], platforms, *row[5:8], _counts(row[8]), row[9])


def _counts(text: Any) -> dict[str, Any]:
    """A source's counts; none when the column holds no JSON object (an edit outside
    nocontact: these columns are not sealed, and `verify` must still read the row)."""
    try:
        found = json.loads(text or "{}")
    except (TypeError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def update_scan(
    conn: sqlite3.Connection, source_id: int, *, sha256: str, size: int, counts: dict[str, Any]
) -> None:
    """A scan's source grows with each page: its hash covers every response read so far."""
    conn.execute(
        "UPDATE sources SET sha256 = ?, size = ?, counts = ? WHERE id = ?",
        (sha256, size, json.dumps(counts), source_id),
    )


def close_source(conn: sqlite3.Connection, source_id: int, status: str) -> None:
    conn.execute(
        "UPDATE sources SET finished_at = ?, status = ? WHERE id = ?", (now(), status, source_id)
    )


def open_scans(conn: sqlite3.Connection) -> list[int]:
    """Scans killed before their end: their sources are still 'importing'."""
    rows = conn.execute(
        "SELECT id FROM sources WHERE kind = 'scan' AND status = 'importing' ORDER BY id"
    ).fetchall()
    return [source_id for (source_id,) in rows]
