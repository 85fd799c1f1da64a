"""Say why rows cannot be checked when the ledger entry that sealed them is out of shape.

`ledger.check` names an entry whose payload is out of shape once and leaves it out. The later
checks then find the rows it sealed sealed by nothing, and their usual lines would blame the
rows: a review "added outside nocontact", a hit "not what any match run sealed", accounts
"edited outside nocontact". Those follow-on lines are replaced by one line per left-out entry
that names the rows it leaves unchecked, where the first of them stood. One cause gives one
line: a person reading the list (or a court) sees the entry's fault as the fault, the count
of problems stays a count of faults rather than of their consequences (a match run seals
every hit), and each row is still named so that it can be found. Lines about rows no left-out
entry can have sealed stay as they are.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from typing import Any

from nocontact.store import ledger
from nocontact.store.reviews import all_reviews

SHAPE_LINE = ", so nothing it sealed is known"  # ledger.check's line for a left-out entry
LISTED = 10  # hits named in a match run's line; the rest are counted
_ACCOUNT_SEALERS = ("import", "scan", "enrich", "seal")  # the actions that seal accounts
_UNSCORED = re.compile(r"hit (\d+), column (?:account_id|subject) is not what any match run sealed")
_STATUS = re.compile(r"hit (\d+), column status is .* but the sealed decisions make it .*")
_UNCLAIMED = re.compile(
    r"(review (\d+) \(hit .*\)) is sealed by no ledger entry: it was added outside nocontact"
)
_ACCOUNTS = re.compile(r"accounts: their seals changed since ledger entry (\d+) \(")


def explained(
    conn: sqlite3.Connection, entries: Sequence[ledger.Entry], problems: list[str]
) -> list[str]:
    """`problems` with each follow-on of a left-out entry folded into that entry's one line."""
    if not any(p.endswith(SHAPE_LINE) for p in problems):
        return problems
    left = ledger.left_out(conn)
    blamed = _Blame(conn, entries, left)
    found = [(problem, *blamed.cause(problem)) for problem in problems]
    causes: dict[int, list[Any]] = {}
    for _, seq, what in found:
        if seq is not None:
            causes.setdefault(seq, []).append(what)
    lines, said = [], set()
    for problem, seq, _ in found:
        if seq is None:
            lines.append(problem)
        elif seq not in said:
            said.add(seq)
            lines.append(_line(seq, causes[seq]))
    return lines


class _Blame:
    """Which left-out entry may have sealed the row a problem names."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        entries: Sequence[ledger.Entry],
        left: list[ledger.Entry],
    ) -> None:
        self.left = left
        self.reviews = _tied_reviews(conn, entries, left)
        self.statuses = {hit: seq for seq, hit in self.reviews.values()}
        for entry in (e for e in left if e.action == "review"):
            if _integer(entry.payload.get("hit_id")):
                self.statuses[entry.payload["hit_id"]] = entry.seq
        self.match = next((e.seq for e in reversed(left) if e.action == "match"), None)

    def cause(self, problem: str) -> tuple[int | None, Any]:
        """(the left-out entry's seq, what the problem names), or (None, None)."""
        if found := _UNSCORED.fullmatch(problem):
            return self.match, int(found[1])
        if found := _STATUS.fullmatch(problem):
            return self.statuses.get(int(found[1])), f"hit {found[1]}'s status"
        if found := _UNCLAIMED.fullmatch(problem):
            return self.reviews.get(int(found[2]), (None, None))[0], found[1]
        if found := _ACCOUNTS.match(problem):
            since = int(found[1])
            later = [e.seq for e in self.left if e.action in _ACCOUNT_SEALERS and e.seq > since]
            if later:
                return later[-1], (f"accounts and names changed since ledger entry {since}",)
        return None, None


def _tied_reviews(
    conn: sqlite3.Connection, entries: Sequence[ledger.Entry], left: list[ledger.Entry]
) -> dict[int, tuple[int, int]]:
    """Review row id -> (the left-out entry that sealed it, the row's hit): by the review id
    its payload still holds, else by position (decide adds one row and one entry, in order)."""
    rows = all_reviews(conn)
    hits = {row.id: row.hit_id for row in rows}
    skipped = {e.seq for e in left}
    decisions = sorted((e for e in [*entries, *left] if e.action == "review"), key=lambda e: e.seq)
    tied = {}
    for index, entry in enumerate(decisions):
        if entry.seq not in skipped:
            continue
        review_id = entry.payload.get("review_id")
        if not _integer(review_id):
            review_id = rows[index].id if index < len(rows) else None
        if review_id in hits:
            tied[review_id] = (entry.seq, hits[review_id])
    return tied


def _integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _line(seq: int, named: list[Any]) -> str:
    """`what: its ledger entry N is out of shape, so it cannot be checked`; `named` holds hit
    ids (their scores), row names, and (name,) for a name that is plural."""
    hits = [x for x in named if isinstance(x, int)]
    rows = [x if isinstance(x, str) else x[0] for x in named if not isinstance(x, int)]
    rows.sort(key=lambda row: not row.startswith("review"))  # the row, then the hit's status
    if hits:
        rows.append(_hits(hits))
    plural = len(rows) > 1 or len(hits) > 1 or any(isinstance(x, tuple) for x in named)
    its, it = ("their", "they") if plural else ("its", "it")
    what = " and ".join(rows) if len(rows) < 3 else ", ".join(rows[:-1]) + " and " + rows[-1]
    return f"{what}: {its} ledger entry {seq} is out of shape, so {it} cannot be checked"


def _hits(ids: list[int]) -> str:
    if len(ids) == 1:
        return f"hit {ids[0]}'s score and reasons"
    shown = ", ".join(str(i) for i in ids[:LISTED])
    more = f" and {len(ids) - LISTED} more" if len(ids) > LISTED else ""
    return f"the scores and reasons of {len(ids)} hits ({shown}{more})"
