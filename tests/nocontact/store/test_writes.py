"""Interactions and accounts in: deduplicated across imports and formats, history kept."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from crawlers.events import Account
from nocontact.store import seals, sources, writes
from nocontact.store.database import Store
from tests.helpers import contact_key
from tests.nocontact.store.conftest import ROB, STRANGER, contact, write


def _rows(store: Store, sql: str) -> list[tuple]:
    with store.reading() as conn:
        return conn.execute(sql).fetchall()


def test_new_records_are_counted_per_type_and_a_reimport_adds_none(store: Store) -> None:
    items = [contact(ROB, 1), contact(ROB, 2, kind="reaction", text=None), contact(STRANGER, 3)]
    first = write(store, items, name="a.zip")
    assert first.counts == {"message": 2, "reaction": 1}
    again = write(store, items, name="b.zip")
    assert again.counts == {}
    assert _rows(store, "SELECT count(*) FROM interactions") == [(3,)]


def test_identical_texts_in_one_minute_are_kept_apart(store: Store) -> None:
    """Two 'ok' sent within the same minute are two contacts, and stay two on re-import."""
    twice = [contact(ROB, 5, text="ok"), contact(ROB, 5, text="ok")]
    assert write(store, twice, name="a.zip").counts == {"message": 2}
    assert write(store, twice, name="b.zip").counts == {}


def test_the_same_record_read_at_other_precision_is_stored_once(store: Store) -> None:
    """JSON gives milliseconds, HTML gives minutes: the same message is one record."""
    precise = contact(ROB, 7)
    minute = replace(precise, occurred_at=precise.occurred_at + timedelta(seconds=42))
    write(store, [precise], name="json.zip")
    assert write(store, [minute], name="html.zip").counts == {}


def test_the_dedup_key_is_built_from_what_the_parsers_agree_on() -> None:
    one = contact(ROB, 9)
    same = replace(one, occurred_at=one.occurred_at + timedelta(seconds=30), raw="{}")
    other = replace(one, text="hello")
    assert contact_key(one) == contact_key(same)
    assert writes.dedup_base(one) == writes.dedup_base(same)
    assert writes.dedup_base(one) != writes.dedup_base(other)
    assert contact_key(one) != contact_key(other)


def test_accounts_take_the_latest_known_fields_and_keep_every_name(store: Store) -> None:
    """A later record's value replaces the stored one; a field it lacks erases nothing."""
    write(store, [contact(ROB, 1)], name="a.zip")
    renamed = Account("instagram", handle="rob.miller82", display_name="Robert", bio="hi")
    write(store, [contact(renamed, 2)], name="b.zip")
    write(store, [contact(Account("instagram", handle="ROB.MILLER82"), 3)], name="c.zip")
    accounts = _rows(store, "SELECT handle, display_name, bio, first_seen, last_seen FROM accounts")
    assert accounts == [
        ("ROB.MILLER82", "Robert", "hi", "2026-03-10T21:01:00.000Z", "2026-03-10T21:03:00.000Z")
    ]
    names = _rows(store, "SELECT field, value FROM account_names ORDER BY id")
    assert names == [
        ("handle", "rob.miller82"),
        ("display_name", "Rob M"),
        ("display_name", "Robert"),
        ("handle", "ROB.MILLER82"),
    ]


def test_the_digest_covers_each_raw_record_of_a_source(store: Store) -> None:
    written = write(store, [contact(ROB, 1), contact(ROB, 2)])
    with store.reading() as conn:
        before = writes.interactions_digest(conn, written.source_id)
    with store.transaction() as conn:
        conn.execute("UPDATE interactions SET raw_sha256 = 'x' WHERE id = 2")
    with store.reading() as conn:
        assert writes.interactions_digest(conn, written.source_id) != before


def test_the_digests_kept_while_writing_are_the_ones_read_back(store: Store) -> None:
    """An import seals what the writer tallied: it must equal what verify recomputes."""
    write(store, [contact(ROB, 1)], name="a.zip")  # a known record: skipped, not tallied
    items = [contact(ROB, 1), contact(ROB, 2), contact(STRANGER, 3), contact(ROB, 4, text=None)]
    with store.transaction() as conn:
        source_id = sources.add_source(
            conn,
            sha256="c" * 64,
            kind="archive",
            platforms=["instagram"],
            name="c.zip",
            size=1,
            parsers=["instagram/1"],
            copy_path=None,
        )
        writer = writes.InteractionWriter(conn, source_id)
        for item in items:
            writer.add(item)
        counts = writer.finish()
        kept = writer.sealing()
        assert counts == writes.counts_by_type(conn, source_id) == {"message": 3}
        assert kept == writes.Sealing(
            writes.interactions_digest(conn, source_id),
            writes.last_interaction_id(conn, source_id),
            seals.rows_digest(conn, source_id),
        )
