"""WhatsApp chat exports: iOS and Android lines, both date orders, 12/24 h, marks, senders."""

from __future__ import annotations

import shutil
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawlers import exports
from crawlers.archive import Archive
from crawlers.errors import ArchiveError
from crawlers.events import Interaction
from crawlers.exports import whatsapp
from crawlers.wallclock import in_zone, is_wall_clock
from tests.helpers import DATA, zip_folder

WA = DATA / "exports" / "whatsapp"
EXPECTED = {
    "ios": {
        ("message", "in"): 3,
        ("message", "out"): 1,
        ("other", "in"): 1,
        ("unsent_message", "in"): 1,
        ("block", "out"): 1,
    },
    "android-24h": {
        ("message", "in"): 3,
        ("message", "out"): 1,
        ("unsent_message", "in"): 1,
        ("block", "out"): 1,
    },
    "android-12h-us": {("message", "in"): 3, ("message", "out"): 1},
}
LRM, NNBSP = "\u200e", "\u202f"


def _parse(source: Path) -> list[Interaction]:
    with Archive(source) as archive:
        return list(whatsapp.parse(archive))


def _counts(items: list[Interaction]) -> dict[tuple[str, str], int]:
    return dict(Counter((i.type, i.direction) for i in items))


@pytest.fixture(params=sorted(EXPECTED))
def variant(request: pytest.FixtureRequest) -> Path:
    return WA / request.param


def test_each_variant_is_detected_by_whatsapp_only(variant: Path, tmp_path: Path) -> None:
    for source in (variant, zip_folder(variant, tmp_path / "WhatsApp Chat - Rob Miller.zip")):
        with Archive(source) as archive:
            assert [p.NAME for p in exports.PARSERS if p.detect(archive)] == ["whatsapp"]


def test_counts_per_type_and_direction(variant: Path) -> None:
    assert _counts(_parse(variant)) == EXPECTED[variant.name]


def test_a_bare_exported_file_opens_as_a_one_file_archive(variant: Path, tmp_path: Path) -> None:
    (chat,) = variant.iterdir()
    bare = Path(shutil.copy(chat, tmp_path / chat.name))
    items = _parse(bare)
    assert _counts(items) == EXPECTED[variant.name]
    assert {i.locator.path for i in items} == {chat.name}


def test_ios_dates_are_day_first_though_only_a_late_line_shows_it() -> None:
    items = {i.locator.index: i for i in _parse(WA / "ios")}
    assert items[1].occurred_at.replace(tzinfo=None) == datetime(2026, 4, 2, 21, 15, 10)
    assert items[8].occurred_at.replace(tzinfo=None) == datetime(2026, 4, 14, 7, 30, 5)
    assert items[2].text == "I know you read these\nit's been a month"
    assert items[5].text == "<attached: 00000012-PHOTO-2026-04-03-08-02-30.jpg>"  # LRMs gone
    assert items[5].raw.startswith(LRM + "[03/04/2026")  # raw is the line as read
    assert (items[6].type, items[6].text) == ("other", "Missed voice call")
    assert {i.account.display_name for i in items.values()} == {"Rob Miller"}  # from the notice


def test_us_twelve_hour_clock_with_narrow_spaces_reads_month_first() -> None:
    items = {i.locator.index: i for i in _parse(WA / "android-12h-us")}
    assert items[1].occurred_at.replace(tzinfo=None) == datetime(2026, 4, 2, 21, 15)
    assert items[3].occurred_at.replace(tzinfo=None) == datetime(2026, 4, 28, 0, 5)
    assert items[6].occurred_at.replace(tzinfo=None) == datetime(2026, 4, 28, 12, 40)
    assert items[3].text == "I'm at Lake Placid.\n\nCome out."
    assert items[2].direction == "out" and items[2].account.display_name == "Bobby M"


def test_an_unsaved_number_is_a_handle_in_e164() -> None:
    items = _parse(WA / "android-24h")
    assert {i.account.handle for i in items} == {"+15550100199"}
    assert {i.account.display_name for i in items} == {"+1 555 010 0199"}
    block = next(i for i in items if i.type == "block")
    assert block.occurred_at.replace(tzinfo=None) == datetime(2026, 4, 13, 22, 30)


def test_times_are_wall_clock_until_the_case_zone_is_applied(variant: Path) -> None:
    items = _parse(variant)
    assert all(is_wall_clock(i.occurred_at) for i in items)
    first = items[0].occurred_at
    madrid = in_zone(first, ZoneInfo("Europe/Madrid"))  # CEST, UTC+2, in April
    assert madrid == first.replace(tzinfo=UTC) - timedelta(hours=2)
    assert madrid.tzinfo is UTC


def _chat(tmp_path: Path, text: str, name: str = "WhatsApp Chat with Rob.txt") -> Path:
    folder = tmp_path / "chat"
    folder.mkdir()
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_ambiguous_dates_take_the_order_that_runs_forward(tmp_path: Path) -> None:
    # Month first these run 3 Jan, 5 Jan, 2 Feb; day first they would jump back from May.
    text = "".join(f"{d}, 10:00 - Rob: hi\n" for d in ("1/3/26", "1/5/26", "2/2/26"))
    items = _parse(_chat(tmp_path, text))
    assert [(i.occurred_at.month, i.occurred_at.day) for i in items] == [(1, 3), (1, 5), (2, 2)]


def test_spanish_twelve_hour_marks_and_deleted_messages(tmp_path: Path) -> None:
    text = (
        f"{LRM}[3/6/18, 1:55:00\u00a0p.\u00a0m.] Rob: hola\n"
        f"[13/6/18, 9:05:00{NNBSP}a.{NNBSP}m.] Rob: {LRM}Se eliminó este mensaje.\n"
    )
    items = _parse(_chat(tmp_path, text, "_chat.txt"))
    assert [i.occurred_at.replace(tzinfo=None) for i in items] == [
        datetime(2018, 6, 3, 13, 55),
        datetime(2018, 6, 13, 9, 5),
    ]
    assert [i.type for i in items] == ["message", "unsent_message"]


def test_a_file_whose_dates_disagree_is_refused_by_name(tmp_path: Path) -> None:
    text = "13/4/26, 10:00 - Rob: a\n4/13/26, 10:00 - Rob: b\n"
    with pytest.raises(ArchiveError, match="WhatsApp Chat with Rob.txt: dates disagree"):
        _parse(_chat(tmp_path, text))


def test_a_plain_text_file_is_not_claimed(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("shopping: milk\n", encoding="utf-8")
    with Archive(notes) as archive:
        assert not whatsapp.detect(archive)


def test_ios_numbers_wrapped_in_direction_marks_are_one_account(tmp_path: Path) -> None:
    number = "\u202a+34\u00a0612\u00a034\u00a056\u00a078\u202c"
    text = (
        f"[2/4/26, 21:14:03] {number}: {LRM}Messages and calls are end-to-end encrypted.\n"
        f"[2/4/26, 21:15:10] {number}: hola\n"
        "[2/4/26, 21:16:00] Jane: ¿quién eres?\n"
    )
    items = _parse(_chat(tmp_path, text, "_chat.txt"))
    assert [(i.direction, i.account.handle) for i in items] == [
        ("in", "+34612345678"),
        ("out", "+34612345678"),
    ]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    moments=st.lists(
        st.datetimes(min_value=datetime(2015, 1, 1), max_value=datetime(2030, 12, 31)),
        min_size=1,
        max_size=12,
    ),
    day_first=st.booleans(),
    android=st.booleans(),
    twelve_hour=st.booleans(),
)
def test_any_chat_reads_back_the_times_it_was_written_with(
    tmp_path_factory: pytest.TempPathFactory,
    moments: list[datetime],
    day_first: bool,
    android: bool,
    twelve_hour: bool,
) -> None:
    moments = sorted(m.replace(microsecond=0) for m in moments)
    moments.append(datetime(2031, 1, 13, 9, 0, 0))  # one day above 12 settles the order

    def line(at: datetime) -> str:
        date = f"{at.day}/{at.month}/{at.year % 100:02d}"
        if not day_first:
            date = f"{at.month}/{at.day}/{at.year % 100:02d}"
        clock = (
            f"{(at.hour % 12) or 12}:{at.minute:02d}{NNBSP}{'PM' if at.hour >= 12 else 'AM'}"
            if twelve_hour
            else f"{at.hour}:{at.minute:02d}"
        )
        if android:
            return f"{date}, {clock} - Rob: hi\n"
        seconds = (
            clock.replace(f"{NNBSP}", f":{at.second:02d}{NNBSP}", 1)
            if twelve_hour
            else (f"{clock}:{at.second:02d}")
        )
        return f"[{date}, {seconds}] Rob: hi\n"

    folder = tmp_path_factory.mktemp("chat")
    (folder / "WhatsApp Chat with Rob.txt").write_text("".join(map(line, moments)), "utf-8")
    read = [i.occurred_at.replace(tzinfo=None) for i in _parse(folder)]
    expected = [m if not android else m.replace(second=0) for m in moments]
    assert read == expected


def test_an_ios_group_where_two_people_speak_is_still_a_group(tmp_path: Path) -> None:
    text = (
        f"[2/4/26, 21:14:03] Lake crew: {LRM}Messages and calls are end-to-end encrypted.\n"
        f"[2/4/26, 21:14:05] Lake crew: {LRM}Mary Miller added you\n"
        "[2/4/26, 21:15:10] Mary Miller: Rob says hi\n"
        "[2/4/26, 21:16:00] Jane: leaving\n"
    )
    folder = tmp_path / "WhatsApp Chat - Lake crew"
    folder.mkdir()
    (folder / "_chat.txt").write_text(text, encoding="utf-8")
    items = _parse(folder)
    assert [(i.direction, i.account.display_name, i.target) for i in items] == [
        ("in", "Mary Miller", "chat:Lake crew"),
        ("in", "Jane", "chat:Lake crew"),  # the owner's own line cannot be told apart in a group
    ]


def test_a_partner_number_spelled_apart_in_the_file_name_is_the_same_person(
    tmp_path: Path,
) -> None:
    text = "2/4/26, 21:15 - +1 (555) 010-0199: hi\n2/4/26, 21:16 - Jane: who?\n"
    items = _parse(_chat(tmp_path, text, "WhatsApp Chat with +1 555 010 0199.txt"))
    assert [(i.direction, i.account.handle) for i in items] == [
        ("in", "+15550100199"),
        ("out", "+15550100199"),
    ]
