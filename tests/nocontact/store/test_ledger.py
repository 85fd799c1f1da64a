"""The ledger is a real hash chain: any edit, removal or reordering breaks a named link."""

from __future__ import annotations

import pytest

from nocontact.store import ledger
from nocontact.store.database import Store

IMPORT = {
    "source_id": 1,
    "sha256": "a" * 64,
    "name": "ig.zip",
    "interactions_digest": "b" * 64,
    "added": 3,
}


@pytest.fixture
def chained(store: Store) -> Store:
    with store.transaction() as conn:
        ledger.append(conn, "import", IMPORT)
        ledger.append(conn, "match", {"hits": [[1, "restrained", "alias", 0.9]]})
        ledger.append(conn, "review", {"hit_id": 1, "action": "confirm", "text": "é ✓"})
    return store


def test_entries_link_and_the_head_is_the_last_hash(chained: Store) -> None:
    with chained.reading() as conn:
        entries, problems = ledger.check(conn)
        head, count, hashes = ledger.head(conn), ledger.entry_count(conn), ledger.hashes(conn)
    assert problems == []
    assert [(e.seq, e.action) for e in entries] == [(1, "import"), (2, "match"), (3, "review")]
    assert entries[2].payload["text"] == "é ✓"
    assert count == 3 and head in hashes and len(hashes) == 3


def test_an_empty_ledger_starts_at_genesis(store: Store) -> None:
    with store.reading() as conn:
        assert ledger.head(conn) == ledger.GENESIS
        assert ledger.check(conn) == ([], [])


def test_append_returns_the_hash_of_what_it_stored(store: Store) -> None:
    with store.transaction() as conn:
        entry = ledger.append(conn, "import", {"b": 1, "a": 2})
        at, payload = conn.execute("SELECT at, payload FROM ledger").fetchone()
    assert payload == '{"a":2,"b":1}'  # canonical: sorted keys, no spaces
    assert entry == ledger.link_hash(1, at, "import", ledger.sha256_text(payload), ledger.GENESIS)


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        ("UPDATE ledger SET payload = '{\"added\":4}' WHERE seq = 1", "payload does not match"),
        ("UPDATE ledger SET action = 'scan' WHERE seq = 2", "hash does not match its contents"),
        ("UPDATE ledger SET prev_hash = hash WHERE seq = 3", "does not link to the previous"),
        ("DELETE FROM ledger WHERE seq = 2", "entry 2 is missing"),
    ],
)
def test_each_kind_of_tampering_is_named(chained: Store, edit: str, problem: str) -> None:
    with chained.transaction() as conn:
        conn.execute(edit)
    with chained.reading() as conn:
        problems = ledger.check(conn)[1]
    assert problems and problem in problems[0]
    assert problems[0].startswith("ledger entry ")


def test_a_rechained_payload_edit_still_breaks_the_next_link(chained: Store) -> None:
    """Recomputing one entry's own hashes is not enough: the next entry names the old hash."""
    with chained.transaction() as conn:
        seq, at, action = conn.execute(
            "SELECT seq, at, action FROM ledger WHERE seq = 1"
        ).fetchone()
        text = ledger.canonical(IMPORT | {"sha256": "b" * 64})
        digest = ledger.sha256_text(text)
        forged = ledger.link_hash(seq, at, action, digest, ledger.GENESIS)
        conn.execute(
            "UPDATE ledger SET payload = ?, payload_sha256 = ?, hash = ? WHERE seq = 1",
            (text, digest, forged),
        )
    with chained.reading() as conn:
        problems = ledger.check(conn)[1]
    assert len(problems) == 1
    assert "ledger entry 2 (match" in problems[0] and "previous" in problems[0]


def test_the_order_terms_are_sealed_only_when_they_change(store: Store) -> None:
    terms = {"issued": "2026-03-02", "expires": None, "jurisdiction": "US-NY"}
    with store.transaction() as conn:
        assert ledger.sealed_terms(conn) is None
        assert ledger.seal_terms(conn, terms) is not None
        assert ledger.seal_terms(conn, dict(terms)) is None  # unchanged: no entry
        assert ledger.seal_terms(conn, terms | {"issued": "2026-01-01"}) is not None
        seq, sealed = ledger.sealed_terms(conn) or (0, {})
    assert seq == 2 and sealed["issued"] == "2026-01-01"


@pytest.mark.parametrize("payload", ["'not json'", "'[1, 2]'", "X'7b7d'"])
def test_a_payload_that_is_no_json_object_is_named_and_its_entry_left_out(
    chained: Store, payload: str
) -> None:
    with chained.transaction() as conn:
        conn.execute(f"UPDATE ledger SET payload = {payload} WHERE seq = 2")
    with chained.reading() as conn:
        entries, problems = ledger.check(conn)
    assert [e.seq for e in entries] == [1, 3]
    assert problems[0].startswith("ledger entry 2 (match at ")
    assert problems[0].endswith("): payload does not match its sha256")
    assert problems[1].endswith("): payload is not a JSON object, so nothing it sealed is known")


def test_a_payload_of_another_shape_is_named_and_its_entry_left_out(chained: Store) -> None:
    """Valid JSON missing a key the checks read: one line, as for a payload that is no object."""
    with chained.transaction() as conn:
        conn.execute("""UPDATE ledger SET payload = '{"hit_id":"1"}' WHERE seq = 3""")
    with chained.reading() as conn:
        entries, problems = ledger.check(conn)
    assert [e.seq for e in entries] == [1, 2]
    assert problems[0].endswith("): payload does not match its sha256")
    assert problems[1].startswith("ledger entry 3 (review at ")
    assert problems[1].endswith(
        "): payload's 'hit_id' is text, not an integer, so nothing it sealed is known"
    )
    assert len(problems) == 2


def test_left_out_gives_the_entries_check_leaves_out_with_what_their_payload_holds(
    chained: Store,
) -> None:
    """What remains in shape (here the review's hit) can still say which row it sealed."""
    with chained.transaction() as conn:
        conn.execute("UPDATE ledger SET payload = '[1]' WHERE seq = 1")
        conn.execute("""UPDATE ledger SET payload = '{"hit_id":1}' WHERE seq = 3""")
    with chained.reading() as conn:
        left = ledger.left_out(conn)
        entries, _ = ledger.check(conn)
    assert [(e.seq, e.action, e.payload) for e in left] == [
        (1, "import", {}),
        (3, "review", {"hit_id": 1}),
    ]
    assert [e.seq for e in entries] == [2]


@pytest.mark.parametrize("payload", ["'{}'", """'{"terms":[]}'""", "'not json'"])
def test_order_terms_edited_out_of_shape_are_sealed_anew(store: Store, payload: str) -> None:
    terms = {"issued": "2026-03-02", "jurisdiction": "US-NY"}
    with store.transaction() as conn:
        ledger.seal_terms(conn, terms)
        conn.execute(f"UPDATE ledger SET payload = {payload} WHERE seq = 1")
        assert ledger.sealed_terms(conn) is None
        assert ledger.seal_terms(conn, terms) is not None
        assert ledger.sealed_terms(conn) == (2, terms)
