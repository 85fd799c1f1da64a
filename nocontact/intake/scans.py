"""Run live API scans into the case store: each page commits with the cursor that follows it.

A scan is one source (kind "scan") whose sha256 covers every response read (time, URL,
status and body hash). Records and the cursor advance of a page are one transaction, so a
scan stopped at any point keeps only whole pages and the next scan resumes right after
them. The scan's ledger entry seals its records when it ends; a scan killed before that is
sealed as "interrupted" by the next one.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import sqlite3
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from crawlers import api
from crawlers.api import ApiClient, ScanPage
from crawlers.errors import ScanError
from nocontact.case import Case, Progress, no_progress
from nocontact.errors import ConfigError, NocontactError
from nocontact.store import ledger, writes
from nocontact.store.database import Store
from nocontact.store.instants import iso, now


@dataclass(slots=True)
class ScanResult:
    platform: str
    account: str | None = None
    pages: int = 0
    read: int = 0
    by_type: Counter[str] = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    source_id: int | None = None
    sha256: str | None = None
    error: str | None = None

    @property
    def added(self) -> int:
        return sum(self.by_type.values())

    def summary(self) -> str:
        kinds = ", ".join(f"{n} {t}" for t, n in sorted(self.by_type.items())) or "nothing"
        who = f"{self.platform} {self.account}" if self.account else self.platform
        done = f"read {self.read} records on {self.pages} pages, added {self.added} new ({kinds})"
        if self.error:
            return f"{who}: scan stopped: {self.error} ({done} before stopping)"
        return f"{who}: {done}; sha256 {(self.sha256 or '')[:12]}…"


def run_scan(
    case: Case,
    platform: str | None = None,
    *,
    http: ApiClient | None = None,
    progress: Progress = no_progress,
) -> list[ScanResult]:
    """Scan every configured platform (or one); a platform that fails does not stop the rest."""
    config = case.config()
    if platform and platform not in config.scan:
        raise ConfigError(
            f"{case.config_path}: no [scan.{platform}] table; see config.example.toml"
        )
    names = [platform] if platform else [m.NAME for m in api.SCANNERS if m.NAME in config.scan]
    if not names:
        return []  # scans are optional: nothing is set up, nothing to do
    scanners = [api.get(name) for name in names]
    for scanner in scanners:
        _check_settings(case, scanner, config.scan[scanner.NAME])
    client = http or ApiClient()
    try:
        with _exclusive(case), case.store() as store:
            _seal_unfinished(store)
            return [_scan_one(store, s, config.scan[s.NAME], client, progress) for s in scanners]
    finally:
        if http is None:
            client.close()


def _check_settings(case: Case, scanner: ModuleType, settings: Mapping[str, Any]) -> None:
    for key in scanner.SETTINGS:
        if not str(settings.get(key) or "").strip():
            raise ConfigError(f"{case.config_path}: scan.{scanner.NAME}.{key}: missing")


@contextmanager
def _exclusive(case: Case) -> Iterator[None]:
    """One scan per case at a time: a timer run and a manual run must not interleave."""
    case.private_dir(case.root)
    with open(case.root / ".scan.lock", "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise NocontactError(
                f"another scan of {case.root} is running; try again when it has finished"
            ) from None
        yield


def _scan_one(
    store: Store,
    scanner: ModuleType,
    settings: Mapping[str, Any],
    http: ApiClient,
    progress: Progress,
) -> ScanResult:
    run = _Run(store, scanner)
    label = f"scanning {scanner.NAME}: pages read"
    try:
        for pages, page in enumerate(scanner.scan(http, settings, run.cursor), 1):
            run.commit(page)
            progress(label, pages, None)
    except ScanError as exc:
        run.result.error = str(exc)
    run.seal("interrupted" if run.result.error else "complete")
    return run.result


class _Run:
    """One platform's scan: its source row, response manifest and running totals."""

    def __init__(self, store: Store, scanner: ModuleType) -> None:
        self.store, self.scanner = store, scanner
        self.result = ScanResult(scanner.NAME)
        self.manifest: list[list[Any]] = []
        self.size = 0

    def cursor(self, account: str, stream: str) -> str | None:
        row = self.store.db.conn.execute(
            "SELECT cursor FROM scan_state WHERE platform = ? AND account = ? AND stream = ?",
            (self.scanner.NAME, account, stream),
        ).fetchone()
        return row[0] if row else None

    def commit(self, page: ScanPage) -> None:
        """A page's records, its cursor and the source's running hash: all or nothing."""
        manifest = self.manifest + [
            [iso(r.fetched_at), r.method, r.url, r.status, r.sha256] for r in page.responses
        ]
        size = self.size + sum(len(r.text.encode("utf-8")) for r in page.responses)
        with self.store.transaction() as conn:
            source_id = self.result.source_id or self._add_source(conn, page, manifest)
            writer = writes.InteractionWriter(conn, source_id)
            for interaction in page.interactions:
                writer.add(interaction)
            by_type = writer.finish()
            if page.cursor is not None:
                _save_cursor(conn, self.scanner.NAME, page)
            sha = _manifest_sha256(manifest)
            counts = {
                "account": page.account,
                "pages": self.result.pages + 1,
                "read": self.result.read + len(page.interactions),
                "added": sum(by_type.values()),
                "by_type": by_type,
                "responses": manifest,
            }
            conn.execute(
                "UPDATE sources SET sha256 = ?, size = ?, counts = ? WHERE id = ?",
                (sha, size, json.dumps(counts), source_id),
            )
        self.manifest, self.size = manifest, size
        self.result.account, self.result.source_id, self.result.sha256 = (
            page.account,
            source_id,
            sha,
        )
        self.result.pages, self.result.read = counts["pages"], counts["read"]
        self.result.by_type = Counter(by_type)
        self.result.warnings += page.warnings

    def _add_source(self, conn: sqlite3.Connection, page: ScanPage, manifest: list[Any]) -> int:
        return writes.add_source(
            conn,
            sha256=_manifest_sha256(manifest),
            kind="scan",
            platforms=[self.scanner.NAME],
            name=f"{page.account} on {self.scanner.NAME}",
            size=0,
            parsers=[f"{self.scanner.NAME}/{self.scanner.VERSION}"],
            copy_path=None,
        )

    def seal(self, status: str) -> None:
        """Close the source and seal its records in the ledger (nothing to seal: no source)."""
        if self.result.source_id is None:
            return
        with self.store.transaction() as conn:
            _seal(conn, self.result.source_id, status)


def _save_cursor(conn: sqlite3.Connection, platform: str, page: ScanPage) -> None:
    conn.execute(
        "INSERT INTO scan_state (platform, account, stream, cursor, updated_at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (platform, account, stream)"
        " DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at",
        (platform, page.account, page.stream, page.cursor, now()),
    )


def _manifest_sha256(manifest: list[list[Any]]) -> str:
    lines = "".join(" ".join(str(part) for part in entry) + "\n" for entry in manifest)
    return hashlib.sha256(lines.encode("utf-8")).hexdigest()


def _seal(conn: sqlite3.Connection, source_id: int, status: str) -> None:
    sha, name, platforms, counts = conn.execute(
        "SELECT sha256, original_name, platforms, counts FROM sources WHERE id = ?", (source_id,)
    ).fetchone()
    conn.execute(
        "UPDATE sources SET finished_at = ?, status = ? WHERE id = ?", (now(), status, source_id)
    )
    summary = {k: v for k, v in json.loads(counts or "{}").items() if k != "responses"}
    ledger.append(
        conn,
        "scan",
        {
            "source_id": source_id,
            "sha256": sha,
            "name": name,
            "platforms": platforms.split(","),
            "status": status,
            **summary,
            "interactions_digest": writes.interactions_digest(conn, source_id),
        },
    )


def _seal_unfinished(store: Store) -> None:
    """A scan killed before its end left a source open: seal what it stored, as interrupted."""
    rows = store.db.conn.execute(
        "SELECT id FROM sources WHERE kind = 'scan' AND status = 'importing' ORDER BY id"
    ).fetchall()
    for (source_id,) in rows:
        with store.transaction() as conn:
            _seal(conn, source_id, "interrupted")


def notify_lines(case: Case, results: list[ScanResult]) -> list[str]:
    """New contact this scan found from accounts that are hits (run after matching)."""
    sources = [r.source_id for r in results if r.source_id is not None]
    if not sources:
        return ["no new records"]
    with case.store(create=False) as store:
        rows = store.db.conn.execute(
            "SELECT hits.id, accounts.platform, coalesce(accounts.handle, accounts.display_name,"
            " accounts.user_id), hits.subject, hits.kind, hits.score, hits.status,"
            " count(interactions.id), group_concat(DISTINCT interactions.type)"
            " FROM interactions JOIN hits ON hits.account_id = interactions.account_id"
            " JOIN accounts ON accounts.id = hits.account_id"
            f" WHERE interactions.source_id IN ({','.join('?' * len(sources))})"
            " AND hits.status != 'dismissed' GROUP BY hits.id ORDER BY hits.score DESC",
            sources,
        ).fetchall()
    if not rows:
        return ["no new contact from accounts suspected of being anyone named in the order"]
    lines = [f"NEW CONTACT to review from {len(rows)} suspected account(s):"]
    for hit_id, platform, who, subject, kind, score, status, count, types in rows:
        lines.append(
            f"  hit {hit_id}: {platform} {who}: {count} new ({types.replace(',', ', ')}); "
            f"{_suspicion(kind, subject)} (score {score:.2f}, {status})"
        )
    return lines


def _suspicion(kind: str, subject: str) -> str:
    if kind == "known":
        return "an account the order lists for the restrained person"
    if kind == "third_party":
        return f"suspected contact through {subject}"
    return "suspected new account of the restrained person"
