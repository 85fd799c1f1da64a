"""TikTok "Download your data" export, JSON format: followers, chats and the block list.

One file holds everything: `user_data_tiktok.json` (2024+) or `user_data.json` (older), whose
sections were renamed between versions (`Activity` → `Your Activity`, `Follower List` →
`Follower`, `Block` → `Block List`, `Direct Messages` → `Direct Message`). Section names are
matched without regard to case. The file can reach hundreds of MB (watch history), so it is
walked once as an ijson event stream and only one record at a time is built.

Dates are `YYYY-MM-DD HH:MM:SS` without a zone: read as UTC, which is UNVERIFIED (GAPS says so).
People are known by username only. The locator index is the record's position in its own list
(the follower list, the block list, or the chat named by the interaction's target).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import ijson

from crawlers.archive import Archive
from crawlers.errors import ArchiveError, SkipRecord
from crawlers.events import Account, Gap, Interaction, Locator
from crawlers.exports._base import OnSkip, guarded, optional, raw_json
from crawlers.exports._records import EVENT_BUFFER, values

NAME = "tiktok"
VERSION = "1"
log = logging.getLogger(__name__)

GAPS: tuple[Gap, ...] = (
    Gap(
        NAME,
        ("comment", "like", "mention", "tag", "share", "repost"),
        "TikTok's download holds only your own comments and likes, and totals for your videos: "
        "comments, likes, mentions, shares and reposts by others are not in it. Screenshot "
        "them as they appear (username and date visible).",
    ),
    Gap(
        NAME,
        ("follow", "message", "block"),
        "Their exact time and who they are: TikTok's dates carry no time zone and nocontact "
        "reads them as UTC, which is not confirmed, so times may be off by hours; people are "
        "named by a username they can change. Screenshot the profile of anyone who matters.",
    ),
)

_FILES = ("user_data_tiktok.json", "user_data.json")
_SECTIONS = frozenset(
    (
        "activity",
        "your activity",
        "app settings",
        "comment",
        "direct message",
        "direct messages",
        "profile",
        "post",
        "video",
        "ads and data",
        "income plus wallet transactions",
        "location review",
        "poi review",
        "tiktok shop",
        "tiktok shopping",
        "tiktok live",
    )
)
# Casefolded list paths in both vocabularies (new names first) → what an entry means.
_LISTS = {
    **{
        f"{root}.{section}.fanslist": "follow"
        for root in ("your activity", "activity")
        for section in ("follower", "follower list")
    },
    **{f"app settings.{section}.blocklist": "block" for section in ("block list", "block")},
}
_CHATS = frozenset(
    f"{root}.{section}.chathistory"
    for root in ("direct message", "direct messages")
    for section in ("direct messages", "chat history")
)
_PROFILES = ("profile info", "profile information")
_CHAT_KEY = re.compile(r"^\s*chat history with\s+(?P<name>.+?)\s*:?\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Tag:
    """Which list a record came from; `chat` names the conversation partner for messages."""

    kind: str
    chat: str | None = None


def detect(archive: Archive) -> bool:
    """Recognise the export by its file name and a first section TikTok writes."""
    return any(_first_key(archive, path) in _SECTIONS for path in archive.glob(*_FILES)[:4])


def parse(archive: Archive, *, on_skip: OnSkip | None = None) -> Iterator[Interaction]:
    """Yield followers, chat messages (both ways) and blocks; malformed records are skipped."""
    for path in archive.glob(*_FILES):
        yield from _file(archive, path, on_skip)


def _file(archive: Archive, path: str, on_skip: OnSkip | None) -> Iterator[Interaction]:
    owner = _owner(archive, path)
    tag, warned = _Tag(""), set[_Tag]()

    def stream() -> Iterator[tuple[int, Any]]:
        nonlocal tag
        counts: dict[_Tag, int] = {}
        for found, record in _records(archive, path):
            tag = found  # build() below reads the record's list from here
            counts[found] = counts.get(found, -1) + 1
            yield counts[found], record

    def build(index: int, record: dict[str, Any]) -> Iterator[Interaction]:
        if owner is None and tag.kind == "message" and tag not in warned:
            warned.add(tag)
            log.warning(
                "%s: owner's username unknown: in %s, any sender but the partner "
                "is taken as the owner",
                path,
                tag.chat,
            )
        return _interactions(tag, Locator(path, index), record, owner)

    yield from guarded(path, stream(), build, on_skip)


def _records(archive: Archive, path: str) -> Iterator[tuple[_Tag, Any]]:
    """Every follower, block and chat message record in document order, built one at a time."""
    chat: list[Any] = [None, None]  # partner key, the prefix of that chat's messages

    def pick(prefix: str, event: str, value: Any) -> _Tag | None:
        if event == "map_key":
            if prefix[-11:].casefold() == "chathistory" and prefix.casefold() in _CHATS:
                chat[:] = [value, f"{prefix}.{value}.item"]
            return None
        if not prefix.endswith(".item"):
            return None
        if prefix == chat[1]:
            return _Tag("message", _partner(chat[0]))
        kind = _LISTS.get(prefix[: -len(".item")].casefold())
        return _Tag(kind) if kind else None

    with archive.open(path) as fh:
        try:
            yield from values(ijson.parse(fh, buf_size=EVENT_BUFFER, use_float=True), pick)
        except ijson.JSONError as exc:
            raise ArchiveError(f"{archive.path}: {path}: invalid JSON ({exc})") from exc


def _interactions(
    tag: _Tag, locator: Locator, record: dict[str, Any], owner: str | None
) -> Iterator[Interaction]:
    at, raw = optional(_field(record, "Date"), _time), raw_json(record)
    if tag.kind == "message":
        yield _message(tag.chat or "", at, locator, record, raw, owner)
        return
    handle = _name(_field(record, "UserName"))
    if not handle:
        raise SkipRecord("no UserName")
    yield Interaction(
        platform=NAME,
        type=tag.kind,
        direction="in" if tag.kind == "follow" else "out",
        occurred_at=at,
        account=Account(NAME, handle=handle),
        locator=locator,
        raw=raw,
    )


def _message(
    partner: str,
    at: datetime | None,
    locator: Locator,
    record: dict[str, Any],
    raw: str,
    owner: Any,
) -> Interaction:
    """A chat message: `From` tells the direction; the chat's key names the other side."""
    sender = _name(_field(record, "From"))
    if not sender or not partner:
        raise SkipRecord("chat message without a sender or a chat partner")
    if sender.casefold() == partner.casefold():
        outgoing, other = False, partner
    elif owner is None or sender.casefold() == owner.casefold():
        outgoing, other = True, partner
    else:  # a third name: a group chat member (group chats' export shape is UNVERIFIED)
        outgoing, other = False, sender
    content = _field(record, "Content")
    return Interaction(
        platform=NAME,
        type="message",
        direction="out" if outgoing else "in",
        occurred_at=at,
        account=Account(NAME, handle=other),
        locator=locator,
        raw=raw,
        text=content if isinstance(content, str) and content.strip() else None,
        target=f"chat:{partner}",
    )


def _partner(key: Any) -> str | None:
    """The partner's username from a chat key.

    >>> _partner("Chat History with rob.miller_82:")
    'rob.miller_82'
    """
    if not isinstance(key, str):
        return None
    match = _CHAT_KEY.match(key)
    return _name(match.group("name") if match else key.rstrip(":"))


def _name(value: Any) -> str | None:
    return value.strip().lstrip("@") or None if isinstance(value, str) else None


def _field(record: dict[str, Any], name: str) -> Any:
    """A record field whatever its case (`Date` in most lists, `date` in some)."""
    if name in record:
        return record[name]
    folded = name.casefold()
    return next((v for k, v in record.items() if k.casefold() == folded), None)


def _time(value: Any) -> datetime:
    """`2025-10-01 09:31:12` (no zone) read as UTC; a value naming a zone keeps it.

    >>> _time("2025-10-01 09:31:12")
    datetime.datetime(2025, 10, 1, 9, 31, 12, tzinfo=datetime.timezone.utc)
    """
    try:
        at = datetime.fromisoformat(value.strip())
    except (AttributeError, TypeError, ValueError) as exc:
        raise SkipRecord(f"bad Date {value!r}") from exc
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def owners(archive: Archive) -> tuple[Account, ...]:
    """Whose download this is: the profile's `userName` in each data file."""
    found = {name for path in archive.glob(*_FILES) if (name := _owner(archive, path))}
    return tuple(Account(NAME, handle=name) for name in sorted(found))


def _owner(archive: Archive, path: str) -> str | None:
    """The owner's username from `Profile.Profile Info(rmation).ProfileMap.userName`."""
    with archive.open(path) as fh:
        try:
            for key, section in ijson.kvitems(fh, "Profile", buf_size=EVENT_BUFFER, use_float=True):
                if key.casefold() in _PROFILES and isinstance(section, dict):
                    profile = _field(section, "ProfileMap")
                    name = _name(_field(profile, "userName")) if isinstance(profile, dict) else None
                    if name:
                        return name
        except ijson.JSONError as exc:
            raise ArchiveError(f"{archive.path}: {path}: invalid JSON ({exc})") from exc
    return None


def _first_key(archive: Archive, path: str) -> str | None:
    """The document's first key, casefolded; None when it is not a JSON object."""
    with archive.open(path) as fh:
        try:
            for count, (prefix, event, value) in enumerate(ijson.parse(fh)):
                if prefix == "" and event == "map_key":
                    return value.casefold()
                if count > 2:
                    break
        except ijson.JSONError:
            return None
    return None
