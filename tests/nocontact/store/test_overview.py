"""The case at a glance: what `status`, `hits` and the report read about a store's state."""

from __future__ import annotations

from nocontact.store import ledger, overview
from nocontact.store.database import Store
from tests.nocontact.store.conftest import ROB, STRANGER, add_hit, contact, write


def test_an_empty_case_has_nothing_to_rematch(store: Store) -> None:
    with store.reading() as conn:
        assert overview.match_outdated(conn) is None
        assert overview.sources(conn) == []
        assert overview.hit_counts(conn) == {"new": 0, "confirmed": 0, "dismissed": 0}


def test_records_added_after_a_match_ask_for_another(store: Store) -> None:
    write(store, [contact(ROB, 1)])
    with store.transaction() as conn:
        ledger.append(conn, "import", {"source_id": 1})
    with store.reading() as conn:
        assert "run `nocontact match`" in (overview.match_outdated(conn) or "")
    with store.transaction() as conn:
        ledger.append(conn, "match", {"candidates": 1})
    with store.reading() as conn:
        assert overview.match_outdated(conn) is None
        seq, _, payload = overview.last_entry(conn, "match") or (0, "", {})
        assert seq == 2 and payload == {"candidates": 1}
    with store.transaction() as conn:
        ledger.append(conn, "import", {"source_id": 2})
    with store.reading() as conn:
        assert "run it again" in (overview.match_outdated(conn) or "")


def test_sources_kinds_and_hits_are_counted(store: Store) -> None:
    write(store, [contact(ROB, 1), contact(STRANGER, 2, kind="follow", text=None)])
    with store.reading() as conn:
        (row,) = overview.sources(conn)
        assert row.name == "ig.zip" and row.platforms == ("instagram",)
        assert overview.kinds_by_platform(conn) == {"instagram": {"message", "follow"}}
        (rob_id,) = conn.execute("SELECT id FROM accounts WHERE handle = 'rob.miller82'").fetchone()
    add_hit(store, rob_id, "confirmed")
    with store.reading() as conn:
        assert overview.hit_counts(conn) == {"new": 0, "confirmed": 1, "dismissed": 0}


def test_a_note_already_written_is_found(store: Store) -> None:
    write(store, [contact(ROB, 1)])
    with store.reading() as conn:
        (rob_id,) = conn.execute("SELECT id FROM accounts").fetchone()
    add_hit(store, rob_id)
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO reviews (hit_id, action, text, at) VALUES (1, 'note', 'seen', 'now')"
        )
    with store.reading() as conn:
        assert overview.review_exists(conn, 1, "note", "seen")
        assert not overview.review_exists(conn, 1, "note", "other")
        assert not overview.review_exists(conn, 1, "witness", "seen")


def test_a_last_entry_that_is_no_json_object_reads_as_empty(store: Store) -> None:
    """`status` reads it before verify names it: an edit outside nocontact is no traceback."""
    with store.transaction() as conn:
        ledger.append(conn, "match", {"candidates": 1})
        conn.execute("UPDATE ledger SET payload = '[1]' WHERE seq = 1")
    with store.reading() as conn:
        seq, _, payload = overview.last_entry(conn, "match") or (0, "", None)
    assert seq == 1 and payload == {}
