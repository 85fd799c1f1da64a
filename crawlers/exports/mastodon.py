"""Mastodon account archive (Preferences → Import and export → Request your archive).

The archive (`archive-<UTC time>-<hex>.tar.gz`, extracted to a folder) holds only the owner's
data: `outbox.json` (an ActivityPub OrderedCollection of the owner's `Create` and `Announce`
activities), `likes.json` and `bookmarks.json` (status URIs, no dates) and `actor.json`. What it
can show of contact is the owner's side: replies and direct messages the owner wrote to others,
named by the `Mention` tags of each status. Inbound contact (mentions, replies, follows, DMs)
comes from `nocontact scan` (the Mastodon API), never from this archive.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from crawlers.archive import Archive
from crawlers.errors import SkipRecord
from crawlers.events import Account, Gap, Interaction, Locator
from crawlers.exports._base import OnSkip, guarded, optional, raw_json
from crawlers.exports._html_text import html_text

NAME = "mastodon"
VERSION = "1"

GAPS: tuple[Gap, ...] = (
    Gap(
        NAME,
        ("follow", "mention", "reply", "message", "like", "repost"),
        "The Mastodon archive holds only what you posted: who followed, mentioned, replied to, "
        "messaged, favourited or boosted you is not in it. nocontact scan reads all of these "
        "from your instance.",
    ),
)

_OUTBOX, _ACTOR = "outbox.json", "actor.json"
_PUBLIC = "https://www.w3.org/ns/activitystreams#Public"


def detect(archive: Archive) -> bool:
    """An ActivityPub outbox beside an actor document."""
    for path in archive.glob(_OUTBOX)[:2]:
        with archive.open(path) as fh:
            head = fh.read(4096)
        if b'"OrderedCollection"' in head and archive.has_any(_ACTOR):
            return True
    return False


def parse(archive: Archive, *, on_skip: OnSkip | None = None) -> Iterator[Interaction]:
    """Yield the owner's replies, mentions and direct messages to each account they name."""
    for path in archive.glob(_OUTBOX):
        owner = _owner(archive, path.removesuffix(_OUTBOX) + _ACTOR)
        records = archive.iter_records(path, wrapper="orderedItems")
        yield from guarded(path, records, partial(_activity, path, owner), on_skip)


def owners(archive: Archive) -> tuple[Account, ...]:
    """The owner from `actor.json`: `preferredUsername@host`, their page and name."""
    found = []
    for path in archive.glob(_ACTOR):
        for _, actor in archive.iter_records(path):
            uri, name = str(actor.get("id") or ""), str(actor.get("preferredUsername") or "")
            host = urlsplit(uri).hostname
            if name and host:
                shown = str(actor.get("name") or "") or None
                url = str(actor.get("url") or uri)
                found.append(Account(NAME, handle=f"{name}@{host}", display_name=shown, url=url))
    return tuple(dict.fromkeys(found))


def _owner(archive: Archive, path: str) -> str | None:
    if path not in archive.names:
        return None
    return next((str(actor.get("id")) for _, actor in archive.iter_records(path)), None)


def _activity(
    path: str, owner: str | None, index: int, activity: dict[str, Any]
) -> Iterator[Interaction]:
    note = activity.get("object")
    if activity.get("type") != "Create" or not isinstance(note, dict):
        return  # boosts carry only the boosted status's URL
    mentions = [t for t in note.get("tag", []) if t.get("type") == "Mention" and t.get("href")]
    kind = "reply" if note.get("inReplyTo") else "message" if _direct(note) else "mention"
    for tag in mentions:
        if tag["href"] == owner:
            continue
        yield Interaction(
            platform=NAME,
            type=kind,
            direction="out",
            occurred_at=optional(note.get("published") or activity.get("published"), _time),
            account=_account(tag),
            locator=Locator(path, index),
            raw=raw_json(activity),
            text=html_text(str(note.get("content") or "")).strip() or None,
            target=note.get("inReplyTo") or note.get("id"),
        )


def _direct(note: dict[str, Any]) -> bool:
    """Addressed to named accounts only: neither public nor to the owner's followers."""
    audience = [*note.get("to", []), *note.get("cc", [])]
    return not any(a == _PUBLIC or str(a).endswith("/followers") for a in audience)


def _account(tag: dict[str, Any]) -> Account:
    """`@name@host` as the handle (a local mention's tag omits the host: taken from `href`)."""
    name = str(tag.get("name", "")).lstrip("@")
    host = urlsplit(tag["href"]).hostname or ""
    handle = name if "@" in name or not host else f"{name}@{host}"
    return Account(NAME, handle=handle or None, url=tag["href"])


def _time(value: Any) -> datetime:
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError as exc:
        raise SkipRecord(f"unreadable date {value!r}") from exc
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
