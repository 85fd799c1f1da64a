"""Avatars: a picture is recorded once per account; placeholders are never shown as real."""

from __future__ import annotations

from nocontact.store import avatars
from nocontact.store.database import Store
from tests.nocontact.store.conftest import ROB, STRANGER, contact, write


def test_real_pictures_newest_first_placeholders_left_out(store: Store) -> None:
    write(store, [contact(ROB, 1), contact(STRANGER, 2)])
    with store.transaction() as conn:
        avatars.add_avatar(conn, 1, avatars.AvatarImage("a" * 64, "p", "d", 0.9, False))
        avatars.add_avatar(conn, 1, avatars.AvatarImage("b" * 64, "p", "d", 0.2, True))
        avatars.add_avatar(conn, 1, avatars.AvatarImage("c" * 64, "p", "d", 0.9, False))
        avatars.add_avatar(conn, 1, avatars.AvatarImage("a" * 64, "p", "d", 0.9, False))
        avatars.add_avatar(conn, 2, avatars.AvatarImage("a" * 64, "p", "d", 0.9, False))
    with store.reading() as conn:
        assert avatars.real_avatar_hashes(conn, 1) == ["c" * 64, "a" * 64]
        assert avatars.real_avatar_hashes(conn, 2) == ["a" * 64]  # same picture, other account
        assert avatars.real_avatar_hashes(conn, 3) == []
