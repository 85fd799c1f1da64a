"""The matcher's inputs from a case: the people the order names and the accounts that made contact.

Everything the store knows about an account goes in (names, avatar hashes, creation date,
bio, times and texts of its contact, when it was blocked), so every feature family can use it.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from crawlers.events import WORDED_TYPES
from matcher.types import Candidate, Profile, Subject
from nocontact.config import Config, Person
from nocontact.errors import ConfigError
from nocontact.store.accounts import ContactAccount, contact_accounts
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
        urls=person.urls,
        birth_date=person.birth_date,
    )


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: a writing sample must be UTF-8 text ({exc})") from None


def candidates_of(conn: sqlite3.Connection) -> list[Candidate]:
    """Accounts with at least one inbound interaction: only they made contact.

    A placeholder name ("Instagram User") stands for many people, so it is never compared
    (the store gives none); undated records add no time for the behaviour features. Names
    and texts are cut to what the matcher needs: the stored record keeps everything.
    """
    return [_candidate(account) for account in contact_accounts(conn)]


def _candidate(account: ContactAccount) -> Candidate:
    default = account.avatar_is_default
    return Candidate(
        key=str(account.id),
        platform=account.platform,
        handle=_short(account.handle, MAX_NAME_CHARS),
        display_name=_short(account.display_name, MAX_NAME_CHARS),
        user_id=_short(account.user_id, MAX_NAME_CHARS),
        avatar_hash=account.avatar_hashes if default is False else None,
        has_avatar=None if default is None else not default,
        created_at=_moment(account.created_at),
        times=tuple(parse_iso(r.at) for r in account.inbound if r.at is not None),
        texts=tuple(
            r.text[:MAX_TEXT_CHARS]
            for r in account.inbound
            if r.text and own_words(r.platform, r.type, r.text)
        ),
        bio=_short(account.bio, MAX_TEXT_CHARS),
        blocked_at=parse_iso(account.blocked_at) if account.blocked_at else None,
    )


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
    if platform != "facebook":
        return True
    # Imported here: it loads every export parser, a twelfth of a second most matches skip.
    from crawlers.exports._facebook_sentences import read_notification

    return read_notification(text) is None


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
