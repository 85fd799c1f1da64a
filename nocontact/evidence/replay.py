"""Replay the ledger's match runs, review decisions and order terms against the tables.

A hit's kind, score and reasons are what the latest match run that kept it sealed; its
status is what its sealed decisions make it; each review row is the one `decide` sealed.
Each problem names the row and column that differ and the ledger entry that says otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from nocontact.store.hits import SEALED_COLUMNS, StoredHit
from nocontact.store.ledger import Entry
from nocontact.store.reviews import STATUS_AFTER, StoredReview

_SEALED_STATUS = ("confirmed", "dismissed")  # a match run never deletes these


def hits(rows: Sequence[StoredHit], entries: Sequence[Entry]) -> list[str]:
    """Each hit against the match run that sealed its score and the decisions on it."""
    scored: dict[tuple[int, str], tuple[list[Any], int]] = {}
    for entry in (e for e in entries if e.action == "match"):
        for sealed in entry.payload.get("hits", []):
            scored[(sealed[0], sealed[1])] = (sealed, entry.seq)
    status: dict[int, tuple[str, int]] = {}
    for entry in (e for e in entries if e.action == "review"):
        if entry.payload["action"] in STATUS_AFTER:
            status[entry.payload["hit_id"]] = (STATUS_AFTER[entry.payload["action"]], entry.seq)
    problems: list[str] = []
    for hit in rows:
        problems += _scored(hit, scored)
        expected, seq = status.get(hit.id, ("new", None))
        if hit.status != expected:
            sealed_by = f"ledger entry {seq}" if seq else "no decision in the ledger"
            problems.append(
                f"hit {hit.id}, column status is {hit.status!r} but the sealed decisions make "
                f"it {expected!r} ({sealed_by})"
            )
    present = {hit.id for hit in rows}
    for hit_id, (expected, seq) in sorted(status.items()):
        if hit_id not in present and expected in _SEALED_STATUS:
            problems.append(f"hit {hit_id} ({expected} in ledger entry {seq}) is missing")
    return problems


def _scored(hit: StoredHit, scored: dict[tuple[int, str], tuple[list[Any], int]]) -> list[str]:
    found = scored.get((hit.account_id, hit.subject))
    if found is None:
        known = any(account == hit.account_id for account, _ in scored)
        column = "subject" if known else "account_id"
        return [f"hit {hit.id}, column {column} is not what any match run sealed"]
    sealed, seq = found
    now = hit.sealed()
    for column, value, then in zip(SEALED_COLUMNS, now[2:], sealed[2:], strict=False):
        if value != then:  # an older version's run sealed fewer columns: zip stops there
            return [
                f"hit {hit.id}, column {column} differs from what the match run sealed "
                f"(ledger entry {seq})"
            ]
    return []


def reviews(rows: Sequence[StoredReview], entries: Sequence[Entry]) -> list[str]:
    """Each sealed decision against its review row; rows no decision sealed are named too."""
    by_id = {row.id: row for row in rows}
    claimed: set[int] = set()
    problems: list[str] = []
    for index, entry in enumerate(e for e in entries if e.action == "review"):
        sealed = entry.payload
        review_id = sealed.get("review_id")
        row = by_id.get(review_id) if review_id else (rows[index] if index < len(rows) else None)
        what = f"{sealed['action']} of hit {sealed['hit_id']}"
        if row is None:
            problems.append(
                f"review {review_id or '?'} ({what}, sealed in ledger entry {entry.seq}) "
                "is missing from the reviews table"
            )
            continue
        claimed.add(row.id)
        expected = {"hit_id": sealed["hit_id"], "action": sealed["action"], "text": sealed["text"]}
        if "at" in sealed:
            expected["at"] = sealed["at"]
        column = next((c for c, v in expected.items() if getattr(row, c) != v), None)
        if column:
            problems.append(
                f"review {row.id} (hit {row.hit_id}), column {column} differs from what the "
                f"decision sealed (ledger entry {entry.seq})"
            )
    for row in rows:
        if row.id not in claimed:
            problems.append(
                f"review {row.id} (hit {row.hit_id}, {row.action}) is sealed by no ledger "
                "entry: it was added outside nocontact"
            )
    return problems


def order(terms: dict[str, Any] | None, entries: Sequence[Entry]) -> list[str]:
    """config.toml's order terms against the last sealed ones."""
    sealed = next((e for e in reversed(entries) if e.action == "order"), None)
    if terms is None or sealed is None:
        return []
    changed = [
        k
        for k in sorted(terms.keys() | sealed.payload["terms"].keys())
        if terms.get(k) != sealed.payload["terms"].get(k)
    ]
    if not changed:
        return []
    key = changed[0]
    return [
        f"config.toml: order.{key} is {terms.get(key)!r} but ledger entry {sealed.seq} sealed "
        f"{sealed.payload['terms'].get(key)!r} (the next import, match, decision, report or "
        "export seals the new terms)"
    ]
