"""The dedup key's UNIQUE index is built once after a first import, and is there after it."""

from __future__ import annotations

import sqlite3

import pytest

from nocontact.store import deferred_indexes
from nocontact.store.database import Store
from tests.nocontact.store.conftest import ROB, STRANGER, contact, write


def _schema(store: Store) -> list[tuple[str, str]]:
    with store.reading() as conn:
        return conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE tbl_name = 'interactions' ORDER BY name"
        ).fetchall()


def test_a_first_import_leaves_the_schema_and_the_cache_as_they_were(store: Store) -> None:
    before = _schema(store)
    with store.reading() as conn:
        (cache,) = conn.execute("PRAGMA cache_size").fetchone()
    items = [contact(ROB, 1), contact(ROB, 1), contact(STRANGER, 2)]  # two alike: an ordinal
    assert write(store, items).counts == {"message": 3}
    assert _schema(store) == before
    with store.reading() as conn:
        assert conn.execute("PRAGMA cache_size").fetchone() == (cache,)
        plan = conn.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM interactions WHERE dedup_key = 'x'"
        ).fetchall()
    assert "idx_interactions_dedup_key" in str(plan)
    assert write(store, items, name="again.zip").counts == {}  # the index dedups again


def test_only_an_empty_table_has_its_indexes_set_aside(store: Store) -> None:
    write(store, [contact(ROB, 1)])
    with store.transaction() as conn:
        assert deferred_indexes.set_aside(conn, "interactions") is None


def test_two_rows_with_one_key_fail_the_rebuild_and_roll_back(store: Store) -> None:
    """Never the case for a writer's own keys; were it, nothing would be stored."""
    before = _schema(store)
    insert = "INSERT INTO interactions (dedup_key) VALUES ('same')"
    with pytest.raises(sqlite3.IntegrityError), store.transaction() as conn:
        aside = deferred_indexes.set_aside(conn, "interactions")
        assert aside is not None
        assert aside.statements == tuple(sql for name, sql in before if "dedup" in name)
        conn.execute(insert)
        conn.execute(insert)
        deferred_indexes.rebuild(conn, aside)
    assert _schema(store) == before
    with store.reading() as conn:
        assert conn.execute("SELECT count(*) FROM interactions").fetchone() == (0,)
