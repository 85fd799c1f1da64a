"""Mastodon archive: the owner's replies and direct messages, to the accounts they mention."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from crawlers import exports
from crawlers.archive import Archive
from crawlers.events import Interaction
from crawlers.exports import mastodon
from tests.helpers import DATA, zip_folder

MA = DATA / "exports" / "mastodon" / "2026"


def _parse(source: Path) -> list[Interaction]:
    with Archive(source) as archive:
        return list(mastodon.parse(archive))


def test_detected_by_the_mastodon_parser_only(tmp_path: Path) -> None:
    for source in (MA, zip_folder(MA, tmp_path / "archive.zip")):
        with Archive(source) as archive:
            assert [p.NAME for p in exports.PARSERS if p.detect(archive)] == ["mastodon"]


def test_replies_and_direct_messages_name_the_mentioned_account() -> None:
    reply, direct = _parse(MA)  # a public post without mentions and a boost give nothing
    assert (reply.type, reply.direction, reply.account.handle) == (
        "reply",
        "out",
        "robm@mastodon.social",  # a local mention's tag has no host: taken from its href
    )
    assert reply.occurred_at == datetime(2026, 4, 3, 8, 0, tzinfo=UTC)
    assert reply.text == "@robm Stop replying to me."
    assert reply.target == "https://mastodon.social/users/robm/statuses/999"
    assert (direct.type, direct.account.handle) == ("message", "lp_watcher82@fosstodon.example")
    assert json.loads(direct.raw)["type"] == "Create"
