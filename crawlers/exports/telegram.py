"""Telegram Desktop "Export Telegram data" / "Export chat history", machine-readable JSON.

A full export's `result.json` holds `personal_information` (the owner's `user_id`) and
`chats.list[]`; a one-chat export's `result.json` is the chat itself (`name`, `type`, `id`,
`messages[]`). Messages carry `from` (the name the owner's app showed) and `from_id`
(`user123…`), `date` (local wall clock) and, since 2022, `date_unixtime` (exact); `edited`
marks an edited message (its text is the edited one); `text` is a string or a list of plain
strings and entity objects. Service records (`type: "service"`) carry `actor`/`actor_id` and an
`action`; `phone_call` is read (a call, with `discard_reason` and `duration_seconds`).

Personal chats and groups are read; channels and Saved Messages are not contact. The file is
walked as an ijson event stream, one message built at a time. The locator index is the message's
position in its chat; the target names the chat.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

import ijson

from crawlers.archive import Archive
from crawlers.errors import ArchiveError, SkipRecord
from crawlers.events import Account, Gap, Interaction, Locator
from crawlers.exports._base import OnSkip, from_epoch, guarded, raw_json
from crawlers.exports._phones import normalise
from crawlers.exports._records import EVENT_BUFFER, values
from crawlers.wallclock import wall_clock

NAME = "telegram"
VERSION = "1"

GAPS: tuple[Gap, ...] = (
    Gap(
        NAME,
        ("message",),
        "Only the chats you chose to export, as they were then: messages deleted for everyone, "
        "secret chats and calls in chats you left are not in it. People are named as your "
        "contacts list shows them; their numeric id stays the same when they rename.",
    ),
)

_FILE = "result.json"
_AFTER_OWNER = ("contacts", "chats", "messages")  # keys written after `personal_information`
_READ = frozenset(
    {"personal_chat", "private_group", "private_supergroup", "public_supergroup", "bot_chat"}
)
_PERSONAL = frozenset({"personal_chat", "bot_chat"})
# A one-chat export opens with the chat's name, type and id.
_CHAT_TYPES = tuple(
    b'"type": "%s"' % kind.encode()
    for kind in (*_READ, "saved_messages", "private_channel", "public_channel")
)


@dataclass(slots=True)
class _Chat:
    """The chat the stream is in, learnt from the keys written before its messages."""

    name: str | None = None
    type: str | None = None
    id: str | None = None
    count: int = -1


def detect(archive: Archive) -> bool:
    """`result.json` that opens with Telegram's keys: the owner's details, or a chat's type."""
    for path in archive.glob(_FILE)[:4]:
        with archive.open(path) as fh:
            head = fh.read(4096)
        if b'"personal_information"' in head or (
            b'"messages"' in head and any(t in head for t in _CHAT_TYPES)
        ):
            return True
    return False


def parse(archive: Archive, *, on_skip: OnSkip | None = None) -> Iterator[Interaction]:
    """Yield messages both ways and calls of every personal chat and group."""
    for path in archive.glob(_FILE):
        yield from guarded(path, _messages(archive, path), partial(_interactions, path), on_skip)


def owners(archive: Archive) -> tuple[Account, ...]:
    """The owner from `personal_information`, which a full export writes first; the export
    of a single chat names no owner."""
    found = []
    for path in archive.glob(_FILE):
        details = _personal(archive, path)
        if uid := details.get("user_id"):
            name = " ".join(filter(None, (details.get("first_name"), details.get("last_name"))))
            handle = details.get("username", "").lstrip("@") or normalise(
                details.get("phone_number", "")
            )
            shown = name or None
            found.append(Account(NAME, user_id=uid, handle=handle or None, display_name=shown))
    return tuple(dict.fromkeys(found))


def _personal(archive: Archive, path: str) -> dict[str, str]:
    """`personal_information`'s fields, reading no further than the keys that follow it."""
    details: dict[str, str] = {}
    with archive.open(path) as fh:
        try:
            for prefix, event, value in ijson.parse(fh, buf_size=EVENT_BUFFER):
                if prefix.startswith("personal_information.") and event in ("string", "number"):
                    details[prefix.rsplit(".", 1)[1]] = str(value)
                elif (prefix, event) == ("personal_information", "end_map") or (
                    prefix == "" and event == "map_key" and value in _AFTER_OWNER
                ):
                    break
        except ijson.JSONError as exc:
            raise ArchiveError(f"{archive.path}: {path}: invalid JSON ({exc})") from exc
    return details


_Record = tuple["_Chat", str | None, dict[str, str], dict[str, Any]]


def _messages(archive: Archive, path: str) -> Iterator[tuple[int, _Record]]:
    """Each message of a chat read, with its chat, the owner's id and the contacts' numbers
    (all written before the chats)."""
    chat, owner, phones = _Chat(), list[str](), dict[str, str]()

    def pick(prefix: str, event: str, value: Any) -> str | None:
        nonlocal chat
        base = prefix.removeprefix("chats.list.item").removeprefix(".")
        if prefix == "personal_information.user_id":
            owner.append(str(value))
        elif prefix == "contacts.list.item" and event == "start_map":
            return "contact"
        elif prefix in ("chats.list.item", "") and event == "start_map":
            chat = _Chat()
        elif base in ("name", "type", "id") and event != "map_key":
            setattr(chat, base, None if value is None else str(value))
        elif base == "messages.item" and chat.type in _READ:
            chat.count += 1
            return "message"
        return None

    with archive.open(path) as fh:
        try:
            for tag, record in values(ijson.parse(fh, buf_size=EVENT_BUFFER, use_float=True), pick):
                if tag == "contact":
                    if number := normalise(str(record.get("phone_number") or "")):
                        phones[str(record.get("user_id"))] = number
                    continue
                yield chat.count, (chat, owner[0] if owner else None, phones, record)
        except ijson.JSONError as exc:
            raise ArchiveError(f"{archive.path}: {path}: invalid JSON ({exc})") from exc


def _interactions(path: str, index: int, found: _Record) -> Iterator[Interaction]:
    chat, owner, phones, record = found
    locator = Locator(path, index)
    service = record.get("type") == "service"
    if service and record.get("action") != "phone_call":
        return
    sender = str(record.get("actor_id" if service else "from_id") or "")
    name = record.get("actor" if service else "from")
    personal = chat.type in _PERSONAL
    mine = sender == f"user{owner}" if owner else (personal and sender != f"user{chat.id}")
    if mine and not personal:
        return  # the owner's own words in a group are to no one in particular
    other, shown = (chat.id, chat.name) if mine else (sender.removeprefix("user"), name)
    if not other:
        raise SkipRecord("no sender id")
    # Exports name no usernames; a contact's number, where the owner saved one, is the handle.
    account = Account(NAME, user_id=other, display_name=shown, handle=phones.get(other))
    yield Interaction(
        platform=NAME,
        type="other" if service else "message",
        direction="out" if mine else "in",
        occurred_at=_moment(record),
        account=account,
        locator=locator,
        raw=raw_json(record),
        text=_call(record) if service else _text(record.get("text")),
        target=f"chat:{chat.id}",
    )


def _moment(record: dict[str, Any]) -> datetime | None:
    """Exact from `date_unixtime`; older exports give only the local clock (`date`); None
    when the message has neither."""
    if record.get("date_unixtime"):
        return from_epoch(record["date_unixtime"])
    if not record.get("date"):
        return None
    try:
        return wall_clock(datetime.fromisoformat(str(record["date"])))
    except (KeyError, ValueError) as exc:
        raise SkipRecord(f"unreadable date {record.get('date')!r}") from exc


def _text(value: Any) -> str | None:
    """Plain text from a string or a list of strings and entities (`{"type", "text"}`)."""
    if isinstance(value, list):
        value = "".join(
            part if isinstance(part, str) else str(part.get("text", "")) for part in value
        )
    return str(value) if value else None


def _call(record: dict[str, Any]) -> str:
    reason = record.get("discard_reason")
    seconds = record.get("duration_seconds")
    said = {"missed": "missed call", "busy": "call, line busy", "hangup": "call"}.get(
        str(reason), "call"
    )
    return f"{said}, {seconds} s" if seconds else said
