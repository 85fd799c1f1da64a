"""A reviewer's actions on hits, oldest first; the ledger seals each one as it is added."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Review:
    action: str
    text: str | None
    at: str


def add_review(
    conn: sqlite3.Connection, hit_id: int, action: str, text: str | None, at: str
) -> None:
    conn.execute(
        "INSERT INTO reviews (hit_id, action, text, at) VALUES (?, ?, ?, ?)",
        (hit_id, action, text, at),
    )


def reviews_of(
    conn: sqlite3.Connection, hit_id: int, *, actions: tuple[str, ...] | None = None
) -> list[Review]:
    """A hit's reviews (only these actions, if given), oldest first."""
    rows = conn.execute(
        "SELECT action, text, at FROM reviews WHERE hit_id = ? ORDER BY id", (hit_id,)
    ).fetchall()
    return [Review(*row) for row in rows if actions is None or row[0] in actions]
