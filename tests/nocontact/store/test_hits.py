"""Hits in and out: the DESIGN §5 JSON shape, filters, re-scoring that respects reviews."""

from __future__ import annotations

import csv
import io
import json

import pytest

from nocontact.store import hits
from nocontact.store.database import Store
from nocontact.store.matches import MatchRow
from tests.nocontact.store.conftest import ROB, STRANGER, contact, write

CONTRACT = [  # DESIGN §5: scripts depend on these keys, in this order
    "id",
    "platform",
    "handle",
    "display_name",
    "user_id",
    "url",
    "subject",
    "kind",
    "score",
    "status",
    "reasons",
    "first_contact",
    "last_contact",
    "interactions",
    "types",
]


def _row(account_id: int, score: float, subject: str = "restrained") -> MatchRow:
    return MatchRow(account_id, subject, "alias", score, {"f": 1.0}, ("a reason",), "m-1")


@pytest.fixture
def scored(store: Store) -> Store:
    write(
        store,
        [
            contact(ROB, 1),
            contact(ROB, 2, kind="reaction", text=None),
            contact(ROB, 3, direction="out"),
            contact(STRANGER, 4),
        ],
    )
    with store.transaction() as conn:
        hits.keep_hits(conn, [_row(1, 0.912345), _row(2, 0.6, "Mary Miller")], "2026-04-01")
    return store


def test_a_hit_as_json_has_exactly_the_contract_keys(scored: Store) -> None:
    with scored.reading() as conn:
        top = hits.list_hits(conn)[0]
    data = top.to_json()
    assert list(data) == CONTRACT
    assert data["reasons"] == ["a reason"] and data["types"] == ["message", "reaction"]
    assert data["score"] == 0.9123 and data["interactions"] == 2  # inbound records only
    assert data["first_contact"] == "2026-03-10T21:01:00.000Z"
    assert json.loads(hits.to_json([top])) == [data]


def test_filters_and_order(scored: Store) -> None:
    with scored.reading() as conn:
        assert [h.handle for h in hits.list_hits(conn)] == ["rob.miller82", "a.stranger"]
        assert [h.id for h in hits.list_hits(conn, min_score=0.7)] == [1]
        assert hits.list_hits(conn, status="confirmed") == []


def test_rescoring_keeps_reviewed_hits_and_drops_unreviewed_ones(scored: Store) -> None:
    with scored.transaction() as conn:
        hits.set_status(conn, 2, "confirmed", "2026-04-02")
        hits.keep_hits(conn, [_row(1, 0.5)], "2026-04-03")  # the stranger no longer scores
    with scored.reading() as conn:
        found = {h.handle: (h.status, h.score) for h in hits.list_hits(conn)}
        assert hits.hit_status(conn, 2) == "confirmed" and hits.hit_status(conn, 99) is None
        assert hits.status_counts(conn) == {"new": 1, "confirmed": 1, "dismissed": 0}
    assert found == {"rob.miller82": ("new", 0.5), "a.stranger": ("confirmed", 0.6)}


def test_csv_and_table_forms(scored: Store) -> None:
    with scored.reading() as conn:
        found = hits.list_hits(conn)
    rows = list(csv.DictReader(io.StringIO(hits.to_csv(found))))
    assert list(rows[0]) == CONTRACT and rows[0]["types"] == "message,reaction"
    table = hits.to_table(found)
    assert "suspected link to the restrained person, because: a reason" in table
    assert "suspected link to Mary Miller" in table
    assert hits.to_table([]).startswith("No hits. (No record is not proof of no contact")


def test_new_contact_counts_what_some_sources_added(scored: Store) -> None:
    later = write(scored, [contact(ROB, 30), contact(ROB, 31, kind="like", text=None)], name="s")
    with scored.transaction() as conn:
        hits.set_status(conn, 2, "dismissed", "2026-04-02")
    with scored.reading() as conn:
        (rob,) = hits.new_contact(conn, [later.source_id])
    assert (rob.hit_id, rob.who, rob.count) == (1, "rob.miller82", 2)
    assert sorted(rob.types) == ["like", "message"]


def test_contact_spans_are_read_a_few_hundred_accounts_at_a_time(scored: Store) -> None:
    ids = [1, *range(1000, 1600), 2]  # account 2 falls in the second batch of ids
    with scored.reading() as conn:
        spans = hits._contact_spans(conn, ids)
    assert set(spans) == {1, 2}
    (first, last, count, types), stranger = spans[1], spans[2]
    assert first < last and count == 2 and sorted(types.split(",")) == ["message", "reaction"]
    assert stranger[2:] == (1, "message")
