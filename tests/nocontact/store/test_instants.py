"""Instants as text: UTC, milliseconds always present, so text order is time order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from nocontact.store import instants


def test_any_zone_is_written_as_utc_and_read_back_equal() -> None:
    moment = datetime(2026, 3, 9, 9, 2, 11, 5000, tzinfo=timezone(timedelta(hours=-5)))
    text = instants.iso(moment)
    assert text == "2026-03-09T14:02:11.005Z"
    assert instants.parse_iso(text) == moment


def test_text_order_is_time_order() -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    moments = [start + timedelta(microseconds=n * 999_001) for n in range(50)]
    assert sorted(instants.iso(m) for m in reversed(moments)) == [instants.iso(m) for m in moments]
    assert instants.now().endswith("Z") and len(instants.now()) == 24


def test_a_batch_of_instants_reads_as_each_one_does() -> None:
    """The writer formats a batch at once: the same text as `iso`, in any zone, None kept."""
    utc = [datetime(2026, 3, 9, 14, 2, 11, n * 1001, tzinfo=UTC) for n in range(5)]
    assert instants.isos(utc) == [instants.iso(m) for m in utc]
    east = datetime(2026, 3, 9, 23, 30, tzinfo=timezone(timedelta(hours=9)))
    assert instants.isos([*utc[:2], None, east]) == [
        instants.iso(utc[0]),
        instants.iso(utc[1]),
        None,
        "2026-03-09T14:30:00.000Z",
    ]
    assert instants.isos([]) == []


def test_a_batch_reads_as_each_one_does_over_the_whole_calendar() -> None:
    """The batch's text is put together from tables: any year, any millisecond, the last
    microsecond of a millisecond (cut, never rounded), before 1970 too."""
    first, span = datetime(1, 1, 1, tzinfo=UTC), timedelta(days=3_652_058)
    moments = [first + span * (n / 5003) + timedelta(microseconds=n * 7919) for n in range(5003)]
    moments += [
        datetime(1969, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC),
        datetime(9999, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC),
        first,
    ]
    assert instants.isos(moments) == [instants.iso(m) for m in moments]
