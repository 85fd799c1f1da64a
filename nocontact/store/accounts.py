"""Accounts: who made contact, the names they went by, and what lookups may still fill in."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter

from crawlers.events import SCOPED
from nocontact.store.batch_seals import new_row_seals
from nocontact.store.seals import check_account_id, seal_account

NAMED_FIELDS = ("handle", "display_name")  # accounts change these: every value is kept
FILLABLE = ("display_name", "bio", "created_at", "avatar_url", "url", "user_id", "handle")


@dataclass(frozen=True, slots=True)
class Inbound:
    """One record an account sent to the protected person."""

    at: str | None  # None: the archive gives no time
    platform: str
    type: str
    text: str | None


@dataclass(frozen=True, slots=True)
class ContactAccount:
    """An account with at least one inbound record, and everything the matcher reads of it."""

    id: int
    platform: str
    handle: str | None
    display_name: str | None
    user_id: str | None
    created_at: str | None
    bio: str | None
    inbound: tuple[Inbound, ...]
    blocked_at: str | None
    avatar_hashes: str | None  # "phash:dhash" of the newest picture on record
    avatar_is_default: bool | None  # None: no picture on record


@dataclass(frozen=True, slots=True)
class NameSeen:
    field: str
    value: str
    seen_at: str


@dataclass(frozen=True, slots=True)
class LookupDue:
    """An account a public-profile lookup may complete."""

    id: int
    platform: str
    handle: str | None
    user_id: str | None


@dataclass(frozen=True, slots=True)
class AvatarDue:
    """A scanned account whose current avatar address has not been fetched yet."""

    id: int
    platform: str
    handle: str | None
    user_id: str | None
    avatar_url: str


def add_names(
    conn: sqlite3.Connection, account_id: int, found: Mapping[str, str | None], seen_at: str
) -> None:
    """Keep each handle and display name an account was seen with (once per value)."""
    conn.executemany(ADD_NAME, name_rows(account_id, found, seen_at))


ADD_NAME = (
    "INSERT OR IGNORE INTO account_names (account_id, field, value, seen_at, seal)"
    " VALUES (?, ?, ?, ?, ?)"
)


def name_rows(
    account_id: int, found: Mapping[str, str | None], seen_at: str
) -> list[tuple[object, ...]]:
    """The account_names rows, sealed, of the names in `found`."""
    columns = {name: [found.get(name)] for name in NAMED_FIELDS}
    return sealed_names(name_columns([account_id], columns, seen_at))


def name_columns(
    account_ids: Sequence[int], found: Mapping[str, Sequence[str | None]], seen_at: str
) -> tuple[list[int], list[str], list[str], list[str]]:
    """The account_names values (seal aside) of many accounts' names, as columns: `found`
    holds each account's value of each NAMED_FIELDS name; an empty one is not a name."""
    ids: list[int] = []
    fields: list[str] = []
    values: list[str] = []
    for account_id, *names in zip(account_ids, *(found[f] for f in NAMED_FIELDS), strict=True):
        for field, value in zip(NAMED_FIELDS, names, strict=True):
            if value:
                ids.append(account_id)
                fields.append(field)
                values.append(value)
    return ids, fields, values, [seen_at] * len(ids)


def sealed_names(columns: Sequence[Sequence[object]]) -> list[tuple[object, ...]]:
    """The rows of `name_columns`, each with its seal, as ADD_NAME takes them."""
    return list(zip(*columns, new_row_seals(columns), strict=True))


def names_of_hit(conn: sqlite3.Connection, hit_id: int) -> list[NameSeen]:
    """Every handle and display name a hit's account was seen with, oldest first."""
    rows = conn.execute(
        "SELECT field, value, seen_at FROM account_names WHERE account_id ="
        " (SELECT account_id FROM hits WHERE id = ?) ORDER BY seen_at, id",
        (hit_id,),
    ).fetchall()
    return [NameSeen(*row) for row in rows]


_NONE_LEFT: tuple[None, Iterator[tuple[object, ...]]] = (None, iter(()))


def contact_accounts(conn: sqlite3.Connection) -> Iterator[ContactAccount]:
    """Accounts with at least one inbound interaction: only they made contact. One at a time,
    in id order, as the accounts and their interactions are read side by side (a merge, not
    a subquery over every interaction): a big case's accounts are never all held twice (here
    and as the matcher's candidates).

    An account keyed per thread (a placeholder such as "Instagram User") has no display name
    here: the placeholder stands for many people.
    """
    blocked = dict(
        conn.execute(
            "SELECT account_id, min(occurred_at) FROM interactions"
            " WHERE direction = 'out' AND type = 'block' GROUP BY account_id"
        ).fetchall()
    )
    avatars = {  # the newest picture per account
        account_id: (hashes, bool(is_default))
        for account_id, hashes, is_default in conn.execute(
            "SELECT account_id, phash || ':' || dhash, is_default FROM avatars"
            " WHERE phash IS NOT NULL AND dhash IS NOT NULL"
            " AND id IN (SELECT max(id) FROM avatars GROUP BY account_id)"
        )
    }
    rows = conn.execute(  # every account, in the order of the records: read side by side
        "SELECT id, platform, handle, CASE WHEN key LIKE ? THEN NULL ELSE display_name END,"
        " user_id, created_at, bio FROM accounts ORDER BY id",
        (f"{SCOPED}%",),
    )
    inbound = groupby(
        conn.execute(
            "SELECT account_id, occurred_at, platform, type, text FROM interactions"
            " WHERE direction = 'in' AND account_id IS NOT NULL"
            " ORDER BY account_id, occurred_at, id"
        ),
        key=itemgetter(0),
    )
    account_id, records = next(inbound, _NONE_LEFT)
    for row in rows:
        while account_id is not None and account_id < row[0]:  # records of no account
            account_id, records = next(inbound, _NONE_LEFT)
        if account_id != row[0]:  # no record of its own: it made no contact
            continue
        hashes, is_default = avatars.get(row[0], (None, None))
        yield ContactAccount(
            *row,
            inbound=tuple(
                Inbound(at, platform, kind, text) for _, at, platform, kind, text in records
            ),
            blocked_at=blocked.get(row[0]),
            avatar_hashes=hashes,
            avatar_is_default=is_default,
        )
        account_id, records = next(inbound, _NONE_LEFT)


def lookups_due(
    conn: sqlite3.Connection, platforms: Sequence[str], *, since: str, limit: int | None = None
) -> list[LookupDue]:
    """Accounts without an avatar image or creation date, not looked up since `since`."""
    if not platforms:
        return []
    marks = ", ".join("?" * len(platforms))
    rows = conn.execute(
        "SELECT a.id, a.platform, a.handle, a.user_id FROM accounts a"
        f" WHERE a.platform IN ({marks})"
        " AND (a.handle IS NOT NULL OR (a.platform = 'bluesky' AND a.user_id LIKE 'did:%'))"
        " AND (a.created_at IS NULL"
        "      OR NOT EXISTS (SELECT 1 FROM avatars v WHERE v.account_id = a.id))"
        " AND NOT EXISTS (SELECT 1 FROM enrichments e WHERE e.account_id = a.id"
        "      AND e.status != 'error' AND e.fetched_at >= ?)"
        " ORDER BY a.last_seen IS NULL, a.last_seen DESC, a.id LIMIT ?",
        (*platforms, since, -1 if limit is None else limit),
    )
    return [LookupDue(*row) for row in rows]


def avatars_due(
    conn: sqlite3.Connection, platform: str, *, retry_since: str, limit: int
) -> list[AvatarDue]:
    """Accounts that contacted through a scan, whose avatar address was never fetched.

    An address fetched before (by a scan or `enrich`) is not asked again unless it failed
    for a passing reason before `retry_since`; a changed address is new, so it is fetched.
    Most recently active first, at most `limit`.
    """
    rows = conn.execute(
        "SELECT a.id, a.platform, a.handle, a.user_id, a.avatar_url FROM accounts a"
        " WHERE a.platform = ? AND a.avatar_url IS NOT NULL"
        " AND EXISTS (SELECT 1 FROM interactions i JOIN sources s ON s.id = i.source_id"
        "      WHERE i.account_id = a.id AND i.direction = 'in' AND s.kind = 'scan')"
        " AND NOT EXISTS (SELECT 1 FROM enrichments e WHERE e.account_id = a.id"
        "      AND e.avatar_url = a.avatar_url AND (e.status != 'error' OR e.fetched_at >= ?))"
        " ORDER BY a.last_seen IS NULL, a.last_seen DESC, a.id LIMIT ?",
        (platform, retry_since, limit),
    )
    return [AvatarDue(*row) for row in rows]


def fill_unknown(
    conn: sqlite3.Connection, account_id: int, found: Mapping[str, str | None]
) -> list[str]:
    """Set only the fields the account lacks (what a record said is never overwritten)."""
    check_account_id(conn, account_id)
    names = tuple(name for name in FILLABLE if name in found)
    current = conn.execute(
        f"SELECT {', '.join(names)} FROM accounts WHERE id = ?", (account_id,)
    ).fetchone()
    fill = {
        name: found[name]
        for name, value in zip(names, current, strict=True)
        if value is None and found[name] is not None
    }
    if fill:
        conn.execute(
            f"UPDATE accounts SET {', '.join(f'{name} = ?' for name in fill)} WHERE id = ?",
            (*fill.values(), account_id),
        )
        seal_account(conn, account_id)
    return sorted(fill)
