"""Instagram "Download your information" export, JSON format (≈2020–2025 layouts, Threads too)."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from crawlers.archive import Archive
from crawlers.errors import ArchiveError, SkipRecord
from crawlers.events import Account, Gap, Interaction, Locator
from crawlers.exports import _instagram_common as ig
from crawlers.exports import _meta
from crawlers.exports._base import (
    Builder,
    OnSkip,
    from_epoch,
    from_epoch_ms,
    guarded,
    optional,
    raw_json,
    repair_mojibake,
    skip,
)
from crawlers.exports._instagram_common import Relation, dm

NAME = "instagram"
VERSION = "1"
THREADS = ig.THREADS
log = logging.getLogger(__name__)


GAPS: tuple[Gap, ...] = ig.GAPS

_PERSONAL = tuple(f"{stem}.json" for stem in ig.PERSONAL)


@dataclass(frozen=True, slots=True)
class _Thread:
    """What every message of one DM thread file shares."""

    path: str
    kind: str
    target: str
    owner: frozenset[str]
    counterpart: str | None
    listed: frozenset[_meta.Reaction]


def detect(archive: Archive) -> bool:
    """Recognise the JSON export by inner paths only Instagram uses (current and older layouts).

    Only `.json` members count, so an HTML export of the same account goes to `instagram_html`.
    """
    return ig.detect(archive, "json")


def parse(archive: Archive, *, on_skip: OnSkip | None = None) -> Iterator[Interaction]:
    """Yield every interaction in the export; malformed records are logged, reported, skipped."""
    return ig.parse(archive, _READER, on_skip)


def _relation(
    archive: Archive, relation: Relation, path: str, on_skip: OnSkip | None
) -> Iterator[Interaction]:
    records = archive.iter_records(path, wrapper=relation.wrapper)
    return guarded(path, records, _relation_builder(relation, path), on_skip)


def _reported(
    archive: Archive, path: str, owner: frozenset[str], on_skip: OnSkip | None
) -> Iterator[Interaction]:
    records = archive.iter_records(path, wrapper="ig_reported_conversations")
    return guarded(path, records, _reported_builder(path, owner), on_skip)


def _relation_builder(relation: Relation, path: str) -> Builder:
    def build(index: int, record: dict[str, Any]) -> Iterator[Interaction]:
        item = (record.get("string_list_data") or [{}])[0]
        handle = _handle(record, item)
        if not handle:
            raise SkipRecord("no username in value, title or href")
        href = repair_mojibake(item.get("href")) or None
        yield Interaction(
            platform=relation.platform,
            type=relation.type,
            direction=relation.direction,
            occurred_at=optional(item.get("timestamp"), from_epoch),
            account=Account(relation.platform, handle=handle, url=href),
            locator=Locator(path, index),
            raw=raw_json(record),
        )

    return build


def _handle(record: dict[str, Any], item: dict[str, Any]) -> str | None:
    """The username: `value`, else `title` (blocked lists since 2023), else the URL's last part.

    >>> _handle({"title": ""}, {"href": "https://www.instagram.com/_u/x.y"})
    'x.y'
    >>> _handle({}, {"href": "https://www.threads.net/@x.y/"})
    'x.y'
    """
    return ig.handle_of((item.get("value"), record.get("title")), item.get("href"))


def _load(archive: Archive, path: str) -> Any:
    """Read one message_N.json whole: Meta keeps each under a few MB by splitting threads."""
    with archive.open(path) as fh:
        try:
            return json.load(fh)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ArchiveError(f"{archive.path}: {path}: invalid JSON ({exc})") from exc


def _thread(
    archive: Archive,
    path: str,
    kind: str,
    folder: str,
    owner: frozenset[str],
    on_skip: OnSkip | None,
) -> Iterator[Interaction]:
    data = _load(archive, path)
    try:
        messages = data["messages"]
        named, problem = _meta.participant_names(data.get("participants"))
        if not isinstance(messages, list):
            raise TypeError("`messages` is not a list")
    except (KeyError, TypeError, AttributeError) as exc:
        skip(Locator(path), f"not a readable message thread ({exc})", on_skip)
        return
    if problem:  # the messages are still read: each names its sender
        skip(Locator(path), f"{problem}; the thread's messages are read all the same", on_skip)
    others = [name for name in named if name is not None and name not in owner]
    counterpart = others[0] if len(others) == 1 else None
    listed = _meta.thread_reactions(messages)
    thread = _Thread(path, kind, f"thread:{folder}", owner, counterpart, listed)
    yield from guarded(path, enumerate(messages), _message_builder(thread), on_skip)


def _message_builder(thread: _Thread) -> Builder:
    def build(index: int, message: dict[str, Any]) -> Iterator[Interaction]:
        sender = _sender(message.get("sender_name"))
        at = optional(message.get("timestamp_ms"), from_epoch_ms)
        locator, raw, target = Locator(thread.path, index), raw_json(message), thread.target
        outgoing = bool(sender) and sender in thread.owner
        other = thread.counterpart if outgoing else sender
        content = repair_mojibake(message.get("content"))
        kind = ig.classify(content, thread.kind, unsent=message.get("is_unsent") is True)
        repeated = kind == "reaction" and _meta.told_twice(sender, content, thread.listed)
        if other is not None and not repeated:
            text = _message_text(message)
            yield dm(kind, outgoing, at, other, locator, raw, text=text, target=target)
        seen: set[tuple[str, str | None]] = set()
        for reaction in message.get("reactions") or []:
            actor = _sender(reaction.get("actor"))
            emoji = repair_mojibake(reaction.get("reaction")) or None
            if (actor, emoji) in seen:  # some threads list one reaction twice
                continue
            seen.add((actor, emoji))
            mine = bool(actor) and actor in thread.owner
            whom = other if mine else actor
            when = _reaction_time(reaction.get("timestamp"), at)
            if whom is not None:
                yield dm("reaction", mine, when, whom, locator, raw, text=emoji, target=target)

    return build


def _sender(value: Any) -> str:
    """A sender's or actor's name, repaired; "" when the archive leaves it empty."""
    name = repair_mojibake(value)
    return " ".join(name.split()) if isinstance(name, str) else ""


def _message_text(message: dict[str, Any]) -> str | None:
    """Content plus anything shared (its text and link), repaired; None for media only."""
    share = message.get("share") if isinstance(message.get("share"), dict) else {}
    return ig.join_text((message.get("content"), share.get("share_text"), share.get("link")))


def _reaction_time(value: Any, fallback: datetime | None) -> datetime | None:
    """Reaction times are epoch seconds; tolerate milliseconds and a missing value."""
    if value is None or value == "":
        return fallback
    return from_epoch_ms(value) if float(value) > 1e11 else from_epoch(value)


def _reported_builder(path: str, owner: frozenset[str]) -> Builder:
    def build(index: int, report: dict[str, Any]) -> Iterator[Interaction]:
        reportee = repair_mojibake((report.get("reportee") or {}).get("name")) or None
        target = f"reported:{reportee}" if reportee else "reported"
        for message in report["messages"]:
            sender = _sender(message.get("sender_name"))
            outgoing = bool(sender) and sender in owner
            other = reportee if outgoing else sender
            if other is not None:
                at = optional(message.get("timestamp_ms"), from_epoch_ms)
                text = _message_text(message)
                content = repair_mojibake(message.get("content"))
                kind = ig.classify(content, "inbox", unsent=message.get("is_unsent") is True)
                locator, raw = Locator(path, index), raw_json(report)
                yield dm(kind, outgoing, at, other, locator, raw, text=text, target=target)

    return build


def owners(archive: Archive) -> tuple[Account, ...]:
    """Whose download this is, from its profile file (empty when the file is absent)."""
    for path in archive.glob(*_PERSONAL):
        try:
            for _, profile in archive.iter_records(path, wrapper="profile_user"):
                fields = profile.get("string_map_data") or {}
                name, user = (
                    repair_mojibake((fields.get(key) or {}).get("value"))
                    for key in ("Name", "Username")
                )
                name, user = (v if isinstance(v, str) and v else None for v in (name, user))
                if name or user:
                    return (Account(ig.PLATFORM, handle=user, display_name=name),)
        except (ArchiveError, AttributeError) as exc:
            log.warning("%s: owner not readable (%s)", path, exc)
    return ()


def _owner_from_threads(archive: Archive) -> frozenset[str]:
    """Fallback: the one participant of every thread (a 1:1 thread's title names the other)."""
    groups: list[set[str]] = []
    titles: set[str] = set()
    for path, _, _ in ig.thread_files(archive.names, "json"):
        try:
            data = _load(archive, path)
            if not isinstance(data["participants"], list):
                continue
            names = _meta.participant_names(data["participants"])[0]
            groups.append({name for name in names if name is not None})
        except (ArchiveError, KeyError, TypeError, AttributeError):
            continue
        if isinstance(data.get("title"), str):
            titles.add(repair_mojibake(data["title"]))
    return ig.owner_from(groups, titles)


_READER = ig.Reader("json", owners, _owner_from_threads, _relation, _thread, _reported)
