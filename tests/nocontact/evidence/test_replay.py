"""Replaying the ledger's match runs, decisions and order terms against the tables."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from nocontact.evidence import replay
from nocontact.store.hits import StoredHit
from nocontact.store.ledger import Entry
from nocontact.store.reviews import StoredReview

REASONS = '["listed handle"]'


def _entry(seq: int, kind: str, **payload: Any) -> Entry:
    return Entry(seq, "2026-04-01T10:00:00.000Z", kind, payload)


def _hit(status: str = "new", score: float = 0.9, reasons: str = REASONS) -> StoredHit:
    first, last = "2026-04-01T10:00:00.000Z", "2026-04-02T10:00:00.000Z"
    return StoredHit(1, 7, "restrained", "alias", score, status, reasons, first, last, 2, "[]")


LEDGER = [
    _entry(1, "match", hits=[_hit().sealed()]),
    _entry(2, "review", hit_id=1, action="confirm", text=None, review_id=1, at="t1"),
    _entry(3, "review", hit_id=1, action="note", text="seen", review_id=2, at="t2"),
]
REVIEWS = [StoredReview(1, 1, "confirm", None, "t1"), StoredReview(2, 1, "note", "seen", "t2")]


def test_a_hit_as_sealed_passes_and_each_change_is_named() -> None:
    assert replay.hits([_hit("confirmed")], LEDGER) == []
    assert replay.hits([_hit("dismissed")], LEDGER) == [
        "hit 1, column status is 'dismissed' but the sealed decisions make it 'confirmed' "
        "(ledger entry 2)"
    ]
    assert replay.hits([_hit("confirmed", score=1.0)], LEDGER)[0].startswith(
        "hit 1, column score differs from what the match run sealed (ledger entry 1)"
    )
    assert "column reasons" in replay.hits([_hit("confirmed", reasons="[]")], LEDGER)[0]
    assert (
        "column first_contact"
        in replay.hits([replace(_hit("confirmed"), first_contact="x")], LEDGER)[0]
    )
    moved = replace(_hit("confirmed"), account_id=8)
    assert replay.hits([moved], LEDGER) == [
        "hit 1, column account_id is not what any match run sealed"
    ]
    assert replay.hits([], LEDGER) == ["hit 1 (confirmed in ledger entry 2) is missing"]


def test_a_match_run_of_an_older_version_seals_no_reasons() -> None:
    older = [_entry(1, "match", hits=[[7, "restrained", "alias", 0.9]])]
    assert replay.hits([_hit(reasons="[]")], older) == []


def test_reviews_edited_deleted_or_added_are_named() -> None:
    assert replay.reviews(REVIEWS, LEDGER) == []
    edited = [REVIEWS[0], StoredReview(2, 1, "note", "nothing", "t2")]
    assert replay.reviews(edited, LEDGER) == [
        "review 2 (hit 1), column text differs from what the decision sealed (ledger entry 3)"
    ]
    assert replay.reviews(REVIEWS[:1], LEDGER) == [
        "review 2 (note of hit 1, sealed in ledger entry 3) is missing from the reviews table"
    ]
    added = [*REVIEWS, StoredReview(3, 1, "dismiss", None, "t3")]
    assert replay.reviews(added, LEDGER) == [
        "review 3 (hit 1, dismiss) is sealed by no ledger entry: it was added outside nocontact"
    ]


def test_order_terms_against_the_last_sealed() -> None:
    terms = {"issued": "2026-03-02", "expires": None}
    entries = [_entry(1, "order", terms=terms), _entry(2, "order", terms=terms | {"expires": "x"})]
    assert replay.order(terms | {"expires": "x"}, entries) == []
    assert replay.order(terms, entries)[0].startswith(
        "config.toml: order.expires is None but ledger entry 2 sealed 'x'"
    )
    assert replay.order(terms, []) == [] and replay.order(None, entries) == []
