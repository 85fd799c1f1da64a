"""The matcher's inputs from a case: the people the order names and the accounts that made contact.

Everything the store knows about an account goes in (names, avatar hashes, creation date,
bio, times and texts of its contact, when it was blocked), so every feature family can use it.
"""

from __future__ import annotations

import logging
import sqlite3
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

from crawlers.events import WORDED_TYPES
from crawlers.exports._facebook_sentences import read_notification
from matcher.types import Candidate, Profile, Subject
from nocontact.config import Config, Person
from nocontact.errors import ConfigError
from nocontact.store.instants import parse_iso

logger = logging.getLogger(__name__)

# What the matcher reads of each field (the stored record keeps everything): a name longer
# than any platform allows, or a message of megabytes, only costs time, never adds evidence.
MAX_NAME_CHARS = 256
MAX_TEXT_CHARS = 10_000


def profile_of(config: Config) -> Profile:
    """The matcher's view of the people the order names, photos and samples read in."""
    return Profile(
        restrained=_subject("restrained", "restrained", config.restrained),
        associates=tuple(_subject(a.names[0], "associate", a) for a in config.associates),
        order_issued=config.order.issued,
    )


def _subject(label: str, kind: str, person: Person) -> Subject:
    return Subject(
        label=label,
        kind=kind,
        names=person.names,
        handles=person.handles,
        user_ids=person.user_ids,
        birth_year=person.birth_year,
        relation=person.relation,
        photos=tuple(path.read_bytes() for path in person.photos),
        writing_samples=tuple(_read(path) for path in person.writing_samples),
        keywords=person.keywords,
        emails=person.emails,
        phones=person.phones,
    )


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: a writing sample must be UTF-8 text ({exc})") from None


def candidates_of(conn: sqlite3.Connection) -> list[Candidate]:
    """Accounts with at least one inbound interaction: only they made contact."""
    rows = conn.execute(
        "SELECT id, platform, handle, display_name, user_id, created_at, bio FROM accounts"
        " WHERE id IN (SELECT account_id FROM interactions WHERE direction = 'in') ORDER BY id"
    ).fetchall()
    times: dict[int, list[datetime]] = defaultdict(list)
    texts: dict[int, list[str]] = defaultdict(list)
    for account_id, at, platform, kind, text in conn.execute(
        "SELECT account_id, occurred_at, platform, type, text FROM interactions"
        " WHERE direction = 'in' ORDER BY account_id, occurred_at, id"
    ):
        times[account_id].append(parse_iso(at))
        if own_words(platform, kind, text):
            texts[account_id].append(text[:MAX_TEXT_CHARS])
    blocked = dict(
        conn.execute(
            "SELECT account_id, min(occurred_at) FROM interactions"
            " WHERE direction = 'out' AND type = 'block' GROUP BY account_id"
        ).fetchall()
    )
    avatars = {  # newest picture per account; None when it is a placeholder or near-blank
        account_id: None if is_default else hashes
        for account_id, hashes, is_default in conn.execute(
            "SELECT account_id, phash || ':' || dhash, is_default FROM avatars"
            " WHERE phash IS NOT NULL AND dhash IS NOT NULL"
            " AND id IN (SELECT max(id) FROM avatars GROUP BY account_id)"
        )
    }
    return [
        Candidate(
            key=str(r[0]),
            platform=r[1],
            handle=_short(r[2], MAX_NAME_CHARS),
            display_name=_short(r[3], MAX_NAME_CHARS),
            user_id=_short(r[4], MAX_NAME_CHARS),
            avatar_hash=avatars.get(r[0]),
            has_avatar=avatars[r[0]] is not None if r[0] in avatars else None,
            created_at=_moment(r[5]),
            times=tuple(times[r[0]]),
            texts=tuple(texts[r[0]]),
            bio=_short(r[6], MAX_TEXT_CHARS),
            blocked_at=parse_iso(blocked[r[0]]) if r[0] in blocked else None,
        )
        for r in rows
    ]


def _short(text: str | None, limit: int) -> str | None:
    return text[:limit] if text else text


def own_words(platform: str, kind: str, text: str | None) -> bool:
    """Whether a record's text is what the account wrote, fit for comparing writing styles.

    Follows, likes and people lists carry the tool's or platform's description instead, and
    Facebook's notifications carry Facebook's sentence ("Rob Miller commented on your post."):
    the same words for every account, which would make strangers look alike.
    """
    if not text or kind not in WORDED_TYPES:
        return False
    return not (platform == "facebook" and read_notification(text) is not None)


def _moment(text: str | None) -> datetime | None:
    """A creation date as stored; unreadable values count as unknown, with a note."""
    if not text:
        return None
    try:
        moment = parse_iso(text)
    except ValueError:
        logger.info("account creation date %r is not ISO 8601; treated as unknown", text)
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
