"""One text form for instants in the store and in outputs: ISO 8601 UTC with milliseconds."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from itertools import repeat
from operator import add, attrgetter, floordiv, mul
from zoneinfo import ZoneInfo


def iso(moment: datetime) -> str:
    """Sortable UTC text; the fixed millisecond part keeps text order equal to time order.

    >>> iso(datetime(2026, 3, 9, 14, 2, 11, 5000, tzinfo=UTC))
    '2026-03-09T14:02:11.005Z'
    """
    if moment.tzinfo is not UTC:  # parsers give UTC already: this runs for every record
        moment = moment.astimezone(UTC)
    return f"{moment.isoformat(timespec='milliseconds')[:-6]}Z"


def isos(moments: Sequence[datetime | None]) -> list[str | None]:
    """`iso` of each instant (None stays None), over a batch at once: every record has one.

    The text is put together from the instant's fields and a few small tables (each day's
    date made once): `isoformat` of a zoned instant costs several times as much, a million
    times over an import.

    >>> isos([datetime(2026, 3, 9, 14, 2, 11, 5999, tzinfo=UTC), None])
    ['2026-03-09T14:02:11.005Z', None]
    """
    if set(map(getattr, moments, repeat("tzinfo"), repeat(None))) != {UTC}:  # some missing
        return [iso(moment) if moment else None for moment in moments]
    if len(_DATES) > _CACHED_DATES:
        _DATES.clear()
    dates = map(_DATES.__getitem__, map(datetime.toordinal, moments))
    minutes = map(add, map(mul, map(_HOUR, moments), repeat(60)), map(_MINUTE, moments))
    clock = map(
        add,
        map(_HOURS_MINUTES.__getitem__, minutes),
        map(_SECONDS.__getitem__, map(_SECOND, moments)),
    )
    millis = map(_MILLIS.__getitem__, map(floordiv, map(_MICROSECOND, moments), repeat(1000)))
    return list(map(add, map(add, dates, clock), millis))


class _Dates(dict[int, str]):
    """Each day's date as `iso` begins it ("2026-03-09T"), by proleptic ordinal, made once."""

    def __missing__(self, ordinal: int) -> str:
        text = self[ordinal] = f"{date.fromordinal(ordinal).isoformat()}T"
        return text


_DATES = _Dates()
_CACHED_DATES = 100_000  # days (three centuries): emptied when full
_HOUR, _MINUTE, _SECOND = attrgetter("hour"), attrgetter("minute"), attrgetter("second")
_MICROSECOND = attrgetter("microsecond")
_HOURS_MINUTES = [f"{h:02d}:{m:02d}:" for h in range(24) for m in range(60)]
_SECONDS = [f"{s:02d}." for s in range(60)]
_MILLIS = [f"{ms:03d}Z" for ms in range(1000)]


def now() -> str:
    return iso(datetime.now(UTC))


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def local(text: str | None, timezone: str) -> str:
    """A stored instant as a person reads it in a terminal: the case's date, time and zone.

    >>> local("2026-03-10T21:14:00.000Z", "America/New_York")
    '2026-03-10 17:14 EDT'
    """
    if not text:
        return "-"
    return parse_iso(text).astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M %Z")
