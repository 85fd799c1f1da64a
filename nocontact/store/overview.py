"""Where a case stands, read from the store: what was imported, scanned, matched, decided."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from nocontact.store import ledger


@dataclass(frozen=True, slots=True)
class SourceRow:
    """One imported archive (or scan source) and the span of the records it holds."""

    name: str
    kind: str
    platforms: tuple[str, ...]
    imported_at: str | None
    read: int
    added: int
    first: str | None
    last: str | None


def sources(conn: sqlite3.Connection) -> list[SourceRow]:
    rows = conn.execute(
        "SELECT s.original_name, s.kind, s.platforms, s.finished_at, s.counts,"
        " min(i.occurred_at), max(i.occurred_at)"
        " FROM sources s LEFT JOIN interactions i ON i.source_id = s.id"
        " WHERE s.kind != 'scan' GROUP BY s.id ORDER BY s.id"
    ).fetchall()
    found = []
    for name, kind, platforms, at, counts, first, last in rows:
        numbers: dict[str, Any] = json.loads(counts or "{}")
        found.append(
            SourceRow(
                name=name,
                kind=kind,
                platforms=tuple(p for p in (platforms or "").split(",") if p),
                imported_at=at,
                read=int(numbers.get("read", 0)),
                added=int(numbers.get("added", 0)),
                first=first,
                last=last,
            )
        )
    return found


def last_scans(conn: sqlite3.Connection) -> dict[str, str]:
    """The newest finished scan per platform."""
    rows = conn.execute(
        "SELECT platforms, max(coalesce(finished_at, started_at)) FROM sources"
        " WHERE kind = 'scan' GROUP BY platforms"
    ).fetchall()
    return {platform: at for platform, at in rows if at}


def hit_counts(conn: sqlite3.Connection) -> dict[str, int]:
    counts = dict.fromkeys(("new", "confirmed", "dismissed"), 0)
    counts.update(conn.execute("SELECT status, count(*) FROM hits GROUP BY status").fetchall())
    return counts


def last_entry(conn: sqlite3.Connection, *actions: str) -> tuple[int, str, dict[str, Any]] | None:
    """(seq, at, payload) of the newest ledger entry with one of these actions; its payload
    {} when it is no JSON object (an edit outside nocontact, which verify names)."""
    row = conn.execute(
        f"SELECT seq, at, payload FROM ledger WHERE action IN ({', '.join('?' * len(actions))})"
        " ORDER BY seq DESC LIMIT 1",
        actions,
    ).fetchone()
    return (row[0], row[1], ledger.parsed(row[2]) or {}) if row else None


def match_outdated(conn: sqlite3.Connection) -> str | None:
    """Why the hits may not cover everything stored, or None when `match` is up to date."""
    records = last_entry(conn, "import", "scan")
    if records is None:
        return None
    matched = last_entry(conn, "match")
    if matched is None:
        return "nothing has been matched yet: run `nocontact match` to find suspected contacts"
    if matched[0] < records[0]:
        return "records were added since the last `nocontact match`: run it again to score them"
    return None


def review_exists(conn: sqlite3.Connection, hit_id: int, action: str, text: str | None) -> bool:
    """True when this hit already has this very note or witness."""
    row = conn.execute(
        "SELECT 1 FROM reviews WHERE hit_id = ? AND action = ? AND text IS ? LIMIT 1",
        (hit_id, action, text),
    ).fetchone()
    return row is not None


def kinds_by_platform(conn: sqlite3.Connection) -> dict[str, set[str]]:
    """The kinds of record stored for each platform (what its archives and scans did show)."""
    shown: dict[str, set[str]] = {}
    for platform, kind in conn.execute("SELECT DISTINCT platform, type FROM interactions"):
        shown.setdefault(platform, set()).add(kind)
    return shown
