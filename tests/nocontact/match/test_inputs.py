"""The matcher's inputs: everything the store knows of an account, the people in the order."""

from __future__ import annotations

import sqlite3

import pytest

from matcher import drawing
from matcher.avatars import AvatarHash
from nocontact.case import Case
from nocontact.match.inputs import candidates_of, own_words, profile_of


def test_candidates_carry_what_the_store_knows(demo_case: Case) -> None:
    hashed = str(AvatarHash.of(drawing.face(4)))
    phash, dhash = hashed.split(":")
    with sqlite3.connect(demo_case.db_path) as conn:
        (account_id,) = conn.execute(
            "SELECT id FROM accounts WHERE handle = 'r0b_m1ll3r'"
        ).fetchone()
        conn.execute(
            "UPDATE accounts SET created_at = '2026-03-13T08:00:00Z', bio = 'linktr.ee/robm'"
            " WHERE id = ?",
            (account_id,),
        )
        conn.execute(
            "INSERT INTO avatars (account_id, image_sha256, phash, dhash, quality, is_default)"
            " VALUES (?, 'x', ?, ?, 1.0, 0)",
            (account_id, phash, dhash),
        )
        (other_id,) = conn.execute(
            "SELECT id FROM accounts WHERE handle = 'bob.miller.82'"
        ).fetchone()
        conn.execute(
            "INSERT INTO avatars (account_id, image_sha256, phash, dhash, quality, is_default)"
            " VALUES (?, 'y', ?, ?, 1.0, 1)",
            (other_id, phash, dhash),
        )
        found = {c.key: c for c in candidates_of(conn)}
    alt = found[str(account_id)]
    assert alt.avatar_hash == hashed and alt.has_avatar is True
    placeholder = found[str(other_id)]  # a stored placeholder: no picture of anyone
    assert placeholder.avatar_hash is None and placeholder.has_avatar is False
    assert alt.created_at is not None and alt.created_at.tzinfo is not None
    assert alt.bio == "linktr.ee/robm" and alt.times
    known = next(c for c in found.values() if c.handle == "rob.miller82")
    assert known.blocked_at is not None and known.blocked_at.isoformat().startswith("2026-03-11")
    assert any("Janie-bean" in t for c in found.values() for t in c.texts)


@pytest.mark.parametrize(
    ("platform", "kind", "text", "kept"),
    [
        ("instagram", "message", "i miss you Janie-bean", True),
        ("facebook", "comment", "miss you Janie-bean, come home", True),
        ("facebook", "comment", "Robert Miller commented on your post.", False),
        ("x", "follow", "on your followers list when X made this archive", False),
        ("facebook", "follow_request", "sent you a friend request", False),
        ("instagram", "reaction", "❤️", False),
        ("mastodon", "mention", None, False),
    ],
)
def test_only_the_accounts_own_words_feed_the_style_features(
    platform: str, kind: str, text: str | None, kept: bool
) -> None:
    assert own_words(platform, kind, text) is kept


def test_profile_reads_photos_samples_and_order(demo_case: Case) -> None:
    profile = profile_of(demo_case.config())
    assert profile.order_issued is not None and profile.order_issued.isoformat() == "2026-03-02"
    assert profile.restrained.photos and profile.restrained.photos[0][:3] == b"\xff\xd8\xff"
    assert profile.restrained.keywords == ("Janie-bean", "Lake Placid")
