"""Snapchat: both chat_history.json schemas and friends.json sections."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crawlers import exports
from crawlers.archive import Archive
from crawlers.events import Interaction
from crawlers.exports import snapchat
from tests.helpers import DATA, zip_folder

SNAP = DATA / "exports" / "snapchat"
EXPECTED = {
    "2021": {
        ("message", "in"): 2,
        ("message", "out"): 1,
        ("block", "out"): 1,
        ("follow_request", "in"): 1,
        ("other", "in"): 1,
    },
    "2024": {
        ("message", "in"): 3,
        ("message", "out"): 1,  # the owner's group message is left out
        ("follow_request", "in"): 2,
        ("other", "in"): 1,
    },
}


def _parse(source: Path) -> list[Interaction]:
    with Archive(source) as archive:
        return list(snapchat.parse(archive))


@pytest.mark.parametrize("variant", sorted(EXPECTED))
def test_detection_and_counts(variant: str, tmp_path: Path) -> None:
    wrapped = zip_folder(SNAP / variant, tmp_path / "mydata~1714700000000.zip")
    for source in (SNAP / variant, wrapped):
        with Archive(source) as archive:
            assert [p.NAME for p in exports.PARSERS if p.detect(archive)] == ["snapchat"]
    assert Counter((i.type, i.direction) for i in _parse(SNAP / variant)) == EXPECTED[variant]


def test_old_schema_direction_buckets_and_entities() -> None:
    chats = [i for i in _parse(SNAP / "2021") if i.type == "message"]
    assert [(i.direction, i.account.handle, i.text) for i in chats] == [
        ("in", "rob.m1982", "we & us, remember?"),
        ("in", "rob.m1982", "[MEDIA]"),
        ("out", "rob.m1982", "Stop."),
    ]
    assert chats[0].occurred_at == datetime(2021, 8, 19, 21, 15, 10, tzinfo=UTC)


def test_new_schema_is_sender_microseconds_and_dotted_usernames() -> None:
    items = {(i.target, i.locator.index): i for i in _parse(SNAP / "2024") if i.type == "message"}
    first = items[("chat:robbie_lp82", 0)]
    assert first.occurred_at == datetime(2024, 5, 1, 21, 15, 10, 123456, tzinfo=UTC)
    assert items[("chat:robbie_lp82", 1)].direction == "out"
    assert items[("chat:robbie_lp82", 1)].account.handle == "robbie_lp82"
    assert items[("chat:rob.m1982", 0)].text == "[STICKER]"  # a key with a dot is one key
    assert json.loads(first.raw)["IsSender"] is False


def test_friend_lists() -> None:
    people = {(i.target, i.account.handle): i for i in _parse(SNAP / "2024") if i.type != "message"}
    pending = people[("Pending Requests", "rob.m1982")]
    assert (pending.type, pending.account.display_name) == ("follow_request", "Rob M")
    assert pending.occurred_at == datetime(2024, 4, 30, 20, 0, tzinfo=UTC)
    assert people[("Ignored Snapchatters", "robbie_lp82")].text == "Friend request you ignored"
