"""The store is plain SQLite that Datasette can open; the ledger is a real hash chain."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from nocontact.errors import StoreError
from nocontact.store import ledger
from nocontact.store.database import Store


def test_schema_is_plain_tables_with_keys_and_views(tmp_path: Path) -> None:
    with Store(tmp_path / "case.db") as store:
        tables = set(store.db.table_names())
        assert {
            "sources",
            "accounts",
            "interactions",
            "avatars",
            "matches",
            "hits",
            "ledger",
        } <= tables
        assert "hits_view" in store.db.view_names()
        fks = {(fk.column, fk.other_table) for fk in store.db["interactions"].foreign_keys}
        assert fks == {("account_id", "accounts"), ("source_id", "sources")}
        unique = [i.columns for i in store.db["interactions"].indexes if i.unique]
        assert ["dedup_key"] in unique
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_snapshot_read_sees_no_write_made_meanwhile(tmp_path: Path) -> None:
    with Store(tmp_path / "case.db") as reader, Store(tmp_path / "case.db") as writer:
        with reader.reading() as conn:
            before = ledger.entry_count(conn)
            with writer.transaction() as other:
                ledger.append(other, "import", {"n": 1})
            assert ledger.entry_count(conn) == before == 0
        with reader.reading() as conn:
            assert ledger.entry_count(conn) == 1


def test_a_read_with_a_capped_page_cache_gives_the_cache_back_after(tmp_path: Path) -> None:
    with Store(tmp_path / "case.db") as store:
        usual = store.db.execute("PRAGMA cache_size").fetchone()[0]
        with store.reading(cache_kib=2048) as conn:
            assert conn.execute("PRAGMA cache_size").fetchone()[0] == -2048
            assert ledger.entry_count(conn) == 0
        assert store.db.execute("PRAGMA cache_size").fetchone()[0] == usual != -2048


def test_transaction_rolls_back_everything(tmp_path: Path) -> None:
    with Store(tmp_path / "case.db") as store:
        with pytest.raises(RuntimeError), store.transaction() as conn:
            ledger.append(conn, "import", {"n": 1})
            raise RuntimeError("disk full")
        assert store.db["ledger"].count == 0


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "nocontact.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a usable case database"):
        Store(path)
    with pytest.raises(StoreError, match="nocontact import"):
        Store(tmp_path / "absent.db", create=False)


def test_opens_with_plain_sqlite3(tmp_path: Path) -> None:
    Store(tmp_path / "case.db").close()
    with sqlite3.connect(tmp_path / "case.db") as conn:
        assert conn.execute("SELECT count(*) FROM hits_view").fetchone() == (0,)


def test_reopening_adds_tables_a_newer_version_defines(tmp_path: Path) -> None:
    with Store(tmp_path / "case.db") as store, store.transaction() as conn:
        ledger.append(conn, "import", {"n": 1})
        conn.execute("DROP TABLE avatars")
    with Store(tmp_path / "case.db") as store:
        assert store.db["avatars"].exists()
        assert store.db["ledger"].count == 1


def test_reopening_adds_columns_a_newer_version_defines(tmp_path: Path) -> None:
    """A case made before records were sealed gains the seal columns, its rows kept."""
    with Store(tmp_path / "case.db") as store, store.transaction() as conn:
        conn.execute("INSERT INTO accounts (platform, key) VALUES ('x', 'rob')")
        conn.execute("ALTER TABLE accounts DROP COLUMN seal")
        conn.execute("ALTER TABLE interactions DROP COLUMN seal")
    with Store(tmp_path / "case.db") as store:
        assert "seal" in store.db["accounts"].columns_dict
        assert "seal" in store.db["interactions"].columns_dict
        assert store.db["accounts"].count == 1


def test_reopening_adds_indexes_a_newer_version_defines(tmp_path: Path) -> None:
    """A case made before the thread index gets it, so a report's thread lookups stay quick."""
    Store(tmp_path / "case.db").close()
    with sqlite3.connect(tmp_path / "case.db") as conn:
        conn.execute("DROP INDEX idx_interactions_target")
    with Store(tmp_path / "case.db") as store:
        assert ["target"] in [index.columns for index in store.db["interactions"].indexes]
