"""Append-only hash chain over every import, match and review action.

Each entry's hash covers its sequence number, time, action, the SHA-256 of its canonical
JSON payload and the previous entry's hash, so changing or removing any entry breaks
every later link.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from nocontact.store import payloads
from nocontact.store.instants import now

GENESIS = "0" * 64


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()  # never fatal


def canonical(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def link_hash(seq: int, at: str, action: str, payload_sha256: str, prev_hash: str) -> str:
    return sha256_text(f"{seq}|{at}|{action}|{payload_sha256}|{prev_hash}")


def append(conn: sqlite3.Connection, action: str, payload: dict[str, Any]) -> str:
    """Add one entry inside the caller's transaction; returns its hash."""
    last = conn.execute("SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    at, text = now(), canonical(payload)
    digest = sha256_text(text)
    entry_hash = link_hash(seq, at, action, digest, prev)
    conn.execute(
        "INSERT INTO ledger (seq, at, action, payload, payload_sha256, prev_hash, hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (seq, at, action, text, digest, prev, entry_hash),
    )
    return entry_hash


@dataclass(frozen=True, slots=True)
class Entry:
    seq: int
    at: str
    action: str
    payload: dict[str, Any]


def check(conn: sqlite3.Connection) -> tuple[list[Entry], list[str]]:
    """Recompute the chain; returns the entries and one message per broken link. An entry
    whose payload has not its action's shape (payloads.py) is named and left out."""
    entries, problems, prev, expected_seq = [], [], GENESIS, 1
    rows = conn.execute(
        "SELECT seq, at, action, payload, payload_sha256, prev_hash, hash FROM ledger ORDER BY seq"
    )
    for seq, at, action, payload, payload_sha, prev_hash, entry_hash in rows:
        where = f"ledger entry {seq} ({action} at {at})"
        if seq != expected_seq:
            problems.append(f"{where}: entry {expected_seq} is missing")
        if payload.__class__ is not str or sha256_text(payload) != payload_sha:
            problems.append(f"{where}: payload does not match its sha256")
        if prev_hash != prev:
            problems.append(f"{where}: does not link to the previous entry")
        if link_hash(seq, at, action, payload_sha, prev_hash) != entry_hash:
            problems.append(f"{where}: hash does not match its contents")
        found = parsed(payload)
        shape = "payload is not a JSON object" if found is None else payloads.problem(action, found)
        if shape:
            problems.append(f"{where}: {shape}, so nothing it sealed is known")
        else:
            entries.append(Entry(seq, at, action, found))
        prev, expected_seq = entry_hash, seq + 1
    return entries, problems


def left_out(conn: sqlite3.Connection) -> list[Entry]:
    """The entries `check` leaves out for their payload's shape, each with what its payload
    still holds (an empty object if it is no JSON object): the keys that remain in shape can
    still say which row the entry sealed."""
    rows = conn.execute("SELECT seq, at, action, payload FROM ledger ORDER BY seq")
    found = [(seq, at, action, parsed(payload)) for seq, at, action, payload in rows]
    return [
        Entry(seq, at, action, payload or {})
        for seq, at, action, payload in found
        if payload is None or payloads.problem(action, payload)
    ]


def parsed(text: Any) -> dict[str, Any] | None:
    """An entry's payload; None if it is no JSON object (only an edit outside nocontact)."""
    try:
        found = json.loads(text) if isinstance(text, str) else None
    except ValueError:
        return None
    return found if isinstance(found, dict) else None


def head(conn: sqlite3.Connection) -> str:
    row = conn.execute("SELECT hash FROM ledger ORDER BY seq DESC LIMIT 1").fetchone()
    return row[0] if row else GENESIS


def entry_count(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM ledger").fetchone()[0]


def hashes(conn: sqlite3.Connection) -> set[str]:
    """Every entry's hash: an export's ledger head must be one of them."""
    return {entry_hash for (entry_hash,) in conn.execute("SELECT hash FROM ledger")}


def sealed_terms(conn: sqlite3.Connection) -> tuple[int, dict[str, Any]] | None:
    """The order's terms the ledger sealed last, with that entry's seq (None: never sealed,
    or that entry's payload was edited out of shape, so the terms are sealed anew)."""
    row = conn.execute(
        "SELECT seq, payload FROM ledger WHERE action = 'order' ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    found = parsed(row[1]) if row else None
    if found is None or payloads.problem("order", found):
        return None
    return row[0], found["terms"]


def terms_sealed(conn: sqlite3.Connection, terms: dict[str, Any]) -> bool:
    """Whether these order terms are the last ones sealed."""
    last = sealed_terms(conn)
    return last is not None and canonical(last[1]) == canonical(terms)


def seal_terms(conn: sqlite3.Connection, terms: dict[str, Any]) -> str | None:
    """Seal the order's terms when they differ from the last sealed ones; the new hash."""
    if terms_sealed(conn, terms):
        return None
    return append(conn, "order", {"terms": terms, "sha256": sha256_text(canonical(terms))})
