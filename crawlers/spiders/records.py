"""What the profile crawler is asked and what it answers, with no Scrapy import.

The application imports these (and `crawlers.spiders.runner`) without paying for Scrapy
and Twisted, which load only in the crawler's own process.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode, urlsplit

PLATFORMS = ("mastodon", "bluesky")
BLUESKY_APPVIEW = "https://public.api.bsky.app"
MAX_AVATAR_BYTES = 4 * 1024 * 1024
DEFAULT_AVATAR = "the platform's default avatar; not fetched"
IMAGE_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/webp": "webp"}
_MAGIC = {"jpg": (b"\xff\xd8\xff",), "png": (b"\x89PNG\r\n\x1a\n",), "gif": (b"GIF87a", b"GIF89a")}
# Mastodon serves this placeholder for every account that never set an avatar.
_MASTODON_DEFAULT = "/avatars/original/missing.png"


@dataclass(frozen=True, slots=True)
class Target:
    """One account to look up; `key` comes back unchanged so the caller finds its record."""

    platform: str
    key: str
    base_url: str  # Mastodon: the instance asked; Bluesky: the AppView
    handle: str | None = None
    user_id: str | None = None

    def __post_init__(self) -> None:
        if self.platform not in PLATFORMS:
            raise ValueError(f"no public profile lookup for platform {self.platform!r}")
        if not self.actor:
            raise ValueError(f"{self.key}: a {self.platform} lookup needs a handle or DID")
        if urlsplit(self.base_url).scheme not in ("http", "https"):
            raise ValueError(f"{self.base_url!r} is not an http(s) address")

    @property
    def actor(self) -> str | None:
        """Bluesky prefers the DID (handles can move between accounts); Mastodon the acct."""
        if self.platform == "bluesky" and (self.user_id or "").startswith("did:"):
            return self.user_id
        return self.handle.lstrip("@") if self.handle else None

    @property
    def url(self) -> str:
        base = self.base_url.rstrip("/")
        if self.platform == "mastodon":
            return f"{base}/api/v1/accounts/lookup?{urlencode({'acct': self.actor})}"
        return f"{base}/xrpc/app.bsky.actor.getProfile?{urlencode({'actor': self.actor})}"


@dataclass(frozen=True, slots=True)
class Avatar:
    """An avatar as fetched: a spooled file named by its sha256, or why it was not kept."""

    url: str
    fetched_at: datetime | None = None
    content_type: str | None = None
    size: int | None = None
    sha256: str | None = None
    file: str | None = None
    reason: str | None = None
    transient: bool = False  # a network fault or server error: worth trying again soon


@dataclass(frozen=True, slots=True)
class ProfileResult:
    """What one lookup returned: status, the raw body, the fields read from it, the avatar."""

    key: str
    platform: str
    fetch_url: str
    fetched_at: datetime
    status: str  # ok | not_found | refused | error
    reason: str | None = None
    raw: str | None = None
    cached: bool = False
    handle: str | None = None
    user_id: str | None = None
    display_name: str | None = None
    bio: str | None = None
    profile_url: str | None = None
    created_at: datetime | None = None
    avatar_url: str | None = None
    avatar: Avatar | None = None

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, default=datetime.isoformat)

    @classmethod
    def from_json(cls, text: str) -> ProfileResult:
        data = json.loads(text)
        avatar = data.pop("avatar")
        if avatar:
            avatar = Avatar(**{**avatar, "fetched_at": parse_instant(avatar["fetched_at"])})
        for name in ("fetched_at", "created_at"):
            data[name] = parse_instant(data[name])
        return cls(**data, avatar=avatar)


def parse_instant(value: Any) -> datetime | None:
    """An ISO 8601 time as the APIs write it (`…Z`); None when absent or unreadable."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def avatar_problem(platform: str, url: str) -> str | None:
    """Why an avatar address is not fetched at all (not http(s); a known placeholder)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return "not an http(s) address; not fetched"
    if platform == "mastodon" and parts.path.endswith(_MASTODON_DEFAULT):
        return DEFAULT_AVATAR
    return None


def image_problem(content_type: str, body: bytes, limit: int) -> str | None:
    """Why downloaded bytes are not kept: too large, not an image type, or not what they say.

    >>> image_problem("image/png", b"<html>", 100)
    'content is not a PNG image'
    """
    if len(body) > limit:
        return f"larger than {limit} bytes"
    if content_type not in IMAGE_TYPES:
        return f"not an image (content type {content_type or 'missing'})"
    if _sniff(body) != IMAGE_TYPES[content_type]:
        return f"content is not a {IMAGE_TYPES[content_type].upper()} image"
    return None


def _sniff(body: bytes) -> str | None:
    if body[:4] == b"RIFF" and body[8:12] == b"WEBP":
        return "webp"
    return next((ext for ext, magic in _MAGIC.items() if body.startswith(magic)), None)
