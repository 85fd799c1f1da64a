"""Recompute every hash the case recorded: ledger chain, raw records, archive copies."""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from nocontact.case import Case
from nocontact.store import ledger
from nocontact.store.fingerprint import file_sha256, text_sha256, zip_members_sha256
from nocontact.store.writes import interactions_digest


@dataclass(slots=True)
class VerifyReport:
    ledger_entries: int = 0
    interactions: int = 0
    sources: int = 0
    head: str = ledger.GENESIS
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        state = "OK" if self.ok else f"FAILED ({len(self.problems)} problems)"
        return (
            f"verify {state}: {self.ledger_entries} ledger entries, {self.interactions} "
            f"raw records, {self.sources} source copies checked; ledger head {self.head}"
        )


def verify(case: Case) -> VerifyReport:
    """Check the case; problems are listed in the order found, first bad entry first."""
    report = VerifyReport()
    with case.store(create=False) as store:
        conn = store.db.conn
        entries, report.problems = ledger.check(conn)
        report.ledger_entries, report.head = len(entries), ledger.head(conn)
        for seq, locator, raw, raw_sha, platform, kind in conn.execute(
            "SELECT id, locator, raw, raw_sha256, platform, type FROM interactions ORDER BY id"
        ):
            report.interactions += 1
            if hashlib.sha256(raw.encode()).hexdigest() != raw_sha:
                report.problems.append(
                    f"interaction {seq} ({platform} {kind}, {locator}): "
                    "raw record does not match its sha256"
                )
        for entry in entries:
            if entry.action in ("import", "scan"):
                bound = entry.payload.get("up_to_id")  # set when a later import may add more
                digest = interactions_digest(conn, entry.payload["source_id"], up_to_id=bound)
                if digest != entry.payload["interactions_digest"]:
                    report.problems.append(
                        f"ledger entry {entry.seq} ({entry.action} of {entry.payload['name']}): "
                        f"its interactions were changed, added or removed since the {entry.action}"
                    )
        report.problems += _enrichments(case, conn, entries)
        for sha, kind, copy in conn.execute(
            "SELECT sha256, kind, copy_path FROM sources WHERE copy_path IS NOT NULL"
        ):
            report.sources += 1
            problem = _check_copy(case.sources_dir / copy, sha, kind)
            if problem:
                report.problems.append(problem)
    return report


def _check_copy(path: Path, sha: str, kind: str) -> str | None:
    if not path.is_file():
        return f"source copy {path} is missing"
    actual = zip_members_sha256(path) if kind == "folder" else file_sha256(path)
    return None if actual == sha else f"source copy {path} does not match sha256 {sha}"


def _enrichments(case: Case, conn: sqlite3.Connection, entries: list[ledger.Entry]) -> list[str]:
    """Recompute what enrichment recorded: profile bodies, avatar files, the ledger's lists."""
    problems: list[str] = []
    rows = {
        row[0]: row
        for row in conn.execute(
            "SELECT id, raw, raw_sha256, avatar_sha256, avatar_path FROM enrichments"
        )
    }
    files = {(path, sha) for _, _, _, sha, path in rows.values() if path}
    for row_id, raw, raw_sha, _, _ in rows.values():
        if text_sha256(raw) != raw_sha:
            problems.append(f"enrichment {row_id}: profile record does not match its sha256")
    for path, sha in sorted(files):
        if not (case.root / path).is_file():
            problems.append(f"avatar file {path} is missing")
        elif file_sha256(case.root / path) != sha:
            problems.append(f"avatar file {path} does not match sha256 {sha}")
    for entry in (e for e in entries if e.action == "enrich"):
        for fetch in entry.payload["fetches"]:
            row = rows.get(fetch["enrichment_id"])
            if row is None or (row[2], row[3]) != (fetch["raw_sha256"], fetch["avatar_sha256"]):
                problems.append(
                    f"ledger entry {entry.seq} (enrich): enrichment {fetch['enrichment_id']}"
                    " was changed or removed since it was recorded"
                )
    return problems
