"""The crawlers' output contract: plain frozen records, no scoring, no storage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

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
    "email",
    "facebook",
    "instagram",
    "linkedin",
    "mastodon",
    "phone",  # the SMS backup's call log
    "reddit",
    "sms",
    "snapchat",
    "telegram",
    "threads",
    "tiktok",
    "whatsapp",
    "x",
    "youtube",
)
WORDED_TYPES = frozenset(
    {"comment", "reply", "mention", "message", "message_request", "story_reply", "quote"}
)  # types whose text is what the account wrote; other types' text describes the record
DIRECTIONS = ("in", "out")
# Names platforms write in place of a deleted, deactivated or hidden account's name. Many
# different people show under each, so such an account is known only within one conversation.
PLACEHOLDER_NAMES = frozenset(
    {
        "instagram user",
        "facebook user",
        "messenger user",
        "deleted account",
        "deleted user",
        "usuario de instagram",
        "usuario de facebook",
        "cuenta eliminada",
    }
)
NO_SENDER_NAME = "sender name not given by the archive"
SCOPED = "scoped:"  # the key prefix of an account known only within one conversation
# No platform these parsers read existed before this; a later time than the reading is a
# clock or export fault. Either way the time is kept, flagged, and listed on import.
EARLIEST_PLAUSIBLE = datetime(2000, 1, 1, tzinfo=UTC)


def is_placeholder(name: str | None) -> bool:
    """True for a missing name or one a platform writes for many accounts.

    >>> is_placeholder(" Instagram User "), is_placeholder(""), is_placeholder("Rob Miller")
    (True, True, False)
    """
    return not name or not name.strip() or " ".join(name.split()).casefold() in PLACEHOLDER_NAMES


def implausible(at: datetime | None, *, read_at: datetime | None = None) -> bool:
    """A time no real record can have: before 2000, or later than when it was read.

    >>> implausible(datetime(2516, 3, 1, tzinfo=UTC)), implausible(None)
    (True, False)
    """
    if at is None:
        return False
    latest = (read_at or datetime.now(UTC)) + timedelta(days=1)
    return not EARLIEST_PLAUSIBLE <= at <= latest


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
    scope: str | None = None  # the conversation a placeholder or missing name belongs to

    @property
    def key(self) -> str:
        """Identity within a platform: id, else handle, else the display name (honestly marked).

        A placeholder ("Instagram User") or a missing name is many people: its key is the
        conversation it was read in, so two such threads stay two accounts.

        >>> Account("instagram", handle="Rob.Miller").key
        'handle:rob.miller'
        >>> Account("instagram", display_name="Rob Miller").key
        'name:Rob Miller'
        >>> Account("instagram", display_name="Instagram User", scope="inbox/a_1").key
        'scoped:inbox/a_1|Instagram User'
        """
        if self.scope and not (self.user_id or self.handle):
            return f"{SCOPED}{self.scope}|{self.display_name or ''}"
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
    """One contact between another account and the protected person, in either direction.

    `occurred_at` is None when the archive gives no time for the record (a Facebook follower,
    an X follower): such a record is contact to review, placed neither inside nor outside an
    order. An implausible time (year 2516) is kept as read and flagged.
    """

    platform: str
    type: str
    direction: str
    occurred_at: datetime | None
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
        if self.occurred_at is not None and self.occurred_at.tzinfo is None:
            raise ValueError("occurred_at must be timezone-aware (UTC)")

    @property
    def undated(self) -> bool:
        return self.occurred_at is None

    @property
    def implausible_time(self) -> bool:
        return implausible(self.occurred_at)


@dataclass(frozen=True, slots=True)
class Gap:
    """A kind of contact a platform's archive cannot show, so the user is told."""

    platform: str
    kinds: tuple[str, ...]
    advice: str
