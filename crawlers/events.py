"""The crawlers' output contract: plain frozen records, no scoring, no storage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

INTERACTION_TYPES = (
    "follow",
    "follow_request",
    "like",
    "comment",
    "reply",
    "mention",
    "tag",
    "message",
    "message_request",
    "reaction",
    "repost",
    "quote",
    "share",
    "story_reply",
    "unsent_message",
    "block",
    "restrict",
    "other",
)
ACCOUNT_PLATFORMS = (  # every `Account.platform` a parser or scanner writes
    "bluesky",
    "facebook",
    "instagram",
    "mastodon",
    "reddit",
    "threads",
    "tiktok",
    "x",
    "youtube",
)
WORDED_TYPES = frozenset(
    {"comment", "reply", "mention", "message", "message_request", "story_reply", "quote"}
)  # types whose text is what the account wrote; other types' text describes the record
DIRECTIONS = ("in", "out")


@dataclass(frozen=True, slots=True)
class Account:
    """Another account as the source showed it; any field may be unknown."""

    platform: str
    handle: str | None = None
    user_id: str | None = None
    display_name: str | None = None
    url: str | None = None
    avatar_url: str | None = None
    bio: str | None = None
    created_at: datetime | None = None

    @property
    def key(self) -> str:
        """Identity within a platform: id, else handle, else the display name (honestly marked).

        >>> Account("instagram", handle="Rob.Miller").key
        'handle:rob.miller'
        >>> Account("instagram", display_name="Rob Miller").key
        'name:Rob Miller'
        """
        if self.user_id:
            return f"id:{self.user_id}"
        if self.handle:
            return f"handle:{self.handle.lstrip('@').casefold()}"
        if self.display_name:
            return f"name:{self.display_name}"
        raise ValueError("an account needs a user id, a handle or a display name")


@dataclass(frozen=True, slots=True)
class Locator:
    """Where a record was read: archive inner path + record index, or an API URL."""

    path: str
    index: int | None = None

    def __str__(self) -> str:
        return self.path if self.index is None else f"{self.path}#{self.index}"


@dataclass(frozen=True, slots=True)
class Interaction:
    """One contact between another account and the protected person, in either direction."""

    platform: str
    type: str
    direction: str
    occurred_at: datetime
    account: Account
    locator: Locator
    raw: str
    text: str | None = None
    target: str | None = None

    def __post_init__(self) -> None:
        if self.type not in INTERACTION_TYPES:
            raise ValueError(f"unknown interaction type {self.type!r}")
        if self.direction not in DIRECTIONS:
            raise ValueError(f"direction must be 'in' or 'out', not {self.direction!r}")
        if self.occurred_at.tzinfo is None:
            raise ValueError("occurred_at must be timezone-aware (UTC)")


@dataclass(frozen=True, slots=True)
class Gap:
    """A kind of contact a platform's archive cannot show, so the user is told."""

    platform: str
    kinds: tuple[str, ...]
    advice: str
