"""Every record's raw hash, seal and digests recomputed a batch at a time: verify's quick pass.

`verification` checks one row at a time so that it can name the row and column at fault;
this pass makes the same checks in bulk and only says whether all of them held, so that an
untouched case is verified at the speed of hashing. SQLite writes each row's sealed values
as JSON itself (`json_array` writes the text `seals.encode` writes, with "," where it writes
", "), so a row reaches Python as a few objects, and the hashes, comparisons and digest
lines of a batch are made by C-level maps.

A row whose JSON holds a comma of its own is read back from it and written by
`seals.encode`; a row whose seal does not match then is read and encoded as the row-by-row
check does. A value that is not text, an integer or NULL (only an edit outside nocontact
stores one) is written differently by SQLite: it cannot match a seal nocontact made, and a
seal forged to match it changes the source's `rows_digest` or the accounts' digest, so the
caller trusts this pass only where those digests exist.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from functools import partial
from itertools import chain, compress, count, groupby, repeat
from operator import add, getitem, methodcaller, ne, not_
from typing import Any

from nocontact.store import cipher
from nocontact.store.seals import ACCOUNT_COLUMNS, NAME_COLUMNS, encode

# What a person reads of an interaction, as `seals.interaction_rows` selects it.
_VALUES = (
    "i.raw_sha256",
    "i.text",
    "i.occurred_at",
    "i.type",
    "i.direction",
    "a.platform || ':' || a.key",
    "i.platform",
    "i.target",
    "i.locator",
    "i.source_id",
)
_BATCH = 512  # rows a fetch: small enough to stay in the processor's cache
_sha256 = hashlib.sha256
_hexdigest = methodcaller("hexdigest")
_digest_of = methodcaller("digest")


@dataclass(slots=True)
class Swept:
    """What the pass recomputed; `held` turns False at the first check that did not hold."""

    held: bool = True
    count: int = 0
    raw: dict[Any, str] = field(default_factory=dict)  # source -> its interactions_digest
    rows: dict[Any, str] = field(default_factory=dict)  # source -> its rows_digest


def interactions(
    conn: sqlite3.Connection, *, raw: bool = True, hashed_from: int | None = None
) -> Swept:
    """Every interaction's seal and each source's rows_digest, in id order; unless `raw` is
    False, every raw record's hash and each source's interactions_digest too (else
    `raw_records` makes those, and this pass hashes the raw records from id `hashed_from` on
    if given: a share of the other's work, so that both end together)."""
    swept, by_raw, by_row = Swept(), {}, {}
    values = ", ".join(_guarded(conn, _VALUES))
    select = f"SELECT i.id, i.source_id, CAST(json_array({values}) AS BLOB), i.seal"
    hashed = select + ", i.raw_sha256, CAST(i.raw AS BLOB)"
    split = -sys.maxsize - 1 if raw else sys.maxsize if hashed_from is None else hashed_from
    exact = partial(_exact, conn, _INTERACTIONS, "i.id")
    with _refused(conn, swept):
        for batch in _ranges(conn, select, hashed, _INTERACTIONS_TAIL, split):
            ids, sources, encoded, seals, *rest = zip(*batch, strict=True)
            if rest and not _hashes(rest[1], rest[0]):
                swept.held = False  # a raw record differs: the row-by-row check names it
                break
            if raw:
                _raw_lines(by_raw, ids, sources, rest[0])
            rows = _checked(encoded, seals, (len(_VALUES) - 1, 16), exact, ids)
            if rows is None:
                swept.held = False
                break
            swept.count += len(ids)
            for source, start, stop in _runs(sources):
                lines = _pairs(ids[start:stop], rows[start:stop])
                _digest(by_row, source).update((b"%d %s\n" * (stop - start)) % lines)
    swept.raw, swept.rows = _hex(by_raw), _hex(by_row)
    return swept


def sizes(conn: sqlite3.Connection) -> tuple[int, int]:
    """About how many interactions, and accounts and names, the pass reads (largest ids)."""
    return conn.execute(
        "SELECT (SELECT ifnull(max(id), 0) FROM interactions), (SELECT ifnull(max(id), 0)"
        " FROM accounts) + (SELECT ifnull(max(id), 0) FROM account_names)"
    ).fetchone()


def raw_records(conn: sqlite3.Connection, *, below: int | None = None) -> dict[Any, str] | None:
    """Each source's interactions_digest if every raw record matches its stored hash; only
    the records before id `below` are hashed if given (`interactions` hashes the others)."""
    digests: dict[Any, Any] = {}
    select = "SELECT id, source_id, raw_sha256"
    split = sys.maxsize if below is None else below
    for batch in _ranges(conn, select + ", CAST(raw AS BLOB)", select, _RAW_TAIL, split):
        ids, sources, raw_shas, *raws = zip(*batch, strict=True)
        if raws and not _hashes(raws[0], raw_shas):
            return None
        _raw_lines(digests, ids, sources, raw_shas)
    return _hex(digests)


_INTERACTIONS_TAIL = (
    " FROM interactions i LEFT JOIN accounts a ON a.id = i.account_id WHERE i.id {} ? ORDER BY i.id"
)
_RAW_TAIL = " FROM interactions WHERE id {} ? ORDER BY id"


def _ranges(
    conn: sqlite3.Connection, before: str, after: str, tail: str, split: int
) -> Iterator[list[Any]]:
    """Batches of rows in id order: those before id `split` read by `before`, the others by
    `after` (`tail` ends both, its {} the comparison). Only one of the two reads the raw
    records: a column read for every row costs even where it is not used."""
    for sql, operator in ((before, "<"), (after, ">=")):
        cursor = conn.execute(sql + tail.format(operator), (split,))
        while batch := cursor.fetchmany(_BATCH):
            yield batch


def _raw_lines(
    digests: dict[Any, Any], ids: Sequence[int], sources: Sequence[Any], raw_shas: Sequence[Any]
) -> None:
    """A batch's lines added to their sources' interactions digests."""
    for source, start, stop in _runs(sources):
        lines = _pairs(ids[start:stop], raw_shas[start:stop])
        _digest(digests, source).update((("%d:%s\n" * (stop - start)) % lines).encode())


def _hashes(raws: Sequence[bytes], raw_shas: Sequence[Any]) -> bool:
    """Whether each raw record's SHA-256 is its stored hash: all the batch's digests made hex
    at once and compared as one text, which is exact as every stored hash is 64 characters."""
    with suppress(TypeError):  # a stored hash that is not text, a raw record that is NULL
        if set(map(len, raw_shas)) == {64}:
            return b"".join(map(_digest_of, map(_sha256, raws))).hex() == "".join(raw_shas)
    return False


def _hex(digests: dict[Any, Any]) -> dict[Any, str]:
    return {source: digest.hexdigest() for source, digest in digests.items()}


def _runs(sources: Sequence[Any]) -> list[tuple[Any, int, int]]:
    """(source, start, stop) of each run of rows from one source (mostly the whole batch)."""
    if sources.count(sources[0]) == len(sources):
        return [(sources[0], 0, len(sources))]
    runs, start = [], 0
    for source, rows in groupby(sources):
        stop = start + sum(1 for _ in rows)
        runs.append((source, start, stop))
        start = stop
    return runs


def _pairs(ids: Sequence[int], values: Sequence[Any]) -> tuple[Any, ...]:
    """(id, value, id, value, ...): what a batch's digest lines are formatted from."""
    return tuple(chain.from_iterable(zip(ids, values, strict=True)))


def _digest(digests: dict[Any, Any], source: Any) -> Any:
    """A source's running digest (keyed as the row-by-row check keys it)."""
    found = digests.get(source)
    return digests.setdefault(source, _sha256()) if found is None else found


_INTERACTIONS = (
    "SELECT i.id, " + ", ".join(_VALUES) + ", i.seal FROM interactions i"
    " LEFT JOIN accounts a ON a.id = i.account_id"
)


def _exact(conn: sqlite3.Connection, select: str, key: str, ids: list[int]) -> dict[int, Any]:
    """id -> (sealed values, seal) of some rows, read as the row-by-row check reads them:
    `select` reads (id, *values, seal), `key` is its id column."""
    rows = conn.execute(f"{select} WHERE {key} IN ({', '.join('?' * len(ids))})", ids)
    return {row[0]: (row[1:-1], row[-1]) for row in rows}


def accounts(conn: sqlite3.Connection) -> tuple[bool, str]:
    """(whether every account's and name's seal held, `seals.accounts_digest`), one pass."""
    digest = _sha256()
    for table, columns in (("accounts", ACCOUNT_COLUMNS), ("account_names", NAME_COLUMNS)):
        as_json = f"CAST(json_array({', '.join(_guarded(conn, columns))}) AS BLOB)"
        exact = partial(_exact, conn, f"SELECT id, {', '.join(columns)}, seal FROM {table}", "id")
        swept = Swept()
        with _refused(conn, swept):
            cursor = conn.execute(f"SELECT id, {as_json}, seal FROM {table} ORDER BY id")
            while batch := cursor.fetchmany(_BATCH):
                ids, encoded, seals = zip(*batch, strict=True)
                if _checked(encoded, seals, (len(columns) - 1, 32), exact, ids) is None:
                    return False, ""
                lines = (f"{table}|%d|%s\n" * len(ids)) % _pairs(ids, seals)  # seals: text
                digest.update(lines.encode())
        if not swept.held:
            return False, ""
    return True, digest.hexdigest()


def _checked(
    encoded: Sequence[bytes],
    seals: Sequence[Any],
    shape: tuple[int, int],
    exact: Callable[[list[int]], dict[int, Any]],
    ids: Sequence[int],
) -> list[bytes] | None:
    """The batch's rows as `seals.encode` writes them, each seal checked against its row;
    None as soon as one seal does not hold. `shape`: the commas between a row's values and
    the hex digits its seal keeps."""
    rows, (commas, width) = list(map(_spaced, encoded)), shape
    if b"".join(encoded).count(b",") == commas * len(rows):
        with suppress(TypeError):  # a seal that is not text: each row is checked on its own
            if "".join(map(getitem, seals, repeat(slice(0, width + 1)))) == _joined(rows, width):
                return rows
    return _each(rows, encoded, seals, shape, exact, ids)


def _each(
    rows: list[bytes],
    encoded: Sequence[bytes],
    seals: Sequence[Any],
    shape: tuple[int, int],
    exact: Callable[[list[int]], dict[int, Any]],
    ids: Sequence[int],
) -> list[bytes] | None:
    """`_checked` a row at a time. A row whose JSON holds a comma of its own is read back
    from that JSON and written by `seals.encode`; a row whose seal still does not match is
    read again from the database, as the row-by-row check reads it."""
    commas, width = shape
    for k in compress(count(), map(ne, map(_commas, encoded), repeat(commas))):
        rows[k] = _rewritten(encoded[k])
    try:
        sealed = list(map(str.startswith, seals, _heads(rows, width)))
    except TypeError:  # a seal that is not text
        sealed = [False] * len(rows)
    odd = list(compress(count(), map(not_, sealed)))
    found = exact([ids[k] for k in odd]) if odd else {}
    for k in odd:
        values, seal = found[ids[k]]
        rows[k] = encode(values).encode("utf-8", "surrogatepass")
        if seal.__class__ is not str or not _holds(rows[k], seal):
            return None
    return rows


def _heads(rows: Sequence[bytes], width: int) -> Iterator[str]:
    """How each row's seal must begin: the first `width` hex digits of its SHA-256, then ':'."""
    hashed = map(getitem, map(_hexdigest, map(_sha256, rows)), repeat(slice(0, width)))
    return map(add, hashed, repeat(":"))


def _joined(rows: Sequence[bytes], width: int) -> str:
    """`_heads` of a batch as one text, made hex at once: equal to the seals' first `width`
    + 1 characters joined only if each seal begins with its head, since none is longer."""
    size = width // 2
    digests = b"".join(map(getitem, map(_digest_of, map(_sha256, rows)), repeat(slice(0, size))))
    return digests.hex(":", size) + ":"


def _rewritten(data: bytes) -> bytes:
    """SQLite's JSON of a row as `seals.encode` writes it (read back, written again): exact
    for text, integers and NULL. What it cannot read is left as it is, to its seal check."""
    try:
        values = _scan(data.decode(), 0)[0]
    except (StopIteration, ValueError):
        return data
    return encode(values).encode("utf-8", "surrogatepass")


_scan = json.decoder.JSONDecoder().scan_once  # the C scanner: one value from an index
_commas = methodcaller("count", b",")
_spaced = methodcaller("replace", b",", b", ")  # json_array's separator as seals.encode's


def _holds(data: bytes, seal: str) -> bool:
    """`seals.unchanged` on a row's encoded bytes."""
    row = seal.partition(":")[0]
    return bool(row) and _sha256(data).hexdigest()[: len(row)] == row


def _guarded(conn: sqlite3.Connection, columns: Sequence[str]) -> list[str]:
    """The columns as `json_array` may take them. SQLite from 3.45 reads a BLOB as JSON
    (JSONB), which could spell a text value; such a value becomes 0.5, which no seal
    nocontact made can match (earlier versions refuse a BLOB: `_refused`)."""
    try:
        conn.execute("SELECT json_array(x'00')").fetchone()
    except cipher.database_error(conn):
        return list(columns)
    return [f"CASE WHEN typeof({c}) = 'blob' THEN 0.5 ELSE {c} END" for c in columns]


@contextmanager
def _refused(conn: sqlite3.Connection, swept: Swept) -> Iterator[None]:
    """A BLOB among the sealed values (SQLite before 3.45 refuses to write it as JSON)."""
    try:
        yield
    except cipher.database_error(conn) as exc:
        if "JSON" not in str(exc):
            raise
        swept.held = False
