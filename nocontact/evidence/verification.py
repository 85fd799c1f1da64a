"""Recompute every hash the case recorded and replay its ledger against the tables.

The chain and the heads kept outside the database; each record's raw hash and the columns a
person reads (seals.py); accounts and the names they used; hits' scores, reasons and
statuses and each review (replay.py); the order's terms; enrichment fetches; archive copies.
Each problem names the row and column at fault and the ledger entry that sealed it.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from nocontact.case import Case
from nocontact.errors import ConfigError, VerifyError
from nocontact.evidence import copies as archive_copies
from nocontact.evidence import follow_ons, replay
from nocontact.store import anchor, cipher, ledger, parallel, seals, sweep
from nocontact.store.database import Store
from nocontact.store.enrichments import StoredLookup, stored_lookups
from nocontact.store.fingerprint import text_sha256
from nocontact.store.hits import stored_hits
from nocontact.store.reviews import all_reviews
from nocontact.store.seals import INTERACTION_COLUMNS as COLUMNS
from nocontact.store.sources import SourceRow, open_scans, sources


@dataclass(slots=True)
class Findings:
    """What recomputing hashes found, in the order found; no problem means verified."""

    problems: list[str] = field(default_factory=list, kw_only=True)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def state(self) -> str:
        return "OK" if self.ok else f"FAILED ({len(self.problems)} problems)"


@dataclass(slots=True)
class VerifyReport(Findings):
    ledger_entries: int = 0
    interactions: int = 0
    sources: int = 0
    head: str = ledger.GENESIS
    anchored: bool = True

    def summary(self) -> str:
        anchor_note = (
            f"kept in {anchor.HEADS}"
            if self.anchored
            else f"not yet kept outside the database (a case from an older version: the next "
            f"command that writes starts {anchor.HEADS})"
        )
        return (
            f"verify {self.state}: {self.ledger_entries} ledger entries, {self.interactions} "
            f"raw records and their readable columns, hits, reviews, accounts and "
            f"{self.sources} source copies checked; ledger head {self.head}, {anchor_note}"
        )


_CURRENT_KEYS = {"rows_digest", "accounts_digest", "review_id"}
_EMPTY = hashlib.sha256().hexdigest()  # the digest of a source with no rows
HELPER_FROM = 20_000  # rows read in bulk from which a second process pays for its start-up
READ_CACHE_KIB = 2048  # SQLite page cache: every row is read once, a larger one only grows


def verify(case: Case, *, helper_from: int = HELPER_FROM) -> VerifyReport:
    """Check the case; problems are listed in the order found, first bad entry first.

    From `helper_from` interactions, accounts and names on, a second process takes part of
    the bulk pass (parallel.py)."""
    report = VerifyReport()
    with case.store(create=False) as store:
        helper = _helper(case, store, helper_from)
        try:
            with store.reading(cache_kib=READ_CACHE_KIB) as conn:
                try:
                    entries, copies = _database(case, store, conn, helper, report)
                    lenient = False
                except cipher.database_error(conn) as exc:
                    if "UTF-8" not in str(exc):
                        raise
                    report, lenient = VerifyReport(), True
                    entries, copies = _lenient(case, store, conn, report)
        finally:
            if helper:
                helper.stop()
    report.problems += replay.order(_terms(case, report.problems), entries)
    report.problems += archive_copies.problems(case, copies)
    report.sources += len(copies)
    if lenient:
        report.problems, report.head = [_shown(p) for p in report.problems], _shown(report.head)
    return report


def _database(
    case: Case,
    store: Store,
    conn: sqlite3.Connection,
    helper: parallel.Helper | None,
    report: VerifyReport,
) -> tuple[list[ledger.Entry], list[SourceRow]]:
    """Everything checked in the database's one snapshot; (ledger entries, archive copies)."""
    entries, report.problems = ledger.check(conn)
    report.ledger_entries, report.head = len(entries), ledger.head(conn)
    report.anchored = store.heads_path.is_file()
    report.problems += anchor.check(conn, store.heads_path, required=_current(entries))
    swept, accounts = _bulk(conn, helper)
    report.problems += _interactions(conn, entries, report, swept)
    report.problems += _sources(sources(conn), entries)
    report.problems += _accounts(conn, entries, accounts)
    report.problems += replay.hits(stored_hits(conn), entries)
    report.problems += replay.reviews(all_reviews(conn), entries)
    report.problems += _enrichments(case, stored_lookups(conn), entries)
    report.problems = follow_ons.explained(conn, entries, report.problems)
    return entries, [row for row in sources(conn) if row.copy_path is not None]


def _lenient(
    case: Case, store: Store, conn: sqlite3.Connection, report: VerifyReport
) -> tuple[list[ledger.Entry], list[SourceRow]]:
    """`_database` again, alone, reading text that is not UTF-8 (only an edit outside
    nocontact stores it) as it is, so that the seals and hashes over it name the row."""
    conn.text_factory = _as_stored
    try:
        return _database(case, store, conn, None, report)
    finally:
        conn.text_factory = str


def _as_stored(data: bytes) -> str:
    """Text as SQLite stored it, each byte that is not UTF-8 kept as a lone surrogate."""
    return data.decode("utf-8", "surrogateescape")


def _shown(text: str) -> str:
    """A problem quoting text read by `_as_stored`, printable: a byte that is not UTF-8
    shown as \\xff (a lone surrogate cannot be written to a terminal)."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _helper(case: Case, store: Store, helper_from: int) -> parallel.Helper | None:
    """A second process for part of the bulk pass, started before our snapshot: on a plain
    case that can be written (a reader of a WAL database writes its index) and is large."""
    if case.encrypted or not os.access(case.root, os.W_OK):
        return None
    with store.reading() as conn:
        interactions, accounts = sweep.sizes(conn)
    if interactions + accounts < helper_from:
        return None
    return parallel.start(store.path, parallel.split(interactions, accounts))


def _bulk(
    conn: sqlite3.Connection, helper: parallel.Helper | None
) -> tuple[sweep.Swept, tuple[bool, str]]:
    """The bulk pass (sweep.py): interactions' seals and rows digests here; raw records and
    accounts in the helper (but the raw records from its split on, hashed here), or all here
    when there is none or its answer cannot be used."""
    swept = sweep.interactions(
        conn, raw=helper is None, hashed_from=helper.split if helper else None
    )
    if helper is None:
        return swept, sweep.accounts(conn)
    answer = helper.answer() or parallel.Answer(sweep.raw_records(conn), sweep.accounts(conn))
    swept.held = swept.held and answer.raw is not None
    swept.raw = answer.raw or {}
    return swept, answer.accounts


def check_hits(conn: sqlite3.Connection) -> None:
    """Refuse to go on (export) when a hit's status, score or reasons are not the sealed ones.
    Where a ledger entry out of shape is why, that entry is named, not the hits it sealed."""
    entries, broken = ledger.check(conn)
    problems = replay.hits(stored_hits(conn), entries)
    if problems:
        shapes = [line for line in broken if line.endswith(follow_ons.SHAPE_LINE)]
        named = follow_ons.explained(conn, entries, [*shapes, *problems])
        first = next(line for line in named if line not in shapes)
        raise VerifyError(f"{first}; nothing was exported (run `nocontact verify`)")


def _current(entries: list[ledger.Entry]) -> bool:
    """Whether this version wrote any entry: from then on the heads file must exist."""
    return any(e.action == "order" or e.payload.keys() & _CURRENT_KEYS for e in entries)


def _interactions(
    conn: sqlite3.Connection, entries: list[ledger.Entry], report: VerifyReport, swept: sweep.Swept
) -> list[str]:
    """Every record's raw hash, its columns' seal and its source's digests: checked in bulk
    (`sweep`), and row by row to name what differs when anything did not hold there."""
    sealing = {e.payload["source_id"]: e for e in entries if e.action in ("import", "scan")}
    digests = {
        s: (e.payload["rows_digest"], e) for s, e in sealing.items() if "rows_digest" in e.payload
    }
    for entry in (e for e in entries if e.action == "seal"):  # a case sealed on upgrade
        digests.update((int(s), (d, entry)) for s, d in entry.payload["rows_digests"].items())
    # The bulk pass is trusted only where a rows_digest stands behind every seal (sweep.py).
    trusted = swept.held and swept.rows.keys() <= digests.keys()
    if trusted and not _compared(sealing, digests, swept.raw, swept.rows, set()):
        report.interactions += swept.count
        return []
    return _named(conn, sealing, digests, report)


def _named(
    conn: sqlite3.Connection,
    sealing: dict[int, ledger.Entry],
    digests: dict[int, tuple[str, ledger.Entry]],
    report: VerifyReport,
) -> list[str]:
    """One pass over every record, naming each that differs: its raw hash, its columns'
    seal, its source's digests."""
    by_raw: dict[int, Any] = defaultdict(hashlib.sha256)
    by_row: dict[int, Any] = defaultdict(hashlib.sha256)
    problems, named = [], set()
    count = 0
    encode, sha256 = seals.encode, hashlib.sha256  # looked up once: this loop runs per row
    source, raw_digest, row_digest = None, hashlib.sha256(), hashlib.sha256()
    for row in seals.interaction_rows(conn):  # plain rows: this loop runs a million times
        count += 1
        row_id, source_id, raw, values, seal = row[0], row[1], row[2], row[3:-1], row[-1]
        raw_sha, data = values[0], encode(values).encode("utf-8", "surrogatepass")
        if source_id != source:  # rows come in id order, so mostly one source after another
            source, raw_digest, row_digest = source_id, by_raw[source_id], by_row[source_id]
        if (None if raw is None else sha256(raw).hexdigest()) != raw_sha:
            problems.append(
                f"interaction {row_id} ({values[6]} {values[3]}, "
                f"{values[8]}): raw record does not match its sha256"
            )
        elif (
            seal
            and not _sealed(data, seal)
            and (column := seals.first_difference(COLUMNS, values, seal))
        ):
            by = _sealed_by(digests.get(source_id, (None, None))[1])
            problems.append(f"interaction {row_id}, column {column} differs from what {by}")
            named.add(source_id)
        raw_digest.update(f"{row_id}:{raw_sha}\n".encode("utf-8", "surrogatepass"))
        row_digest.update(b"%d %s\n" % (row_id, data))
    report.interactions += count
    hexes = [{s: d.hexdigest() for s, d in found.items()} for found in (by_raw, by_row)]
    return problems + _compared(sealing, digests, *hexes, named)


def _compared(
    sealing: dict[int, ledger.Entry],
    digests: dict[int, tuple[str, ledger.Entry]],
    by_raw: dict[Any, str],
    by_row: dict[Any, str],
    named: set[int],
) -> list[str]:
    """Each sealed source's recomputed digests (hex, per source) against its ledger entry's."""
    problems = []
    for source_id, entry in sorted(sealing.items(), key=lambda item: item[1].seq):
        where = f"ledger entry {entry.seq} ({entry.action} of {entry.payload['name']})"
        if by_raw.get(source_id, _EMPTY) != entry.payload["interactions_digest"]:
            problems.append(
                f"{where}: its interactions were changed, added or removed since the {entry.action}"
            )
        elif source_id not in named and digests.get(source_id, ("", entry))[0] not in (
            "",
            by_row.get(source_id, _EMPTY),
        ):
            problems.append(
                f"{where}: a record's readable columns were changed since the "
                f"{entry.action}, and its seal with them"
            )
    return problems


def _sealed(data: bytes, seal: str) -> bool:
    """`seals.unchanged` on the encoded row's bytes (made once for this and the digest)."""
    if seal.__class__ is not str:
        return False
    row = seal.partition(":")[0]
    return bool(row) and hashlib.sha256(data).hexdigest()[: len(row)] == row


def _sealed_by(entry: ledger.Entry | None) -> str:
    if entry is None:
        return "was sealed"
    what = "the upgrade to sealed columns" if entry.action == "seal" else f"the {entry.action}"
    return f"{what} sealed (ledger entry {entry.seq})"


def _sources(rows: list[SourceRow], entries: list[ledger.Entry]) -> list[str]:
    """Each source's hash, name and read time (the log's columns) as its import or scan sealed."""
    by_id, problems = {row.id: row for row in rows}, []
    for entry in (e for e in entries if e.action in ("import", "scan")):
        row, sealed = by_id.get(entry.payload["source_id"]), entry.payload
        if row is None:
            problems.append(
                f"source {sealed['source_id']} (sealed in ledger entry {entry.seq}) is missing"
            )
            continue
        expected = {"sha256": sealed["sha256"], "original_name": sealed["name"]}
        if "started_at" in sealed:
            expected["started_at"] = sealed["started_at"]
        column = next((c for c, v in expected.items() if getattr(row, c) != v), None)
        if column:
            problems.append(
                f"source {row.id}, column {column} differs from what the "
                f"{entry.action} sealed (ledger entry {entry.seq})"
            )
    return problems


def _accounts(
    conn: sqlite3.Connection, entries: list[ledger.Entry], swept: tuple[bool, str]
) -> list[str]:
    """Accounts and the names they were seen with, against their seals and the last digest:
    checked in bulk (`sweep.accounts`), row by row to name what differs."""
    last = next((e for e in reversed(entries) if "accounts_digest" in e.payload), None)
    if last and swept == (True, last.payload["accounts_digest"]):  # trusted only with a digest
        return []
    by = f"ledger entry {last.seq}" if last else "no ledger entry yet"
    problems = []
    digest = hashlib.sha256()  # seals.accounts_digest, in the same pass
    encode = seals.encode  # looked up once: this loop runs per row
    for table, plain in seals.account_rows(conn):
        seal = plain[-1]
        digest.update(f"{table}|{plain[0]}|{seal or ''}\n".encode("utf-8", "surrogatepass"))
        if not seal:
            continue
        values = plain[1:-1]
        if _sealed(encode(values).encode("utf-8", "surrogatepass"), seal):
            continue
        row = seals.SealedRow(table, plain[0], values, seal)
        column = seals.first_difference(row.columns, row.values, row.seal)
        if column:
            problems.append(f"{row.label}, column {column} differs from what was sealed ({by})")
    if last and digest.hexdigest() != last.payload["accounts_digest"]:
        unsealed = open_scans(conn)
        problems.append(
            f"accounts: their seals changed since ledger entry {last.seq} ({last.action}): "
            "an account or name was edited outside nocontact, seal and all"
            + (
                f", or scan source {unsealed[0]} was interrupted before sealing (run "
                "`nocontact scan` to seal it)"
                if unsealed
                else ""
            )
        )
    return problems


def _terms(case: Case, problems: list[str]) -> dict[str, Any] | None:
    """config.toml's order terms, None without a config (a config error is a problem)."""
    if not case.config_path.is_file():
        return None
    try:
        return case.config().order.terms()
    except ConfigError as exc:
        problems.append(str(exc))
        return None


def _enrichments(
    case: Case, rows: dict[int, StoredLookup], entries: list[ledger.Entry]
) -> list[str]:
    """Recompute what enrichment recorded: profile bodies, avatar files, the ledger's lists."""
    problems: list[str] = []
    files = {(r.avatar_path, r.avatar_sha256) for r in rows.values() if r.avatar_path}
    for row in rows.values():
        if text_sha256(row.raw) != row.raw_sha256:
            problems.append(f"enrichment {row.id}: profile record does not match its sha256")
    for path, sha in sorted(files):
        if not (case.root / path).is_file():
            problems.append(f"avatar file {path} is missing")
        elif archive_copies.plain_sha256(case.root / path, case.file_key()) != sha:
            problems.append(f"avatar file {path} does not match sha256 {sha}")
    for entry in (e for e in entries if e.action == "enrich"):
        for fetch in entry.payload["fetches"]:
            row = rows.get(fetch["enrichment_id"])
            recorded = (fetch["raw_sha256"], fetch["avatar_sha256"])
            if row is None or (row.raw_sha256, row.avatar_sha256) != recorded:
                problems.append(
                    f"ledger entry {entry.seq} (enrich): enrichment {fetch['enrichment_id']}"
                    " was changed or removed since it was recorded"
                )
    return problems
