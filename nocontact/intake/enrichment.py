"""Fill in unknown avatars, creation dates and bios from public, login-free profiles.

Archives often name an account only by handle or id. Mastodon and Bluesky publish the
rest without a login, which the matcher needs (avatars, account age). Mastodon lookups go
through the user's own instance (`[scan.mastodon] instance`), which answers for remote
accounts from its own cache, so a server the restrained person may run never sees the
user's address; Bluesky lookups go to the public AppView. The crawl runs in a child
process (see crawlers.spiders.runner); what it found is stored here in one transaction,
sealed by a ledger entry that lists each URL and its fetch time. Values an archive or a
scan recorded are never overwritten.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import tempfile
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from crawlers.errors import CrawlError
from crawlers.spiders import runner
from crawlers.spiders.records import (
    BLUESKY_APPVIEW,
    DEFAULT_AVATAR,
    IMAGE_TYPES,
    PLATFORMS,
    Avatar,
    ProfileResult,
    Target,
)
from matcher import avatars
from nocontact import __version__
from nocontact.case import Case, Progress, no_progress
from nocontact.config import Config
from nocontact.errors import ConfigError, EnrichError
from nocontact.store import cipher, ledger, seals
from nocontact.store.accounts import LookupDue, add_names, fill_unknown, lookups_due
from nocontact.store.avatars import AvatarImage, add_avatar
from nocontact.store.enrichments import add_enrichment
from nocontact.store.fingerprint import text_sha256
from nocontact.store.instants import iso

logger = logging.getLogger(__name__)

USER_AGENT = f"nocontact/{__version__} (+local evidence tool; no login)"
AVATARS = Path("evidence") / "avatars"
RETRY_AFTER = timedelta(days=30)  # a profile found (or gone) is asked again after this


@dataclass(frozen=True, slots=True)
class EnrichResult:
    looked_up: int = 0
    found: int = 0
    unavailable: int = 0
    failed: int = 0
    completed: int = 0
    avatars_stored: int = 0
    avatars_not_kept: int = 0
    no_instance: int = 0
    ledger_hash: str | None = None

    def summary(self) -> str:
        note = (
            f"; {self.no_instance} mastodon accounts waiting for [scan.mastodon] instance"
            if self.no_instance
            else ""
        )
        if not self.looked_up:
            return f"enrich: nothing to look up{note}"
        return (
            f"enrich: {self.looked_up} profiles looked up ({self.found} found, "
            f"{self.unavailable} not found or refused, {self.failed} to retry); "
            f"{self.completed} accounts completed, {self.avatars_stored} avatars stored, "
            f"{self.avatars_not_kept} not kept{note}"
        )


@dataclass(frozen=True, slots=True)
class _Options:
    instance: str | None
    appview: str
    delay: float


@dataclass(frozen=True, slots=True)
class KeptImage:
    """A fetched avatar kept under evidence/avatars/, with the hashes the matcher reads."""

    path: str
    avatar: AvatarImage

    @property
    def sha256(self) -> str:
        return self.avatar.sha256


def enrich(
    case: Case,
    *,
    platform: str | None = None,
    limit: int | None = None,
    progress: Progress = no_progress,
) -> EnrichResult:
    """Look up accounts missing an avatar or creation date; store what their profiles show."""
    options = _options(case.config(), case.config_path)
    wanted = [p for p in PLATFORMS if platform in (None, p)]
    waiting = options.instance is None and "mastodon" in wanted
    since = iso(datetime.now(UTC) - RETRY_AFTER)
    with case.store(create=False) as store, store.reading() as conn:
        no_instance = (
            len(lookups_due(conn, ["mastodon"], since=since, limit=None)) if waiting else 0
        )
        asked = [p for p in wanted if not (waiting and p == "mastodon")]
        found = lookups_due(conn, asked, since=since, limit=limit)
    targets = _targets(found, options)
    by_id = {account.id: account for account in found}
    due = {int(target.key): by_id[int(target.key)] for target in targets}
    if not due:
        return EnrichResult(no_instance=no_instance)
    cache = case.private_dir(case.root / "cache")
    label = f"enrich: looking up {len(targets):,} public profiles (all at once)"
    progress(label, 0, len(targets))
    with tempfile.TemporaryDirectory(dir=cache, prefix="enrich-") as spool:
        # An encrypted case keeps no HTTP cache: it lasts this run, in the spool.
        http = Path(spool) / "http" if case.encrypted else case.private_dir(cache / "http")
        try:
            results = runner.fetch(
                targets,
                Path(spool),
                cache_dir=http,
                user_agent=USER_AGENT,
                delay=options.delay,
            )
        except CrawlError as exc:
            raise EnrichError(f"{exc}; nothing was stored (run with -v for details)") from exc
        progress(label, len(targets), len(targets))
        images = {r.key: _keep_avatar(case, Path(spool), r.avatar) for r in results if r.avatar}
        servers = {"mastodon": options.instance, "bluesky": options.appview}
        with case.store() as store, store.transaction() as conn:
            return record(conn, due, results, images, servers=servers, no_instance=no_instance)


def _options(config: Config, origin: Path) -> _Options:
    instance = config.scan.get("mastodon", {}).get("instance")
    delay = config.enrich.get("delay", 1.0)
    if isinstance(delay, bool) or not isinstance(delay, int | float) or not 0 <= delay <= 60:
        raise ConfigError(f"{origin}: enrich.delay: expected seconds from 0 to 60, got {delay!r}")
    if instance is not None:
        instance = _http_url(instance, "scan.mastodon.instance", origin)
    return _Options(
        instance=instance,
        appview=_http_url(config.enrich.get("appview", BLUESKY_APPVIEW), "enrich.appview", origin),
        delay=float(delay),
    )


def _http_url(value: Any, key: str, origin: Path) -> str:
    """A server address; a bare host name means https."""
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{origin}: {key}: expected a server address, got {value!r}")
    text = value.strip().rstrip("/")
    parts = urlsplit(text if "://" in text else f"https://{text}")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"{origin}: {key}: {value!r} is not an http(s) server address")
    return parts.geturl()


def _targets(due: list[LookupDue], options: _Options) -> list[Target]:
    """What to ask for each account; the store's id is the key that comes back."""
    targets = []
    for account in due:
        base = options.instance if account.platform == "mastodon" else options.appview
        try:
            targets.append(
                Target(
                    account.platform, str(account.id), base or "", account.handle, account.user_id
                )
            )
        except ValueError as exc:
            logger.warning(
                "%s account %s cannot be looked up: %s", account.platform, account.id, exc
            )
    return targets


def _keep_avatar(case: Case, spool: Path, avatar: Avatar) -> KeptImage | str | None:
    """The crawler's spooled avatar, checked against its sha256, kept; or say why not."""
    if avatar.file is None:
        return None
    expected = f"{avatar.sha256}.{IMAGE_TYPES.get(avatar.content_type or '', '')}"
    data = (spool / expected).read_bytes() if avatar.file == expected else b""
    if hashlib.sha256(data).hexdigest() != avatar.sha256:
        return "the downloaded file does not match its sha256"
    return keep_image(case, data, avatar.content_type)


def keep_image(case: Case, data: bytes, content_type: str | None) -> KeptImage | str:
    """Keep a fetched avatar under evidence/avatars/<sha256> (0600, sealed in an encrypted
    case) with the matcher's hashes; or say why it is not kept. Enrich and scan both use it."""
    extension = IMAGE_TYPES.get(content_type or "")
    if extension is None:
        return f"not an image (content type {content_type or 'missing'})"
    described = _describe(data)
    if isinstance(described, str):
        return described
    sha256 = hashlib.sha256(data).hexdigest()
    case.private_dir(case.root / AVATARS.parent)
    key = case.file_key()  # an encrypted case keeps the avatar sealed
    name = f"{sha256}.{extension}{cipher.SUFFIX if key else ''}"
    target = case.private_dir(case.root / AVATARS) / name
    if not target.exists():
        cipher.write_private(target, data, key)
    os.chmod(target, 0o600)
    return KeptImage(target.relative_to(case.root).as_posix(), AvatarImage(sha256, *described))


def _describe(data: bytes) -> tuple[str, str, float, bool] | str:
    """The matcher's hashes (computed once, here), a rough quality and whether a placeholder."""
    image = avatars.open_image(data, what="fetched avatar")
    if image is None:
        return "not a readable image, or too large to decode safely"
    described = avatars.describe_image(image)
    if described.hash is None:
        return "no picture hash could be computed"
    phash, _, dhash = str(described.hash).partition(":")
    quality = round(min(1.0, min(image.size) / 400), 3)
    return phash, dhash, quality, not described.usable


def record(
    conn: sqlite3.Connection,
    due: dict[int, LookupDue],
    results: list[ProfileResult],
    images: dict[str, KeptImage | str | None],
    *,
    servers: dict[str, str | None],
    no_instance: int = 0,
    scan_source: int | None = None,
) -> EnrichResult:
    """Store every result and seal them all with one ledger entry (`scan_source`: the scan
    whose answers gave the avatar addresses, when a scan fetched them)."""
    fetches = [_apply(conn, due[int(r.key)], r, images.get(r.key)) for r in results]
    for account_id in due.keys() - {int(r.key) for r in results}:
        logger.warning("account %s: no answer from the crawler; asked again next run", account_id)
    counts = Counter(fetch["status"] for fetch in fetches)
    head = ledger.append(
        conn,
        "enrich",
        {
            "tool_version": __version__,
            "user_agent": USER_AGENT,
            "servers": servers,
            **({"scan_source_id": scan_source} if scan_source is not None else {}),
            "fetches": fetches,
            "accounts_digest": seals.accounts_digest(conn),
        },
    )
    return EnrichResult(
        looked_up=len(due),
        found=counts["ok"],
        unavailable=counts["not_found"] + counts["refused"],
        failed=counts["error"] + len(due) - len(results),
        completed=sum(1 for fetch in fetches if fetch["filled"]),
        avatars_stored=sum(1 for fetch in fetches if fetch["avatar_sha256"]),
        avatars_not_kept=sum(1 for fetch in fetches if fetch["avatar_reason"]),
        no_instance=no_instance,
        ledger_hash=head,
    )


def _apply(
    conn: sqlite3.Connection,
    account: LookupDue,
    result: ProfileResult,
    image: KeptImage | str | None,
) -> dict[str, Any]:
    """One result: fill unknown account fields, keep names as history, add the avatar."""
    account_id, platform = account.id, account.platform
    who = f"{platform} account {account.handle or account.user_id}"
    filled = _fill(conn, account_id, result) if result.status == "ok" else []
    avatar = result.avatar
    reason = image if isinstance(image, str) else avatar.reason if avatar else None
    if isinstance(image, KeptImage):
        add_avatar(conn, account_id, image.avatar)
    status = "error" if result.status == "ok" and avatar and avatar.transient else result.status
    if result.status != "ok":
        logger.warning("%s: profile %s (%s)", who, result.status.replace("_", " "), result.reason)
    if reason:
        level = logging.INFO if reason == DEFAULT_AVATAR else logging.WARNING
        logger.log(level, "%s: avatar not kept: %s", who, reason)
    fetch = {
        "account_id": account_id,
        "platform": platform,
        "url": result.fetch_url,
        "fetched_at": iso(result.fetched_at),
        "cached": result.cached,
        "status": status,
        "reason": result.reason,
        "raw_sha256": text_sha256(result.raw),
        "filled": filled,
        "avatar_url": avatar.url if avatar else None,
        "avatar_fetched_at": iso(avatar.fetched_at) if avatar and avatar.fetched_at else None,
        "avatar_sha256": image.sha256 if isinstance(image, KeptImage) else None,
        "avatar_path": image.path if isinstance(image, KeptImage) else None,
        "avatar_reason": reason,
    }
    columns = {name: value for name, value in fetch.items() if name != "url"}
    columns |= {"fetch_url": result.fetch_url, "raw": result.raw, "filled": ",".join(filled)}
    fetch["enrichment_id"] = add_enrichment(conn, columns)
    return fetch


def _fill(conn: sqlite3.Connection, account_id: int, result: ProfileResult) -> list[str]:
    """Set only fields the account lacks; record handle and display name as history."""
    found = {
        "display_name": result.display_name,
        "bio": result.bio,
        "created_at": iso(result.created_at) if result.created_at else None,
        "avatar_url": result.avatar_url,
        "url": result.profile_url,
        "user_id": result.user_id,
        # Mastodon's acct is relative to the instance asked; the stored handle is qualified.
        "handle": result.handle if result.platform == "bluesky" else None,
    }
    filled = fill_unknown(conn, account_id, found)
    add_names(conn, account_id, found, iso(result.fetched_at))
    return filled
