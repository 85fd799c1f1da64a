"""A reviewer's actions on hits, oldest first; the ledger seals each one as it is added."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

STATUS_AFTER = {"confirm": "confirmed", "dismiss": "dismissed", "reopen": "new"}


@dataclass(frozen=True, slots=True)
class Review:
    action: str
    text: str | None
    at: str


def add_review(
    conn: sqlite3.Connection, hit_id: int, action: str, text: str | None, at: str
) -> int:
    """Add one review; returns its id (the ledger entry names it)."""
    cursor = conn.execute(
        "INSERT INTO reviews (hit_id, action, text, at) VALUES (?, ?, ?, ?)",
        (hit_id, action, text, at),
    )
    return int(cursor.lastrowid or 0)


@dataclass(frozen=True, slots=True)
class StoredReview:
    id: int
    hit_id: int
    action: str
    text: str | None
    at: str


def all_reviews(conn: sqlite3.Connection) -> list[StoredReview]:
    """Every review in id order, as decide added them, for replay against the ledger."""
    rows = conn.execute("SELECT id, hit_id, action, text, at FROM reviews ORDER BY id")
    return [StoredReview(*row) for row in rows]


def reviews_of(
    conn: sqlite3.Connection, hit_id: int, *, actions: tuple[str, ...] | None = None
) -> list[Review]:
    """A hit's reviews (only these actions, if given), oldest first."""
    rows = conn.execute(
        "SELECT action, text, at FROM reviews WHERE hit_id = ? ORDER BY id", (hit_id,)
    ).fetchall()
    return [Review(*row) for row in rows if actions is None or row[0] in actions]
