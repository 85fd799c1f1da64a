"""Every score of a match run above zero, kept whole so a hit's reasons can be audited."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class MatchRow:
    account_id: int
    subject: str
    kind: str
    score: float
    features: Mapping[str, float]
    reasons: tuple[str, ...]
    model_version: str


def replace_matches(conn: sqlite3.Connection, rows: Sequence[MatchRow], at: str) -> None:
    """A match run re-scores everything: the previous run's matches go."""
    conn.execute("DELETE FROM matches")
    conn.executemany(
        "INSERT INTO matches (account_id, subject, kind, score, features, reasons,"
        " model_version, at) VALUES (?,?,?,?,?,?,?,?)",
        [
            (
                r.account_id,
                r.subject,
                r.kind,
                r.score,
                json.dumps(dict(r.features)),
                json.dumps(list(r.reasons), ensure_ascii=False),
                r.model_version,
                at,
            )
            for r in rows
        ],
    )
