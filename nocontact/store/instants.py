"""One text form for instants in the store and in outputs: ISO 8601 UTC with milliseconds."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from itertools import repeat
from operator import methodcaller
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

    >>> isos([datetime(2026, 3, 9, 14, 2, 11, 5000, tzinfo=UTC), None])
    ['2026-03-09T14:02:11.005Z', None]
    """
    if set(map(getattr, moments, repeat("tzinfo"), repeat(None))) == {UTC}:  # none missing
        texts = map(_MILLISECONDS, moments)
        return list(map(str.replace, texts, repeat("+00:00"), repeat("Z")))
    return [iso(moment) if moment else None for moment in moments]


_MILLISECONDS = methodcaller("isoformat", "T", "milliseconds")


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
