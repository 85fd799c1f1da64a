"""Where each scan stream stopped: the cursor a scanner resumes from."""

from __future__ import annotations

import sqlite3

from nocontact.store.instants import now


def cursor(conn: sqlite3.Connection, platform: str, account: str, stream: str) -> str | None:
    row = conn.execute(
        "SELECT cursor FROM scan_state WHERE platform = ? AND account = ? AND stream = ?",
        (platform, account, stream),
    ).fetchone()
    return row[0] if row else None


def save_cursor(
    conn: sqlite3.Connection, platform: str, account: str, stream: str, value: str
) -> None:
    """Saved in the same transaction as the page's records, so a resume skips nothing."""
    conn.execute(
        "INSERT INTO scan_state (platform, account, stream, cursor, updated_at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (platform, account, stream)"
        " DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at",
        (platform, account, stream, value, now()),
    )
