"""Recompute every hash the case recorded: ledger chain, raw records, archive copies."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

from nocontact.case import Case
from nocontact.errors import StoreError
from nocontact.store import cipher, ledger
from nocontact.store.enrichments import StoredLookup, stored_lookups
from nocontact.store.fingerprint import (
    pieces_sha256,
    text_sha256,
    zip_members_sha256,
)
from nocontact.store.interactions import raw_records
from nocontact.store.sources import sources
from nocontact.store.writes import interactions_digest


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

    def summary(self) -> str:
        return (
            f"verify {self.state}: {self.ledger_entries} ledger entries, {self.interactions} "
            f"raw records, {self.sources} source copies checked; ledger head {self.head}"
        )


def verify(case: Case) -> VerifyReport:
    """Check the case; problems are listed in the order found, first bad entry first."""
    report = VerifyReport()
    with case.store(create=False) as store, store.reading() as conn:
        entries, report.problems = ledger.check(conn)
        report.ledger_entries, report.head = len(entries), ledger.head(conn)
        for record in raw_records(conn):
            report.interactions += 1
            if hashlib.sha256(record.raw.encode()).hexdigest() != record.raw_sha256:
                report.problems.append(
                    f"interaction {record.id} ({record.platform} {record.type}, "
                    f"{record.locator}): raw record does not match its sha256"
                )
        for entry in entries:
            if entry.action in ("import", "scan"):
                digest = interactions_digest(conn, entry.payload["source_id"])
                if digest != entry.payload["interactions_digest"]:
                    report.problems.append(
                        f"ledger entry {entry.seq} ({entry.action} of {entry.payload['name']}): "
                        f"its interactions were changed, added or removed since the {entry.action}"
                    )
        report.problems += _enrichments(case, stored_lookups(conn), entries)
        copies = [row for row in sources(conn) if row.copy_path is not None]
    key = case.file_key()
    for row in copies:
        report.sources += 1
        problem = _check_copy(case.sources_dir / row.copy_path, row.sha256, row.kind, key)
        if problem:
            report.problems.append(problem)
    return report


def _check_copy(path: Path, sha: str, kind: str, key: bytes | None) -> str | None:
    """An archive copy's hash, recomputed in memory when the copy is sealed."""
    if not path.is_file():
        return f"source copy {path} is missing"
    try:
        if kind == "folder":
            actual = zip_members_sha256(io.BytesIO(cipher.read_bytes(path, key)))
        else:
            actual = pieces_sha256(cipher.chunks_of(path, key))
    except StoreError as exc:
        return f"source copy {exc}"
    return None if actual == sha else f"source copy {path} does not match sha256 {sha}"


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
        elif _plain_sha256(case.root / path, case.file_key()) != sha:
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


def _plain_sha256(path: Path, key: bytes | None) -> str | None:
    """A file's hash, unsealed in memory if sealed; None if it cannot be unsealed."""
    try:
        return pieces_sha256(cipher.chunks_of(path, key))
    except StoreError:
        return None
