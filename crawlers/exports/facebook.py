"""Facebook "Download your information" export, JSON format (≤2021, 2022–23 and 2024+ layouts)."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import ijson

from crawlers.archive import Archive
from crawlers.errors import ArchiveError, SkipRecord
from crawlers.events import Account, Gap, Interaction, Locator
from crawlers.exports import _facebook_common as fb
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
from crawlers.exports._facebook_sentences import read_notification

NAME = "facebook"
VERSION = "1"
log = logging.getLogger(__name__)

_REACHED = "Comments, reactions, tags, mentions and shares"
GAPS: tuple[Gap, ...] = (
    Gap(
        fb.PLATFORM,
        ("comment", "reaction", "like", "tag", "mention", "share", "reply"),
        f"{_REACHED} you received appear only as notification sentences, which Facebook "
        "keeps for a limited time; sentences in languages other than English and Spanish are "
        "skipped (the import lists them). Screenshot such contact and keep notification e-mails.",
    ),
    Gap(
        fb.PLATFORM,
        ("message", "reaction", "unsent_message"),
        "End-to-end encrypted Messenger chats (most chats since 2024) are not in this download: "
        "download them from Messenger's secure storage and import that file as well. An unsent "
        "message is exported without its text.",
    ),
    Gap(
        fb.PLATFORM,
        ("story_reply", "reaction"),
        "Reactions to your stories are not read (whose reactions that file holds is unverified): "
        "screenshot the story's viewers and reactions before it expires.",
    ),
)


def detect(archive: Archive) -> bool:
    """Recognise the JSON export by data files only Facebook writes (never Instagram's).

    A download of Messages alone holds only `messages/<box>/<thread>/message_N.json`.
    """
    return fb.detect(archive, "json")


def parse(archive: Archive, *, on_skip: OnSkip | None = None) -> Iterator[Interaction]:
    """Yield every interaction in the export; malformed records are logged, reported, skipped."""
    return fb.parse(archive, _READER, on_skip)


def _relation(
    archive: Archive, relation: fb.Relation, path: str, on_skip: OnSkip | None
) -> Iterator[Interaction]:
    return guarded(path, _records(archive, path), _relation_builder(relation, path), on_skip)


def _notifications(archive: Archive, path: str, on_skip: OnSkip | None) -> Iterator[Interaction]:
    return guarded(path, _records(archive, path), _notification_builder(path), on_skip)


def _pokes(
    archive: Archive, path: str, owner: fb.Owner | None, on_skip: OnSkip | None
) -> Iterator[Interaction]:
    owner = owner or _poke_owner(archive, path)
    return guarded(path, _records(archive, path), _poke_builder(path, owner), on_skip)


def _records(archive: Archive, path: str) -> Iterator[tuple[int, Any]]:
    """Stream a list file whatever its wrapper key (`friends_v2`, `followers_v3`, …) is."""
    return archive.iter_records(path, wrapper=_list_key(archive, path))


def _list_key(archive: Archive, path: str) -> str | None:
    """The first top-level key holding a list; Meta renamed these keys with every layout."""
    with archive.open(path) as fh:
        key = None
        try:
            for prefix, event, value in ijson.parse(fh):
                if prefix == "" and event == "map_key":
                    key = value
                elif prefix == "" and event == "start_array":
                    return None
                elif key is not None and prefix == key and event == "start_array":
                    return key
        except ijson.JSONError as exc:
            raise ArchiveError(f"{archive.path}: {path}: invalid JSON ({exc})") from exc
    return None


def _load(archive: Archive, path: str) -> Any:
    """Read one small file whole: Meta keeps each message_N.json under a few MB."""
    with archive.open(path) as fh:
        try:
            return json.load(fh)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ArchiveError(f"{archive.path}: {path}: invalid JSON ({exc})") from exc


def _relation_builder(relation: fb.Relation, path: str) -> Builder:
    def build(index: int, record: dict[str, Any]) -> Iterator[Interaction]:
        name = fb.person(repair_mojibake(record.get("name")))
        at = optional(record.get("timestamp"), from_epoch)  # 2026 followers_v3: no time
        yield fb.relation_interaction(relation, name, at, Locator(path, index), raw_json(record))

    return build


def _notification_builder(path: str) -> Builder:
    def build(index: int, record: dict[str, Any]) -> Iterator[Interaction]:
        text = fb.clean_text(repair_mojibake(record.get("text")))
        if not text:
            raise SkipRecord("notification without text")
        at = optional(record.get("timestamp"), from_epoch)
        notice = read_notification(text)
        if notice is None:
            raise SkipRecord(f"notification wording not recognised as contact: {text[:80]!r}")
        href = record.get("href") if isinstance(record.get("href"), str) else None
        for actor in notice.actors:
            yield Interaction(
                platform=fb.PLATFORM,
                type=notice.type,
                direction="in",
                occurred_at=at,
                account=fb.account(actor, f"{path}#{index}"),
                locator=Locator(path, index),
                raw=raw_json(record),
                text=text,
                target=href or None,
            )

    return build


def _poke_owner(archive: Archive, path: str) -> frozenset[str]:
    """Without a profile file the owner is the one person in every poke."""
    pairs = []
    for _, record in _records(archive, path):
        if isinstance(record, dict):
            pair = {repair_mojibake(record.get(k)) for k in ("poker", "pokee")}
            pairs.append(({p for p in pair if isinstance(p, str)}, None))
    return fb.infer_owner(pairs)


def _poke_builder(path: str, owner: frozenset[str]) -> Builder:
    def build(index: int, record: dict[str, Any]) -> Iterator[Interaction]:
        poker = fb.person(repair_mojibake(record.get("poker")))
        pokee = fb.person(repair_mojibake(record.get("pokee")))
        out = poker in owner
        yield Interaction(
            platform=fb.PLATFORM,
            type="other",
            direction="out" if out else "in",
            occurred_at=optional(record.get("timestamp"), from_epoch),
            account=fb.account(pokee if out else poker, f"{path}#{index}"),
            locator=Locator(path, index),
            raw=raw_json(record),
            text="Poke",
        )

    return build


def owners(archive: Archive) -> tuple[Account, ...]:
    """Whose download this is: the profile file's name and username (empty when absent)."""
    return tuple(account for _, account in _profiles(archive))


def _owners(archive: Archive) -> dict[str, frozenset[str]]:
    """The owner's display name per export folder, from the profile file."""
    return {
        fb.root_of(path): frozenset({account.display_name})
        for path, account in _profiles(archive)
        if account.display_name
    }


def _profiles(archive: Archive) -> Iterator[tuple[str, Account]]:
    for path in archive.glob(*(f"{stem}.json" for stem in fb.PROFILE)):
        try:
            profile = _load(archive, path)
            data = profile.get("profile_v2") or profile.get("profile") or {}
            name = data["name"]["full_name"] if isinstance(data["name"], dict) else data["name"]
        except (ArchiveError, AttributeError, KeyError, TypeError) as exc:
            log.warning("%s: owner not readable (%s)", path, exc)
            continue
        user = data.get("username")
        name = fb.person(repair_mojibake(name)) if isinstance(name, str) and name.strip() else None
        if name or (isinstance(user, str) and user):
            yield path, Account(fb.PLATFORM, handle=user or None, display_name=name)


def _head(archive: Archive, path: str) -> fb.Head | None:
    """(participants, title) of a thread file, to find the owner when no profile says."""
    try:
        data = _load(archive, path)
        if not isinstance(data["participants"], list):
            return None
        people = _names(_meta.participant_names(data["participants"])[0])
    except (ArchiveError, KeyError, TypeError, AttributeError):
        return None
    title = repair_mojibake(data.get("title"))
    return people, title if isinstance(title, str) else None


def _names(names: list[str | None]) -> set[str]:
    """Participants' names; a deleted account's empty name is left out."""
    return {" ".join(n.split()) for n in names if n is not None and n.strip()}


def _thread(
    archive: Archive,
    path: str,
    kind: str,
    scope: str,
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
    people = _names(named)
    others = sorted(people - owner)
    if not others and len(named) == 2:
        others = [""]  # the other side's name was left empty: replies to them still count
    listed = _meta.thread_reactions(messages)
    thread = fb.Thread(path, kind, owner, others[0] if len(others) == 1 else None, scope, listed)

    def build(index: int, record: dict[str, Any]) -> Iterator[Interaction]:
        if not isinstance(record, dict):
            raise SkipRecord(f"expected an object, found {type(record).__name__}")
        yield from fb.message_interactions(thread, index, raw_json(record), _message(record))

    yield from guarded(path, enumerate(messages), build, on_skip)


def _message(record: dict[str, Any]) -> fb.Message:
    """A DYI message: snake_case keys, `timestamp_ms` (before 2018 `timestamp` in seconds)."""
    sender = fb.sender(repair_mojibake(record.get("sender_name")))  # 2026: often ""
    if "timestamp_ms" in record:
        at = optional(record["timestamp_ms"], from_epoch_ms)
    else:
        at = optional(record.get("timestamp"), from_epoch)
    share = record.get("share") if isinstance(record.get("share"), dict) else {}
    text = fb.clean_text(
        *(
            repair_mojibake(v)
            for v in (record.get("content"), share.get("share_text"), share.get("link"))
        )
    )
    unsent = record.get("is_unsent") is True
    return fb.Message(sender, at, text, unsent, _meta.reactions(record.get("reactions")))


_READER = fb.Reader("json", _owners, _head, _relation, _notifications, _pokes, _thread)
