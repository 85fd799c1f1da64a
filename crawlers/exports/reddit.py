"""Reddit data request (reddit.com/settings/data-request): private messages and chats, CSV.

`messages.csv` is `id, permalink, thread_id, date, ip, from, to, subject, body`, both directions;
`chat_history.csv` is `message_id, created_at, updated_at, username, message, …, channel_url,
subreddit, channel_name, conversation_type` (its column order changed between versions, so every
file is read by header name). Dates look like `2025-01-01 00:00:00 UTC`.

The owner is the username in the most private messages (Reddit names no owner); a chat message
from anyone else is `in`. Replies to the owner's comments, mentions and votes are not exported.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import partial

from crawlers.archive import Archive
from crawlers.errors import SkipRecord
from crawlers.events import Account, Gap, Interaction, Locator
from crawlers.exports._base import OnSkip, csv_rows, from_epoch, guarded, raw_json

NAME = "reddit"
VERSION = "1"

GAPS: tuple[Gap, ...] = (
    Gap(
        NAME,
        ("reply", "mention", "comment", "like"),
        "Reddit's data request holds your own comments and posts, not the replies, username "
        "mentions or votes others gave them. nocontact scan reads replies and mentions from "
        "your inbox; screenshot anything older.",
    ),
)

_MESSAGES, _CHATS, _STATISTICS = "messages.csv", "chat_history.csv", "statistics.csv"
_OWNER_KEYS = ("account name", "username")
_Row = dict[str, str]


def detect(archive: Archive) -> bool:
    """Reddit's CSV names with Reddit's header line."""
    heads = (
        b"id,permalink,thread_id,date,ip,from,to",
        b"message_id,created_at,updated_at,username",
    )
    for path in archive.glob(_MESSAGES, _CHATS)[:4]:
        with archive.open(path) as fh:
            if fh.read(200).lstrip(b"\xef\xbb\xbf").startswith(heads):
                return True
    return False


def parse(archive: Archive, *, on_skip: OnSkip | None = None) -> Iterator[Interaction]:
    """Yield private messages both ways and chat messages to the owner."""
    owner = _owner_name(archive)
    for path in archive.glob(_MESSAGES):
        rows = enumerate(csv_rows(archive, path))
        yield from guarded(path, rows, partial(_message, path, owner), on_skip)
    for path in archive.glob(_CHATS):
        rows = enumerate(csv_rows(archive, path))
        yield from guarded(path, rows, partial(_chat, path, owner), on_skip)


def owners(archive: Archive) -> tuple[Account, ...]:
    """Whose archive this is: `statistics.csv`'s account name, else the busiest username."""
    name = _owner_name(archive)
    return (_account(name),) if name else ()


def _owner_name(archive: Archive) -> str | None:
    """`statistics.csv` (key, value rows; the key `account name` is unverified), else `_owner`."""
    for path in archive.glob(_STATISTICS):
        with archive.open(path) as fh:
            for row in csv.reader(io.TextIOWrapper(fh, encoding="utf-8-sig", newline="")):
                key, value = (*row, "", "")[:2]
                if key.strip().casefold() in _OWNER_KEYS and value.strip():
                    return value.strip().casefold()
    return next((o for p in archive.glob(_MESSAGES) if (o := _owner(archive, p))), None)


def _owner(archive: Archive, path: str) -> str | None:
    """The username in the most messages, on either side (ties: most often the recipient)."""
    either: Counter[str] = Counter()
    received: Counter[str] = Counter()
    for row in csv_rows(archive, path):
        sender, recipient = row["from"].casefold(), row["to"].casefold()
        either.update(filter(None, (sender, recipient)))
        received.update(filter(None, (recipient,)))
    return max(either, key=lambda name: (either[name], received[name]), default=None)


def _message(path: str, owner: str | None, index: int, row: _Row) -> Iterator[Interaction]:
    sender, recipient = row.get("from", "").strip(), row.get("to", "").strip()
    outgoing = owner is not None and sender.casefold() == owner
    other = recipient if outgoing else sender
    yield Interaction(
        platform=NAME,
        type="message",
        direction="out" if outgoing else "in",
        occurred_at=_time(row.get("date", "")),
        account=_account(other),
        locator=Locator(path, index),
        raw=raw_json(row),
        text="\n\n".join(p for p in (row.get("subject", ""), row.get("body", "")) if p) or None,
        target=f"thread:{row.get('thread_id') or row.get('id')}",
    )


def _chat(path: str, owner: str | None, index: int, row: _Row) -> Iterator[Interaction]:
    sender = row.get("username", "").strip()
    if owner is not None and sender.casefold() == owner:
        return  # the chat's other members are not listed per message
    yield Interaction(
        platform=NAME,
        type="message",
        direction="in",
        occurred_at=_time(row.get("created_at", "")),
        account=_account(sender),
        locator=Locator(path, index),
        raw=raw_json(row),
        text=row.get("message") or None,
        target=f"chat:{row.get('channel_url') or row.get('channel_name', '')}",
    )


def _account(username: str) -> Account:
    name = username.strip().removeprefix("u/").removeprefix("/u/")
    if not name or name in ("[deleted]", "reddit"):
        raise SkipRecord(f"no person behind {username!r}")
    return Account(NAME, handle=name, url=f"https://www.reddit.com/user/{name}")


def _time(text: str) -> datetime | None:
    """`2025-01-01 00:00:00 UTC`, or epoch seconds (RLEAPP accepts both); None when empty."""
    value = text.strip()
    if not value:
        return None
    if value.replace(".", "", 1).isdigit():
        return from_epoch(value)
    try:
        return datetime.strptime(value.removesuffix(" UTC"), "%Y-%m-%d %H:%M:%S").replace(
            tzinfo=UTC
        )
    except ValueError as exc:
        raise SkipRecord(f"unreadable date {text!r}") from exc
