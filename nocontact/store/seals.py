"""Seals over the columns a person reads, so `verify` can name the row and column edited.

Each interaction, account and account name keeps a `seal`: the SHA-256 of its sealed values
(16 hex digits for interactions, 32 for accounts and names), then a CRC-32 per column that
only serves to name the column edited. What proves a row unchanged is the ledger: an import
or scan seals the SHA-256 of its rows' full values (`rows_digest`), recomputed from the
columns themselves by `verify`; import, scan and enrichment seal the accounts' seals
(`accounts_digest`). A NULL (an undated record, an unknown name) is a sealed value like any.
A case made before seals is sealed as found when it is first opened (`seal_existing`).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from nocontact.errors import StoreError
from nocontact.store import ledger

# What a person reads of an interaction; "account_id" is sealed as the account's platform:key.
INTERACTION_COLUMNS = (
    "raw_sha256",
    "text",
    "occurred_at",
    "type",
    "direction",
    "account_id",
    "platform",
    "target",
    "locator",
    "source_id",
)
ACCOUNT_COLUMNS = (
    "platform",
    "key",
    "user_id",
    "handle",
    "display_name",
    "url",
    "bio",
    "created_at",
)
NAME_COLUMNS = ("account_id", "field", "value", "seen_at")
_SHORT, _LONG = 16, 32  # hex digits of the row's SHA-256 kept: interactions, accounts


def _blob(value: Any) -> dict[str, str]:
    """A BLOB (only an edit outside nocontact stores one) as a JSON object: no row of text,
    numbers and NULL encodes to it, so it fails its seal and `verify` names the column."""
    if isinstance(value, bytes):
        return {"blob": value.hex()}
    raise TypeError(f"{type(value).__name__} is not a value SQLite stores")


_JSON = json.JSONEncoder(ensure_ascii=False, default=_blob).encode
# The C encoder json.dumps would build for every call, built once: import and verify encode
# every row (the same text as `_JSON`, at half the cost).
_C_JSON = json.encoder.c_make_encoder and json.encoder.c_make_encoder(
    None, _blob, json.encoder.encode_basestring, None, ": ", ", ", False, False, True
)


def encode(values: Sequence[Any]) -> str:
    """A row's sealed values as one canonical text (JSON: NULL and "null" differ).

    >>> encode(("hé", None, 3, 1.5)) == _JSON(["hé", None, 3, 1.5])
    True
    >>> encode(("a", b"\\x00\\xff"))
    '["a", {"blob": "00ff"}]'
    """
    if _C_JSON is None:
        return _JSON(list(values))
    return "".join(_C_JSON(values if values.__class__ in (tuple, list) else list(values), 0))


def make_seal(values: Sequence[Any], width: int = _SHORT, encoded: str | None = None) -> str:
    """The row's SHA-256 (first `width` hex digits), then one CRC-32 per column to name it.

    `encoded` is `encode(values)` when the caller has it already.

    >>> make_seal(["hi", None])
    '87b3543eb9b287f1:d8932aac.38c487f0'
    """
    return f"{_sha(encode(values) if encoded is None else encoded)[:width]}:{_columns(values)}"


def unchanged(encoded: str, seal: str) -> bool:
    """Whether a row encoded as `encoded` is the one `seal` sealed (the common, quick check);
    a seal that is not text (edited outside nocontact) seals nothing."""
    if seal.__class__ is not str:
        return False
    row = seal.partition(":")[0]
    return bool(row) and _sha(encoded)[: len(row)] == row


def first_difference(
    columns: Sequence[str], values: Sequence[Any], seal: str, encoded: str | None = None
) -> str | None:
    """None if the values are the sealed ones, else the first column that changed.

    "seal" when the seal itself was altered (no column's fingerprint tells).
    """
    if unchanged(encode(values) if encoded is None else encoded, seal):
        return None
    if seal.__class__ is not str:
        return "seal"
    now, then = _columns(values).split("."), seal.partition(":")[2].split(".")
    if len(now) != len(then):
        return "seal"
    return next((c for c, a, b in zip(columns, now, then, strict=True) if a != b), "seal")


def _columns(values: Sequence[Any]) -> str:
    """Every column's `_crc`, a short text's from a cache (a platform, a type, a thread):
    it runs for every row written and read, so the common cases are written out here."""
    cache, out = _TEXT_CRCS, []
    for value in values:
        if value.__class__ is str:
            found = cache.get(value)
            if found is None:
                found = _hex8(_crc32(value.encode("utf-8", "surrogatepass")))
                if len(value) <= 64:
                    if len(cache) >= _CACHED_TEXTS:  # emptied when full: what recurs returns
                        cache.clear()
                    cache[value] = found
            out.append(found)
        elif value is None:
            out.append(_NULL_CRC)
        elif value.__class__ is int:  # an id: a few recur on every row
            found = _INT_CRCS.get(value)
            if found is None:
                if len(_INT_CRCS) >= _CACHED_TEXTS:
                    _INT_CRCS.clear()
                found = _INT_CRCS[value] = _crc(value)
            out.append(found)
        else:
            out.append(_crc(value))
    return ".".join(out)


_TEXT_CRCS: dict[str, str] = {}  # short texts' CRCs, bounded
_INT_CRCS: dict[int, str] = {}  # apart: 1 == True == 1.0 as keys, but their CRCs differ
_CACHED_TEXTS = 4096
_crc32 = zlib.crc32
_hex8 = "{:08x}".format


def _crc(value: Any) -> str:
    """A column's CRC-32: it names the column, the row's SHA-256 proves it (None ≠ "")."""
    text = value if isinstance(value, str) else f"\x00{value!r}"
    return f"{zlib.crc32(_bytes(text)):08x}"


def _bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")  # a lone surrogate is sealed, never fatal


_NULL_CRC = _crc(None)


def _sha(text: str) -> str:
    return hashlib.sha256(_bytes(text)).hexdigest()


@dataclass(frozen=True, slots=True)
class SealedInteraction:
    """A stored interaction as verification reads it: its sealed values and its seal."""

    id: int
    source_id: int
    raw: str
    values: tuple[Any, ...]  # INTERACTION_COLUMNS, in order
    seal: str | None

    def line(self, encoded: str) -> bytes:
        """What the source's rows_digest hashes for this row: its id and its encoded values."""
        return _bytes(f"{self.id} {encoded}\n")


_INTERACTION_SQL = (
    "SELECT i.id, i.source_id, i.raw, i.raw_sha256, i.text, i.occurred_at, i.type, i.direction,"
    " a.platform || ':' || a.key, i.platform, i.target, i.locator, i.source_id, i.seal"
    " FROM interactions i LEFT JOIN accounts a ON a.id = i.account_id"
)


def interaction_rows(conn: sqlite3.Connection) -> Iterator[tuple[Any, ...]]:
    """Every interaction in id order as plain rows, verification's one pass over them:
    (id, source_id, raw as its stored UTF-8 bytes, *INTERACTION_COLUMNS values, seal).

    The raw record comes as bytes, which are what its hash covers: a million records are not
    decoded to text only to be encoded back."""
    sql = _INTERACTION_SQL.replace("i.raw,", "CAST(i.raw AS BLOB),", 1)
    return iter(conn.execute(sql + " ORDER BY i.id"))


def sealed_interactions(conn: sqlite3.Connection) -> Iterator[SealedInteraction]:
    """Every interaction in id order (one pass: verification stays linear)."""
    for row in conn.execute(_INTERACTION_SQL + " ORDER BY i.id"):
        yield SealedInteraction(row[0], row[1], row[2], tuple(row[3:-1]), row[-1])


def rows_digest(conn: sqlite3.Connection, source_id: int) -> str:
    """The SHA-256 over every value of the rows a source added, in id order."""
    digest = hashlib.sha256()
    rows = conn.execute(_INTERACTION_SQL + " WHERE i.source_id = ? ORDER BY i.id", (source_id,))
    for row in rows:
        values = row[3:-1]
        digest.update(SealedInteraction(row[0], row[1], row[2], values, None).line(encode(values)))
    return digest.hexdigest()


def interaction_seal(values: Sequence[Any], encoded: str | None = None) -> str:
    return make_seal(values, encoded=encoded)


def sealed_interaction(values: Sequence[Any]) -> tuple[bytes, str]:
    """An interaction's encoded values (UTF-8) and its seal, made at once: a writer keeps
    the first for the source's rows_digest (`SealedInteraction.line`) and stores the second."""
    data = _bytes(encode(values))
    return data, f"{hashlib.sha256(data).hexdigest()[:_SHORT]}:{_columns(values)}"


def account_key(platform: str, key: str) -> str:
    return f"{platform}:{key}"


@dataclass(frozen=True, slots=True)
class SealedRow:
    """An account or account_names row: its id, sealed values and seal."""

    table: str
    id: int
    values: tuple[Any, ...]
    seal: str | None

    @property
    def columns(self) -> tuple[str, ...]:
        return ACCOUNT_COLUMNS if self.table == "accounts" else NAME_COLUMNS

    @property
    def label(self) -> str:
        """How a problem names the row: `account 4`, `account name 9 (account 4)`."""
        if self.table == "accounts":
            return f"account {self.id}"
        return f"account name {self.id} (account {self.values[0]})"


def sealed_accounts(conn: sqlite3.Connection) -> Iterator[SealedRow]:
    """Accounts, then account names, each in id order."""
    for table, row in account_rows(conn):
        yield SealedRow(table, row[0], tuple(row[1:-1]), row[-1])


def account_rows(conn: sqlite3.Connection) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """`sealed_accounts` as plain rows, (table, (id, *values, seal)): verification reads
    every account and name once, and makes a `SealedRow` only of one that differs."""
    for table, columns in (("accounts", ACCOUNT_COLUMNS), ("account_names", NAME_COLUMNS)):
        sql = f"SELECT id, {', '.join(columns)}, seal FROM {table} ORDER BY id"
        for row in conn.execute(sql):
            yield table, row


def accounts_digest(conn: sqlite3.Connection) -> str:
    """The SHA-256 over every account's and name's seal: a sealing step puts it in the ledger."""
    digest = hashlib.sha256()
    for table in ("accounts", "account_names"):  # as `sealed_accounts` orders them
        for row_id, seal in conn.execute(f"SELECT id, seal FROM {table} ORDER BY id"):
            digest.update(f"{table}|{row_id}|{seal or ''}\n".encode())
    return digest.hexdigest()


def check_account(conn: sqlite3.Connection, platform: str, key: str) -> None:
    """Refuse to write over an account edited outside nocontact (a write would re-seal it)."""
    _check(conn, "platform = ? AND key = ?", (platform, key))


def check_account_id(conn: sqlite3.Connection, account_id: int) -> None:
    _check(conn, "id = ?", (account_id,))


def _check(conn: sqlite3.Connection, where: str, params: tuple[Any, ...]) -> None:
    row = conn.execute(
        f"SELECT id, {', '.join(ACCOUNT_COLUMNS)}, seal FROM accounts WHERE {where}", params
    ).fetchone()
    if row is not None and row[-1] is not None:
        column = first_difference(ACCOUNT_COLUMNS, row[1:-1], row[-1])
        if column:
            raise StoreError(
                f"account {row[0]}, column {column} was changed outside nocontact since it "
                "was sealed; nothing was written (run `nocontact verify`)"
            )


def new_account_seal(fields: dict[str, Any]) -> tuple[tuple[Any, ...], str]:
    """The sealed values and seal of an account row about to be inserted with these fields."""
    values = tuple(fields[c] for c in ACCOUNT_COLUMNS)
    return values, account_seal(values)


def account_seal(values: Sequence[Any]) -> str:
    """The seal of an account row holding these ACCOUNT_COLUMNS values."""
    return make_seal(values, _LONG)


def reseal(
    conn: sqlite3.Connection, row: Sequence[Any], inserted: tuple[tuple[Any, ...], str]
) -> None:
    """Seal an account row returned as (id, *ACCOUNT_COLUMNS, seal) unless it holds exactly
    the values and seal `inserted` (an existing account may have been completed or renamed)."""
    if (tuple(row[1:-1]), row[-1]) != inserted:
        seal = make_seal(row[1:-1], _LONG)
        if seal != row[-1]:
            conn.execute("UPDATE accounts SET seal = ? WHERE id = ?", (seal, row[0]))


RETURNED = f"id, {', '.join(ACCOUNT_COLUMNS)}, seal"  # what `reseal` takes


def seal_account(conn: sqlite3.Connection, account_id: int) -> None:
    """Seal an account's current values (after a write by nocontact itself)."""
    values = conn.execute(
        f"SELECT {', '.join(ACCOUNT_COLUMNS)} FROM accounts WHERE id = ?", (account_id,)
    ).fetchone()
    conn.execute(
        "UPDATE accounts SET seal = ? WHERE id = ?",
        (make_seal(values, _LONG), account_id),
    )


def name_seal(values: Sequence[Any]) -> str:
    return make_seal(values, _LONG)


_CHUNK = 500  # ids per statement: stays under SQLite's variable limit


def sealed_by_id(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, SealedInteraction]:
    """Some interactions by id, as verification reads them (an export's rows)."""
    found: dict[int, SealedInteraction] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = list(ids[start : start + _CHUNK])
        marks = ", ".join("?" * len(chunk))
        for row in conn.execute(_INTERACTION_SQL + f" WHERE i.id IN ({marks})", chunk):
            found[row[0]] = SealedInteraction(row[0], row[1], row[2], tuple(row[3:-1]), row[-1])
    return found


def names_seen(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, set[str]]:
    """Per interaction id, every handle and display name its account was seen with."""
    found: dict[int, set[str]] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = list(ids[start : start + _CHUNK])
        marks = ", ".join("?" * len(chunk))
        for row_id, value in conn.execute(
            "SELECT i.id, n.value FROM interactions i JOIN account_names n"
            f" ON n.account_id = i.account_id WHERE i.id IN ({marks})",
            chunk,
        ):
            found.setdefault(row_id, set()).add(value)
    return found


def seal_existing(conn: sqlite3.Connection) -> None:
    """A case made before seals: seal its rows as they are now, saying so in the ledger.

    Run once, when the seal columns are added. What changed before that moment cannot be
    told; the ledger entry (action `seal`) records when these rows were first sealed.
    """
    records, last = 0, 0
    while batch := conn.execute(
        _INTERACTION_SQL + " WHERE i.id > ? ORDER BY i.id LIMIT 5000", (last,)
    ).fetchall():
        conn.executemany(
            "UPDATE interactions SET seal = ? WHERE id = ?",
            [(interaction_seal(row[3:-1]), row[0]) for row in batch],
        )
        records, last = records + len(batch), batch[-1][0]
    for (account_id,) in conn.execute("SELECT id FROM accounts").fetchall():
        seal_account(conn, account_id)
    names = conn.execute(f"SELECT id, {', '.join(NAME_COLUMNS)} FROM account_names").fetchall()
    conn.executemany(
        "UPDATE account_names SET seal = ? WHERE id = ?",
        [(name_seal(row[1:]), row[0]) for row in names],
    )
    if records or names:
        source_ids = [s for (s,) in conn.execute("SELECT DISTINCT source_id FROM interactions")]
        ledger.append(
            conn,
            "seal",
            {
                "records": records,
                "rows_digests": {str(s): rows_digest(conn, s) for s in sorted(source_ids)},
                "accounts_digest": accounts_digest(conn),
            },
        )
