"""Write parsed or scanned interactions into the store, inside the caller's transaction.

Archives and live scans share this path, so both get the same accounts, dedup keys and
provenance. The dedup key uses the minute, not the exact instant, so the same record read
from formats of different precision (JSON milliseconds, HTML minutes) is stored once; an
ordinal keeps apart identical texts sent within the same minute. A record whose archive
gives no time is stored with a NULL `occurred_at` (never the archive's own date, which
changes with every download) and an empty minute in its key, so re-imports still dedup.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections import Counter
from dataclasses import replace

from crawlers.events import Account, Interaction
from nocontact.store import seals
from nocontact.store.accounts import add_names
from nocontact.store.instants import iso, now
from nocontact.store.untrusted import storable, storable_or_none

_BATCH = 1000
_ACCOUNT_FIELDS = ("user_id", "handle", "display_name", "url", "avatar_url", "bio", "created_at")


def counts_by_type(conn: sqlite3.Connection, source_id: int) -> dict[str, int]:
    """Records a source has added so far, per type."""
    return dict(
        conn.execute(
            "SELECT type, count(*) FROM interactions WHERE source_id = ? GROUP BY type",
            (source_id,),
        )
    )


def interactions_digest(
    conn: sqlite3.Connection, source_id: int, *, up_to_id: int | None = None
) -> str:
    """One hash over the raw-record hashes a source added: the ledger entry seals them.

    `up_to_id` limits it to the rows an earlier import of the same archive had added, when
    parsers that had not read it yet were run on it later.
    """
    digest = hashlib.sha256()
    for row_id, raw_sha in conn.execute(
        "SELECT id, raw_sha256 FROM interactions WHERE source_id = ? AND id <= ? ORDER BY id",
        (source_id, up_to_id if up_to_id is not None else 2**63 - 1),
    ):
        digest.update(f"{row_id}:{raw_sha}\n".encode())
    return digest.hexdigest()


def last_interaction_id(conn: sqlite3.Connection, source_id: int) -> int | None:
    """The newest row a source has added (the bound of its ledger entry's digest)."""
    (found,) = conn.execute(
        "SELECT max(id) FROM interactions WHERE source_id = ?", (source_id,)
    ).fetchone()
    return found


def dedup_base(item: Interaction) -> str:
    """What makes two records the same contact, whichever format or scan they came from."""
    text_sha = hashlib.sha256((item.text or "").encode()).hexdigest()
    minute = iso(item.occurred_at)[:16] if item.occurred_at else ""
    return "|".join(
        (
            item.platform,
            item.type,
            item.direction,
            item.account.key,
            minute,
            item.target or "",
            text_sha,
        )
    )


class InteractionWriter:
    """Batches interactions; accounts are upserted once each and cached by key."""

    def __init__(self, conn: sqlite3.Connection, source_id: int) -> None:
        self.conn, self.source_id = conn, source_id
        self.read = 0
        self._account_ids: dict[tuple[str, str], int] = {}
        self._seen: Counter[str] = Counter()
        self._pending: list[tuple[object, ...]] = []

    def add(self, item: Interaction) -> None:
        self.read += 1
        item = storable_interaction(item)
        base = dedup_base(item)
        ordinal, self._seen[base] = self._seen[base], self._seen[base] + 1
        raw_sha = hashlib.sha256(item.raw.encode()).hexdigest()
        sealed = (  # seals.INTERACTION_COLUMNS, in order
            raw_sha,
            item.text,
            iso(item.occurred_at) if item.occurred_at else None,  # None: the archive gave none
            item.type,
            item.direction,
            seals.account_key(item.account.platform, item.account.key),
            item.platform,
            item.target,
            str(item.locator),
            self.source_id,
        )
        self._pending.append(
            (
                self._account_id(item.account),
                item.platform,
                item.type,
                item.direction,
                sealed[2],
                item.text,
                item.target,
                self.source_id,
                sealed[8],
                item.raw,
                raw_sha,
                hashlib.sha256(f"{base}|{ordinal}".encode()).hexdigest(),
                seals.interaction_seal(sealed),
            )
        )
        if len(self._pending) >= _BATCH:
            self._flush()

    def finish(self) -> dict[str, int]:
        """Write what is pending, refresh accounts' first/last seen; new records per type."""
        self._flush()
        for account_id in self._account_ids.values():
            self.conn.execute(
                "UPDATE accounts SET first_seen = (SELECT min(occurred_at) FROM interactions"
                " WHERE account_id = :id), last_seen = (SELECT max(occurred_at) FROM"
                " interactions WHERE account_id = :id) WHERE id = :id",
                {"id": account_id},
            )
        return counts_by_type(self.conn, self.source_id)

    def _flush(self) -> None:
        self.conn.executemany(
            "INSERT OR IGNORE INTO interactions (account_id, platform, type, direction,"
            " occurred_at, text, target, source_id, locator, raw, raw_sha256, dedup_key, seal)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            self._pending,
        )
        self._pending.clear()

    def _account_id(self, account: Account) -> int:
        key = (account.platform, account.key)
        if key not in self._account_ids:
            self._account_ids[key] = upsert_account(self.conn, account)
        return self._account_ids[key]


def storable_interaction(item: Interaction) -> Interaction:
    """The record with NULs and lone surrogates escaped in every text (never fatal)."""
    account = item.account
    texts = ("handle", "user_id", "display_name", "url", "avatar_url", "bio")
    fixed = {name: storable_or_none(getattr(account, name)) for name in texts}
    if any(fixed[name] != getattr(account, name) for name in texts):
        account = replace(account, **fixed)
    raw, text, target = (
        storable(item.raw),
        storable_or_none(item.text),
        storable_or_none(item.target),
    )
    if (account, raw, text, target) == (item.account, item.raw, item.text, item.target):
        return item
    return replace(item, account=account, raw=raw, text=text, target=target)


def upsert_account(conn: sqlite3.Connection, account: Account) -> int:
    """Add or complete an account; known fields are kept, handle history is recorded."""
    fields = {
        "platform": account.platform,
        "key": account.key,
        "user_id": account.user_id,
        "handle": account.handle,
        "display_name": account.display_name,
        "url": account.url,
        "avatar_url": account.avatar_url,
        "bio": account.bio,
        "created_at": iso(account.created_at) if account.created_at else None,
    }
    seals.check_account(conn, account.platform, account.key)
    inserted = seals.new_account_seal(fields)
    updates = ", ".join(f"{name} = coalesce(excluded.{name}, {name})" for name in _ACCOUNT_FIELDS)
    row = conn.execute(
        f"INSERT INTO accounts ({', '.join(fields)}, seal)"
        f" VALUES ({', '.join('?' * len(fields))}, ?)"
        f" ON CONFLICT (platform, key) DO UPDATE SET {updates} RETURNING {seals.RETURNED}",
        (*fields.values(), inserted[1]),
    ).fetchone()
    seals.reseal(conn, row, inserted)
    account_id = row[0]
    add_names(conn, account_id, fields, now())
    return account_id
