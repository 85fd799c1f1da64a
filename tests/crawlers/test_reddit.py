"""Reddit data request: private messages both ways, chats read by header name."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from crawlers import exports
from crawlers.archive import Archive
from crawlers.events import Interaction
from crawlers.exports import reddit
from tests.helpers import DATA, zip_folder

RD = DATA / "exports" / "reddit" / "2026"


def _parse(source: Path) -> list[Interaction]:
    with Archive(source) as archive:
        return list(reddit.parse(archive))


def test_detected_by_the_reddit_parser_only(tmp_path: Path) -> None:
    for source in (RD, zip_folder(RD, tmp_path / "export_jane_doe_ny_20260420.zip")):
        with Archive(source) as archive:
            assert [p.NAME for p in exports.PARSERS if p.detect(archive)] == ["reddit"]


def test_messages_both_ways_and_chats_to_the_owner() -> None:
    items = _parse(RD)
    assert Counter((i.direction, i.locator.path) for i in items) == {
        ("in", "messages.csv"): 2,
        ("out", "messages.csv"): 2,
        ("in", "chat_history.csv"): 1,  # the owner's own chat line is left out
    }
    first = items[0]
    assert (first.account.handle, first.account.url) == (
        "rob_m_1982",
        "https://www.reddit.com/user/rob_m_1982",
    )
    assert first.occurred_at == datetime(2026, 4, 2, 21, 15, 10, tzinfo=UTC)
    assert items[1].account.handle == "rob_m_1982" and items[1].direction == "out"
    assert items[3].text == "Janie-bean,\nplease."


def test_chat_columns_are_read_by_name_in_any_order(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "chat_history.csv").write_text(
        "message_id,created_at,updated_at,username,message,channel_url,subreddit,channel_name,"
        "conversation_type\nm1,1775164510,1775164510,throwaway_lp82,hi,c1,,x,direct\n",
        encoding="utf-8",
    )
    (item,) = _parse(folder)
    assert (item.account.handle, item.text) == ("throwaway_lp82", "hi")
    assert item.occurred_at == datetime(2026, 4, 2, 21, 15, 10, tzinfo=UTC)  # epoch seconds


def test_one_thread_from_the_other_side_still_finds_the_owner(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    rows = (RD / "messages.csv").read_text(encoding="utf-8").splitlines()
    (folder / "messages.csv").write_text("\n".join([rows[0], rows[1], rows[1]]), "utf-8")
    items = _parse(folder)
    assert [(i.direction, i.account.handle) for i in items] == [("in", "rob_m_1982")] * 2
