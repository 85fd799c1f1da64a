"""Hits in and out: the rows a match run keeps and the shape scripts depend on (DESIGN §5).

`Hit.to_json()` is the `hits --format json` contract: extend it, never rename a key.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

from nocontact.store.instants import local
from nocontact.store.matches import MatchRow
from nocontact.store.untrusted import csv_cell, printable

STATUSES = ("new", "confirmed", "dismissed")


@dataclass(frozen=True, slots=True)
class Hit:
    """One suspected contact as `hits_view` shows it, highest score first when listed."""

    id: int
    platform: str
    handle: str | None
    display_name: str | None
    user_id: str | None
    url: str | None
    subject: str
    kind: str
    score: float
    status: str
    reasons: tuple[str, ...]
    first_contact: str | None
    last_contact: str | None
    interactions: int
    types: tuple[str, ...]

    @property
    def who(self) -> str | None:
        """The account as a person would name it: handle, else display name, else id."""
        return self.handle or self.display_name or self.user_id

    def to_json(self) -> dict[str, Any]:
        """The DESIGN §5 object: these keys in this order, lists for reasons and types."""
        data = {name: getattr(self, name) for name in FIELDS}
        return data | {"reasons": list(self.reasons), "types": list(self.types)}


FIELDS = tuple(f.name for f in fields(Hit))


def list_hits(
    conn: sqlite3.Connection, *, status: str | None = None, min_score: float | None = None
) -> list[Hit]:
    """Hits, highest score first."""
    sql = f"SELECT {', '.join(FIELDS)} FROM hits_view WHERE 1 = 1"
    params: list[Any] = []
    if status:
        sql += " AND status = ?"
        params.append(status)
    if min_score is not None:
        sql += " AND score >= ?"
        params.append(min_score)
    rows = conn.execute(sql + " ORDER BY score DESC, first_contact, id", params).fetchall()
    return [_hit(row) for row in rows]


def _hit(row: tuple[Any, ...]) -> Hit:
    values = dict(zip(FIELDS, row, strict=True))
    return Hit(
        **values
        | {
            "reasons": tuple(json.loads(values["reasons"] or "[]")),
            "types": tuple(json.loads(values["types"] or "[]")),
            "score": round(values["score"], 4),
        }
    )


def hit_status(conn: sqlite3.Connection, hit_id: int) -> str | None:
    """A hit's review status, or None if there is no such hit."""
    row = conn.execute("SELECT status FROM hits WHERE id = ?", (hit_id,)).fetchone()
    return row[0] if row else None


def set_status(conn: sqlite3.Connection, hit_id: int, status: str, at: str) -> None:
    conn.execute("UPDATE hits SET status = ?, updated_at = ? WHERE id = ?", (status, at, hit_id))


def status_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Hits per status, every status present (zero when none)."""
    rows = conn.execute("SELECT status, count(*) FROM hits GROUP BY status").fetchall()
    return dict.fromkeys(STATUSES, 0) | dict(rows)


def keep_hits(conn: sqlite3.Connection, hits: Sequence[MatchRow], at: str) -> None:
    """Matches kept as hits replace the unreviewed hits; reviewed ones keep their status."""
    keep = {(h.account_id, h.subject) for h in hits}
    for account_id, subject in conn.execute(
        "SELECT account_id, subject FROM hits WHERE status = 'new'"
    ).fetchall():
        if (account_id, subject) not in keep:
            conn.execute(
                "DELETE FROM hits WHERE account_id = ? AND subject = ?", (account_id, subject)
            )
    contact = _contact_spans(conn, sorted({h.account_id for h in hits}))
    conn.executemany(
        "INSERT INTO hits (account_id, subject, kind, score, status, reasons, first_contact,"
        " last_contact, count, types, created_at, updated_at)"
        " VALUES (?,?,?,?,'new',?,?,?,?,?,?,?) ON CONFLICT (account_id, subject) DO UPDATE"
        " SET kind = excluded.kind, score = excluded.score, reasons = excluded.reasons,"
        " first_contact = excluded.first_contact, last_contact = excluded.last_contact,"
        " count = excluded.count, types = excluded.types, updated_at = excluded.updated_at",
        [_hit_row(h, contact.get(h.account_id, _NO_CONTACT), at) for h in hits],
    )


_Span = tuple[str | None, str | None, int, str | None]  # first, last, count, types
_NO_CONTACT: _Span = (None, None, 0, None)
_ACCOUNTS_AT_ONCE = 500  # ids bound in one query, well under SQLite's least limit (999)


def _hit_row(hit: MatchRow, span: _Span, at: str) -> tuple[object, ...]:
    """The hits table's columns of one hit, as `keep_hits` writes them."""
    first, last, count, types = span
    kinds = json.dumps(sorted((types or "").split(",")))
    return (
        hit.account_id,
        hit.subject,
        hit.kind,
        hit.score,
        reasons_text(hit.reasons),
        first,
        last,
        count,
        kinds,
        at,
        at,
    )


def _contact_spans(conn: sqlite3.Connection, account_ids: Sequence[int]) -> dict[int, _Span]:
    """Per account, its inbound contact: first and last time, how many records, their types
    (comma-separated, any order): one query per few hundred accounts, not one each."""
    found = {}
    for start in range(0, len(account_ids), _ACCOUNTS_AT_ONCE):
        chunk = account_ids[start : start + _ACCOUNTS_AT_ONCE]
        found.update(
            (account_id, tuple(span))
            for account_id, *span in conn.execute(
                "SELECT account_id, min(occurred_at), max(occurred_at), count(*),"
                " group_concat(DISTINCT type) FROM interactions"
                f" WHERE direction = 'in' AND account_id IN ({', '.join('?' * len(chunk))})"
                " GROUP BY account_id",
                chunk,
            )
        )
    return found


def reasons_text(reasons: Sequence[str]) -> str:
    """Reasons as the hits table stores them (JSON), the text a match run's seal covers."""
    return json.dumps(list(reasons), ensure_ascii=False)


def reasons_sha256(text: str | None) -> str:
    """The hash a match run seals; a value that is not text (a BLOB: an edit outside
    nocontact) has none, so it differs from every sealed one."""
    if not isinstance(text, str | None):
        return f"not text: {text!r}"
    return hashlib.sha256((text or "").encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True, slots=True)
class StoredHit:
    """A hits row as verification compares it with the ledger."""

    id: int
    account_id: int
    subject: str
    kind: str
    score: float
    status: str
    reasons: str | None
    first_contact: str | None
    last_contact: str | None
    count: int | None
    types: str | None

    def sealed(self) -> list[Any]:
        """What a match run seals of the hit: its key, then SEALED_COLUMNS' values."""
        return [
            self.account_id,
            self.subject,
            self.kind,
            round(self.score, 4) if isinstance(self.score, int | float) else self.score,
            reasons_sha256(self.reasons),
            self.first_contact,
            self.last_contact,
            self.count,
            self.types,
        ]


SEALED_COLUMNS = ("kind", "score", "reasons", "first_contact", "last_contact", "count", "types")


def stored_hits(conn: sqlite3.Connection) -> list[StoredHit]:
    rows = conn.execute(
        "SELECT id, account_id, subject, kind, score, status, reasons, first_contact,"
        " last_contact, count, types FROM hits ORDER BY id"
    ).fetchall()
    return [StoredHit(*row) for row in rows]


@dataclass(frozen=True, slots=True)
class NewContact:
    """What some sources added from the account of a hit that is not dismissed."""

    hit_id: int
    platform: str
    who: str | None
    subject: str
    kind: str
    score: float
    status: str
    count: int
    types: tuple[str, ...]


def new_contact(conn: sqlite3.Connection, source_ids: Sequence[int]) -> list[NewContact]:
    """Per hit, the records these sources added from its account; highest score first."""
    rows = conn.execute(
        "SELECT hits.id, accounts.platform, coalesce(accounts.handle, accounts.display_name,"
        " accounts.user_id), hits.subject, hits.kind, hits.score, hits.status,"
        " count(interactions.id), group_concat(DISTINCT interactions.type)"
        " FROM interactions JOIN hits ON hits.account_id = interactions.account_id"
        " JOIN accounts ON accounts.id = hits.account_id"
        f" WHERE interactions.source_id IN ({','.join('?' * len(source_ids))})"
        " AND hits.status != 'dismissed' GROUP BY hits.id ORDER BY hits.score DESC",
        list(source_ids),
    ).fetchall()
    return [NewContact(*row[:8], tuple(row[8].split(","))) for row in rows]


def to_json(hits: Sequence[Hit]) -> str:
    return json.dumps([h.to_json() for h in hits], ensure_ascii=False, indent=2)


def to_csv(hits: Sequence[Hit]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    for hit in hits:
        row = hit.to_json() | {"reasons": " | ".join(hit.reasons), "types": ",".join(hit.types)}
        writer.writerow({key: csv_cell(value) for key, value in row.items()})
    return out.getvalue().rstrip("\n")


def to_table(hits: Sequence[Hit], *, timezone: str = "UTC") -> str:
    """A terminal table, times in the case's zone; attribution is worded as suspicion."""
    if not hits:
        return "No hits. (No record is not proof of no contact: see `nocontact report`.)"
    lines = [
        f"{'id':>4}  {'score':>5}  {'kind':<11} {'status':<9} {'account':<34} "
        f"{'n':>3}  first contact ({timezone})"
    ]
    for h in hits:
        who = printable(f"{h.platform}:{h.who}")
        lines.append(
            f"{h.id:>4}  {h.score:>5.2f}  {h.kind:<11} {h.status:<9} "
            f"{who[:34]:<34} {h.interactions:>3}  {local(h.first_contact, timezone)}"
        )
        subject = "the restrained person" if h.subject == "restrained" else h.subject
        because = printable("; ".join(h.reasons))
        lines.append(f"{'':>6} suspected link to {printable(subject)}, because: {because}")
    return "\n".join(lines)
