"""Times an export wrote as the phone's wall clock, with no zone (WhatsApp chat exports).

A parser cannot know the zone, and the case's config can (`order.timezone`), so a parser marks
such a time with `WALL_CLOCK` and the import reads it in the case's zone with `in_zone`. Until
then the time reads as if it were UTC, which keeps the contract (aware datetimes) honest about
being unsettled: `is_wall_clock` tells the two apart.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo


class _WallClock(tzinfo):
    """A placeholder zone: offset 0 until the import names the real zone."""

    def utcoffset(self, dt: datetime | None) -> timedelta:
        return timedelta(0)

    def dst(self, dt: datetime | None) -> timedelta:
        return timedelta(0)

    def tzname(self, dt: datetime | None) -> str:
        return "wall clock (zone not yet applied)"

    def __repr__(self) -> str:
        return "WALL_CLOCK"


WALL_CLOCK = _WallClock()


def wall_clock(naive: datetime) -> datetime:
    """Mark a zone-less local time so the import can apply the case's zone."""
    return naive.replace(tzinfo=WALL_CLOCK)


def is_wall_clock(moment: datetime | None) -> bool:
    return moment is not None and moment.tzinfo is WALL_CLOCK


def in_zone(moment: datetime, zone: tzinfo) -> datetime:
    """A wall-clock time read in `zone`, as UTC; other times are returned as they are.

    In the hour a clock falls back the earlier reading is taken (fold 0).

    >>> from zoneinfo import ZoneInfo
    >>> in_zone(wall_clock(datetime(2026, 7, 1, 9, 30)), ZoneInfo("Europe/Madrid")).isoformat()
    '2026-07-01T07:30:00+00:00'
    """
    if not is_wall_clock(moment):
        return moment
    return moment.replace(tzinfo=zone).astimezone(UTC)
