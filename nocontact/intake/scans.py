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
import sqlite3
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from crawlers import api
from crawlers.api import ApiClient, Scanner, ScanPage
from crawlers.errors import ScanError
from nocontact.case import Case, Progress, no_progress
from nocontact.errors import ConfigError, NocontactError
from nocontact.intake import scan_avatars
from nocontact.store import ledger, scan_state, seals, sources, writes
from nocontact.store.database import Store
from nocontact.store.hits import new_contact
from nocontact.store.instants import iso


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
    avatars: str | None = None  # what fetching new accounts' avatars gave, for the user

    @property
    def added(self) -> int:
        return sum(self.by_type.values())

    def summary(self) -> str:
        kinds = ", ".join(f"{n} {t}" for t, n in sorted(self.by_type.items())) or "nothing"
        who = f"{self.platform} {self.account}" if self.account else self.platform
        done = f"read {self.read} records on {self.pages} pages, added {self.added} new ({kinds})"
        pictures = f"; {self.avatars}" if self.avatars else ""
        if self.error:
            return f"{who}: scan stopped: {self.error} ({done} before stopping){pictures}"
        return f"{who}: {done}; sha256 {(self.sha256 or '')[:12]}…{pictures}"


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
    settings = [_settings(case, s, config.scan[s.NAME]) for s in scanners]
    client = http or ApiClient()
    try:
        with _exclusive(case), case.store() as store:
            with store.transaction() as conn:
                case.seal_order(conn)
            _seal_unfinished(store)
            return [
                _with_avatars(
                    case,
                    store,
                    _scan_one(store, scanner, typed, client, progress),
                    client,
                    progress,
                )
                for scanner, typed in zip(scanners, settings, strict=True)
            ]
    finally:
        if http is None:
            client.close()


def _settings(case: Case, scanner: Scanner, table: Mapping[str, Any]) -> object:
    """A scanner's typed settings, checked before any scan starts."""
    try:
        return scanner.settings(table)
    except ScanError as exc:
        raise ConfigError(f"{case.config_path}: {exc}") from None


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
    store: Store, scanner: Scanner, settings: object, http: ApiClient, progress: Progress
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


def _with_avatars(
    case: Case, store: Store, result: ScanResult, http: ApiClient, progress: Progress
) -> ScanResult:
    """Fetch the pictures of accounts this platform's scans met, so matching can use them."""
    fetched = scan_avatars.fetch_new(
        case, store, result.platform, http, scan_source=result.source_id, progress=progress
    )
    if fetched.asked:
        result.avatars = fetched.summary()
    return result


class _Run:
    """One platform's scan: its source row, response manifest and running totals."""

    def __init__(self, store: Store, scanner: Scanner) -> None:
        self.store, self.scanner = store, scanner
        self.result = ScanResult(scanner.NAME)
        self.manifest: list[list[Any]] = []
        self.size = 0

    def cursor(self, account: str, stream: str) -> str | None:
        with self.store.reading() as conn:
            return scan_state.cursor(conn, self.scanner.NAME, account, stream)

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
                scan_state.save_cursor(
                    conn, self.scanner.NAME, page.account, page.stream, page.cursor
                )
            sha = _manifest_sha256(manifest)
            counts = {
                "account": page.account,
                "pages": self.result.pages + 1,
                "read": self.result.read + len(page.interactions),
                "added": sum(by_type.values()),
                "by_type": by_type,
                "responses": manifest,
            }
            sources.update_scan(conn, source_id, sha256=sha, size=size, counts=counts)
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
        return sources.add_source(
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


def _manifest_sha256(manifest: list[list[Any]]) -> str:
    lines = "".join(" ".join(str(part) for part in entry) + "\n" for entry in manifest)
    return hashlib.sha256(lines.encode("utf-8")).hexdigest()


def _seal(conn: sqlite3.Connection, source_id: int, status: str) -> None:
    row = sources.source(conn, source_id)
    sources.close_source(conn, source_id, status)
    summary = {k: v for k, v in row.counts.items() if k != "responses"}
    ledger.append(
        conn,
        "scan",
        {
            "source_id": source_id,
            "sha256": row.sha256,
            "name": row.original_name,
            "platforms": list(row.platforms),
            "status": status,
            **summary,
            "interactions_digest": writes.interactions_digest(conn, source_id),
            "rows_digest": seals.rows_digest(conn, source_id),
            "started_at": row.started_at,
            "accounts_digest": seals.accounts_digest(conn),
        },
    )


def _seal_unfinished(store: Store) -> None:
    """A scan killed before its end left a source open: seal what it stored, as interrupted."""
    with store.reading() as conn:
        unfinished = sources.open_scans(conn)
    for source_id in unfinished:
        with store.transaction() as conn:
            _seal(conn, source_id, "interrupted")


def notify_lines(case: Case, results: list[ScanResult]) -> list[str]:
    """New contact this scan found from accounts that are hits (run after matching).

    A scheduled scan appends these lines to the clear-text logs/scan.log: in an encrypted
    case they give the hit number, never the account's handle or name (`nocontact hits`
    shows it after the passphrase).
    """
    source_ids = [r.source_id for r in results if r.source_id is not None]
    if not source_ids:
        return ["no new records"]
    with case.store(create=False) as store, store.reading() as conn:
        rows = new_contact(conn, source_ids)
    if not rows:
        return ["no new contact from accounts suspected of being anyone named in the order"]
    lines = [f"NEW CONTACT to review from {len(rows)} suspected account(s):"]
    for row in rows:
        who = "" if case.encrypted else f" {row.who}"
        lines.append(
            f"  hit {row.hit_id}: {row.platform}{who}: {row.count} new "
            f"({', '.join(row.types)}); {_suspicion(row.kind, row.subject)} "
            f"(score {row.score:.2f}, {row.status})"
        )
    return lines


def _suspicion(kind: str, subject: str) -> str:
    if kind == "known":
        return "an account the order lists for the restrained person"
    if kind == "third_party":
        return f"suspected contact through {subject}"
    return "suspected new account of the restrained person"
