"""Telegram Desktop JSON: full and one-chat exports, both date forms, calls, entity text."""

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
from crawlers.exports import telegram
from crawlers.wallclock import is_wall_clock
from tests.helpers import DATA, zip_folder

TG = DATA / "exports" / "telegram"
FULL = "DataExport_2026-04-20/result.json"


def _parse(source: Path) -> list[Interaction]:
    with Archive(source) as archive:
        return list(telegram.parse(archive))


@pytest.mark.parametrize("variant", ["desktop-full", "desktop-chat-2021"])
def test_detected_by_the_telegram_parser_only(variant: str, tmp_path: Path) -> None:
    for source in (TG / variant, zip_folder(TG / variant, tmp_path / "export.zip")):
        with Archive(source) as archive:
            assert [p.NAME for p in exports.PARSERS if p.detect(archive)] == ["telegram"]


def test_full_export_counts_directions_and_skips_channels_and_notices() -> None:
    items = _parse(TG / "desktop-full")
    assert Counter((i.type, i.direction, i.target) for i in items) == {
        ("message", "in", "chat:5100000082"): 2,
        ("other", "in", "chat:5100000082"): 1,  # the missed call; the pin is left out
        ("message", "out", "chat:5100000082"): 1,
        ("message", "in", "chat:1790000000"): 1,  # the owner's own group message is left out
    }


def test_ids_times_and_text_entities() -> None:
    items = {(i.target, i.locator.index): i for i in _parse(TG / "desktop-full")}
    first = items[("chat:5100000082", 0)]
    assert first.occurred_at == datetime(2026, 4, 2, 21, 15, 10, tzinfo=UTC)  # date_unixtime
    assert (first.account.user_id, first.account.display_name) == ("5100000082", "Rob Miller")
    assert first.account.handle == "+15550100100"  # his number, from the owner's contacts
    assert items[("chat:5100000082", 1)].text == "missed call"
    out = items[("chat:5100000082", 2)]
    assert (out.direction, out.account.user_id) == ("out", "5100000082")
    edited = items[("chat:5100000082", 3)]
    assert edited.text == "Look at https://example.com/lake-placid Janie-bean"
    assert json.loads(edited.raw)["edited"] == "2026-04-03T09:05:00"
    assert items[("chat:1790000000", 1)].account.display_name == "Mary Miller"
    assert items[("chat:1790000000", 1)].account.handle is None  # not a saved contact


def test_an_old_one_chat_export_gives_wall_clock_times() -> None:
    items = _parse(TG / "desktop-chat-2021")
    assert [(i.direction, i.account.user_id) for i in items] == [
        ("in", "5100000777"),
        ("out", "5100000777"),  # no owner id in a one-chat export: the chat id decides
    ]
    assert all(is_wall_clock(i.occurred_at) for i in items)
    assert items[0].occurred_at.replace(tzinfo=None) == datetime(2021, 5, 30, 22, 10)


def test_a_cut_off_file_is_an_error_naming_it(tmp_path: Path) -> None:
    folder = tmp_path / "DataExport"
    folder.mkdir()
    text = (TG / "desktop-full" / FULL).read_text(encoding="utf-8")
    (folder / "result.json").write_text(text[: len(text) // 2], encoding="utf-8")
    with pytest.raises(ArchiveError, match="result.json: invalid JSON"):
        _parse(folder)
