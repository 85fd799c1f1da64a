"""Instagram export knowledge shared by the JSON and HTML parsers, so both read alike.

Both formats hold the same files under the same paths (only the extension differs) and must
turn the same record into the same interaction: same type, direction, account, minute, target
and text, or the store could not recognise one contact read from both.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from crawlers.archive import Archive
from crawlers.events import Account, Gap, Interaction, Locator
from crawlers.exports import _meta
from crawlers.exports._base import OnSkip, repair_mojibake

PLATFORM = "instagram"
THREADS = "threads"
log = logging.getLogger(__name__)


GAPS: tuple[Gap, ...] = (
    Gap(
        PLATFORM,
        ("like", "comment", "mention", "tag"),
        "Likes, comments, mentions and tags others made on your posts are not in the download: "
        "screenshot them as they appear (date and handle visible) and keep notification e-mails.",
    ),
    Gap(
        PLATFORM,
        ("story_reply", "reaction"),
        "Story likes and reactions reach the download only when sent as a direct message: "
        "screenshot the story's viewer list and reactions before it expires (24 hours).",
    ),
    Gap(
        PLATFORM,
        ("unsent_message",),
        "An unsent message is exported without its text: screenshot messages when they arrive.",
    ),
    Gap(
        THREADS,
        ("like", "reply", "mention", "repost", "quote"),
        "Threads data in the download covers followers and follow requests only: keep "
        "screenshots of replies, mentions and quotes, or use a live scan where one exists.",
    ),
)


@dataclass(frozen=True, slots=True)
class Relation:
    """One list file of accounts (followers, requests, blocks) and what an entry means."""

    platform: str
    type: str
    direction: str
    wrapper: str
    stems: tuple[str, ...]

    def patterns(self, ext: str) -> tuple[str, ...]:
        """Inner-path patterns of this list in one export format (`json` or `html`)."""
        return tuple(f"{stem}.{ext}" for stem in self.stems)


# Since 2023 these sit under connections/ and followers_N.json is a bare list; older archives
# wrap every list, e.g. {"relationships_followers": […]}, and say blocked_/restricted_accounts.
_FF = "followers_and_following/"
_TPA = "text_post_app_text_post_app_"
_THREADS_DIR = "your_instagram_activity/threads/"
RELATIONS = (
    Relation(
        PLATFORM,
        "follow",
        "in",
        "relationships_followers",
        (_FF + "followers", _FF + "followers_*"),
    ),
    Relation(
        PLATFORM,
        "follow_request",
        "in",
        "relationships_follow_requests_received",
        (_FF + "follow_requests_you've_received",),
    ),
    Relation(
        PLATFORM,
        "block",
        "out",
        "relationships_blocked_users",
        (_FF + "blocked_profiles", _FF + "blocked_accounts"),
    ),
    Relation(
        PLATFORM,
        "restrict",
        "out",
        "relationships_restricted_users",
        (_FF + "restricted_profiles", _FF + "restricted_accounts"),
    ),
    Relation(
        THREADS,
        "follow",
        "in",
        _TPA + "followers",
        (_THREADS_DIR + "followers", _THREADS_DIR + "followers_*"),
    ),
    Relation(
        THREADS,
        "follow_request",
        "in",
        _TPA + "follow_requests_received",
        (_THREADS_DIR + "follow_requests_you've_received",),
    ),
)
PERSONAL = (
    "personal_information/personal_information/personal_information",  # 2024+
    "personal_information/personal_information",  # 2022–2023
    "account_information/personal_information",  # ≈2020–2021
)
REPORTED = "your_instagram_activity/messages/reported_conversations"
BOX_TYPES = {"inbox": "message", "message_requests": "message_request"}  # a DM in each box


def thread_file(ext: str) -> re.Pattern[str]:
    """DM thread files (groups: inbox|message_requests, folder); never a Facebook export's.

    >>> thread_file("html").match("x/messages/inbox/ann_1/message_2.html").groups()
    ('inbox', 'ann_1')
    >>> thread_file("json").match("your_facebook_activity/messages/inbox/a_1/message_1.json")
    """
    return re.compile(
        r"^(?:(?!your_facebook_activity/)[^/]+/)?(?:your_instagram_activity/)?"
        rf"messages/(inbox|message_requests)/([^/]+)/message_\d+\.{ext}$"
    )


def thread_files(names: Iterable[str], ext: str) -> list[tuple[str, str, str]]:
    """(inner path, inbox|message_requests, thread folder) of every DM thread file."""
    pattern = thread_file(ext)
    found = []
    for name in names:
        match = pattern.match(name)
        if match:
            found.append((name, match.group(1), match.group(2)))
    return found


def join_text(parts: Iterable[Any]) -> str | None:
    """Message text plus anything shared (its text and link), repaired; None when empty.

    >>> join_text(["Look \\u00f0\\u009f\\u0098\\u008d", None, " ", "https://x.y/p/1"])
    'Look 😍\\nhttps://x.y/p/1'
    """
    text = "\n".join(repair_mojibake(p) for p in parts if isinstance(p, str) and p.strip())
    return text or None


def handle_of(candidates: Iterable[Any], href: Any) -> str | None:
    """The first non-empty candidate (username, title), else the profile URL's last part.

    >>> handle_of(["", None], "https://www.instagram.com/_u/x.y")
    'x.y'
    >>> handle_of([], "https://www.threads.net/@x.y/")
    'x.y'
    """
    for value in candidates:
        if isinstance(value, str) and value.strip():
            return repair_mojibake(value.strip()).lstrip("@")
    if not isinstance(href, str):
        return None
    parts = [
        p.lstrip("@") for p in urlsplit(href).path.split("/") if p.lstrip("@") not in ("", "_u")
    ]
    return parts[-1] if parts else None


def owner_from(groups: Iterable[set[str]], titles: set[str]) -> frozenset[str]:
    """The one name every thread shares (a 1:1 thread's title names the other side)."""
    common: set[str] | None = None
    for names in groups:
        common = names if common is None else common & names
    if common and len(common) > 1:
        common -= titles
    return frozenset(common) if common and len(common) == 1 else frozenset()


def classify(content: str | None, box: str, *, unsent: bool) -> str:
    """A DM's type in an `inbox` or `message_requests` thread (Meta's shared reading)."""
    return _meta.classify(content, BOX_TYPES.get(box, "message"), unsent=unsent)


def dm(
    type_: str,
    outgoing: bool,
    at: datetime | None,
    other: str,
    locator: Locator,
    raw: str,
    *,
    text: str | None,
    target: str,
) -> Interaction:
    """A DM-borne interaction: the other side is known by display name only.

    A placeholder ("Instagram User") or empty name is known only within the thread (`target`).
    """
    return Interaction(
        platform=PLATFORM,
        type=type_,
        direction="out" if outgoing else "in",
        occurred_at=at,
        account=_meta.person(PLATFORM, other, target),
        locator=locator,
        raw=raw,
        text=text,
        target=target,
    )


Owner = frozenset[str]


@dataclass(frozen=True, slots=True)
class Reader:
    """How one download format (JSON or HTML) reads the files both formats share."""

    ext: str
    owners: Callable[[Archive], tuple[Account, ...]]
    owner_from_threads: Callable[[Archive], Owner]
    relation: Callable[[Archive, Relation, str, OnSkip | None], Iterator[Interaction]]
    thread: Callable[[Archive, str, str, str, Owner, OnSkip | None], Iterator[Interaction]]
    reported: Callable[[Archive, str, Owner, OnSkip | None], Iterator[Interaction]]


def detect(archive: Archive, ext: str) -> bool:
    """Inner paths only Instagram uses (current and older layouts), in one format's extension."""
    personal = (f"{stem}.{ext}" for stem in PERSONAL)
    return archive.has_any(
        f"followers_and_following/*.{ext}", f"your_instagram_activity/*.{ext}", *personal
    )


def parse(archive: Archive, reader: Reader, on_skip: OnSkip | None) -> Iterator[Interaction]:
    """Every interaction of one format's download: lists, DM threads, reported chats."""
    owner = owner_names(archive, reader)
    for relation in RELATIONS:
        for path in archive.glob(*relation.patterns(reader.ext)):
            yield from reader.relation(archive, relation, path, on_skip)
    for path, kind, folder in thread_files(archive.names, reader.ext):
        yield from reader.thread(archive, path, kind, folder, owner, on_skip)
    for path in archive.glob(f"{REPORTED}.{reader.ext}"):
        yield from reader.reported(archive, path, owner, on_skip)


def owner_names(archive: Archive, reader: Reader) -> Owner:
    """The owner's display name and username, as message senders show them."""
    found = frozenset(
        name for a in reader.owners(archive) for name in (a.display_name, a.handle) if name
    ) or reader.owner_from_threads(archive)
    if not found:
        log.warning("archive owner unknown: every DM is read as inbound")
    return found
