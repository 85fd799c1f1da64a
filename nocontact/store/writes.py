"""Write parsed or scanned interactions into the store, inside the caller's transaction.

Archives and live scans share this path, so both get the same accounts, dedup keys and
provenance. The dedup key uses the minute, not the exact instant, so the same record read
from formats of different precision (JSON milliseconds, HTML minutes) is stored once; an
ordinal keeps apart identical texts sent within the same minute. A record whose archive
gives no time is stored with a NULL `occurred_at` (never the archive's own date, which
changes with every download) and an empty minute in its key, so re-imports still dedup.

Records are written in batches: one `executemany` per batch, the UNIQUE dedup key doing the
deduplication (INSERT OR IGNORE), the batch's new accounts inserted together. A writer that
starts a source's first rows also keeps the source's digests as it writes them, so the
import does not read a million rows back to seal them.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections import Counter
from dataclasses import dataclass, replace

from crawlers.events import Account, Interaction
from nocontact.store import seals
from nocontact.store.accounts import ADD_NAME, add_names, name_rows
from nocontact.store.instants import iso, now
from nocontact.store.untrusted import all_storable, storable, storable_or_none

_BATCH = 1000
_sha256 = hashlib.sha256
_CACHED_ACCOUNTS = 50_000  # account ids kept in memory; the others are looked up per batch
_ACCOUNT_FIELDS = ("user_id", "handle", "display_name", "url", "avatar_url", "bio", "created_at")
_COLUMNS = ("platform", "key", *_ACCOUNT_FIELDS)  # an account row as written, seal aside
_INSERT_ACCOUNT = (
    f"INSERT INTO accounts ({', '.join(_COLUMNS)}, seal) VALUES ({', '.join('?' * 10)})"
)
_INSERT = (
    "INSERT OR IGNORE INTO interactions (account_id, platform, type, direction,"
    " occurred_at, text, target, source_id, locator, raw, raw_sha256, dedup_key, seal)"
    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"
)
_SEEN = (
    "UPDATE accounts SET first_seen = (SELECT min(occurred_at) FROM interactions"
    " WHERE account_id = accounts.id), last_seen = (SELECT max(occurred_at) FROM"
    " interactions WHERE account_id = accounts.id)"
)


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
    at = iso(item.occurred_at) if item.occurred_at else None
    return _base(item, item.account.key, at)


def _base(item: Interaction, account_key: str, at: str | None) -> str:
    text_sha = hashlib.sha256((item.text or "").encode()).hexdigest()
    minute = at[:16] if at else ""
    return "|".join(
        (item.platform, item.type, item.direction, account_key, minute, item.target or "", text_sha)
    )


@dataclass(frozen=True, slots=True)
class Sealing:
    """What a ledger entry seals of a source's rows."""

    interactions_digest: str
    up_to_id: int
    rows_digest: str


class _Tally:
    """A source's digests and counts, kept while its rows are written (the same values
    `interactions_digest`, `rows_digest` and `counts_by_type` read back afterwards)."""

    def __init__(self) -> None:
        self.by_raw, self.by_row = hashlib.sha256(), hashlib.sha256()
        self.counts: Counter[str] = Counter()
        self.last_id = 0

    def add(self, row_id: int, kind: str, raw_sha: str, encoded: bytes) -> None:
        self.by_raw.update(b"%d:%s\n" % (row_id, raw_sha.encode()))
        self.by_row.update(b"%d %s\n" % (row_id, encoded))
        self.counts[kind] += 1
        self.last_id = row_id


class InteractionWriter:
    """Batches interactions; accounts are upserted once each per writer."""

    def __init__(self, conn: sqlite3.Connection, source_id: int) -> None:
        self.conn, self.source_id = conn, source_id
        self.read = 0
        self._accounts = _AccountIds(conn)
        self._once: set[bytes] = set()  # dedup bases seen (a digest each: memory stays small)
        self._repeats: dict[bytes, int] = {}  # the next ordinal of bases seen more than once
        self._pending: list[tuple[Account, str, str, bytes, tuple[object, ...]]] = []
        (self._last_id,) = conn.execute("SELECT coalesce(max(id), 0) FROM interactions").fetchone()
        fresh = last_interaction_id(conn, source_id) is None
        self._tally = _Tally() if fresh else None

    def add(self, item: Interaction) -> None:
        self.read += 1
        item = storable_interaction(item)
        account, platform, kind, text, target = (
            item.account,
            item.platform,
            item.type,
            item.text,
            item.target,
        )
        key = account.key
        at = iso(item.occurred_at) if item.occurred_at else None  # None: the archive gave none
        base = _base(item, key, at)
        first = _sha256(f"{base}|0".encode())
        mark = first.digest()[:16]
        if mark in self._once:
            ordinal = self._repeats.get(mark, 1)
            self._repeats[mark] = ordinal + 1
            dedup_key = _sha256(f"{base}|{ordinal}".encode()).hexdigest()
        else:
            self._once.add(mark)
            dedup_key = first.hexdigest()
        raw = item.raw
        raw_sha = _sha256(raw.encode()).hexdigest()
        locator = str(item.locator)
        encoded, seal = seals.sealed_interaction(  # seals.INTERACTION_COLUMNS, in order
            (
                raw_sha,
                text,
                at,
                kind,
                item.direction,
                f"{account.platform}:{key}",  # seals.account_key
                platform,
                target,
                locator,
                self.source_id,
            )
        )
        row = (
            platform,
            kind,
            item.direction,
            at,
            text,
            target,
            self.source_id,
            locator,
            raw,
            raw_sha,
            dedup_key,
            seal,
        )
        self._pending.append((account, key, dedup_key, encoded, row))
        if len(self._pending) >= _BATCH:
            self._flush()

    def finish(self) -> dict[str, int]:
        """Write what is pending, refresh accounts' first/last seen; new records per type."""
        self._flush()
        self._accounts.refresh_seen()
        if self._tally is not None:
            return dict(sorted(self._tally.counts.items()))  # as GROUP BY gives them
        return counts_by_type(self.conn, self.source_id)

    def sealing(self) -> Sealing:
        """The source's digests for its ledger entry (after `finish`)."""
        if self._tally is not None:
            return Sealing(
                self._tally.by_raw.hexdigest(), self._tally.last_id, self._tally.by_row.hexdigest()
            )
        return Sealing(
            interactions_digest(self.conn, self.source_id),
            last_interaction_id(self.conn, self.source_id) or 0,
            seals.rows_digest(self.conn, self.source_id),
        )

    def _flush(self) -> None:
        if not self._pending:
            return
        pending, conn = self._pending, self.conn
        ids = self._accounts.ids([(account, key) for account, key, *_ in pending])
        before = conn.total_changes
        conn.executemany(_INSERT, [(i, *p[4]) for i, p in zip(ids, pending, strict=True)])
        if self._tally is not None:
            tally, first = self._tally, self._last_id + 1
            if conn.total_changes - before == len(pending) and _top(conn, "interactions") == (
                first + len(pending) - 1
            ):  # every row was new: they took the next ids, in order
                for row_id, (_, _, _, encoded, row) in enumerate(pending, first):
                    tally.add(row_id, row[1], row[9], encoded)
                self._last_id = first + len(pending) - 1
            else:  # some were stored already: which ones were added, read back
                added = dict(
                    conn.execute(
                        "SELECT dedup_key, id FROM interactions WHERE id > ? ORDER BY id",
                        (self._last_id,),
                    )
                )
                for _, _, dedup_key, encoded, row in pending:
                    if dedup_key in added:
                        tally.add(added[dedup_key], row[1], row[9], encoded)
                self._last_id = max(added.values(), default=self._last_id)
        pending.clear()


def _top(conn: sqlite3.Connection, table: str) -> int:
    """The highest id in a table (0 when empty)."""
    return conn.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]


class _AccountIds:
    """The id of each record's account: new accounts are inserted a batch at a time, an
    account stored before this writer is upserted (completed, renamed) once, as it was met."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        (self._before,) = conn.execute("SELECT coalesce(max(id), 0) FROM accounts").fetchone()
        self._last = self._before
        self._upserted: set[int] = set()  # accounts stored before this writer, upserted once
        self._cache: dict[tuple[str, str], int] = {}

    def ids(self, accounts: list[tuple[Account, str]]) -> list[int]:
        """Ids in the order given; each account new to this writer is added in that order."""
        if len(self._cache) > _CACHED_ACCOUNTS:
            self._cache.clear()
        wanted: dict[tuple[str, str], Account] = {}  # each account as first met
        for account, key in accounts:
            if (account.platform, key) not in self._cache:
                wanted.setdefault((account.platform, key), account)
        stored = self._stored(list(wanted))
        fresh: list[tuple[Account, str]] = []
        for pair, account in wanted.items():
            found = stored.get(pair)
            if found is None:
                fresh.append((account, pair[1]))
            elif found > self._before or found in self._upserted:
                self._cache[pair] = found
            else:  # stored before: upserted in its turn, so names keep the order they were met
                self._insert(fresh)
                fresh = []
                self._cache[pair] = upsert_account(self.conn, account)
                self._upserted.add(found)
        self._insert(fresh)
        return [self._cache[(a.platform, key)] for a, key in accounts]

    def refresh_seen(self) -> None:
        """Each account's first and last record, for the accounts this writer met."""
        self.conn.execute(_SEEN + " WHERE id > ?", (self._before,))
        self.conn.executemany(_SEEN + " WHERE id = ?", [(i,) for i in sorted(self._upserted)])

    def _stored(self, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
        by_platform: dict[str, list[str]] = {}
        for platform, key in pairs:
            by_platform.setdefault(platform, []).append(key)
        found: dict[tuple[str, str], int] = {}
        for platform, keys in by_platform.items():
            for start in range(0, len(keys), 500):  # under SQLite's variable limit
                chunk = keys[start : start + 500]
                found.update(
                    ((platform, key), row_id)
                    for key, row_id in self.conn.execute(
                        f"SELECT key, id FROM accounts WHERE platform = ? AND key IN"
                        f" ({', '.join('?' * len(chunk))})",
                        (platform, *chunk),
                    )
                )
        return found

    def _insert(self, accounts: list[tuple[Account, str]]) -> None:
        """New accounts (each with its key) with their seals and names, as `upsert_account`
        would add each."""
        if not accounts:
            return
        rows = [_values(account, key) for account, key in accounts]
        self.conn.executemany(_INSERT_ACCOUNT, [(*r, _account_seal(r)) for r in rows])
        first = self._last + 1
        if _top(self.conn, "accounts") == first + len(rows) - 1:  # the next ids, in order
            added = [(i, r[0], r[1]) for i, r in enumerate(rows, first)]
        else:
            added = self.conn.execute(
                "SELECT id, platform, key FROM accounts WHERE id > ? ORDER BY id", (self._last,)
            ).fetchall()
        seen_at = now()
        names = []
        for (account_id, platform, key), row in zip(added, rows, strict=True):
            self._cache[(platform, key)] = account_id
            names += name_rows(account_id, {"handle": row[3], "display_name": row[4]}, seen_at)
        self.conn.executemany(ADD_NAME, names)
        self._last = added[-1][0]


def storable_interaction(item: Interaction) -> Interaction:
    """The record with NULs and lone surrogates escaped in every text (never fatal)."""
    account = item.account
    if all_storable(  # every text of the record at once: this runs for each one
        item.raw,
        item.text,
        item.target,
        account.handle,
        account.user_id,
        account.display_name,
        account.url,
        account.avatar_url,
        account.bio,
    ):
        return item
    texts = ("handle", "user_id", "display_name", "url", "avatar_url", "bio")
    fixed = {name: storable_or_none(getattr(account, name)) for name in texts}
    if any(fixed[name] != getattr(account, name) for name in texts):
        account = replace(account, **fixed)
    raw, text, target = (
        storable(item.raw),
        storable_or_none(item.text),
        storable_or_none(item.target),
    )
    return replace(item, account=account, raw=raw, text=text, target=target)


def _fields(account: Account) -> dict[str, str | None]:
    return dict(zip(_COLUMNS, _values(account, account.key), strict=True))


def _values(account: Account, key: str) -> tuple[str | None, ...]:
    """An account's `_COLUMNS`, in order (`key` is `account.key`, made once per record)."""
    created = account.created_at
    return (
        account.platform,
        key,
        account.user_id,
        account.handle,
        account.display_name,
        account.url,
        account.avatar_url,
        account.bio,
        iso(created) if created else None,
    )


def _account_seal(values: tuple[str | None, ...]) -> str:
    """The seal of a new account row of these `_COLUMNS` values (`new_account_seal`'s)."""
    return seals.account_seal((*values[:6], *values[7:]))


def upsert_account(conn: sqlite3.Connection, account: Account) -> int:
    """Add or complete an account; known fields are kept, handle history is recorded."""
    fields = _fields(account)
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
