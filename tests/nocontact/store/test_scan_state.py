"""Cursors: one per platform, account and stream; saving again moves it."""

from __future__ import annotations

from nocontact.store import scan_state
from nocontact.store.database import Store


def test_a_saved_cursor_is_read_back_and_replaced(store: Store) -> None:
    with store.reading() as conn:
        assert scan_state.cursor(conn, "reddit", "jane", "inbox") is None
    with store.transaction() as conn:
        scan_state.save_cursor(conn, "reddit", "jane", "inbox", '{"seen": 1}')
        scan_state.save_cursor(conn, "reddit", "jane", "sent", '{"seen": 5}')
        scan_state.save_cursor(conn, "reddit", "jane", "inbox", '{"seen": 2}')
    with store.reading() as conn:
        assert scan_state.cursor(conn, "reddit", "jane", "inbox") == '{"seen": 2}'
        assert scan_state.cursor(conn, "reddit", "jane", "sent") == '{"seen": 5}'
        assert scan_state.cursor(conn, "reddit", "other", "inbox") is None
        assert conn.execute("SELECT count(*) FROM scan_state").fetchone() == (2,)
