"""Write parsed or scanned interactions into the store, inside the caller's transaction.

Archives and live scans share this path, so both get the same accounts, dedup keys and
provenance. The dedup key uses the minute, not the exact instant, so the same record read
from formats of different precision (JSON milliseconds, HTML minutes) is stored once; an
ordinal keeps apart identical texts sent within the same minute. A record whose archive
gives no time is stored with a NULL `occurred_at` (never the archive's own date, which
changes with every download) and an empty minute in its key, so re-imports still dedup.

Records are written in batches: one `executemany` per batch, the UNIQUE dedup key doing the
deduplication (INSERT OR IGNORE), the batch's new accounts inserted together; into an empty
table that index is built once at the end (deferred_indexes.py). Each column of
a batch (times, hashes, keys, seals) is made in one pass over the batch, so a million
records spend their time hashing and in SQLite rather than in the interpreter. A writer
that starts a source's first rows also keeps the source's digests as it writes them, so
the import does not read a million rows back to seal them.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import chain, repeat
from operator import add, attrgetter, getitem, methodcaller

from crawlers.events import Interaction
from nocontact.store import batch_seals, deferred_indexes, seals
from nocontact.store.account_ids import AccountIds, top, upsert_account
from nocontact.store.instants import isos
from nocontact.store.untrusted import all_storable, storable, storable_or_none

__all__ = ["InteractionWriter", "Sealing", "dedup_base", "storable_interaction", "upsert_account"]

_BATCH = 1000
_sha256 = hashlib.sha256
_EMPTY_SHA = _sha256(b"").hexdigest()  # the text hash of a record without text
_INSERT = (
    "INSERT OR IGNORE INTO interactions (account_id, platform, type, direction,"
    " occurred_at, text, target, source_id, locator, raw, raw_sha256, dedup_key, seal)"
    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"
)
_FIELDS = attrgetter(
    "platform", "type", "direction", "occurred_at", "account", "locator", "raw", "text", "target"
)
_ACCOUNT_TEXTS = ("handle", "user_id", "display_name", "url", "avatar_url", "bio")
_TEXTS = attrgetter("raw", "text", "target", *(f"account.{name}" for name in _ACCOUNT_TEXTS))
_KEY, _PLATFORM = attrgetter("key"), attrgetter("platform")
_HEX, _DIGEST = methodcaller("hexdigest"), methodcaller("digest")


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
    (at,) = isos([item.occurred_at])
    account_key = item.account.key
    (base,) = dedup_bases(
        [item.platform],
        [item.type],
        [item.direction],
        [account_key],
        [at],
        [item.target],
        [item.text],
    )
    return base


def dedup_bases(
    platforms: Sequence[str],
    kinds: Sequence[str],
    directions: Sequence[str],
    account_keys: Sequence[str],
    ats: Sequence[str | None],
    targets: Sequence[str | None],
    texts: Sequence[str | None],
) -> list[str]:
    """`dedup_base` of each record of a batch, given column by column."""
    minutes = [at[:16] if at else "" for at in ats]
    if None in texts:
        text_shas = [_sha256(text.encode()).hexdigest() if text else _EMPTY_SHA for text in texts]
    else:
        text_shas = list(map(_HEX, map(_sha256, map(str.encode, texts))))
    wheres = [target or "" for target in targets]
    parts = (platforms, kinds, directions, account_keys, minutes, wheres, text_shas)
    return list(map("{}|{}|{}|{}|{}|{}|{}".format, *parts))


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

    def add(
        self,
        ids: Sequence[int],
        kinds: Sequence[str],
        raw_shas: Sequence[str],
        encoded: list[bytes],
    ) -> None:
        """Rows just added, in id order: their ids, types, raw hashes and sealed values."""
        if not ids:
            return
        self.by_raw.update("".join(map("{}:{}\n".format, ids, raw_shas)).encode())
        self.by_row.update(b"".join(map(b"%d %s\n".__mod__, zip(ids, encoded, strict=True))))
        self.counts.update(kinds)
        self.last_id = ids[-1]


class InteractionWriter:
    """Batches interactions; accounts are upserted once each per writer."""

    def __init__(self, conn: sqlite3.Connection, source_id: int) -> None:
        self.conn, self.source_id = conn, source_id
        self.read = 0
        self._accounts = AccountIds(conn)
        # Dedup bases seen, 128 bits of a digest each (memory stays small), as the keys of a
        # dict: a dict of ints is not tracked by the garbage collector, a million-entry set is.
        self._once: dict[int, None] = {}
        self._repeats: dict[int, int] = {}  # the next ordinal of bases seen more than once
        self._pending: list[Interaction] = []
        self._last_id = top(conn, "interactions")
        self._indexes = deferred_indexes.set_aside(conn, "interactions")  # built in `finish`
        fresh = last_interaction_id(conn, source_id) is None
        self._tally = _Tally() if fresh else None

    def add(self, item: Interaction) -> None:
        self.read += 1
        self._pending.append(item)
        if len(self._pending) >= _BATCH:
            self.flush()

    def extend(self, items: list[Interaction]) -> None:
        """`add` each record."""
        self.read += len(items)
        self._pending += items
        if len(self._pending) >= _BATCH:
            self.flush()

    def flush(self) -> None:
        """Write the records added so far (done every `_BATCH` records, and by `finish`):
        a record that cannot be stored fails here, so a reader's records are flushed while
        that reader is still to blame."""
        items, self._pending = self._pending, []
        if items:
            self._write(items)

    def finish(self) -> dict[str, int]:
        """Write what is pending, refresh accounts' first/last seen; new records per type."""
        self.flush()
        deferred_indexes.rebuild(self.conn, self._indexes)
        self._indexes = None
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

    def _write(self, items: list[Interaction]) -> None:
        if not all_storable(*chain.from_iterable(map(_TEXTS, items))):
            items = list(map(storable_interaction, items))
        platforms, kinds, directions, moments, accounts, locators, raws, texts, targets = zip(
            *map(_FIELDS, items), strict=True
        )
        keys = list(map(_KEY, accounts))
        account_ids = self._accounts.ids(accounts, keys)
        ats = isos(moments)
        dedup_keys = self._dedup_keys(
            dedup_bases(platforms, kinds, directions, keys, ats, targets, texts)
        )
        raw_shas = list(map(_HEX, map(_sha256, map(str.encode, raws))))
        locations = list(map(str, locators))
        sources = [self.source_id] * len(items)
        sealed_as = list(map(seals.account_key, map(_PLATFORM, accounts), keys))
        encoded, sealed = batch_seals.sealed_interaction_columns(  # seals.INTERACTION_COLUMNS
            (
                raw_shas,
                texts,
                ats,
                kinds,
                directions,
                sealed_as,
                platforms,
                targets,
                locations,
                sources,
            )
        )
        rows = zip(
            account_ids,
            platforms,
            kinds,
            directions,
            ats,
            texts,
            targets,
            repeat(self.source_id),
            locations,
            raws,
            raw_shas,
            dedup_keys,
            sealed,
        )
        before = self.conn.total_changes
        self.conn.executemany(_INSERT, rows)
        if self._tally is not None:
            changes = self.conn.total_changes - before
            self._count(self._tally, changes, dedup_keys, kinds, raw_shas, encoded)

    def _count(
        self,
        tally: _Tally,
        changes: int,
        dedup_keys: list[str],
        kinds: Sequence[str],
        raw_shas: list[str],
        encoded: list[bytes],
    ) -> None:
        """Keep the digests of the rows just added: which, and with which ids."""
        first, count = self._last_id + 1, len(dedup_keys)
        if changes == count and top(self.conn, "interactions") == first + count - 1:
            ids: Sequence[int] = range(first, first + count)  # all new: the next ids, in order
        else:  # some were stored already: which ones were added, read back
            stored = dict(
                self.conn.execute(
                    "SELECT dedup_key, id FROM interactions WHERE id > ? ORDER BY id",
                    (self._last_id,),
                )
            )
            added = [i for i, key in enumerate(dedup_keys) if key in stored]
            ids = [stored[dedup_keys[i]] for i in added]
            kinds, raw_shas, encoded = (
                [kinds[i] for i in added],
                [raw_shas[i] for i in added],
                [encoded[i] for i in added],
            )
        tally.add(ids, kinds, raw_shas, encoded)
        self._last_id = ids[-1] if ids else self._last_id

    def _dedup_keys(self, bases: list[str]) -> list[str]:
        """Each base's key: its hash with ordinal 0, or the next ordinal for a base seen before."""
        firsts = list(map(_sha256, map(str.encode, map(add, bases, repeat("|0")))))
        digests = map(getitem, map(_DIGEST, firsts), repeat(slice(0, 16)))
        marks = list(map(int.from_bytes, digests, repeat("big")))  # an int is smaller
        if self._once.keys().isdisjoint(marks) and len(set(marks)) == len(marks):  # usually
            self._once.update(dict.fromkeys(marks))
            return list(map(_HEX, firsts))
        return [self._key(*found) for found in zip(bases, firsts, marks, strict=True)]

    def _key(self, base: str, first: hashlib._Hash, mark: int) -> str:
        if mark in self._once:
            ordinal = self._repeats.get(mark, 1)
            self._repeats[mark] = ordinal + 1
            return _sha256(f"{base}|{ordinal}".encode()).hexdigest()
        self._once[mark] = None
        return first.hexdigest()


def storable_interaction(item: Interaction) -> Interaction:
    """The record with NULs and lone surrogates escaped in every text (never fatal)."""
    account = item.account
    if all_storable(*_TEXTS(item)):  # every text of the record at once
        return item
    fixed = {name: storable_or_none(getattr(account, name)) for name in _ACCOUNT_TEXTS}
    if any(fixed[name] != getattr(account, name) for name in _ACCOUNT_TEXTS):
        account = replace(account, **fixed)
    raw, text, target = (
        storable(item.raw),
        storable_or_none(item.text),
        storable_or_none(item.target),
    )
    return replace(item, account=account, raw=raw, text=text, target=target)
