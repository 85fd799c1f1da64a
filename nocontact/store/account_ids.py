"""The account of each record a writer stores: found, added or completed, with its seals.

New accounts are inserted a batch at a time, each column of the batch made in one pass (an
import of 500,000 followers meets as many accounts); an account stored before the writer
is upserted (completed, renamed) once, as it was met.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from operator import attrgetter

from crawlers.events import Account
from nocontact.store import batch_seals, seals
from nocontact.store.accounts import ADD_NAME, add_names, name_columns, sealed_names
from nocontact.store.instants import iso, isos, now

_CACHED_ACCOUNTS = 50_000  # account ids kept in memory; the others are looked up per batch
_ACCOUNT_FIELDS = ("user_id", "handle", "display_name", "url", "avatar_url", "bio", "created_at")
_COLUMNS = ("platform", "key", *_ACCOUNT_FIELDS)  # an account row as written, seal aside
_INSERT_ACCOUNT = (
    f"INSERT INTO accounts ({', '.join(_COLUMNS)}, seal) VALUES ({', '.join('?' * 10)})"
)
_SEEN = (
    "UPDATE accounts SET first_seen = (SELECT min(occurred_at) FROM interactions"
    " WHERE account_id = accounts.id), last_seen = (SELECT max(occurred_at) FROM"
    " interactions WHERE account_id = accounts.id)"
)
_PLATFORM = attrgetter("platform")
_FIELDS = attrgetter("platform", *_ACCOUNT_FIELDS)


class AccountIds:
    """The id of each record's account, for one writer."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._before = top(conn, "accounts")
        self._last = self._before
        self._upserted: set[int] = set()  # accounts stored before this writer, upserted once
        self._cache: dict[tuple[str, str], int] = {}

    def ids(self, accounts: Sequence[Account], keys: Sequence[str]) -> list[int]:
        """Ids in the order given (`keys`: each account's key); each account new to this
        writer is added in that order."""
        if len(self._cache) > _CACHED_ACCOUNTS:
            self._cache.clear()
        pairs = list(zip(map(_PLATFORM, accounts), keys, strict=True))
        found = list(map(self._cache.get, pairs))
        if None in found:
            wanted: dict[tuple[str, str], Account] = {}  # each account as first met
            for pair, account, known in zip(pairs, accounts, found, strict=True):
                if known is None and pair not in wanted:
                    wanted[pair] = account
            self._find_or_add(wanted)
            found = list(map(self._cache.__getitem__, pairs))
        return found  # type: ignore[return-value]  # every one is known now

    def refresh_seen(self) -> None:
        """Each account's first and last record, for the accounts this writer met."""
        self.conn.execute(_SEEN + " WHERE id > ?", (self._before,))
        self.conn.executemany(_SEEN + " WHERE id = ?", [(i,) for i in sorted(self._upserted)])

    def _find_or_add(self, wanted: dict[tuple[str, str], Account]) -> None:
        stored = self._stored(list(wanted))
        fresh: list[Account] = []
        keys: list[str] = []
        for pair, account in wanted.items():
            found = stored.get(pair)
            if found is None:
                fresh.append(account)
                keys.append(pair[1])
            elif found > self._before or found in self._upserted:
                self._cache[pair] = found
            else:  # stored before: upserted in its turn, so names keep the order they were met
                self._insert(fresh, keys)
                fresh, keys = [], []
                self._cache[pair] = upsert_account(self.conn, account)
                self._upserted.add(found)
        self._insert(fresh, keys)

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

    def _insert(self, accounts: list[Account], keys: list[str]) -> None:
        """New accounts with their seals and names, as `upsert_account` would add each."""
        if not accounts:
            return
        platforms, user_ids, handles, names, urls, avatars, bios, created = zip(
            *map(_FIELDS, accounts), strict=True
        )
        when = isos(created)
        columns = (platforms, keys, user_ids, handles, names, urls, bios, when)
        sealed = batch_seals.new_row_seals(columns)  # seals.ACCOUNT_COLUMNS
        rows = (platforms, keys, user_ids, handles, names, urls, avatars, bios, when, sealed)
        self.conn.executemany(_INSERT_ACCOUNT, zip(*rows, strict=True))
        first = self._last + 1
        if top(self.conn, "accounts") == first + len(accounts) - 1:  # the next ids, in order
            ids: Sequence[int] = range(first, first + len(accounts))
        else:
            added = self.conn.execute(
                "SELECT id, platform, key FROM accounts WHERE id > ? ORDER BY id", (self._last,)
            ).fetchall()
            ids = [row_id for row_id, _, _ in added]
        self._cache.update(zip(zip(platforms, keys, strict=True), ids, strict=True))
        found = {"handle": handles, "display_name": names}
        self.conn.executemany(ADD_NAME, sealed_names(name_columns(ids, found, now())))
        self._last = ids[-1]


def top(conn: sqlite3.Connection, table: str) -> int:
    """The highest id in a table (0 when empty)."""
    return conn.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]


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


def _fields(account: Account) -> dict[str, str | None]:
    """An account's `_COLUMNS` by name."""
    created = account.created_at
    return {
        "platform": account.platform,
        "key": account.key,
        "user_id": account.user_id,
        "handle": account.handle,
        "display_name": account.display_name,
        "url": account.url,
        "avatar_url": account.avatar_url,
        "bio": account.bio,
        "created_at": iso(created) if created else None,
    }
