"""Accounts out: who made contact, names they used, what a profile lookup may fill in."""

from __future__ import annotations

from nocontact.store import accounts
from nocontact.store.avatars import AvatarImage, add_avatar
from nocontact.store.database import Store
from nocontact.store.enrichments import add_enrichment
from tests.nocontact.store.conftest import ROB, STRANGER, add_hit, contact, write


def _id(store: Store, handle: str) -> int:
    with store.reading() as conn:
        return conn.execute("SELECT id FROM accounts WHERE handle = ?", (handle,)).fetchone()[0]


def test_only_accounts_that_sent_something_are_candidates(store: Store) -> None:
    write(
        store,
        [
            contact(ROB, 1, text="first"),
            contact(ROB, 2, kind="reaction", text=None),
            contact(ROB, 3, kind="block", direction="out", text=None, target=None),
            contact(STRANGER, 4, direction="out"),
        ],
    )
    with store.reading() as conn:
        (rob,) = accounts.contact_accounts(conn)
    assert (rob.handle, rob.display_name) == ("rob.miller82", "Rob M")
    assert [(r.type, r.text) for r in rob.inbound] == [("message", "first"), ("reaction", None)]
    assert rob.blocked_at == "2026-03-10T21:03:00.000Z"
    assert (rob.avatar_hashes, rob.avatar_is_default) == (None, None)


def test_the_newest_avatar_is_the_one_the_matcher_reads(store: Store) -> None:
    write(store, [contact(ROB, 1)])
    rob = _id(store, "rob.miller82")
    with store.transaction() as conn:
        add_avatar(conn, rob, AvatarImage("a" * 64, "p1", "d1", 0.5, is_default=False))
        add_avatar(conn, rob, AvatarImage("b" * 64, "p2", "d2", 0.5, is_default=True))
        add_avatar(conn, rob, AvatarImage("b" * 64, "p2", "d2", 0.5, is_default=True))  # again
        assert conn.execute("SELECT count(*) FROM avatars").fetchone() == (2,)
    with store.reading() as conn:
        (found,) = accounts.contact_accounts(conn)
    assert (found.avatar_hashes, found.avatar_is_default) == ("p2:d2", True)


def test_names_are_recorded_once_each_and_listed_per_hit(store: Store) -> None:
    write(store, [contact(ROB, 1)])
    rob = _id(store, "rob.miller82")
    with store.transaction() as conn:
        accounts.add_names(conn, rob, {"handle": "rob.m", "display_name": None}, "2099-04-01")
        accounts.add_names(conn, rob, {"handle": "rob.m", "bio": "not a name"}, "2099-05-01")
    add_hit(store, rob)
    with store.reading() as conn:
        seen = accounts.names_of_hit(conn, 1)
    assert [(n.field, n.value) for n in seen] == [
        ("handle", "rob.miller82"),
        ("display_name", "Rob M"),
        ("handle", "rob.m"),
    ]
    assert seen[-1].seen_at == "2099-04-01"  # the first sighting is kept


def test_a_lookup_fills_only_what_is_unknown(store: Store) -> None:
    write(store, [contact(ROB, 1)])
    rob = _id(store, "rob.miller82")
    found = {"display_name": "Robert", "bio": "dad, runner", "url": None, "nickname": "x"}
    with store.transaction() as conn:
        filled = accounts.fill_unknown(conn, rob, found)
        row = conn.execute("SELECT display_name, bio, url FROM accounts").fetchone()
    assert filled == ["bio"] and row == ("Rob M", "dad, runner", None)


def test_lookups_are_due_until_one_answered_recently(store: Store) -> None:
    write(store, [contact(ROB, 1), contact(STRANGER, 2)])
    rob = _id(store, "rob.miller82")
    with store.reading() as conn:
        due = accounts.lookups_due(conn, ["instagram"], since="2026-01-01")
        assert accounts.lookups_due(conn, ["bluesky"], since="2026-01-01") == []
        assert accounts.lookups_due(conn, [], since="2026-01-01") == []
    assert {a.handle for a in due} == {"rob.miller82", "a.stranger"}
    with store.transaction() as conn:
        add_enrichment(
            conn, {"account_id": rob, "platform": "instagram", "fetched_at": "2026-06-01",
                   "status": "ok"}
        )  # fmt: skip
    with store.reading() as conn:
        later = accounts.lookups_due(conn, ["instagram"], since="2026-01-01", limit=5)
        stale = accounts.lookups_due(conn, ["instagram"], since="2026-07-01")
    assert [a.handle for a in later] == ["a.stranger"] and len(stale) == 2
