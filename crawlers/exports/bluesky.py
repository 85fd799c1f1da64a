"""Bluesky repository export (Settings → Export my data → `repo.car`): the owner's own records.

A CAR v1 file of DAG-CBOR blocks, decoded with `libipld` (what the `atproto` SDK uses): the
header's root is the latest commit `{did, version, data, rev, prev, sig}`; `data` is the root of
a Merkle search tree whose nodes `{l, e: [{p, k, v, t}]}` map `<collection>/<rkey>` keys (each
key sharing `p` bytes with the one before) to record blocks.

Every record is the owner's, so this shows the owner's side only: blocks and follows (with
their dates), likes and reposts of others' posts, replies and mentions written to others. All
inbound contact lives in other people's repos and comes from `nocontact scan`. The CAR is read
whole (libipld decodes it in one call); repos of ordinary accounts are a few MB.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import partial
from typing import Any

import libipld

from crawlers.archive import Archive
from crawlers.errors import ArchiveError, SkipRecord
from crawlers.events import Account, Gap, Interaction, Locator
from crawlers.exports._base import OnSkip, guarded, optional, raw_json

NAME = "bluesky"
VERSION = "1"

GAPS: tuple[Gap, ...] = (
    Gap(
        NAME,
        ("follow", "like", "reply", "mention", "repost", "quote", "message"),
        "A Bluesky repository holds only your own records: who followed, liked, replied to, "
        "mentioned, reposted, quoted or messaged you is in their repositories, not yours. "
        "nocontact scan reads these from Bluesky.",
    ),
)

_SIMPLE = {  # collection → interaction type, for records whose subject is an account or post
    "app.bsky.graph.block": "block",
    "app.bsky.graph.follow": "follow",
    "app.bsky.feed.like": "like",
    "app.bsky.feed.repost": "repost",
}
_POST = "app.bsky.feed.post"
_MENTION = "app.bsky.richtext.facet#mention"
_PROFILE = "app.bsky.actor.profile/self"


def detect(archive: Archive) -> bool:
    """A `.car` member whose header is a CAR v1 header."""
    for path in archive.glob("*.car")[:2]:
        with archive.open(path) as fh:
            head = fh.read(128)
        if b"roots" in head and b"version" in head:
            return True
    return False


def parse(archive: Archive, *, on_skip: OnSkip | None = None) -> Iterator[Interaction]:
    """Yield the owner's blocks, follows, likes, reposts, replies and mentions."""
    for path in archive.glob("*.car"):
        blocks, owner, root = _repo(archive, path)
        records = enumerate(_records(blocks, root))
        yield from guarded(path, records, partial(_interactions, path, owner), on_skip)


def owners(archive: Archive) -> tuple[Account, ...]:
    """The repo's owner: the commit's DID, named as their own profile record names them."""
    found = []
    for path in archive.glob("*.car"):
        blocks, owner, root = _repo(archive, path)
        profile = next((r for k, r in _records(blocks, root) if k == _PROFILE), None)
        shown = profile.get("displayName") if isinstance(profile, dict) else None
        found.append(Account(NAME, user_id=owner, display_name=shown or None))
    return tuple(dict.fromkeys(found))


def _repo(archive: Archive, path: str) -> tuple[dict[Any, Any], str, Any]:
    """(blocks, the owner's DID, the record tree's root) of one CAR file."""
    with archive.open(path) as fh:
        data = fh.read()
    try:
        header, blocks = libipld.decode_car(data)
        commit = blocks[header["roots"][0]]
        return blocks, str(commit["did"]), commit["data"]
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise ArchiveError(f"{archive.path}: {path}: not a readable repo CAR ({exc})") from exc


def _records(blocks: dict[Any, Any], node_cid: Any) -> Iterator[tuple[str, Any]]:
    """(`collection/rkey`, record) in key order, walking the tree depth first."""
    node = blocks[node_cid]
    if node.get("l"):
        yield from _records(blocks, node["l"])
    key = b""
    for entry in node["e"]:
        key = key[: entry["p"]] + entry["k"]
        yield key.decode(), blocks[entry["v"]]
        if entry.get("t"):
            yield from _records(blocks, entry["t"])


def _interactions(
    path: str, owner: str, index: int, entry: tuple[str, Any]
) -> Iterator[Interaction]:
    key, record = entry
    locator = Locator(path, index)
    collection = key.partition("/")[0]
    uri = f"at://{owner}/{key}"
    if collection in _SIMPLE:
        subject = record["subject"]
        target = subject if isinstance(subject, str) else subject["uri"]
        yield _out(
            _SIMPLE[collection],
            _did(target),
            record,
            locator,
            None,
            target if "/" in target else uri,
        )
    elif collection == _POST:
        parent = ((record.get("reply") or {}).get("parent") or {}).get("uri")
        named = {f["did"] for f in _features(record) if f.get("$type") == _MENTION}
        if parent and _did(parent) != owner:
            yield _out("reply", _did(parent), record, locator, record.get("text"), parent)
            named.discard(_did(parent))
        for did in sorted(named - {owner}):
            yield _out("mention", did, record, locator, record.get("text"), uri)


def _out(
    kind: str, did: str, record: Any, locator: Locator, text: str | None, target: str
) -> Interaction:
    return Interaction(
        platform=NAME,
        type=kind,
        direction="out",
        occurred_at=optional(record.get("createdAt"), _time),
        account=Account(NAME, user_id=did),
        locator=locator,
        raw=raw_json(_plain(record)),
        text=text,
        target=target,
    )


def _features(record: Any) -> Iterator[dict[str, Any]]:
    for facet in record.get("facets") or ():
        yield from facet.get("features") or ()


def _did(reference: str) -> str:
    """The account of `did:plc:…` or of an `at://did:plc:…/collection/rkey` URI."""
    did = reference.removeprefix("at://").split("/", 1)[0]
    if not did.startswith("did:"):
        raise SkipRecord(f"no DID in {reference!r}")
    return did


def _plain(value: Any) -> Any:
    """The record as JSON can hold it: links as CID strings, other bytes as base64."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, bytes):
        try:
            return {"$link": libipld.encode_cid(value)}
        except ValueError:
            return {"$bytes": base64.b64encode(value).decode()}
    return value


def _time(value: Any) -> datetime:
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError as exc:
        raise SkipRecord(f"unreadable createdAt {value!r}") from exc
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
