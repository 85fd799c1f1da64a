"""The bulk pass recomputes what the row-by-row definitions do, and holds only when they do."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nocontact.store import cipher, seals, sweep
from nocontact.store.database import Store
from nocontact.store.writes import interactions_digest
from tests.nocontact.store.conftest import ROB, STRANGER, contact, write


def _as_written(conn: sqlite3.Connection, source_id: int) -> tuple[str, str, str]:
    """A source's digests and the accounts' digest as the writers compute them."""
    return (
        interactions_digest(conn, source_id),
        seals.rows_digest(conn, source_id),
        seals.accounts_digest(conn),
    )


def _swept(conn: sqlite3.Connection, source_id: int) -> tuple[str, str, str]:
    swept = sweep.interactions(conn)
    assert swept.held
    held, accounts = sweep.accounts(conn)
    assert held
    return swept.raw[source_id], swept.rows[source_id], accounts


def _reseal(conn: sqlite3.Connection, record: int) -> None:
    """Seal a row's current values as nocontact seals what it writes."""
    row = seals.sealed_by_id(conn, [record])[record]
    seal = seals.interaction_seal(row.values)
    conn.execute("UPDATE interactions SET seal = ? WHERE id = ?", (seal, record))


def test_an_untouched_store_is_swept_as_the_writers_digested_it(store: Store) -> None:
    texts = ["hi", None, 'a "quoted", comma', "tab\there, é 😀"]
    written = write(store, [contact(ROB, m, text=t) for m, t in enumerate(texts)])
    write(store, [contact(STRANGER, 9)], name="other.zip")
    with store.reading() as conn:
        assert _swept(conn, written.source_id) == _as_written(conn, written.source_id)
        assert sweep.interactions(conn).count == 5
        assert sweep.raw_records(conn) == sweep.interactions(conn).raw
        counts = store.counts()
        assert sweep.sizes(conn) == (
            counts["interactions"],
            counts["accounts"] + counts["account_names"],
        )


@settings(max_examples=20, deadline=None)
@given(st.lists(st.text() | st.none(), min_size=1, max_size=5))
def test_any_text_is_digested_as_seals_encode_writes_it(texts: list[str | None]) -> None:
    """Commas, quotes, backslashes, control characters, NUL: SQLite's JSON or ours."""
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "case.db") as store:
        written = write(store, [contact(ROB, m) for m in range(len(texts))])
        with store.transaction() as conn:
            for record, text in enumerate(texts, start=1):
                conn.execute("UPDATE interactions SET text = ? WHERE id = ?", (text, record))
                _reseal(conn, record)
        with store.reading() as conn:
            assert _swept(conn, written.source_id) == _as_written(conn, written.source_id)


@pytest.mark.parametrize(
    "edit",
    [
        "UPDATE interactions SET text = 'other' WHERE id = 1",
        "UPDATE interactions SET raw = raw || ' ' WHERE id = 1",
        "UPDATE interactions SET raw = NULL, raw_sha256 = NULL WHERE id = 1",
        "UPDATE interactions SET text = replace(text, ', ', ',') WHERE id = 1",  # "a,b" ≠ "a, b"
        "UPDATE interactions SET text = 0.5 WHERE id = 1",
        "UPDATE interactions SET text = 7 WHERE id = 1",
        "UPDATE interactions SET text = CAST(text AS BLOB) WHERE id = 1",
        "UPDATE interactions SET seal = NULL WHERE id = 1",
        "UPDATE interactions SET seal = CAST(seal AS BLOB) WHERE id = 1",
        "UPDATE interactions SET seal = '0' || substr(seal, 2) WHERE id = 1",
    ],
)
def test_an_interaction_edited_outside_nocontact_does_not_hold(store: Store, edit: str) -> None:
    write(store, [contact(ROB, 1, text="a, b"), contact(ROB, 2)])
    with store.transaction() as conn:
        conn.execute(edit)
    with store.reading() as conn:
        assert not sweep.interactions(conn).held


@pytest.mark.parametrize(
    "edit",
    [
        "UPDATE accounts SET handle = 'someone.else' WHERE id = 1",
        "UPDATE accounts SET display_name = 'Rob, M' WHERE id = 1",
        "UPDATE accounts SET display_name = 1.5 WHERE id = 1",
        "UPDATE accounts SET display_name = CAST('Rob M' AS BLOB) WHERE id = 1",
        "UPDATE accounts SET seal = NULL WHERE id = 1",
        "UPDATE account_names SET value = 'N. Nobody' WHERE id = 1",
    ],
)
def test_an_account_edited_outside_nocontact_does_not_hold(store: Store, edit: str) -> None:
    write(store, [contact(ROB, 1), contact(STRANGER, 2)])
    with store.transaction() as conn:
        conn.execute(edit)
    with store.reading() as conn:
        assert sweep.accounts(conn) == (False, "")


def test_a_seal_forged_over_sqlite_s_own_json_moves_the_rows_digest(store: Store) -> None:
    """A REAL is written by SQLite as no nocontact row is: a seal forged to match it holds
    here, and the source's digest, which verify compares with the ledger, shows the edit."""
    written = write(store, [contact(ROB, 1), contact(ROB, 2)])
    with store.reading() as conn:
        before = seals.rows_digest(conn, written.source_id)
    with store.transaction() as conn:
        conn.execute("UPDATE interactions SET text = 0.30000000000000004 WHERE id = 1")
        (json,) = conn.execute(
            "SELECT json_array(i.raw_sha256, i.text, i.occurred_at, i.type, i.direction,"
            " a.platform || ':' || a.key, i.platform, i.target, i.locator, i.source_id)"
            " FROM interactions i JOIN accounts a ON a.id = i.account_id WHERE i.id = 1"
        ).fetchone()
        forged = hashlib.sha256(json.replace(",", ", ").encode()).hexdigest()[:16] + ":x"
        conn.execute("UPDATE interactions SET seal = ? WHERE id = 1", (forged,))
    with store.reading() as conn:
        swept = sweep.interactions(conn)
    assert swept.held
    assert swept.rows[written.source_id] != before


def test_raw_records_can_be_left_to_another_pass(store: Store) -> None:
    write(store, [contact(ROB, 1), contact(ROB, 2)])
    with store.transaction() as conn:
        conn.execute("UPDATE interactions SET raw = raw || ' ' WHERE id = 2")
    with store.reading() as conn:
        assert sweep.interactions(conn, raw=False).held
        assert sweep.raw_records(conn) is None


@pytest.mark.parametrize("edited", [1, 3, 4])
@pytest.mark.parametrize("split", [1, 2, 4, 5])
def test_raw_records_shared_between_two_passes_are_each_hashed_once(
    store: Store, split: int, edited: int
) -> None:
    """The records before `split` are hashed by `raw_records`, the others by `interactions`;
    the digests are `raw_records`' alone."""
    write(store, [contact(ROB, m) for m in range(4)])
    with store.reading() as conn:
        whole = sweep.interactions(conn)
        assert sweep.interactions(conn, raw=False, hashed_from=split).held
        assert sweep.raw_records(conn, below=split) == whole.raw
    with store.transaction() as conn:
        conn.execute("UPDATE interactions SET raw = raw || ' ' WHERE id = ?", (edited,))
    with store.reading() as conn:
        here = sweep.interactions(conn, raw=False, hashed_from=split).held
        there = sweep.raw_records(conn, below=split) is not None
    assert (here, there) == (edited < split, edited >= split)


def test_every_id_is_read_once_whatever_its_value(store: Store) -> None:
    """SQLite ids may be negative or the largest integer: each row is still read once."""
    write(store, [contact(ROB, m) for m in range(3)])
    with store.transaction() as conn:
        conn.execute("UPDATE interactions SET id = -5 WHERE id = 1")
        conn.execute("UPDATE interactions SET id = 9223372036854775807 WHERE id = 3")
    with store.reading() as conn:
        whole = sweep.interactions(conn)
        assert (whole.held, whole.count) == (True, 3)
        assert sweep.interactions(conn, raw=False).count == 3
        assert sweep.raw_records(conn) == whole.raw


def test_hashes_compared_as_one_text_are_compared_one_by_one(store: Store) -> None:
    """A stored hash one character longer and the next one shorter spell the same text."""
    write(store, [contact(ROB, 1), contact(ROB, 2)])
    with store.transaction() as conn:
        conn.execute(
            "UPDATE interactions SET raw_sha256 = CASE id WHEN 1 THEN raw_sha256 || (SELECT"
            " substr(raw_sha256, 1, 1) FROM interactions WHERE id = 2) ELSE substr(raw_sha256,"
            " 2) END"
        )
    with store.reading() as conn:
        shas = [sha for (sha,) in conn.execute("SELECT raw_sha256 FROM interactions ORDER BY id")]
        raws = [raw for (raw,) in conn.execute("SELECT raw FROM interactions ORDER BY id")]
        assert "".join(shas) == "".join(hashlib.sha256(r.encode()).hexdigest() for r in raws)
        assert sweep.raw_records(conn) is None


def test_a_blob_that_sqlite_reads_as_json_cannot_pass_for_text(tmp_path: Path) -> None:
    """SQLCipher's SQLite (3.45 on) writes a JSONB blob as the JSON it holds."""
    pytest.importorskip("sqlcipher3")
    keys = cipher.Keys(os.urandom(32), os.urandom(32))
    with Store(tmp_path / "case.db", keys=keys) as store:
        write(store, [contact(ROB, 1), contact(STRANGER, 2)])
        with store.transaction() as conn:
            if conn.execute("SELECT sqlite_version() >= '3.45'").fetchone()[0]:
                conn.execute("UPDATE interactions SET text = jsonb(json_quote(text))")
                conn.execute("UPDATE accounts SET handle = jsonb(json_quote(handle))")
        with store.reading() as conn:
            assert not sweep.interactions(conn).held
            assert sweep.accounts(conn) == (False, "")
