"""The ledger's heads outside the database: written after each commit, checked by verify."""

from __future__ import annotations

import os
import stat

import pytest

from nocontact.errors import StoreError
from nocontact.store import anchor, ledger
from nocontact.store.database import Store

_SHAPED = {  # the least each action's payload holds (payloads.py)
    "import": {"source_id": 1, "sha256": "a", "name": "ig.zip", "interactions_digest": "b"},
    "match": {},
    "review": {"hit_id": 1, "action": "confirm", "text": None},
}


def _append(store: Store, *actions: str) -> None:
    with store.transaction() as conn:
        for action in actions:
            ledger.append(conn, action, _SHAPED[action])


def test_each_committed_entry_is_one_line_in_a_private_file(store: Store) -> None:
    _append(store, "import", "match")
    _append(store, "review")
    heads = anchor.read(store.heads_path)
    with store.reading() as conn:
        entries, _ = ledger.check(conn)
        assert anchor.check(conn, store.heads_path) == []
        chain = dict(conn.execute("SELECT seq, hash FROM ledger").fetchall())
    assert [(h.seq, h.action) for h in heads] == [(1, "import"), (2, "match"), (3, "review")]
    assert all(chain[h.seq] == h.hash for h in heads) and len(entries) == 3
    assert stat.S_IMODE(os.stat(store.heads_path).st_mode) == 0o600


def test_a_rolled_back_transaction_writes_no_head(store: Store) -> None:
    _append(store, "import")
    with pytest.raises(RuntimeError), store.transaction() as conn:
        ledger.append(conn, "match", {})
        raise RuntimeError("killed")
    assert [h.seq for h in anchor.read(store.heads_path)] == [1]


def test_a_crash_before_the_heads_are_written_is_not_a_problem(store: Store) -> None:
    """The file may lag one step behind the ledger, never ahead of it."""
    _append(store, "import", "match")
    lines = store.heads_path.read_text(encoding="utf-8").splitlines()
    store.heads_path.write_text(lines[0] + "\n", encoding="utf-8")
    with store.reading() as conn:
        assert anchor.check(conn, store.heads_path) == []


def test_a_new_case_has_its_heads_file_before_its_first_commit(store: Store) -> None:
    """A kill between a new case's first commit and its heads: the file is there, empty."""
    assert store.heads_path.is_file() and store.heads_path.read_text(encoding="utf-8") == ""
    with store.transaction() as conn:  # the commit, as if killed before record() ran
        conn.execute(
            "INSERT INTO ledger (seq, at, action, payload, payload_sha256, prev_hash, hash)"
            " VALUES (1, 'now', 'import', '{}', 'x', 'y', ?)",
            ("0" * 64,),
        )
    store.heads_path.write_text("", encoding="utf-8")
    with store.reading() as conn:
        assert anchor.check(conn, store.heads_path) == []
    store.heads_path.unlink()  # deleted afterwards: that is not a crash
    with store.reading() as conn:
        assert "is missing" in anchor.check(conn, store.heads_path)[0]


def test_truncated_and_rewritten_ledgers_are_named(store: Store) -> None:
    _append(store, "import", "match", "review")
    with store.transaction() as conn:
        conn.execute("DELETE FROM ledger WHERE seq = 3")
    with store.reading() as conn:
        (problem,) = anchor.check(conn, store.heads_path)
    assert problem.startswith(
        "ledger ends at entry 2 but ledger-heads.txt recorded entries up to 3"
    )
    assert problem.endswith("its last 1 entry was deleted")
    with store.transaction() as conn:
        conn.execute("UPDATE ledger SET hash = ? WHERE seq = 2", ("f" * 64,))
    with store.reading() as conn:
        (problem,) = anchor.check(conn, store.heads_path)
    assert problem.startswith("ledger entry 2 is not the one ledger-heads.txt recorded")


def test_a_missing_or_garbled_file(store: Store) -> None:
    _append(store, "import")
    store.heads_path.write_text("not a head\n", encoding="utf-8")
    with store.reading() as conn:
        assert anchor.check(conn, store.heads_path)[0].startswith("ledger-heads.txt: a line")
    store.heads_path.unlink()
    with store.reading() as conn:
        assert anchor.check(conn, store.heads_path)[0].startswith("ledger-heads.txt is missing")
    _append(store, "match")  # the next sealing step starts the file with the whole chain
    assert [h.seq for h in anchor.read(store.heads_path)] == [1, 2]


def test_a_heads_file_that_cannot_be_written_is_a_one_line_error(store: Store) -> None:
    store.heads_path.unlink()
    store.heads_path.mkdir()  # a folder where the file should be: writing it fails
    with pytest.raises(StoreError, match="ledger-heads.txt: could not record the ledger head"):
        _append(store, "import")
    with store.reading() as conn:
        assert ledger.entry_count(conn) == 1  # the change itself was committed
