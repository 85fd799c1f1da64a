"""Seals name the column edited; the ledger's digests prove the rows unchanged."""

from __future__ import annotations

import pytest

from nocontact.errors import StoreError
from nocontact.store import seals
from nocontact.store.database import Store
from nocontact.store.writes import upsert_account
from tests.nocontact.store.conftest import ROB, STRANGER, contact, write


def test_a_seal_names_the_first_column_that_changed() -> None:
    columns, values = ("a", "b", "c"), ("x", None, 3)
    seal = seals.make_seal(values)
    assert seals.first_difference(columns, values, seal) is None
    assert seals.first_difference(columns, ("x", "", 3), seal) == "b"  # NULL is not ""
    assert seals.first_difference(columns, ("x", None, 4), seal) == "c"
    assert seals.first_difference(columns, values, "0" + seal[1:]) == "seal"  # seal edited
    assert seals.first_difference(columns, values, "garbled") == "seal"


def test_an_undated_record_is_sealed_like_any(store: Store) -> None:
    write(store, [contact(ROB, 1), contact(STRANGER, 2, text=None)])
    with store.reading() as conn:
        rows = list(seals.sealed_interactions(conn))
    assert len(rows) == 2
    for row in rows:
        assert row.seal is not None
        assert seals.first_difference(seals.INTERACTION_COLUMNS, row.values, row.seal) is None
    undated = (*rows[0].values[:2], None, *rows[0].values[3:])
    assert seals.first_difference(seals.INTERACTION_COLUMNS, undated, rows[0].seal) == (
        "occurred_at"
    )


def test_the_rows_digest_covers_every_readable_column(store: Store) -> None:
    written = write(store, [contact(ROB, 1), contact(ROB, 2)])
    with store.reading() as conn:
        before = seals.rows_digest(conn, written.source_id)
    seen = {before}
    for statement in (
        "UPDATE interactions SET direction = 'out' WHERE id = 2",
        "UPDATE interactions SET target = NULL WHERE id = 2",
    ):
        with store.transaction() as conn:
            conn.execute(statement)
            seen.add(seals.rows_digest(conn, written.source_id))
    assert len(seen) == 3  # each edit moved the digest


def test_accounts_and_names_are_sealed_and_their_digest_moves_with_any_seal(
    store: Store,
) -> None:
    write(store, [contact(ROB, 1)])
    with store.reading() as conn:
        rows = list(seals.sealed_accounts(conn))
        digest = seals.accounts_digest(conn)
    assert {r.table for r in rows} == {"accounts", "account_names"}
    assert all(seals.first_difference(r.columns, r.values, r.seal or "") is None for r in rows)
    with store.transaction() as conn:
        conn.execute("UPDATE account_names SET seal = 'x' WHERE id = 1")
        assert seals.accounts_digest(conn) != digest


def test_a_write_over_an_account_edited_outside_is_refused(store: Store) -> None:
    write(store, [contact(ROB, 1)])
    with store.transaction() as conn:
        conn.execute("UPDATE accounts SET display_name = 'Someone Else'")
    refused = pytest.raises(StoreError, match="account 1, column display_name was changed")
    with refused, store.transaction() as conn:
        upsert_account(conn, ROB)


def test_a_blob_is_encoded_apart_from_any_text_and_fails_its_seal() -> None:
    """Only SQL from outside nocontact stores a BLOB: verify must name it, never crash."""
    columns, values = ("a", "b"), ("x", "\x00\xff")
    seal = seals.make_seal(values)
    assert seals.encode(("x", b"\x00\xff")) == '["x", {"blob": "00ff"}]'
    assert seals.first_difference(columns, ("x", b"\x00\xff"), seal) == "b"
    assert seals.first_difference(columns, values, seal.encode()) == "seal"  # type: ignore[arg-type]
    assert not seals.unchanged(seals.encode(values), seal.encode())  # type: ignore[arg-type]
