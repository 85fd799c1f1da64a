"""Import archives into the case store: one transaction per archive, idempotent, streaming."""

from __future__ import annotations

import logging
import os
import re
import shutil
import sqlite3
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

from crawlers import exports
from crawlers.archive import TAR_SUFFIXES, Archive
from crawlers.errors import ArchiveError, UnknownFormat
from crawlers.events import EARLIEST_PLAUSIBLE, Account, Interaction, implausible
from nocontact.case import Case, Progress, no_progress
from nocontact.config import Config, ProtectedAccount
from nocontact.errors import ConfigError, StoreError
from nocontact.intake.batches import batches, spaced_collections, unzoned, zoned
from nocontact.intake.held_logs import readers_logs_held
from nocontact.store import cipher, ledger, seals, sources, writes
from nocontact.store.fingerprint import source_sha256
from nocontact.store.instants import iso

log = logging.getLogger(__name__)
_SHOWN = 10  # implausible times listed by name in the summary; the rest are counted
EXAMPLE_CONFIG = resources.files("nocontact") / "data" / "config.example.toml"  # package data
_SHAPE_ERRORS = (TypeError, KeyError, IndexError, AttributeError, ValueError, RecursionError)


@dataclass(slots=True)
class ImportResult:
    path: Path
    sha256: str
    platforms: list[str] = field(default_factory=list)
    read: int = 0
    added: int = 0
    by_type: Counter[str] = field(default_factory=Counter)
    skipped: list[str] = field(default_factory=list)
    undated: int = 0
    implausible: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    already_imported_at: str | None = None
    copy_path: Path | None = None
    local_zone: str | None = None  # set when the archive's times had no zone and this applied
    read_at: datetime = field(default_factory=lambda: datetime.now(UTC))  # "later" is after this

    def skip(self, locator: object, reason: str) -> None:
        """Parsers report each record they could not use; the summary counts them."""
        self.skipped.append(f"{locator}: {reason}")

    def note(self, items: list[Interaction]) -> None:
        """Count undated records and name those whose time cannot be real."""
        moments = [item.occurred_at for item in items]
        dated = [at for at in moments if at is not None]
        self.undated += len(moments) - len(dated)
        if dated and min(dated) >= EARLIEST_PLAUSIBLE and max(dated) <= self.read_at:
            return  # the common case, told at once for the whole batch
        for item in items:
            if implausible(item.occurred_at, read_at=self.read_at):
                self.implausible.append(f"{iso(item.occurred_at)} at {item.locator}")

    def unseen(self) -> dict[str, tuple[str, ...]]:
        """What this archive cannot show, given what it did contain: kinds per platform."""
        if self.already_imported_at:
            return {}
        shown = {g.platform: set(self.by_type) for g in exports.gaps(self.platforms)}
        kinds: dict[str, dict[str, None]] = {}
        for gap in exports.gaps(self.platforms, shown=shown):
            kinds.setdefault(gap.platform, {}).update(dict.fromkeys(gap.kinds))
        return {platform: tuple(found) for platform, found in kinds.items()}

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
        undated = (
            f"; {self.undated} undated (time not given by the archive)" if self.undated else ""
        )
        zone = f"; zone-less times read in {self.local_zone}" if self.local_zone else ""
        lines = [
            f"{self.path.name} [{', '.join(self.platforms)}]: read {self.read} records, "
            f"added {self.added} new ({kinds}){undated}{skipped}{zone}; "
            f"sha256 {self.sha256[:12]}…"
        ]
        if self.implausible:
            count, extra = len(self.implausible), len(self.implausible) - _SHOWN
            more = f"; and {extra} more" if extra > 0 else ""
            lines.append(
                f"  {count} implausible time{'s' if count > 1 else ''}, stored as read and "
                f"flagged: {'; '.join(self.implausible[:_SHOWN])}{more}"
            )
        lines += [f"  warning: {warning}" for warning in self.warnings]
        return "\n".join(lines)


def import_path(
    case: Case,
    path: Path,
    *,
    platform: str | None = None,
    copy: bool = True,
    progress: Progress = no_progress,
) -> list[ImportResult]:
    """Import an archive, or each archive in a folder of downloads (one transaction each)."""
    if path.is_dir() and platform is None and not _recognised(path):
        inner = sorted(p for p in path.iterdir() if p.is_dir() or _packed(p))
        found = [p for p in inner if _recognised(p)]
        if found:
            return [import_archive(case, p, copy=copy, progress=progress) for p in found]
    return [import_archive(case, path, platform=platform, copy=copy, progress=progress)]


def _packed(path: Path) -> bool:
    """A downloaded archive file: a zip, or a tar as Mastodon gives (.tar.gz)."""
    name = path.name.casefold()
    return name.endswith(".zip") or name.endswith(TAR_SUFFIXES)


def _recognised(path: Path) -> bool:
    try:
        with Archive(path) as archive:
            return bool(exports.detect(archive))
    except UnknownFormat:
        return False


def import_archive(
    case: Case,
    path: Path,
    *,
    platform: str | None = None,
    copy: bool = True,
    progress: Progress = no_progress,
) -> ImportResult:
    """Parse an archive and add its interactions; a failure leaves the store untouched.

    An archive already imported is read again only by parsers that have not read it yet.
    """
    with readers_logs_held(), spaced_collections():
        return _import_archive(case, path, platform, copy, progress)


def _import_archive(
    case: Case, path: Path, platform: str | None, copy: bool, progress: Progress
) -> ImportResult:
    config = _edited_config(case)
    sha = source_sha256(path)
    result = ImportResult(path=path, sha256=sha)
    with Archive(path) as archive, case.writing(), case.store() as store:
        parsers = [exports.get(platform)] if platform else exports.detect(archive)
        with store.reading() as conn:
            known = sources.find_source(conn, sha)
        if known:
            parsers = [p for p in parsers if p.NAME not in known[2]]
            if not parsers:
                result.already_imported_at = known[1]
                return result
        result.platforms = [p.NAME for p in parsers]
        result.warnings = _owner_warnings(archive, parsers, config)
        zone = ZoneInfo(config.order.timezone if config else "UTC")
        created_copy = _copy_to_evidence(case, path, sha) if copy else None
        try:
            with store.transaction() as conn:
                case.seal_order(conn)
                known_id = known[0] if known else None
                source_id = _source(conn, archive, parsers, result, created_copy, known_id)
                _write(conn, archive, parsers, result, source_id, zone=zone, progress=progress)
                if platform and result.read == 0 and not parsers[0].detect(archive):
                    raise UnknownFormat(
                        f"{path}: --platform {platform} found nothing it can read in this "
                        "archive; nothing was recorded (try without --platform)"
                    )
        except BaseException:
            if created_copy and created_copy.fresh:
                created_copy.path.unlink(missing_ok=True)
            raise
        result.copy_path = created_copy.path if created_copy else None
    return result


def _edited_config(case: Case) -> Config | None:
    """The case's config, refusing the example as written by `init` (never filled in)."""
    if not case.config_path.exists():
        return None
    if EXAMPLE_CONFIG.exists() and case.config_path.read_bytes() == EXAMPLE_CONFIG.read_bytes():
        raise ConfigError(
            f"{case.config_path}: still the unedited example; fill in [order], your "
            "[[protected.accounts]] and [restrained] before importing"
        )
    return case.config()


def _owner_warnings(
    archive: Archive, parsers: list[exports.Parser], config: Config | None
) -> list[str]:
    """Say when the archive's owner is not one of the protected person's own accounts."""
    if config is None:
        return []
    warnings = []
    for owner in (o for parser in parsers for o in parser.owners(archive)):
        mine = [a for a in config.protected if _same_platform(a.platform, owner)]
        shown = owner.handle or owner.display_name or owner.user_id
        if not mine:
            warnings.append(
                f"{archive.path.name} belongs to {owner.platform} account {shown!r}, and "
                f"config.toml lists no {owner.platform} account of yours in [[protected.accounts]]"
            )
        elif not _is_one_of(owner, mine):
            warnings.append(
                f"{archive.path.name} belongs to {owner.platform} account {shown!r}, which is "
                "not one of your [[protected.accounts]]: is this someone else's archive?"
            )
    return list(dict.fromkeys(warnings))


def _same_platform(configured: str, owner: Account) -> bool:
    aliases = {"twitter": "x", "threads": "instagram", "messenger": "facebook"}
    return aliases.get(configured.casefold(), configured.casefold()) == owner.platform


def _is_one_of(owner: Account, accounts: list[ProtectedAccount]) -> bool:
    """Whether any of the owner's names or ids is a configured handle or id (punctuation aside).

    Facebook gives the owner's display name only, so "Jane Doe" matches handle "jane.doe".
    """
    theirs = {_fold(v) for v in (owner.handle, owner.user_id, owner.display_name)} - {""}
    ours = {_fold(v) for a in accounts for v in (a.handle, a.user_id)} - {""}
    return bool(theirs & ours)


def _fold(value: str | None) -> str:
    """A name or handle without case, spaces or punctuation, to compare the two.

    >>> _fold("Jane Doe"), _fold("@jane.doe")
    ('janedoe', 'janedoe')
    """
    return re.sub(r"[\W_]+", "", value.casefold()) if value else ""


@dataclass(frozen=True, slots=True)
class _Copy:
    path: Path
    fresh: bool


def _copy_to_evidence(case: Case, path: Path, sha: str) -> _Copy:
    """Keep one read-only copy of the archive as received; a folder is stored as a zip.

    In an encrypted case the copy is sealed as it is written (`<sha>.zip.enc`).
    """
    key = case.file_key()
    tar = next((t for t in TAR_SUFFIXES if path.name.casefold().endswith(t)), None)
    suffix = ".zip" if path.is_dir() else tar or path.suffix.casefold() or ".bin"
    name = f"{sha}{suffix}{cipher.SUFFIX if key else ''}"
    target = case.private_dir(case.sources_dir) / name
    if target.exists():
        return _Copy(target, fresh=False)
    partial = target.with_name(f"{name}.partial")
    try:
        _write_copy(path, partial, key)
        os.chmod(partial, 0o400)
        partial.rename(target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise StoreError(
            f"{path.name}: cannot keep its copy in {target.parent} ({exc.strerror}); "
            "nothing was imported"
        ) from None
    return _Copy(target, fresh=True)


def _write_copy(path: Path, partial: Path, key: bytes | None) -> None:
    """The copy, sealed as it is written when there is a key (never in clear on disk)."""
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # truncates a stale one
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


def _write(
    conn: sqlite3.Connection,
    archive: Archive,
    parsers: list[exports.Parser],
    result: ImportResult,
    source_id: int,
    *,
    zone: ZoneInfo,
    progress: Progress,
) -> None:
    before = Counter(writes.counts_by_type(conn, source_id))
    writer = writes.InteractionWriter(conn, source_id)
    label = f"importing {archive.path.name}: records read"
    for parser in parsers:
        try:
            for batch in batches(parser.parse(archive, on_skip=result.skip)):
                if unzoned(batch):
                    result.local_zone = zone.key  # the export gave no zone: the case's applies
                    batch = zoned(batch, zone)
                result.note(batch)
                writer.extend(batch)
                progress(label, writer.read, None)
            writer.flush()  # what this reader gave is written while it is the one to blame
        except _SHAPE_ERRORS as exc:  # a record shaped as no reader expects: refuse, one line
            log.info("the %s reader failed on %s", parser.NAME, archive.path, exc_info=True)
            raise ArchiveError(
                f"{archive.path}: the {parser.NAME} reader cannot read this archive "
                f"({type(exc).__name__}: {str(exc)[:200]}); nothing was imported"
            ) from None
    progress(label, writer.read, writer.read)
    result.by_type.update(Counter(writer.finish()) - before)
    result.read = writer.read
    result.added = sum(result.by_type.values())
    counts = {
        "read": result.read,
        "added": result.added,
        "by_type": dict(result.by_type),
        "undated": result.undated,
        "implausible": len(result.implausible),
    }
    sources.finish_source(conn, source_id, counts)
    sealing = writer.sealing()
    ledger.append(
        conn,
        "import",
        {
            "source_id": source_id,
            "sha256": result.sha256,
            "name": archive.path.name,
            "platforms": result.platforms,
            **counts,
            "interactions_digest": sealing.interactions_digest,
            "up_to_id": sealing.up_to_id,
            "rows_digest": sealing.rows_digest,
            "started_at": sources.source(conn, source_id).started_at,
            "accounts_digest": seals.accounts_digest(conn),
            **({"local_times_zone": result.local_zone} if result.local_zone else {}),
        },
    )


def _source(
    conn: sqlite3.Connection,
    archive: Archive,
    parsers: list[exports.Parser],
    result: ImportResult,
    copied: _Copy | None,
    source_id: int | None,
) -> int:
    """Register the archive, or add these parsers to the archive already registered."""
    versions = [f"{p.NAME}/{p.VERSION}" for p in parsers]
    if source_id is not None:
        sources.extend_source(conn, source_id, platforms=result.platforms, parsers=versions)
        return source_id
    return sources.add_source(
        conn,
        sha256=result.sha256,
        kind="folder" if archive.path.is_dir() else "archive",
        platforms=result.platforms,
        name=archive.path.name,
        size=_size(archive.path),
        parsers=versions,
        copy_path=copied.path.name if copied else None,
    )


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size
