"""X (Twitter) "Download an archive of your data": followers, DMs, blocks and mutes.

NAME is "x", the platform key config.toml uses (`restrained.user_ids.x`): interactions carry
platform "x", so an id listed there makes the account a `known` hit. The archive identifies
other people by numeric id only; ids stay text (they exceed 2^53).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from crawlers.archive import Archive
from crawlers.errors import ArchiveError, SkipRecord
from crawlers.events import Account, Gap, Interaction, Locator
from crawlers.exports import _twitter_dm as dm
from crawlers.exports import _ytd as ytd
from crawlers.exports._base import Builder, OnSkip, guarded, raw_json

NAME = ytd.PLATFORM
VERSION = "1"
log = logging.getLogger(__name__)

GAPS: tuple[Gap, ...] = (
    Gap(
        NAME,
        ("like", "reply", "mention", "repost", "quote"),
        "The X archive holds only your own posts and likes: replies, mentions, likes, reposts "
        "and quotes by others are not in it. Screenshot them as they appear (handle and date "
        "visible) and use a live scan where one exists.",
    ),
    Gap(
        NAME,
        ("follow", "block"),
        "Who they are and when: followers, blocks and mutes are listed by numeric id only and "
        "without a date, so they are shown undated. Open each id's link while logged in to "
        "see who it is, and screenshot the profile.",
    ),
    Gap(
        NAME,
        ("message",),
        "Who sent them, and deleted ones: direct messages name people by numeric id only, and "
        "messages deleted before the download are not in it. Screenshot important messages "
        "when they arrive.",
    ),
)


@dataclass(frozen=True, slots=True)
class _Relation:
    """One id list (`follower.js` …): the record's key and what an entry means."""

    stem: str
    key: str
    type: str
    direction: str
    label: str


_RELATIONS = (
    _Relation("follower", "follower", "follow", "in", "on your followers list"),
    _Relation("block", "blocking", "block", "out", "on your block list"),
    _Relation("mute", "muting", "other", "out", "muted: on your mute list"),
)
# Newer archives say direct-messages*.js; 2018–2019 ones direct-message*.js, and keep every
# file at the top of the zip instead of in `data/`.
_DMS = ("direct-messages", "direct-message")
_GROUP_DMS = ("direct-messages-group", "direct-message-group")
_MARKERS = tuple(
    f"{stem}.js" for stem in ("manifest", "account", "follower", "block", *_DMS, *_GROUP_DMS)
)
_NOTE = "(X records no date for it)"


def detect(archive: Archive) -> bool:
    """Recognise the archive by content: a `*.js` member starting `window.YTD… =`."""
    return any(ytd.is_data_file(archive, path) for path in archive.glob(*_MARKERS)[:8])


def parse(archive: Archive, *, on_skip: OnSkip | None = None) -> Iterator[Interaction]:
    """Yield every follower, block, mute and DM event; malformed records are skipped."""
    owner = owner_id(archive)
    for relation in _RELATIONS:
        for path in ytd.parts(archive, relation.stem):
            build = _relation_builder(relation, path)
            yield from guarded(path, ytd.items(archive, path), build, on_skip)
    for stems, group in ((_DMS, False), (_GROUP_DMS, True)):
        for path in ytd.parts(archive, *stems):
            yield from dm.conversation_file(
                archive, path, group=group, owner=owner, on_skip=on_skip
            )


def _relation_builder(relation: _Relation, path: str) -> Builder:
    def build(index: int, record: dict[str, Any]) -> Iterator[Interaction]:
        entry = record.get(relation.key)
        if not isinstance(entry, dict):
            raise SkipRecord(f"no {relation.key!r} object")
        uid = ytd.user_id(entry.get("accountId"))
        yield Interaction(
            platform=NAME,
            type=relation.type,
            direction=relation.direction,
            occurred_at=None,  # the archive's own date is not when they followed
            account=ytd.account(uid, entry.get("userLink")),
            locator=Locator(path, index),
            raw=raw_json(record),
            text=f"{relation.label} {_NOTE}",
        )

    return build


def owners(archive: Archive) -> tuple[Account, ...]:
    """Whose archive this is: `account.js` (id, username), else the manifest's `userInfo`."""
    manifest = _manifest(archive)
    uid = _account_id(archive) or _id_or_none(manifest.get("userInfo.accountId"))
    user = _account_field(archive, "username") or manifest.get("userInfo.userName")
    if not (uid or user):
        return ()
    return (Account(NAME, user_id=uid, handle=user if isinstance(user, str) else None),)


def owner_id(archive: Archive) -> str | None:
    """The owner's id: `account.js`, else the manifest, else the one id in every 1:1 chat."""
    owner = (
        _account_id(archive)
        or _id_or_none(_manifest(archive).get("userInfo.accountId"))
        or _owner_from_dms(archive)
    )
    if owner is None and ytd.parts(archive, *_DMS, *_GROUP_DMS):
        log.warning(
            "%s: archive owner unknown: every direct message is read as inbound", archive.path
        )
    return owner


def _manifest(archive: Archive) -> dict[str, Any]:
    """`data/manifest.js` fields nocontact uses, by their dotted path."""
    wanted = ("userInfo.accountId", "userInfo.userName")
    found: dict[str, Any] = {}
    for path in archive.glob("data/manifest.js")[:1]:
        try:
            for prefix, event, value in ytd.events(archive, path):
                if prefix in wanted and event == "string":
                    found[prefix] = value
        except ArchiveError as exc:
            log.warning("%s: manifest not readable (%s)", path, exc)
    return found


def _account_id(archive: Archive) -> str | None:
    """The owner's id from `data/account.js` (`[{"account": {"accountId": …}}]`)."""
    for path in archive.glob("data/account.js", "account.js")[:1]:
        try:
            for _, record in ytd.items(archive, path):
                return ytd.user_id(record["account"]["accountId"])
        except (ArchiveError, SkipRecord, KeyError, TypeError) as exc:
            log.warning("%s: owner id not readable (%s)", path, exc)
    return None


def _account_field(archive: Archive, name: str) -> str | None:
    """One text field of `account.js` (`username`, `accountDisplayName`)."""
    for path in archive.glob("data/account.js", "account.js")[:1]:
        try:
            for _, record in ytd.items(archive, path):
                value = record["account"].get(name)
                return value if isinstance(value, str) and value else None
        except (ArchiveError, KeyError, TypeError, AttributeError) as exc:
            log.warning("%s: owner not readable (%s)", path, exc)
    return None


def _id_or_none(value: Any) -> str | None:
    try:
        return ytd.user_id(value)
    except SkipRecord:
        return None


def _owner_from_dms(archive: Archive) -> str | None:
    """Fallback: the one id in every 1:1 `conversationId` (`<idA>-<idB>`)."""
    common: set[str] | None = None
    for path in ytd.parts(archive, *_DMS):
        for conversation in dm.conversation_ids(archive, path):
            ids = set(conversation.split("-"))
            common = ids if common is None else common & ids
    return next(iter(common)) if common and len(common) == 1 else None
