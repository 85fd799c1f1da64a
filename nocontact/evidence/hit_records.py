"""Hits with every record, its source and what the order's terms make of it.

One read of the store shared by the report and the evidence export (and open to the review
page), so all three show the same records, the same provenance and the same assessment.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from crawlers.events import implausible
from nocontact.config import Config, Person
from nocontact.evidence import terms
from nocontact.evidence.terms import Assessment, ThreadStart
from nocontact.store.fingerprint import file_sha256
from nocontact.store.hits import list_hits
from nocontact.store.instants import parse_iso

logger = logging.getLogger(__name__)

AVATARS = Path("evidence") / "avatars"  # where `nocontact enrich` keeps them, as <sha256>.<ext>
_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True, slots=True)
class Source:
    """Where a record was read: the archive (sha256, name) or scan, and when it was read."""

    kind: str
    sha256: str
    name: str
    read_at: str


@dataclass(frozen=True, slots=True)
class Contact:
    """One stored interaction of a hit's account, assessed under the order's terms."""

    id: int
    at: datetime | None  # None: the archive gives no time for this record
    platform: str
    type: str
    direction: str
    text: str | None
    target: str | None
    locator: str
    raw_sha256: str
    source: Source
    assessment: Assessment
    thread: ThreadStart | None


@dataclass(frozen=True, slots=True)
class HitRecord:
    """A hit (the JSON contract's fields), its records, reviews and the photos to compare."""

    hit: dict[str, Any]
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
) -> list[HitRecord]:
    """Hits with the given statuses, confirmed first, each with all its records."""
    chosen = [h for h in list_hits(conn) if h["status"] in statuses]
    chosen.sort(key=lambda h: statuses.index(h["status"]))
    return [load_one(conn, config, root, hit) for hit in chosen]


def repetition(records: list[HitRecord]) -> list[Repeat]:
    """Violations of confirmed hits numbered overall and per account, oldest first."""
    pairs = sorted(
        ((r, c) for r in records if r.hit["status"] == "confirmed" for c in r.violations),
        key=lambda pair: (pair[1].at, pair[1].id),
    )
    numbered = terms.ordinals((r.hit["id"], c.at) for r, c in pairs)  # stable: same order
    return [Repeat(n, k, r, c) for (n, k, _, _), (r, c) in zip(numbered, pairs, strict=True)]


def load_one(
    conn: sqlite3.Connection, config: Config, root: Path, hit: dict[str, Any]
) -> HitRecord:
    """One hit (a row of `list_hits`) with all its records."""
    account_id, bio, created_at = conn.execute(
        "SELECT a.id, a.bio, a.created_at FROM hits h JOIN accounts a ON a.id = h.account_id"
        " WHERE h.id = ?",
        (hit["id"],),
    ).fetchone()
    rows = conn.execute(
        "SELECT i.id, i.occurred_at, i.platform, i.type, i.direction, i.text, i.target,"
        " i.locator, i.raw_sha256, s.kind, s.sha256, s.original_name, s.started_at"
        " FROM interactions i JOIN sources s ON s.id = i.source_id"
        " WHERE i.account_id = ? ORDER BY i.occurred_at IS NULL, i.occurred_at, i.id",
        (account_id,),
    ).fetchall()
    starts = _thread_starts(conn, account_id, rows)
    contacts = tuple(_contact(config, hit["kind"], account_id, row, starts) for row in rows)
    reviews = conn.execute(
        "SELECT action, text, at FROM reviews WHERE hit_id = ? AND action IN ('note', 'witness')"
        " ORDER BY id",
        (hit["id"],),
    ).fetchall()
    return HitRecord(
        hit=hit,
        bio=bio,
        created_at=created_at,
        contacts=contacts,
        notes=tuple((text, at) for action, text, at in reviews if action == "note"),
        witnesses=tuple((text, at) for action, text, at in reviews if action == "witness"),
        avatar=_avatar(conn, root, account_id),
        references=_references(config, hit["subject"]),
    )


def _contact(
    config: Config, kind: str, account_id: int, row: tuple, starts: dict[str, ThreadStart]
) -> Contact:
    cid, at, platform, type_, direction, text, target, locator, raw_sha = row[:9]
    moment = parse_iso(at) if at else None
    read_at = parse_iso(row[12]) if row[12] else None
    key = terms.conversation_key(target, account_id, type_)
    return Contact(
        id=cid,
        at=moment,
        platform=platform,
        type=type_,
        direction=direction,
        text=text,
        target=target,
        locator=locator,
        raw_sha256=raw_sha,
        source=Source(*row[9:]),
        assessment=terms.assess(
            config.order,
            kind=kind,
            direction=direction,
            at=moment,
            implausible=implausible(moment, read_at=read_at),
        ),
        thread=starts.get(key) if key else None,
    )


def _thread_starts(
    conn: sqlite3.Connection, account_id: int, rows: list[tuple]
) -> dict[str, ThreadStart]:
    """First record of each conversation, counting other accounts' records in its threads."""
    threads = sorted({r[6] for r in rows if r[6] and r[6].startswith("thread:")})
    others = conn.execute(
        f"SELECT target, direction, occurred_at FROM interactions WHERE account_id != ?"
        f" AND target IN ({', '.join('?' * len(threads))})",
        (account_id, *threads),
    ).fetchall()
    own = [(terms.conversation_key(r[6], account_id, r[3]), r[4], r[1]) for r in rows]
    dated = ((key, d, at) for key, d, at in own + others if at)
    return terms.thread_starts((key, d, parse_iso(at)) for key, d, at in dated)


def _avatar(conn: sqlite3.Connection, root: Path, account_id: int) -> Path | None:
    """The newest avatar on record whose file in evidence/avatars still matches its sha256."""
    rows = conn.execute(
        "SELECT image_sha256 FROM avatars WHERE account_id = ? AND is_default = 0 ORDER BY id DESC",
        (account_id,),
    ).fetchall()
    for (sha,) in rows:
        files = sorted((root / AVATARS).glob(f"{sha}.*")) if _SHA256.fullmatch(sha or "") else []
        for path in files:
            if file_sha256(path) == sha:
                return path
            logger.warning("avatar %s is altered; not shown (run `nocontact verify`)", path)
    return None


def _references(config: Config, subject: str) -> tuple[Path, ...]:
    people: list[tuple[str, Person]] = [("restrained", config.restrained)]
    people += [(a.names[0], a) for a in config.associates]
    return next((person.photos for label, person in people if label == subject), ())
