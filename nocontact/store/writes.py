"""Write parsed or scanned interactions into the store, inside the caller's transaction.

Archives and live scans share this path, so both get the same accounts, dedup keys and
provenance. The dedup key uses the minute, not the exact instant, so the same record read
from formats of different precision (JSON milliseconds, HTML minutes) is stored once; an
ordinal keeps apart identical texts sent within the same minute.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections import Counter

from crawlers.events import Account, Interaction
from nocontact.store import seals
from nocontact.store.accounts import add_names
from nocontact.store.instants import iso, now

_BATCH = 1000
_ACCOUNT_FIELDS = ("user_id", "handle", "display_name", "url", "avatar_url", "bio", "created_at")


def interactions_digest(conn: sqlite3.Connection, source_id: int) -> str:
    """One hash over the raw-record hashes a source added: the ledger entry seals them."""
    digest = hashlib.sha256()
    for row_id, raw_sha in conn.execute(
        "SELECT id, raw_sha256 FROM interactions WHERE source_id = ? ORDER BY id", (source_id,)
    ):
        digest.update(f"{row_id}:{raw_sha}\n".encode())
    return digest.hexdigest()


def dedup_base(item: Interaction) -> str:
    """What makes two records the same contact, whichever format or scan they came from."""
    text_sha = hashlib.sha256((item.text or "").encode()).hexdigest()
    minute = iso(item.occurred_at)[:16]
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
        base = dedup_base(item)
        ordinal, self._seen[base] = self._seen[base], self._seen[base] + 1
        raw_sha = hashlib.sha256(item.raw.encode()).hexdigest()
        sealed = (  # seals.INTERACTION_COLUMNS, in order
            raw_sha,
            item.text,
            iso(item.occurred_at),
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
        return dict(
            self.conn.execute(
                "SELECT type, count(*) FROM interactions WHERE source_id = ? GROUP BY type",
                (self.source_id,),
            )
        )

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
