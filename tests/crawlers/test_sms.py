"""SMS Backup & Restore XML: texts, MMS and calls, numbers in E.164, emoji written as halves."""

from __future__ import annotations

import io
import shutil
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crawlers import exports
from crawlers.archive import Archive
from crawlers.errors import ArchiveError
from crawlers.events import Interaction
from crawlers.exports import sms
from crawlers.exports._phones import normalise
from tests.helpers import DATA, zip_folder

BACKUP = DATA / "exports" / "sms" / "android"
SMS, CALLS = "sms-20260420120000.xml", "calls-20260420120000.xml"


def _parse(source: Path) -> list[Interaction]:
    with Archive(source) as archive:
        return list(sms.parse(archive))


def test_detected_by_the_sms_parser_only(tmp_path: Path) -> None:
    for source in (BACKUP, zip_folder(BACKUP, tmp_path / "backup.zip"), BACKUP / SMS):
        with Archive(source) as archive:
            assert [p.NAME for p in exports.PARSERS if p.detect(archive)] == ["sms"]


def test_counts_by_platform_type_and_direction() -> None:
    counts = Counter((i.platform, i.type, i.direction) for i in _parse(BACKUP))
    assert counts == {
        ("sms", "message", "in"): 3,  # two texts and an MMS; the draft is left out
        ("sms", "message", "out"): 1,
        ("phone", "other", "in"): 3,
        ("phone", "other", "out"): 1,
    }


def test_texts_times_numbers_and_names() -> None:
    items = {str(i.locator): i for i in _parse(BACKUP)}
    first = items[f"{SMS}#0"]
    assert first.occurred_at == datetime(2026, 4, 2, 21, 15, 10, tzinfo=UTC)
    assert (first.account.handle, first.account.display_name) == ("+15550100100", "Rob")
    # a national number is read in the phone's country, known from the service centre (+1 206…)
    assert items[f"{SMS}#1"].account.handle == "+15550100100"
    assert items[f"{CALLS}#1"].account.handle == "+15550100100"
    emoji = items[f"{SMS}#2"]
    assert emoji.text == "new number, same me \nJanie-bean 🙂"  # &#55357;&#56898; joined
    assert emoji.account.display_name == "+15550100777"  # "(Unknown)" is no name
    mms = items[f"{SMS}#4"]
    assert (mms.text, mms.account.handle) == ("remember this place?", "+15550100777")
    assert "base64 characters kept in the source copy" in mms.raw and "/9j/" not in mms.raw
    assert items[f"{CALLS}#0"].text == "missed call"
    assert items[f"{CALLS}#1"].text == "incoming call, 42 s"
    assert items[f"{CALLS}#2"].text == "blocked call (refused list)"


def test_a_lone_half_of_a_pair_becomes_a_replacement_character(tmp_path: Path) -> None:
    backup = tmp_path / "sms-1.xml"
    body = "hi &#55357; there" + " " * 5000 + "&#55357;&#56898;"  # the pair crosses a read
    backup.write_text(
        f'<?xml version="1.0"?><smses count="1"><sms address="+15550100100" date="0" type="1"'
        f' body="{body}" contact_name="null" /></smses>',
        encoding="utf-8",
    )
    (item,) = _parse(backup)
    assert item.text == "hi \ufffd there" + " " * 5000 + "🙂"


def test_a_cut_off_backup_is_an_error_naming_the_file(tmp_path: Path) -> None:
    cut = tmp_path / SMS
    shutil.copy(BACKUP / SMS, cut)
    cut.write_bytes(cut.read_bytes()[:900])
    with pytest.raises(ArchiveError, match=f"{SMS}: invalid XML"):
        _parse(cut)


@pytest.mark.parametrize(
    ("spelled", "expected"),
    [
        ("+1 (555) 010-0100", "+15550100100"),
        ("0034 612 34 56 78", "+34612345678"),
        ("555.010.0100", "5550100100"),  # no country known: the digits
        ("Rob", None),
        ("12345", None),
    ],
)
def test_numbers_are_spelled_one_way(spelled: str, expected: str | None) -> None:
    assert normalise(spelled) == expected


@pytest.mark.parametrize("size", [1, 5, 9, 17, 64])
def test_surrogate_pairs_are_joined_whatever_the_read_size(size: int) -> None:
    data = b'body="a&#55357;&#56898;b&#55357;c&#10;&#55356;&#57255;"'
    reader = sms._Joined(io.BytesIO(data))
    out = b"".join(iter(lambda: reader.read(size), b""))
    assert out == b'body="a&#128578;b&#65533;c&#10;&#127911;"'


def test_a_lone_call_log_keeps_national_numbers_as_digits(tmp_path: Path) -> None:
    calls = Path(shutil.copy(BACKUP / CALLS, tmp_path / CALLS))
    assert {i.account.handle for i in _parse(calls)} >= {"5550100100", "+15550100100"}
