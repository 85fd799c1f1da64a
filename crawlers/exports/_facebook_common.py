"""Facebook and Messenger format knowledge shared by the JSON, HTML and E2EE parsers.

All three turn the same contact into the same interaction (platform, type, direction, account
key, minute, target, text), so one conversation read from several downloads is stored once.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from crawlers.archive import Archive
from crawlers.errors import SkipRecord
from crawlers.events import Account, Interaction, Locator
from crawlers.exports import _meta
from crawlers.exports._base import OnSkip
from crawlers.exports._meta import Reaction

PLATFORM = "facebook"
log = logging.getLogger(__name__)


# Thread folders and what a message in them is. e2ee_cutover holds a chat's history up to
# the switch to end-to-end encryption; filtered_threads are requests Facebook filtered.
BOXES = {
    "inbox": "message",
    "archived_threads": "message",
    "e2ee_cutover": "message",
    "message_requests": "message_request",
    "filtered_threads": "message_request",
}
# ≤2021 files sit at the top; 2022–23 under your_activity_across_facebook/; 2024+ under
# your_facebook_activity/ (and this_profile's_… for additional profiles).
_ACTIVITY = (
    r"(?:your_facebook_activity|your_activity_across_facebook"
    r"|this_profile's_activity_across_facebook)/"
)
_MARKER = re.compile(
    r"^(?P<root>(?:[^/]+/)*?)(?:" + _ACTIVITY + r"|connections/(?:friends|followers)/"
    r"|friends_and_followers/|friends/|following_and_followers/|profile_information/"
    r"|personal_information/profile_information/|logged_information/notifications/"
    r"|notifications/notifications\.|about_you/notifications\.|other_activity/pokes\.)"
)
_THREAD = (
    r"^(?P<root>(?:[^/]+/)*?)(?:" + _ACTIVITY + r")?messages/"
    r"(?P<box>" + "|".join(BOXES) + r")/(?P<folder>[^/]+)/message_\d+\.{ext}$"
)


@dataclass(frozen=True, slots=True)
class Relation:
    """One list file of people (requests, friends, followers, blocks) and what an entry means."""

    type: str
    direction: str
    text: str | None
    stems: tuple[str, ...]

    def patterns(self, ext: str) -> tuple[str, ...]:
        return tuple(f"{stem}.{ext}" for stem in self.stems)


RELATIONS = (
    Relation(
        "follow_request",
        "in",
        None,
        ("friends/received_friend_requests", "friends_and_followers/friend_requests_received"),
    ),
    Relation(
        "follow_request",
        "in",
        "Friend request you rejected",
        ("friends/rejected_friend_requests", "friends_and_followers/rejected_friend_requests"),
    ),
    Relation(
        "other",
        "in",
        "On your friend list since this date",
        ("friends/your_friends", "friends/friends", "friends_and_followers/friends"),
    ),
    Relation(
        "follow",
        "in",
        None,
        (
            "followers/people_who_followed_you",
            "followers/people_who_followed_you_*",
            "following_and_followers/followers",
            "friends_and_followers/followers",
        ),
    ),
    # `?` stands for the apostrophe, which some exports write as "_".
    Relation("block", "out", None, ("messages/messenger_contacts_you?ve_blocked",)),
)
NOTIFICATIONS = (
    "logged_information/notifications/notifications",
    "notifications/notifications",
    "about_you/notifications",
)
POKES = ("other_activity/pokes", "pokes/pokes")
PROFILE = (
    "personal_information/profile_information/profile_information",
    "profile_information/profile_information",
)


def is_marker(name: str, ext: str) -> bool:
    """A data file only a Facebook export holds (never Instagram's, never media)."""
    return name.endswith("." + ext) and _MARKER.match(name) is not None


# Folders only Instagram's download has: a thread tree beside them is Instagram's.
_INSTAGRAM = re.compile(
    r"(?:^|/)(?:your_instagram_activity|followers_and_following|account_information"
    r"|personal_information/personal_information)/"
)


def is_messages_only(names: Iterable[str], ext: str) -> bool:
    """A download of Messages alone: `messages/inbox/<thread>/message_1.json` and no marker.

    >>> is_messages_only(["messages/inbox/ann_1/message_1.json"], "json")
    True
    >>> is_messages_only(["your_instagram_activity/messages/inbox/a_1/message_1.json"], "json")
    False
    """
    names = list(names)
    return not any(_INSTAGRAM.search(n) for n in names) and bool(thread_files(names, ext))


def export_roots(names: Iterable[str], ext: str) -> frozenset[str]:
    """Folders holding a Facebook export, so its threads are told from an Instagram one's."""
    found = set()
    for name in names:
        match = _MARKER.match(name)
        if match and name.endswith("." + ext):
            found.add(match.group("root"))
    return frozenset(found)


def thread_files(names: Iterable[str], ext: str) -> list[tuple[str, str, str, str]]:
    """(path, root, box, folder) of every Facebook message_N file, never Instagram's."""
    pattern = re.compile(_THREAD.format(ext=re.escape(ext)))
    roots = export_roots(names, ext)
    found = []
    for name in names:
        match = pattern.match(name)
        if not match or "your_instagram_activity/" in name:
            continue
        root = match.group("root")
        if not roots or root in roots:  # no marker at all: the user forced --platform
            found.append((name, root, match.group("box"), match.group("folder")))
    return found


def root_of(name: str) -> str:
    """The export folder a marker file belongs to ('' for an export at the archive's top)."""
    match = _MARKER.match(name)
    return match.group("root") if match else ""


def clean_text(*parts: object) -> str | None:
    """Join the non-empty parts, one line per source line, spaces collapsed; None if empty.

    JSON and HTML render the same text with different whitespace; this makes them equal.

    >>> clean_text("  Hi\\n\\n  there ", None, "https://x.y/1", "Hi")
    'Hi\\nthere\\nhttps://x.y/1'
    """
    lines: list[str] = []
    for part in parts:
        if not isinstance(part, str):
            continue
        new = [" ".join(line.split()) for line in part.splitlines()]
        new = [line for line in new if line]
        if new and "\n".join(new) not in "\n".join(lines):
            lines.extend(new)
    return "\n".join(lines) or None


def account(name: str, scope: str) -> Account:
    """Facebook shows other people by display name only: no id, no username, no link.

    A placeholder ("Facebook User") or missing name is known only within `scope`.
    """
    return _meta.person(PLATFORM, name, scope)


def relation_interaction(
    relation: Relation, name: str, at: datetime | None, locator: Locator, raw: str
) -> Interaction:
    """One entry of a people list (request, friend, follower, block) as an interaction."""
    return Interaction(
        platform=PLATFORM,
        type=relation.type,
        direction=relation.direction,
        occurred_at=at,
        account=account(name, str(locator)),
        locator=locator,
        raw=raw,
        text=relation.text,
    )


def person(value: Any) -> str:
    """A display name from a record, or a SkipRecord naming what is missing."""
    if not isinstance(value, str) or not value.strip():
        raise SkipRecord("no person's name in the record")
    return " ".join(value.split())


def sender(value: Any) -> str:
    """A message's sender name; "" when the archive leaves it empty (still a sender)."""
    return " ".join(value.split()) if isinstance(value, str) else ""


def thread_scope(box: str, folder: str) -> str:
    """A thread's stable name, alike in the JSON and HTML downloads: `inbox/<folder>`."""
    return f"{box}/{folder}"


def infer_owner(threads: Iterable[tuple[Iterable[str], str | None]]) -> frozenset[str]:
    """The archive owner: the one person in every thread (a 1:1 thread's title names the other)."""
    common: set[str] | None = None
    titles: set[str] = set()
    for people, title in threads:
        names = set(people)
        common = names if common is None else common & names
        if title:
            titles.add(title)
    if common and len(common) > 1:
        common -= titles
    if common and len(common) == 1:
        return frozenset(common)
    log.warning("archive owner unknown: records that depend on it are read as inbound")
    return frozenset()


@dataclass(frozen=True, slots=True)
class Thread:
    """What every message of one conversation file shares."""

    path: str
    kind: str
    owner: frozenset[str]
    counterpart: str | None
    scope: str
    listed: frozenset[Reaction] = frozenset()  # reactions[] of the whole thread


@dataclass(frozen=True, slots=True)
class Message:
    """One message as any of the three formats shows it; `sender` "" = name not given."""

    sender: str
    at: datetime | None
    text: str | None
    unsent: bool = False
    reactions: tuple[Reaction, ...] = ()


def message_interactions(
    thread: Thread, index: int, raw: str, message: Message
) -> Iterator[Interaction]:
    """The message itself and each reaction to it, from the owner's point of view.

    No target: the thread's folder or file name differs between the download formats, and
    the locator already names it; without one the same message dedups across formats.
    Facebook gives reactions no time of their own, so they take the message's. The
    placeholder written for an unsent message is dropped: the HTML shows it, the JSON may not.
    A "Reacted ❤ to your message" note that the thread also lists as a reaction is one act.
    """
    outgoing = bool(message.sender) and message.sender in thread.owner
    other = thread.counterpart if outgoing else message.sender
    locator = Locator(thread.path, index)

    def dm(type_: str, out: bool, whom: str, text: str | None) -> Interaction:
        return Interaction(
            platform=PLATFORM,
            type=type_,
            direction="out" if out else "in",
            occurred_at=message.at,
            account=account(whom, thread.scope),
            locator=locator,
            raw=raw,
            text=text,
        )

    kind = _meta.classify(message.text, thread.kind, unsent=message.unsent)
    repeated = kind == "reaction" and _meta.told_twice(message.sender, message.text, thread.listed)
    if other is not None and not repeated:
        text = None if _meta.is_unsent_placeholder(message.text) else message.text
        yield dm(kind, outgoing, other, text)
    for actor, emoji in message.reactions:
        mine = bool(actor) and actor in thread.owner
        whom = other if mine else actor
        if whom is not None:
            yield dm("reaction", mine, whom, emoji)


Owner = frozenset[str]
Head = tuple[set[str], str | None]  # a thread's participants and title


@dataclass(frozen=True, slots=True)
class Reader:
    """How one download format (JSON or HTML) reads the files both formats share."""

    ext: str
    owners: Callable[[Archive], dict[str, Owner]]
    head: Callable[[Archive, str], Head | None]
    relation: Callable[[Archive, Relation, str, OnSkip | None], Iterator[Interaction]]
    notifications: Callable[[Archive, str, OnSkip | None], Iterator[Interaction]]
    pokes: Callable[[Archive, str, Owner | None, OnSkip | None], Iterator[Interaction]]
    thread: Callable[[Archive, str, str, str, Owner, OnSkip | None], Iterator[Interaction]]


def detect(archive: Archive, ext: str) -> bool:
    """Data files only Facebook writes (never Instagram's), or a download of Messages alone."""
    names = archive.names
    return any(is_marker(name, ext) for name in names) or is_messages_only(names, ext)


def parse(archive: Archive, reader: Reader, on_skip: OnSkip | None) -> Iterator[Interaction]:
    """Every interaction of one format's download: lists, notifications, pokes, threads."""
    owners = reader.owners(archive)
    for relation in RELATIONS:
        for path in archive.glob(*relation.patterns(reader.ext)):
            yield from reader.relation(archive, relation, path, on_skip)
    for path in archive.glob(*(f"{stem}.{reader.ext}" for stem in NOTIFICATIONS)):
        yield from reader.notifications(archive, path, on_skip)
    for path in archive.glob(*(f"{stem}.{reader.ext}" for stem in POKES)):
        yield from reader.pokes(archive, path, owners.get(root_of(path)), on_skip)
    threads = thread_files(archive.names, reader.ext)
    for root in {root for _, root, _, _ in threads} - set(owners):
        heads = (reader.head(archive, path) for path, r, _, _ in threads if r == root)
        owners[root] = infer_owner(head for head in heads if head is not None)
    for path, root, box, folder in threads:
        scope = thread_scope(box, folder)
        yield from reader.thread(archive, path, BOXES[box], scope, owners[root], on_skip)
