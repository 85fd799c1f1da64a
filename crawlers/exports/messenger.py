"""Messenger's end-to-end encrypted chats download (secure storage), one JSON file per chat.

Since about 2024 most Messenger chats are end-to-end encrypted and missing from Facebook's
"Download your information" zip; Messenger exports them separately in a camelCase schema:
`{participants: [names; [0] is the owner], threadName, messages: [{senderName, timestamp (ms),
text, isUnsent, media, reactions}]}` (RLEAPP facebookE2EMessages.py). Interactions carry
platform "facebook": the other person is the same Facebook account, and a chat's history
before encryption (the zip's e2ee_cutover folder) then dedups against this download.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import Any

import ijson

from crawlers.archive import Archive
from crawlers.errors import ArchiveError, SkipRecord
from crawlers.events import Account, Gap, Interaction, Locator
from crawlers.exports import _facebook_common as fb
from crawlers.exports import _meta
from crawlers.exports._base import (
    OnSkip,
    from_epoch_ms,
    guarded,
    optional,
    raw_json,
    repair_mojibake,
    skip,
)

NAME = "messenger"
VERSION = "1"
log = logging.getLogger(__name__)

GAPS: tuple[Gap, ...] = (
    Gap(
        fb.PLATFORM,
        ("follow_request", "follow", "comment", "like", "tag", "mention", "share"),
        "This Messenger download holds chats only: friend requests, followers and the "
        "notifications that record comments, tags and mentions are in Facebook's own download "
        "(Download your information): import it as well.",
    ),
    Gap(
        fb.PLATFORM,
        ("message", "unsent_message"),
        "It holds the chats kept in Messenger's secure storage; a chat that was never stored "
        "there is missing, and an unsent message keeps no text. Screenshot important chats.",
    ),
)
# Files that are never an encrypted-chat file: Facebook's and Instagram's own downloads.
_NOT_E2EE = re.compile(r"(?:^|/)message_\d+\.json$|(?:^|/)your_instagram_activity/")
_PROBE_EVENTS = 400
_ENTRY_STARTS = ("string", "start_map", "start_array", "number", "boolean", "null")
_MAX_PROBES = 50


def detect(archive: Archive) -> bool:
    """Recognise the download by content: a JSON chat with camelCase keys (`senderName`)."""
    candidates = sorted(_candidates(archive), key=lambda name: name.count("/"))
    return any(_is_chat(archive, name) for name in candidates[:_MAX_PROBES])


def parse(archive: Archive, *, on_skip: OnSkip | None = None) -> Iterator[Interaction]:
    """Yield every message and reaction of every chat file; odd records are skipped."""
    for path in _candidates(archive):
        if not _is_chat(archive, path):
            continue
        participants = _participants(archive, path)
        problem = _meta.not_names(participants)
        if problem:  # the messages are still read: each names its sender
            skip(Locator(path), f"{problem}; the chat's messages are read all the same", on_skip)
        owner = frozenset(participants[:1]) - {None, ""}
        others = [name for name in participants[1:] if name and name not in owner]
        counterpart = others[0] if len(others) == 1 else None
        thread = fb.Thread(path, "message", owner, counterpart, scope=path)

        def build(index: int, record: Any, thread: fb.Thread = thread) -> Iterator[Interaction]:
            if not isinstance(record, dict):
                raise SkipRecord(f"expected an object, found {type(record).__name__}")
            yield from fb.message_interactions(thread, index, raw_json(record), _message(record))

        yield from guarded(path, _messages(archive, path), build, on_skip)


def owners(archive: Archive) -> tuple[Account, ...]:
    """Whose download this is: the first participant of every chat."""
    found = {
        names[0]
        for path in _candidates(archive)
        if _is_chat(archive, path) and (names := _participants(archive, path)) and names[0]
    }
    return tuple(Account(fb.PLATFORM, display_name=name) for name in sorted(found))


def _candidates(archive: Archive) -> list[str]:
    return [n for n in archive.names if n.endswith(".json") and not _NOT_E2EE.search(n)]


def _is_chat(archive: Archive, path: str) -> bool:
    """Peek at the first keys only: a chat names `threadName` or gives `senderName`."""
    with archive.open(path) as fh:
        try:
            for count, (prefix, event, value) in enumerate(ijson.parse(fh)):
                if count == 0 and event != "start_map":
                    return False
                if (prefix, event, value) in (
                    ("", "map_key", "threadName"),
                    ("messages.item", "map_key", "senderName"),
                ):
                    return True
                if (event == "map_key" and value == "sender_name") or count > _PROBE_EVENTS:
                    return False
        except ijson.JSONError:
            return False  # not JSON at all: some other file that happens to end in .json
    return False


def _participants(archive: Archive, path: str) -> list[str | None]:
    """The participants' names in order (the first is the owner), read without the messages.

    An entry that is not a name (a wrong type) is None, so that the owner stays first.
    """
    names: list[str | None] = []
    with archive.open(path) as fh:
        try:
            for prefix, event, value in ijson.parse(fh):
                # a list of names; tolerate [{"name": …}] as Facebook's own download writes it
                if prefix == "participants.item" and event in _ENTRY_STARTS:
                    names.append(_name(value) if event == "string" else None)
                elif prefix == "participants.item.name" and event == "string" and names:
                    names[-1] = _name(value) if names[-1] is None else names[-1]
                elif prefix == "participants" and event == "end_array":
                    break
        except ijson.JSONError as exc:
            raise ArchiveError(f"{archive.path}: {path}: invalid JSON ({exc})") from exc
    if not any(names):
        log.warning("%s: no participants; the chat's owner is unknown", path)
    return names


def _name(value: str) -> str:
    return " ".join(repair_mojibake(value).split())


def _messages(archive: Archive, path: str) -> Iterator[tuple[int, Any]]:
    """Stream the messages: one chat's file can hold years of messages."""
    with archive.open(path) as fh:
        try:
            yield from enumerate(ijson.items(fh, "messages.item", use_float=True))
        except ijson.JSONError as exc:
            raise ArchiveError(f"{archive.path}: {path}: invalid JSON ({exc})") from exc


def _message(record: dict[str, Any]) -> fb.Message:
    return fb.Message(
        sender=fb.sender(repair_mojibake(record.get("senderName"))),
        at=optional(record.get("timestamp"), from_epoch_ms),
        text=fb.clean_text(repair_mojibake(record.get("text"))),
        unsent=record.get("isUnsent") is True,
        reactions=_meta.reactions(record.get("reactions")),
    )
