"""Score every account that contacted the protected person and keep the hits."""

from __future__ import annotations

import gc
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from matcher import model, rules
from matcher.features import score_all
from matcher.model import Classifier
from matcher.types import Candidate, Profile, Score
from nocontact.case import Case, Progress, no_progress
from nocontact.errors import ModelError
from nocontact.match.inputs import candidates_of, profile_of
from nocontact.store import ledger
from nocontact.store.hits import keep_hits, stored_hits
from nocontact.store.instants import now
from nocontact.store.matches import MatchRow, replace_matches

READ_CACHE_KIB = 2048  # SQLite page cache while every account is read once


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


def saved_model(path: Path) -> Classifier:
    """The trained matcher saved at `path`; an unreadable file is a one-line error."""
    try:
        return model.load(path)
    except model.ModelFileError as exc:
        raise ModelError(f"{exc}; run `nocontact train` to write a new one") from None


def _score(
    profile: Profile,
    candidates: list[Candidate],
    model_file: Path,
    columns: list[list[rules.Floor | None]],
) -> list[Score]:
    """The trained model's scores when its file is present, else the name rules (rules-1).
    `columns` are the floors already found, reused for the model's `rule_floor` feature."""
    if not candidates:  # nobody made contact: nothing to score (the model needs a row)
        return []
    if not model_file.is_file():
        return score_all(profile, candidates)
    return saved_model(model_file).score(profile, candidates, floors=columns)


def score_with_floors(
    profile: Profile,
    candidates: list[Candidate],
    *,
    min_score: float,
    model_file: Path = model.MODEL_FILE,
) -> list[Score]:
    """The model's scores (or the name rules'), raised to the evidence floors of `matcher.rules`.

    Decisive evidence (a listed account, the exact name, a username built from the name, the
    person's phone or e-mail, configured keywords) is decided apart from the model, which may
    raise a score but never lower it below the hit threshold.
    """
    columns = rules.floor_columns(profile, candidates, min_score=min_score)
    scores = _score(profile, candidates, model_file, columns)
    return [s for s in rules.apply(scores, rules.flattened(columns)) if s.score > 0]


def run_match(
    case: Case, *, model_file: Path = model.MODEL_FILE, progress: Progress = no_progress
) -> MatchResult:
    """Re-score everything; reviewed hits keep their status, unreviewed ones are recomputed."""
    config = case.config()
    with case.store() as store, _no_cycle_collection():
        with store.reading(cache_kib=READ_CACHE_KIB) as conn:
            candidates = candidates_of(conn)
        count = len(candidates)
        label = f"match: scoring {count:,} accounts (all at once)"
        progress(label, 0, count)
        scores = score_with_floors(
            profile_of(config), candidates, min_score=config.min_score, model_file=model_file
        )
        del candidates  # the writes below need only the scores
        progress(label, count, count)
        hits = [s for s in scores if s.score >= config.min_score]
        with store.transaction() as conn:
            ledger.seal_terms(conn, config.order.terms())
            at = now()
            replace_matches(conn, [_match_row(s) for s in scores], at)
            keep_hits(conn, [_match_row(s) for s in hits], at)
            ledger.append(
                conn,
                "match",
                {
                    "candidates": count,
                    "matches": len(scores),
                    "hits": _sealed(conn, hits),
                    "model_version": scores[0].model_version if scores else None,
                    "min_score": config.min_score,
                },
            )
    by_kind: dict[str, int] = {}
    for s in hits:
        by_kind[s.kind] = by_kind.get(s.kind, 0) + 1
    return MatchResult(count, len(scores), len(hits), by_kind)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused for the block: reading and scoring a big case make
    millions of small objects that live on (accounts, readings cached for every subject) and
    form no cycles, and each collection walked them all again, about a quarter of the match's
    time at 100,000 accounts (and again while the matches were written). Objects are still
    freed by reference counting. At the end, the objects still alive are moved to the oldest
    generation without being walked (`gc.freeze`, `gc.unfreeze`): the young generation held
    all of them, and the first collection after the block took a third of a second."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if enabled:
            gc.enable()


def _sealed(conn: sqlite3.Connection, hits: list[Score]) -> list[list[Any]]:
    """The hits this run kept, as stored: key, kind, score, reasons' hash, contact span."""
    kept = {(int(s.candidate_key), s.subject) for s in hits}
    return sorted(h.sealed() for h in stored_hits(conn) if (h.account_id, h.subject) in kept)


def _match_row(score: Score) -> MatchRow:
    return MatchRow(
        account_id=int(score.candidate_key),
        subject=score.subject,
        kind=score.kind,
        score=score.score,
        features=score.features,
        reasons=tuple(r.text for r in score.reasons),
        model_version=score.model_version,
    )
