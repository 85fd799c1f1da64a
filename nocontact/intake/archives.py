"""Import archives into the case store: one transaction per archive, idempotent, streaming."""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from crawlers import exports
from crawlers.archive import Archive
from crawlers.errors import UnknownFormat
from nocontact.case import Case
from nocontact.store import cipher, ledger, sources, writes
from nocontact.store.fingerprint import source_sha256

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
            f"; skipped {len(self.skipped)} unreadable records (--debug lists them)"
            if (self.skipped)
            else ""
        )
        return (
            f"{self.path.name} [{', '.join(self.platforms)}]: read {self.read} records, "
            f"added {self.added} new ({kinds}){skipped}; sha256 {self.sha256[:12]}…"
        )


def import_path(
    case: Case, path: Path, *, platform: str | None = None, copy: bool = True
) -> list[ImportResult]:
    """Import an archive, or each archive in a folder of downloads (one transaction each)."""
    if path.is_dir() and platform is None and not _recognised(path):
        inner = sorted(p for p in path.iterdir() if p.is_dir() or p.suffix.lower() == ".zip")
        found = [p for p in inner if _recognised(p)]
        if found:
            return [import_archive(case, p, copy=copy) for p in found]
    return [import_archive(case, path, platform=platform, copy=copy)]


def _recognised(path: Path) -> bool:
    try:
        with Archive(path) as archive:
            return bool(exports.detect(archive))
    except UnknownFormat:
        return False


def import_archive(
    case: Case, path: Path, *, platform: str | None = None, copy: bool = True
) -> ImportResult:
    """Parse an archive and add its interactions; a failure leaves the store untouched."""
    sha = source_sha256(path)
    result = ImportResult(path=path, sha256=sha)
    with Archive(path) as archive, case.store() as store:
        with store.reading() as conn:
            result.already_imported_at = sources.finished_at(conn, sha)
        if result.already_imported_at:
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
    """Keep one read-only copy of the archive as received; a folder is stored as a zip.

    In an encrypted case the copy is sealed as it is written (`<sha>.zip.enc`).
    """
    key = case.file_key()
    name = f"{sha}.zip{cipher.SUFFIX if key else ''}"
    target = case.private_dir(case.sources_dir) / name
    if target.exists():
        return _Copy(target, fresh=False)
    partial = target.with_name(f"{name}.partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as raw:
        out = cipher.Sealer(raw, key) if key else raw
        if path.is_dir():
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:  # type: ignore[arg-type]
                for item in sorted(p for p in path.rglob("*") if p.is_file()):
                    zf.write(item, item.relative_to(path).as_posix())
        else:
            with path.open("rb") as source:
                shutil.copyfileobj(source, out)  # type: ignore[misc]
        out.close()
    os.chmod(partial, 0o400)
    partial.rename(target)
    return _Copy(target, fresh=True)


def _write(
    conn: sqlite3.Connection,
    archive: Archive,
    parsers: list[exports.Parser],
    result: ImportResult,
    *,
    copied: _Copy | None,
) -> None:
    source_id = sources.add_source(
        conn,
        sha256=result.sha256,
        kind="folder" if archive.path.is_dir() else "archive",
        platforms=result.platforms,
        name=archive.path.name,
        size=_size(archive.path),
        parsers=[f"{p.NAME}/{p.VERSION}" for p in parsers],
        copy_path=copied.path.name if copied else None,
    )
    writer = writes.InteractionWriter(conn, source_id)
    for parser in parsers:
        for interaction in parser.parse(archive, on_skip=result.skip):
            writer.add(interaction)
    result.by_type.update(writer.finish())
    result.read = writer.read
    result.added = sum(result.by_type.values())
    counts = {"read": result.read, "added": result.added, "by_type": dict(result.by_type)}
    sources.finish_source(conn, source_id, counts)
    ledger.append(
        conn,
        "import",
        {
            "source_id": source_id,
            "sha256": result.sha256,
            "name": archive.path.name,
            "platforms": result.platforms,
            **counts,
            "interactions_digest": writes.interactions_digest(conn, source_id),
        },
    )


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size
