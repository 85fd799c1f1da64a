"""The second process answers as this one would, and only for the snapshot this one reads."""

from __future__ import annotations

from nocontact.store import parallel, sweep
from nocontact.store.database import Store
from tests.nocontact.store.conftest import ROB, STRANGER, contact, write


def test_the_second_process_answers_as_this_one_would(store: Store) -> None:
    write(store, [contact(ROB, 1), contact(STRANGER, 2, text="a, b")])
    helper = parallel.start(store.path)
    assert helper is not None
    with store.reading() as conn:
        here = parallel.Answer(sweep.raw_records(conn), sweep.accounts(conn))
        assert helper.answer() == here
    assert here.raw and here.accounts[0]


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
