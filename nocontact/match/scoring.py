"""Score every account that contacted the protected person and keep the hits."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from matcher import model
from matcher.features import score_all
from matcher.types import Candidate, Profile, Score
from nocontact.case import Case, Progress, no_progress
from nocontact.errors import ModelError
from nocontact.match.inputs import candidates_of, profile_of
from nocontact.store import ledger
from nocontact.store.instants import now


@dataclass(frozen=True, slots=True)
class MatchResult:
    candidates: int
    matches: int
    hits: int
    by_kind: dict[str, int]

    def summary(self) -> str:
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(self.by_kind.items())) or "none"
        return (
            f"scored {self.candidates} accounts; {self.matches} similar to someone named "
            f"in the order; {self.hits} hits to review ({kinds})"
        )


def _score(profile: Profile, candidates: list[Candidate]) -> list[Score]:
    """The trained model's scores when its file is present, else the name rules (rules-1)."""
    if not model.MODEL_FILE.is_file():
        return score_all(profile, candidates)
    try:
        classifier = model.load(model.MODEL_FILE)
    except model.ModelFileError as exc:
        raise ModelError(f"{exc}; run `nocontact train` to write a new one") from None
    return classifier.score(profile, candidates)


def run_match(case: Case, *, progress: Progress = no_progress) -> MatchResult:
    """Re-score everything; reviewed hits keep their status, unreviewed ones are recomputed."""
    config = case.config()
    with case.store() as store:
        conn = store.db.conn
        candidates = candidates_of(conn)
        label = f"match: scoring {len(candidates):,} accounts (all at once)"
        progress(label, 0, len(candidates))
        scores = [s for s in _score(profile_of(config), candidates) if s.score > 0]
        progress(label, len(candidates), len(candidates))
        with store.transaction():
            conn.execute("DELETE FROM matches")
            at = now()
            conn.executemany(
                "INSERT INTO matches (account_id, subject, kind, score, features, reasons,"
                " model_version, at) VALUES (?,?,?,?,?,?,?,?)",
                [
                    (
                        int(s.candidate_key),
                        s.subject,
                        s.kind,
                        s.score,
                        json.dumps(dict(s.features)),
                        _reasons_json(s),
                        s.model_version,
                        at,
                    )
                    for s in scores
                ],
            )
            hits = [s for s in scores if s.score >= config.min_score]
            _store_hits(conn, hits, at)
            ledger.append(
                conn,
                "match",
                {
                    "candidates": len(candidates),
                    "matches": len(scores),
                    "hits": sorted(
                        [int(s.candidate_key), s.subject, s.kind, round(s.score, 4)] for s in hits
                    ),
                    "model_version": scores[0].model_version if scores else None,
                    "min_score": config.min_score,
                },
            )
    by_kind: dict[str, int] = {}
    for s in hits:
        by_kind[s.kind] = by_kind.get(s.kind, 0) + 1
    return MatchResult(len(candidates), len(scores), len(hits), by_kind)


def _reasons_json(score: Score) -> str:
    return json.dumps([r.text for r in score.reasons], ensure_ascii=False)


def _store_hits(conn: sqlite3.Connection, hits: list[Score], at: str) -> None:
    keep = {(int(s.candidate_key), s.subject) for s in hits}
    for account_id, subject in conn.execute(
        "SELECT account_id, subject FROM hits WHERE status = 'new'"
    ).fetchall():
        if (account_id, subject) not in keep:
            conn.execute(
                "DELETE FROM hits WHERE account_id = ? AND subject = ?", (account_id, subject)
            )
    for s in hits:
        first, last, count, types = conn.execute(
            "SELECT min(occurred_at), max(occurred_at), count(*), group_concat(DISTINCT type)"
            " FROM interactions WHERE account_id = ? AND direction = 'in'",
            (int(s.candidate_key),),
        ).fetchone()
        conn.execute(
            "INSERT INTO hits (account_id, subject, kind, score, status, reasons, first_contact,"
            " last_contact, count, types, created_at, updated_at)"
            " VALUES (?,?,?,?,'new',?,?,?,?,?,?,?) ON CONFLICT (account_id, subject) DO UPDATE"
            " SET kind = excluded.kind, score = excluded.score, reasons = excluded.reasons,"
            " first_contact = excluded.first_contact, last_contact = excluded.last_contact,"
            " count = excluded.count, types = excluded.types, updated_at = excluded.updated_at",
            (
                int(s.candidate_key),
                s.subject,
                s.kind,
                s.score,
                _reasons_json(s),
                first,
                last,
                count,
                json.dumps(sorted((types or "").split(","))),
                at,
                at,
            ),
        )
