"""The second process answers as this one would, and only for the snapshot this one reads."""

from __future__ import annotations

from nocontact.store import parallel, sweep
from nocontact.store.database import Store
from nocontact.store.writes import interactions_digest
from tests.nocontact.store.conftest import ROB, STRANGER, contact, write


def test_the_second_process_answers_as_this_one_would(store: Store) -> None:
    write(store, [contact(ROB, 1), contact(STRANGER, 2, text="a, b")])
    helper = parallel.start(store.path)
    assert helper is not None
    with store.reading() as conn:
        here = parallel.Answer(sweep.raw_records(conn), sweep.accounts(conn))
        assert helper.answer() == here
    assert here.raw and here.accounts[0]


def test_it_leaves_the_raw_records_from_the_split_on_to_the_caller(store: Store) -> None:
    written = write(store, [contact(ROB, 1), contact(STRANGER, 2)])
    with store.transaction() as conn:
        conn.execute("UPDATE interactions SET raw = raw || ' ' WHERE id = 2")
    helper = parallel.start(store.path, split=2)
    assert helper is not None
    with store.reading() as conn:
        found = helper.answer()
        assert found is not None  # the digests of every record: the hashes stored
        assert found.raw == {written.source_id: interactions_digest(conn, written.source_id)}
        assert not sweep.interactions(conn, raw=False, hashed_from=helper.split).held


def test_a_split_makes_the_two_processes_end_together() -> None:
    """The caller takes raw records only when the second process has more to do."""
    assert parallel.split(1_000_000, 10_000) is None  # messages: the caller has more to do
    share = parallel.split(1_000_000, 1_000_000)  # followers: each has an account and a name
    assert share is not None
    assert 1 < share <= 1_000_000
    assert parallel.split(10, 10**9) == 1  # every raw record, no more


def test_what_it_finds_is_what_this_process_would_find(store: Store) -> None:
    write(store, [contact(ROB, 1), contact(STRANGER, 2)])
    with store.transaction() as conn:
        conn.execute("UPDATE interactions SET raw = raw || ' ' WHERE id = 2")
        conn.execute("UPDATE accounts SET handle = 'someone.else' WHERE id = 1")
    helper = parallel.start(store.path)
    assert helper is not None
    with store.reading():
        assert helper.answer() == parallel.Answer(None, (False, ""))


def test_an_answer_read_in_another_snapshot_is_dropped(store: Store) -> None:
    write(store, [contact(ROB, 1)])
    helper = parallel.start(store.path)
    assert helper is not None
    write(store, [contact(STRANGER, 2)], name="later.zip")  # committed meanwhile
    with store.reading():
        assert helper.answer() is None


def test_a_helper_no_longer_wanted_is_ended(store: Store) -> None:
    write(store, [contact(ROB, 1)])
    helper = parallel.start(store.path)
    assert helper is not None
    helper.stop()
    assert helper.process.returncode is not None
