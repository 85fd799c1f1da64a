"""Hits with every record, its source and what the order's terms make of it.

One read of the store shared by the report and the evidence export (and open to the review
page), so all three show the same records, the same provenance and the same assessment.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from dataclasses import dataclass, fields
from datetime import datetime
from pathlib import Path

from crawlers.events import implausible
from nocontact.config import Config, Person
from nocontact.errors import StoreError
from nocontact.evidence import terms
from nocontact.evidence.terms import Assessment, ThreadStart
from nocontact.store import cipher
from nocontact.store.avatars import real_avatar_hashes
from nocontact.store.fingerprint import pieces_sha256
from nocontact.store.hits import Hit, list_hits
from nocontact.store.instants import parse_iso
from nocontact.store.interactions import (
    StoredInteraction,
    account_of_hit,
    interactions_of,
    others_in_threads,
)
from nocontact.store.reviews import reviews_of

logger = logging.getLogger(__name__)

AVATARS = Path("evidence") / "avatars"  # where `nocontact enrich` keeps them, as <sha256>.<ext>
_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True, slots=True)
class Contact(StoredInteraction):
    """One stored interaction of a hit's account, assessed under the order's terms."""

    at: datetime | None  # None: the archive gives no time for this record
    assessment: Assessment
    thread: ThreadStart | None


@dataclass(frozen=True, slots=True)
class HitRecord:
    """A hit (the JSON contract's fields), its records, reviews and the photos to compare."""

    hit: Hit
    bio: str | None
    created_at: str | None
    contacts: tuple[Contact, ...]
    notes: tuple[tuple[str, str], ...]
    witnesses: tuple[tuple[str, str], ...]
    avatar: Path | None
    references: tuple[Path, ...]

    @property
    def violations(self) -> tuple[Contact, ...]:
        return tuple(c for c in self.contacts if c.assessment.violation)


@dataclass(frozen=True, slots=True)
class Repeat:
    """The n-th contact overall and the k-th from one account: repetition aggravates."""

    overall: int
    per_account: int
    record: HitRecord
    contact: Contact


def load(
    conn: sqlite3.Connection,
    config: Config,
    root: Path,
    *,
    statuses: tuple[str, ...] = ("confirmed", "new"),
    key: bytes | None = None,
) -> list[HitRecord]:
    """Hits with the given statuses, confirmed first, each with all its records."""
    return [load_one(conn, config, root, hit, key=key) for hit in chosen(conn, statuses)]


def chosen(conn: sqlite3.Connection, statuses: tuple[str, ...] = ("confirmed", "new")) -> list[Hit]:
    """The hits `load` loads, in its order (confirmed first, then highest score)."""
    found = [h for h in list_hits(conn) if h.status in statuses]
    found.sort(key=lambda h: statuses.index(h.status))
    return found


def assessed(conn: sqlite3.Connection, config: Config, hit: Hit) -> HitRecord:
    """A hit with its records assessed under the order, without what only its own section
    shows (thread starts, notes, photos): what a report's tables and plot count."""
    account = account_of_hit(conn, hit.id)
    rows = interactions_of(conn, account.id)
    contacts = tuple(_contact(config, hit.kind, account.id, row, {}) for row in rows)
    return HitRecord(hit, account.bio, account.created_at, contacts, (), (), None, ())


def repetition(records: list[HitRecord]) -> list[Repeat]:
    """Violations of confirmed hits numbered overall and per account, oldest first."""
    pairs = sorted(
        ((r, c) for r in records if r.hit.status == "confirmed" for c in r.violations),
        key=lambda pair: (pair[1].at, pair[1].id),
    )
    numbered = terms.ordinals((r.hit.id, c.at) for r, c in pairs)  # stable: same order
    return [Repeat(n, k, r, c) for (n, k, _, _), (r, c) in zip(numbered, pairs, strict=True)]


def load_one(
    conn: sqlite3.Connection, config: Config, root: Path, hit: Hit, *, key: bytes | None = None
) -> HitRecord:
    """One hit (a row of `list_hits`) with all its records (`key`: an encrypted case's)."""
    account = account_of_hit(conn, hit.id)
    rows = interactions_of(conn, account.id)
    starts = _thread_starts(conn, account.id, rows)
    contacts = tuple(_contact(config, hit.kind, account.id, row, starts) for row in rows)
    reviews = reviews_of(conn, hit.id, actions=("note", "witness"))
    return HitRecord(
        hit=hit,
        bio=account.bio,
        created_at=account.created_at,
        contacts=contacts,
        notes=tuple((r.text or "", r.at) for r in reviews if r.action == "note"),
        witnesses=tuple((r.text or "", r.at) for r in reviews if r.action == "witness"),
        avatar=_avatar(conn, root, account.id, key),
        references=_references(config, hit.subject),
    )


_STORED = tuple(f.name for f in fields(StoredInteraction))  # in order: read once per record


def _contact(
    config: Config,
    kind: str,
    account_id: int,
    row: StoredInteraction,
    starts: dict[str, ThreadStart],
) -> Contact:
    moment = parse_iso(row.occurred_at) if row.occurred_at else None
    read_at = parse_iso(row.source.read_at) if row.source.read_at else None
    key = terms.conversation_key(row.target, account_id, row.type)
    return Contact(
        *(getattr(row, name) for name in _STORED),
        at=moment,
        assessment=terms.assess(
            config.order,
            kind=kind,
            direction=row.direction,
            at=moment,
            implausible=implausible(moment, read_at=read_at),
        ),
        thread=starts.get(key) if key else None,
    )


def _thread_starts(
    conn: sqlite3.Connection, account_id: int, rows: list[StoredInteraction]
) -> dict[str, ThreadStart]:
    """First record of each conversation, counting other accounts' records in its threads."""
    threads = sorted({r.target for r in rows if r.target and r.target.startswith("thread:")})
    others = [
        (o.target, o.direction, o.occurred_at) for o in others_in_threads(conn, account_id, threads)
    ]
    own = [
        (terms.conversation_key(r.target, account_id, r.type), r.direction, r.occurred_at)
        for r in rows
    ]
    dated = ((key, d, at) for key, d, at in own + others if at)
    return terms.thread_starts((key, d, parse_iso(at)) for key, d, at in dated)


def _avatar(
    conn: sqlite3.Connection, root: Path, account_id: int, key: bytes | None
) -> Path | None:
    """The newest avatar on record whose file in evidence/avatars still matches its sha256."""
    for sha in real_avatar_hashes(conn, account_id):
        files = sorted((root / AVATARS).glob(f"{sha}.*")) if _SHA256.fullmatch(sha or "") else []
        for path in files:
            if _sha256(path, key) == sha:
                return path
            logger.warning("avatar %s is altered; not shown (run `nocontact verify`)", path)
    return None


def _references(config: Config, subject: str) -> tuple[Path, ...]:
    people: list[tuple[str, Person]] = [("restrained", config.restrained)]
    people += [(a.names[0], a) for a in config.associates]
    return next((person.photos for label, person in people if label == subject), ())


def _sha256(path: Path, key: bytes | None) -> str | None:
    """A file's hash (a sealed avatar's, unsealed in memory); None if it cannot be read."""
    try:
        return pieces_sha256(cipher.chunks_of(path, key))
    except StoreError:
        return None
