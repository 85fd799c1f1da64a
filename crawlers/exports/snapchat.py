"""Snapchat "My Data" download, JSON: saved chats (both schemas) and the friends lists.

`json/chat_history.json` changed shape around 2023. Older files group chats in direction
buckets (`Received Saved Chat History`: entries with `From`; `Sent Saved Chat History`: entries
with `To`); newer files key each conversation by the partner's username (or a group's id) and
mark the owner's own messages with `IsSender`. `json/friends.json` holds `Friends`,
`Pending Requests` (requests received), `Ignored Snapchatters`, `Blocked Users`, … with
`Username`, `Display Name` and `Creation Timestamp`.

Dates are `YYYY-MM-DD HH:MM:SS UTC`; newer chats add `Created(microseconds)`, used first. Texts may
hold HTML entities. Only saved chats are exported (GAPS). The locator index is the entry's
position in its list, the target the conversation.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import partial
from typing import Any

import ijson

from crawlers.archive import Archive
from crawlers.errors import ArchiveError, SkipRecord
from crawlers.events import Account, Gap, Interaction, Locator
from crawlers.exports._base import OnSkip, from_epoch, guarded, optional, raw_json
from crawlers.exports._records import EVENT_BUFFER, values

NAME = "snapchat"
VERSION = "1"

GAPS: tuple[Gap, ...] = (
    Gap(
        NAME,
        ("message", "story_reply"),
        "Only chats someone saved are in the download: snaps and unsaved chats disappear and "
        "are not exported. Screenshot them as they arrive (Snapchat tells the sender).",
    ),
)

_CHATS, _FRIENDS, _ACCOUNT = "chat_history.json", "friends.json", "account.json"
# friends.json section → (type, direction, text)
_LISTS = {
    "Pending Requests": ("follow_request", "in", None),
    "Ignored Snapchatters": ("follow_request", "in", "Friend request you ignored"),
    "Friends": ("other", "in", "On your friend list since this date"),
    "Blocked Users": ("block", "out", None),
}


def detect(archive: Archive) -> bool:
    """Snapchat's file names with Snapchat's keys inside."""
    for path in archive.glob(_CHATS, _FRIENDS)[:4]:
        with archive.open(path) as fh:
            head = fh.read(4096)
        if (
            b'"Media Type"' in head
            or b'"Saved Chat History"' in head
            or b'"Pending Requests"' in head
        ):
            return True
        if b'"Friend Requests Sent"' in head or b'"Display Name"' in head:
            return True
    return False


def parse(archive: Archive, *, on_skip: OnSkip | None = None) -> Iterator[Interaction]:
    """Yield saved chat messages both ways, friend requests, friends and blocks."""
    for path in archive.glob(_FRIENDS):
        yield from guarded(path, _entries(archive, path), partial(_person, path), on_skip)
    for path in archive.glob(_CHATS):
        yield from guarded(path, _entries(archive, path), partial(_chat, path), on_skip)


def owners(archive: Archive) -> tuple[Account, ...]:
    """The owner's username: `account.json`'s Basic Information, else the sender newer chat
    histories name on a message the owner sent."""
    for path in archive.glob(_ACCOUNT)[:1]:
        for _, document in archive.iter_records(path):
            info = document.get("Basic Information") or {}
            if info.get("Username"):
                return (_account(info["Username"], info.get("Name")),)
    for path in archive.glob(_CHATS):
        for _, (_, entry) in _entries(archive, path):
            if entry.get("IsSender") and entry.get("From"):
                return (_account(entry["From"], None),)
    return ()


_Entry = tuple[str, dict[str, Any]]


def _entries(archive: Archive, path: str) -> Iterator[tuple[int, _Entry]]:
    """(top-level key, entry) for every entry of every list, in file order, one at a time."""
    counts: dict[str, int] = {}
    top = [""]  # the top-level key being read; usernames may hold dots, so not split

    def pick(prefix: str, event: str, value: Any) -> str | None:
        if event == "map_key" and prefix == "":
            top[0] = value
        elif event == "start_map" and prefix == f"{top[0]}.item":
            return top[0]
        return None

    with archive.open(path) as fh:
        try:
            for key, entry in values(ijson.parse(fh, buf_size=EVENT_BUFFER, use_float=True), pick):
                counts[key] = counts.get(key, -1) + 1
                yield counts[key], (key, entry)
        except ijson.JSONError as exc:
            raise ArchiveError(f"{archive.path}: {path}: invalid JSON ({exc})") from exc


def _person(path: str, index: int, found: _Entry) -> Iterator[Interaction]:
    section, entry = found
    if section not in _LISTS:
        return
    kind, direction, text = _LISTS[section]
    yield Interaction(
        platform=NAME,
        type=kind,
        direction=direction,
        occurred_at=optional(entry.get("Creation Timestamp"), _time),
        account=_account(entry.get("Username"), entry.get("Display Name")),
        locator=Locator(path, index),
        raw=raw_json(entry),
        text=text,
        target=section,
    )


def _chat(path: str, index: int, found: _Entry) -> Iterator[Interaction]:
    key, entry = found
    if "IsSender" in entry:  # newer: the key is the partner (or a group's id)
        outgoing = bool(entry["IsSender"])
        group = bool(entry.get("Conversation Title"))
        if outgoing and group:
            return  # the owner's words to a group are to no one in particular
        other = key if outgoing else entry.get("From")
    else:  # older: the key is a direction bucket
        outgoing = key.startswith("Sent")
        other = entry.get("To") if outgoing else entry.get("From")
    micros = entry.get("Created(microseconds)")
    moment = from_epoch(micros / 1_000_000) if micros else optional(entry.get("Created"), _time)
    yield Interaction(
        platform=NAME,
        type="message",
        direction="out" if outgoing else "in",
        occurred_at=moment,
        account=_account(other, None),
        locator=Locator(path, index),
        raw=raw_json(entry),
        text=_text(entry),
        target=f"chat:{key}",
    )


def _account(username: Any, display: Any) -> Account:
    if not username:
        raise SkipRecord("no username")
    return Account(NAME, handle=str(username), display_name=str(display) if display else None)


def _text(entry: dict[str, Any]) -> str | None:
    words = entry.get("Content", entry.get("Text"))
    if words:
        return html.unescape(str(words))
    media = entry.get("Media Type")
    return f"[{media}]" if media and media != "TEXT" else None


def _time(value: Any) -> datetime:
    """`2022-07-22 19:28:21 UTC`, or epoch milliseconds in some lists."""
    if isinstance(value, int | float):
        return from_epoch(value / 1000 if value > 1e11 else value)
    try:
        return datetime.strptime(str(value).removesuffix(" UTC"), "%Y-%m-%d %H:%M:%S").replace(
            tzinfo=UTC
        )
    except ValueError as exc:
        raise SkipRecord(f"unreadable date {value!r}") from exc
