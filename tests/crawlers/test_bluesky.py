"""Bluesky repo CAR: the owner's blocks, follows, likes, replies and mentions, by DID."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crawlers import exports
from crawlers.archive import Archive
from crawlers.errors import ArchiveError
from crawlers.events import Interaction
from crawlers.exports import bluesky
from tests.crawlers import bluesky_car
from tests.helpers import DATA, zip_folder

BS = DATA / "exports" / "bluesky" / "2026"


def _parse(source: Path) -> list[Interaction]:
    with Archive(source) as archive:
        return list(bluesky.parse(archive))


def test_the_fixture_is_what_libipld_builds() -> None:
    assert (BS / "repo.car").read_bytes() == bluesky_car.build()


def test_detected_by_the_bluesky_parser_only(tmp_path: Path) -> None:
    for source in (BS, zip_folder(BS, tmp_path / "export.zip"), BS / "repo.car"):
        with Archive(source) as archive:
            assert [p.NAME for p in exports.PARSERS if p.detect(archive)] == ["bluesky"]


def test_the_owners_records_in_tree_order() -> None:
    items = _parse(BS)
    assert all(i.direction == "out" for i in items)
    assert Counter(i.type for i in items) == {
        "like": 1,
        "reply": 1,
        "mention": 1,  # the reply also names a second account
        "block": 2,
        "follow": 1,  # a post naming no one gives nothing
    }
    blocks = [i for i in items if i.type == "block"]
    assert [b.account.user_id for b in blocks] == [bluesky_car.ROB, bluesky_car.ALT]
    assert blocks[0].occurred_at == datetime(2026, 4, 3, 9, 30, tzinfo=UTC)
    reply = next(i for i in items if i.type == "reply")
    assert reply.account.user_id == bluesky_car.ROB
    assert reply.target == f"at://{bluesky_car.ROB}/app.bsky.feed.post/3lpr1111111bb"
    assert json.loads(reply.raw)["text"] == "@lakewatcher82.bsky.social please stop"


def test_a_truncated_car_is_an_error_naming_the_file(tmp_path: Path) -> None:
    cut = tmp_path / "repo.car"
    cut.write_bytes((BS / "repo.car").read_bytes()[:300])
    with pytest.raises(ArchiveError, match="repo.car: not a readable repo CAR"):
        _parse(cut)
