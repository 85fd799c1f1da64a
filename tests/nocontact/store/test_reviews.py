"""Reviews: every action on a hit, oldest first, filterable by action."""

from __future__ import annotations

from nocontact.store import reviews
from nocontact.store.database import Store
from tests.nocontact.store.conftest import ROB, add_hit, contact, write


def test_reviews_are_listed_in_the_order_made(store: Store) -> None:
    write(store, [contact(ROB, 1)])
    add_hit(store, 1)
    with store.transaction() as conn:
        reviews.add_review(conn, 1, "confirm", None, "2026-04-01T10:00:00.000Z")
        reviews.add_review(conn, 1, "note", "called my work phone", "2026-04-01T09:00:00.000Z")
        reviews.add_review(conn, 1, "witness", "Sam saw it", "2026-04-02T10:00:00.000Z")
    with store.reading() as conn:
        every = reviews.reviews_of(conn, 1)
        notes = reviews.reviews_of(conn, 1, actions=("note",))
        assert reviews.reviews_of(conn, 2) == []
    assert [r.action for r in every] == ["confirm", "note", "witness"]  # as made, not by time
    assert notes == [reviews.Review("note", "called my work phone", "2026-04-01T09:00:00.000Z")]
