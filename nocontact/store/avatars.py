"""Avatar pictures on record: their file hash and the matcher's perceptual hashes."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class AvatarImage:
    sha256: str
    phash: str
    dhash: str
    quality: float
    is_default: bool  # a platform placeholder or near-blank picture: the matcher ignores it


def add_avatar(conn: sqlite3.Connection, account_id: int, image: AvatarImage) -> None:
    """Record a picture once per account, however often it is fetched."""
    conn.execute(
        "INSERT INTO avatars (account_id, image_sha256, phash, dhash, quality, is_default)"
        " SELECT ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM avatars"
        " WHERE account_id = ? AND image_sha256 = ?)",
        (account_id, image.sha256, image.phash, image.dhash, image.quality, image.is_default)
        + (account_id, image.sha256),
    )


def real_avatar_hashes(conn: sqlite3.Connection, account_id: int) -> list[str]:
    """SHA-256 of an account's pictures that are not placeholders, newest first."""
    rows = conn.execute(
        "SELECT image_sha256 FROM avatars WHERE account_id = ? AND is_default = 0 ORDER BY id DESC",
        (account_id,),
    ).fetchall()
    return [sha for (sha,) in rows]
