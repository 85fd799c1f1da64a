"""After a scan: fetch the avatars of accounts that just made contact, so `--notify` scores them.

An account a scan met for the first time (or whose avatar address changed) is often known
only by its picture: a restrained person's new account may show a mirrored, cropped copy of
their own photo. Each such picture is downloaded from the address the scan's own API answer
gave, bounded (size, time, image types only, a number per scan), hashed by the matcher's
bomb-safe pipeline and stored, filed and ledgered by the same code as `nocontact enrich`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from crawlers.api import ApiClient
from crawlers.api._media import MAX_BYTES, Media, fetch_avatar
from crawlers.spiders.records import Avatar, ProfileResult
from nocontact.case import Case, Progress, no_progress
from nocontact.intake import enrichment
from nocontact.store.accounts import AvatarDue, LookupDue, avatars_due
from nocontact.store.database import Store
from nocontact.store.instants import iso

logger = logging.getLogger(__name__)

MAX_PER_SCAN = 40  # the rest wait for the next scan, most recently active first
RETRY_AFTER = timedelta(hours=6)  # a download that failed for a passing reason


@dataclass(frozen=True, slots=True)
class AvatarFetches:
    """What one platform's avatar downloads gave."""

    asked: int = 0
    stored: int = 0
    not_kept: int = 0
    waiting: bool = False  # more were due than one scan fetches
    ledger_hash: str | None = None

    def summary(self) -> str:
        later = "; more wait for the next scan" if self.waiting else ""
        return f"avatars of new accounts: {self.stored} stored, {self.not_kept} not kept{later}"


def fetch_new(
    case: Case,
    store: Store,
    platform: str,
    http: ApiClient,
    *,
    scan_source: int | None,
    max_bytes: int = MAX_BYTES,
    limit: int = MAX_PER_SCAN,
    progress: Progress = no_progress,
) -> AvatarFetches:
    """Download, keep and ledger the avatars now due on `platform`; one transaction."""
    retry_since = iso(datetime.now(UTC) - RETRY_AFTER)
    with store.reading() as conn:
        due = avatars_due(conn, platform, retry_since=retry_since, limit=limit + 1)
    due, waiting = due[:limit], len(due) > limit
    if not due:
        return AvatarFetches()
    label = f"scanning {platform}: avatars of new accounts"
    results: list[ProfileResult] = []
    images: dict[str, enrichment.KeptImage | str | None] = {}
    for done, account in enumerate(due, 1):
        media = fetch_avatar(http, account.avatar_url, platform, max_bytes=max_bytes)
        results.append(_result(account, media))
        images[str(account.id)] = (
            enrichment.keep_image(case, media.data, media.content_type) if media.data else None
        )
        progress(label, done, len(due))
    lookups = {a.id: LookupDue(a.id, a.platform, a.handle, a.user_id) for a in due}
    with store.transaction() as conn:
        found = enrichment.record(
            conn, lookups, results, images, servers={platform: None}, scan_source=scan_source
        )
    return AvatarFetches(
        len(due), found.avatars_stored, found.avatars_not_kept, waiting, found.ledger_hash
    )


def _result(account: AvatarDue, media: Media) -> ProfileResult:
    """A download in the shape enrichment stores; the profile itself came from the scan."""
    fetched_at = media.fetched_at or datetime.now(UTC)
    return ProfileResult(
        key=str(account.id),
        platform=account.platform,
        fetch_url=account.avatar_url,
        fetched_at=fetched_at,
        status="ok",
        avatar=Avatar(
            url=account.avatar_url,
            fetched_at=media.fetched_at,
            content_type=media.content_type,
            size=len(media.data) if media.data else None,
            reason=media.reason,
            transient=media.transient,
        ),
    )
