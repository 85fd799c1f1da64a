"""Interactions read back: one account's records with sources, raw copies, tallies."""

from __future__ import annotations

from nocontact.store import interactions
from nocontact.store.database import Store
from tests.nocontact.store.conftest import ROB, STRANGER, add_hit, contact, write


def test_an_accounts_records_come_with_their_source(store: Store) -> None:
    write(store, [contact(ROB, 2), contact(ROB, 1, kind="reaction", text=None)], name="ig.zip")
    write(store, [contact(STRANGER, 3), contact(STRANGER, 4, target="x")], name="b.zip")
    add_hit(store, 1)
    with store.reading() as conn:
        account = interactions.account_of_hit(conn, 1)
        rows = interactions.interactions_of(conn, account.id)
        others = interactions.others_in_threads(conn, account.id, ["thread:1"])
        none = interactions.others_in_threads(conn, account.id, [])
    assert [r.occurred_at[14:16] for r in rows] == ["01", "02"]  # oldest first
    assert rows[0].source.name == "ig.zip" and rows[0].source.kind == "archive"
    assert [(o.target, o.occurred_at[14:16]) for o in others] == [("thread:1", "03")]
    assert none == []


def test_raw_records_tallies_and_chunked_reads(store: Store) -> None:
    items = [contact(ROB, m % 60, text=f"t{m}") for m in range(1, 1201)]
    write(store, items + [contact(STRANGER, 1, direction="out")])
    with store.reading() as conn:
        records = list(interactions.raw_records(conn))
        texts = interactions.raw_texts(conn, [r.id for r in records])  # more than one chunk
        assert interactions.inbound_accounts(conn) == 1
        assert interactions.type_counts(conn) == [("message", "in", 1200), ("message", "out", 1)]
    assert len(records) == len(texts) == 1201
    assert texts[records[0].id] == records[0].raw
