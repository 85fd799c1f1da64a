"""Dates as Meta's HTML download renders them: localized text, usually with no time zone.

"Mar 09, 2026 9:02:13 pm" (English, 2022+), "Friday, May 1, 2015 at 9:56AM" and
"Friday, 28 February 2014 at 15:14 UTC+05:30" (older pages), "9 mar 2026, 21:02" (Spanish),
"1月 19, 2026 6:46:46 PM" (Japanese), "09/03/2026, 21:02" (day first).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo

from crawlers.errors import SkipRecord

# A date that names no zone is read on this clock. Instagram's HTML download, written by the
# same Meta renderer (same markup), was measured on a fixed UTC−8 clock in real downloads held
# in both formats (docs/formats/instagram.md); for Facebook this is UNVERIFIED.
CLOCK = timezone(timedelta(hours=-8), "UTC-08:00")

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january", "ene", "enero"),
            ("feb", "february", "febrero"),
            ("mar", "march", "marzo"),
            ("apr", "april", "abr", "abril"),
            ("may", "mayo"),
            ("jun", "june", "junio"),
            ("jul", "july", "julio"),
            ("aug", "august", "ago", "agosto"),
            ("sep", "sept", "september", "set", "septiembre", "setiembre"),
            ("oct", "october", "octubre"),
            ("nov", "november", "noviembre"),
            ("dec", "december", "dic", "diciembre"),
        ),
        start=1,
    )
    for name in names
}
_WEEKDAY = r"(?:[^\W\d_]+,\s+)?"
_TIME = (
    r"(?:(?:,|\s+at|,?\s+a\s+las)?\s+(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?"
    r"\s*(?P<ap>[ap]\.?\s?m\.?)?)?"
    r"(?:\s+(?:utc|gmt)(?:\s*(?P<zs>[+-])(?P<zh>\d{1,2})(?::?(?P<zm>\d{2}))?)?)?"
)
_DATES = tuple(
    re.compile("^" + _WEEKDAY + pattern + _TIME + "$")
    for pattern in (
        r"(?P<mon>[^\W\d_]+\.?|\d{1,2}月)\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})",
        r"(?P<d>\d{1,2})(?:\s+de)?\s+(?P<mon>[^\W\d_]+\.?)(?:\s+de)?\s+(?P<y>\d{4})",
        r"(?P<d>\d{1,2})/(?P<mon>\d{1,2})/(?P<y>\d{4})",
    )
)


def parse_date(text: str | None, clock: tzinfo = CLOCK) -> datetime:
    """A rendered date as aware UTC, read on `clock` unless the text names a zone.

    >>> parse_date("Mar 09, 2026 1:02:13 pm").isoformat()
    '2026-03-09T21:02:13+00:00'
    >>> parse_date("9 mar 2026, 21:02", UTC).isoformat()
    '2026-03-09T21:02:00+00:00'
    >>> parse_date("Friday, 28 February 2014 at 15:14 UTC+05:30").isoformat()
    '2014-02-28T09:44:00+00:00'
    """
    value = " ".join((text or "").replace("\u202f", " ").split()).casefold()
    for pattern in _DATES:
        match = pattern.match(value)
        if match:
            return _moment(match, clock).astimezone(UTC)
    raise SkipRecord(f"date not understood: {text!r}")


def _moment(match: re.Match[str], clock: tzinfo) -> datetime:
    mon = match.group("mon").rstrip(".月")
    month = int(mon) if mon.isdigit() else _MONTHS.get(mon)
    hour, ampm = int(match.group("h") or 0), (match.group("ap") or "").replace(".", "")
    ampm = ampm.replace(" ", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    try:
        if month is None or (ampm and not 1 <= int(match.group("h")) <= 12):
            raise ValueError("unknown month or hour")
        return datetime(
            int(match.group("y")),
            month,
            int(match.group("d")),
            hour,
            int(match.group("mi") or 0),
            int(match.group("s") or 0),
            tzinfo=_zone(match) or clock,
        )
    except ValueError as exc:
        raise SkipRecord(f"date not understood: {match.string!r} ({exc})") from exc


def _zone(match: re.Match[str]) -> tzinfo | None:
    """The zone a date names ("UTC", "UTC+05:30"), if any."""
    if match.group("zs") is None:
        return UTC if re.search(r"\s(?:utc|gmt)$", match.string) else None
    minutes = int(match.group("zh")) * 60 + int(match.group("zm") or 0)
    return timezone(timedelta(minutes=-minutes if match.group("zs") == "-" else minutes))
