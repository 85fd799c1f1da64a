"""Accounts of a batch: new ones added in the order met, stored ones completed once."""

from __future__ import annotations

from crawlers.events import Account
from nocontact.store import seals
from nocontact.store.account_ids import AccountIds, upsert_account
from nocontact.store.database import Store


def _ids(store: Store, accounts: list[Account]) -> list[int]:
    with store.transaction() as conn:
        return AccountIds(conn).ids(accounts, [a.key for a in accounts])


def test_new_accounts_take_ids_in_the_order_met_and_repeats_share_one(store: Store) -> None:
    ann, bo = Account("instagram", handle="ann"), Account("x", user_id="42", handle="bo")
    assert _ids(store, [ann, bo, Account("instagram", handle="ANN"), bo]) == [1, 2, 1, 2]
    with store.reading() as conn:
        rows = conn.execute("SELECT id, platform, key FROM accounts ORDER BY id").fetchall()
        names = conn.execute("SELECT account_id, field, value FROM account_names").fetchall()
    assert rows == [(1, "instagram", "handle:ann"), (2, "x", "id:42")]
    assert names == [(1, "handle", "ann"), (2, "handle", "bo")]  # as first met


def test_a_batch_is_sealed_as_one_account_at_a_time_would_be(store: Store) -> None:
    """Accounts added a batch at a time carry the seals `upsert_account` gives each."""
    met = [
        Account("instagram", handle="ann", display_name='Ann "A" Zoë', url="https://i/ann"),
        Account("facebook", display_name="Bo\nB", bio="hé"),
    ]
    _ids(store, met)
    with store.reading() as conn:
        batch = conn.execute("SELECT * FROM accounts ORDER BY id").fetchall()
        names = conn.execute("SELECT * FROM account_names ORDER BY id").fetchall()
    with Store(store.path.with_name("one.db")) as other:
        with other.transaction() as conn:
            for account in met:
                upsert_account(conn, account)
        with other.reading() as conn:
            assert conn.execute("SELECT * FROM accounts ORDER BY id").fetchall() == batch
            one = conn.execute("SELECT * FROM account_names ORDER BY id").fetchall()
    assert [row[:4] for row in one] == [row[:4] for row in names]  # seen at another moment
    for row in batch:  # id, *ACCOUNT_COLUMNS with avatar_url after url, first/last seen, seal
        values = row[1:7] + row[8:10]
        assert seals.first_difference(seals.ACCOUNT_COLUMNS, values, row[-1]) is None
    for row in names:
        assert seals.first_difference(seals.NAME_COLUMNS, row[1:5], row[5]) is None


def test_an_account_stored_before_is_completed_once_and_keeps_its_id(store: Store) -> None:
    with store.transaction() as conn:
        upsert_account(conn, Account("instagram", handle="ann"))
    renamed = Account("instagram", handle="ann", display_name="Ann B")
    assert _ids(store, [Account("instagram", handle="cy"), renamed, renamed]) == [2, 1, 1]
    with store.reading() as conn:
        assert conn.execute("SELECT display_name FROM accounts WHERE id = 1").fetchone() == (
            "Ann B",
        )
        names = conn.execute("SELECT account_id, value FROM account_names ORDER BY id").fetchall()
    assert names == [(1, "ann"), (2, "cy"), (1, "Ann B")]
