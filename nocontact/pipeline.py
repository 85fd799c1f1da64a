"""Import archives into the case store: one transaction per archive, idempotent, streaming."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import sqlite3
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from crawlers import exports
from crawlers.archive import Archive
from crawlers.events import Account, Interaction
from nocontact import __version__, ledger
from nocontact.case import Case
from nocontact.fingerprint import source_sha256
from nocontact.timefmt import iso, now

log = logging.getLogger(__name__)
_BATCH = 1000


@dataclass(slots=True)
class ImportResult:
    path: Path
    sha256: str
    platforms: list[str] = field(default_factory=list)
    read: int = 0
    added: int = 0
    by_type: Counter[str] = field(default_factory=Counter)
    skipped: list[str] = field(default_factory=list)
    already_imported_at: str | None = None
    copy_path: Path | None = None

    def skip(self, locator: object, reason: str) -> None:
        """Parsers report each record they could not use; the summary counts them."""
        self.skipped.append(f"{locator}: {reason}")

    def summary(self) -> str:
        if self.already_imported_at:
            return (
                f"{self.path.name}: already imported on {self.already_imported_at} "
                f"(sha256 {self.sha256[:12]}…); nothing added"
            )
        kinds = ", ".join(f"{n} {t}" for t, n in sorted(self.by_type.items())) or "nothing"
        skipped = (
            f"; skipped {len(self.skipped)} unreadable records (-v lists them)"
            if (self.skipped)
            else ""
        )
        return (
            f"{self.path.name} [{', '.join(self.platforms)}]: read {self.read} records, "
            f"added {self.added} new ({kinds}){skipped}; sha256 {self.sha256[:12]}…"
        )


def import_archive(
    case: Case, path: Path, *, platform: str | None = None, copy: bool = True
) -> ImportResult:
    """Parse an archive and add its interactions; a failure leaves the store untouched."""
    sha = source_sha256(path)
    result = ImportResult(path=path, sha256=sha)
    with Archive(path) as archive, case.store() as store:
        row = store.db.execute("SELECT finished_at FROM sources WHERE sha256 = ?", [sha]).fetchone()
        if row:
            result.already_imported_at = row[0]
            return result
        parsers = [exports.get(platform)] if platform else exports.detect(archive)
        result.platforms = [p.NAME for p in parsers]
        created_copy = _copy_to_evidence(case, path, sha) if copy else None
        try:
            with store.transaction() as conn:
                _write(conn, archive, parsers, result, copied=created_copy)
        except BaseException:
            if created_copy and created_copy.fresh:
                created_copy.path.unlink(missing_ok=True)
            raise
        result.copy_path = created_copy.path if created_copy else None
    return result


@dataclass(frozen=True, slots=True)
class _Copy:
    path: Path
    fresh: bool


def _copy_to_evidence(case: Case, path: Path, sha: str) -> _Copy:
    """Keep one read-only copy of the archive as received; a folder is stored as a zip."""
    target = case.private_dir(case.sources_dir) / f"{sha}.zip"
    if target.exists():
        return _Copy(target, fresh=False)
    partial = target.with_suffix(".partial")
    if path.is_dir():
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as zf:
            for item in sorted(p for p in path.rglob("*") if p.is_file()):
                zf.write(item, item.relative_to(path).as_posix())
    else:
        shutil.copyfile(path, partial)
    os.chmod(partial, 0o400)
    partial.rename(target)
    return _Copy(target, fresh=True)


def _write(
    conn: sqlite3.Connection,
    archive: Archive,
    parsers: list[ModuleType],
    result: ImportResult,
    *,
    copied: _Copy | None,
) -> None:
    started = now()
    source_id = conn.execute(
        "INSERT INTO sources (sha256, kind, platforms, original_name, size, parsers,"
        " tool_version, started_at, status, copy_path) VALUES (?,?,?,?,?,?,?,?,?,?)",
        (
            result.sha256,
            "folder" if archive.path.is_dir() else "archive",
            ",".join(result.platforms),
            archive.path.name,
            _size(archive.path),
            ",".join(f"{p.NAME}/{p.VERSION}" for p in parsers),
            __version__,
            started,
            "importing",
            str(copied.path.name) if copied else None,
        ),
    ).lastrowid
    writer = _Writer(conn, source_id, result)
    for parser in parsers:
        for interaction in parser.parse(archive, on_skip=result.skip):
            writer.add(interaction)
    writer.flush()
    writer.touch_accounts()
    result.by_type.update(
        dict(
            conn.execute(
                "SELECT type, count(*) FROM interactions WHERE source_id = ? GROUP BY type",
                (source_id,),
            )
        )
    )
    result.added = sum(result.by_type.values())
    counts = {"read": result.read, "added": result.added, "by_type": dict(result.by_type)}
    conn.execute(
        "UPDATE sources SET finished_at = ?, status = 'complete', counts = ? WHERE id = ?",
        (now(), json.dumps(counts), source_id),
    )
    ledger.append(
        conn,
        "import",
        {
            "source_id": source_id,
            "sha256": result.sha256,
            "name": archive.path.name,
            "platforms": result.platforms,
            **counts,
            "interactions_digest": interactions_digest(conn, source_id),
        },
    )


def interactions_digest(conn: sqlite3.Connection, source_id: int) -> str:
    """One hash over the raw-record hashes an import added: the ledger seals them."""
    digest = hashlib.sha256()
    for row_id, raw_sha in conn.execute(
        "SELECT id, raw_sha256 FROM interactions WHERE source_id = ? ORDER BY id", (source_id,)
    ):
        digest.update(f"{row_id}:{raw_sha}\n".encode())
    return digest.hexdigest()


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size


class _Writer:
    """Batches interactions; accounts are upserted once each and cached by key."""

    def __init__(self, conn: sqlite3.Connection, source_id: int, result: ImportResult) -> None:
        self.conn, self.source_id, self.result = conn, source_id, result
        self.account_ids: dict[tuple[str, str], int] = {}
        self.pending: list[tuple[object, ...]] = []

    def add(self, item: Interaction) -> None:
        self.result.read += 1
        account_id = self._account_id(item.account)
        when = iso(item.occurred_at)
        text_sha = hashlib.sha256((item.text or "").encode()).hexdigest()
        dedup = "|".join(
            (
                item.platform,
                item.type,
                item.direction,
                item.account.key,
                when,
                item.target or "",
                text_sha,
            )
        )
        self.pending.append(
            (
                account_id,
                item.platform,
                item.type,
                item.direction,
                when,
                item.text,
                item.target,
                self.source_id,
                str(item.locator),
                item.raw,
                hashlib.sha256(item.raw.encode()).hexdigest(),
                hashlib.sha256(dedup.encode()).hexdigest(),
            )
        )
        if len(self.pending) >= _BATCH:
            self.flush()

    def flush(self) -> None:
        self.conn.executemany(
            "INSERT OR IGNORE INTO interactions (account_id, platform, type, direction,"
            " occurred_at, text, target, source_id, locator, raw, raw_sha256, dedup_key)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            self.pending,
        )
        self.pending.clear()

    def _account_id(self, account: Account) -> int:
        key = (account.platform, account.key)
        if key not in self.account_ids:
            self.account_ids[key] = _upsert_account(self.conn, account)
        return self.account_ids[key]

    def touch_accounts(self) -> None:
        """Refresh first/last seen from the interactions, now that the batch is in."""
        for account_id in self.account_ids.values():
            self.conn.execute(
                "UPDATE accounts SET first_seen = (SELECT min(occurred_at) FROM interactions"
                " WHERE account_id = :id), last_seen = (SELECT max(occurred_at) FROM"
                " interactions WHERE account_id = :id) WHERE id = :id",
                {"id": account_id},
            )


def _upsert_account(conn: sqlite3.Connection, account: Account) -> int:
    fields = {
        "platform": account.platform,
        "key": account.key,
        "user_id": account.user_id,
        "handle": account.handle,
        "display_name": account.display_name,
        "url": account.url,
        "avatar_url": account.avatar_url,
        "bio": account.bio,
        "created_at": iso(account.created_at) if account.created_at else None,
    }
    updates = ", ".join(
        f"{name} = coalesce(excluded.{name}, {name})"
        for name in ("user_id", "handle", "display_name", "url", "avatar_url", "bio", "created_at")
    )
    (account_id,) = conn.execute(
        f"INSERT INTO accounts ({', '.join(fields)}) VALUES ({', '.join('?' * len(fields))})"
        f" ON CONFLICT (platform, key) DO UPDATE SET {updates} RETURNING id",
        tuple(fields.values()),
    ).fetchone()
    for name in ("handle", "display_name"):
        if fields[name]:
            conn.execute(
                "INSERT OR IGNORE INTO account_names (account_id, field, value, seen_at)"
                " VALUES (?, ?, ?, ?)",
                (account_id, name, fields[name], now()),
            )
    return account_id
