"""Meta's HTML export pages: record boxes kept exactly as written, and localized dates.

A page is `<main>` (or a `role="main"` div) holding one box per record, each a
`<div class="pam _3-95 _2ph- _a6-g uiBoxWhite noborder">`. A box's text is kept byte for
byte as the evidentiary raw record, so boxes are cut out of the source text by a tag
scanner rather than re-serialised by a parser; fields are then read from each box with lxml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from html.parser import HTMLParser

import lxml.html

from crawlers.archive import Archive
from crawlers.errors import ArchiveError, SkipRecord
from crawlers.exports._base import repair_mojibake

BOX = "_a6-g"


@dataclass(frozen=True, slots=True)
class Page:
    """One HTML page of an export: its title (`<title>`, else `<h1>`) and each box as written."""

    title: str | None
    boxes: tuple[str, ...]


class _BoxScanner(HTMLParser):
    """Find the outermost record boxes' offsets in the source text, and the page title."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text = text
        # HTMLParser counts lines by "\n" only, whatever other line breaks the text holds.
        self.lines = [0, *(m.end() for m in re.finditer("\n", text))]
        self.spans: list[tuple[int, int]] = []
        self.titles: list[str] = []
        self.open_box: str | None = None
        self._in_title = False
        self._depth = 0
        self._start = 0

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("title", "h1"):
            self._in_title = True
            self.titles.append("")
        elif self.open_box is None:
            if BOX in (dict(attrs).get("class") or "").split():
                self.open_box, self._depth, self._start = tag, 1, self._offset()
        elif tag == self.open_box:
            self._depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("title", "h1"):
            self._in_title = False
        elif tag == self.open_box:
            self._depth -= 1
            if self._depth == 0:
                self.spans.append((self._start, self.text.index(">", self._offset()) + 1))
                self.open_box = None

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.titles[-1] += data


def read_text(archive: Archive, path: str) -> str:
    """One page's text, read whole: Meta splits long threads and lists into several files."""
    with archive.open(path) as fh:
        data = fh.read()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArchiveError(f"{archive.path}: {path}: not UTF-8 text ({exc})") from exc


def read_page(archive: Archive, path: str) -> Page:
    """Cut a page into its record boxes; a page cut off inside a box is an unreadable file."""
    text = read_text(archive, path)
    scanner = _BoxScanner(text)
    scanner.feed(text)
    scanner.close()
    if scanner.open_box is not None:
        raise ArchiveError(f"{archive.path}: {path}: cut off inside a record (incomplete file)")
    title = next((t.strip() for t in scanner.titles if t.strip()), None)
    return Page(repair_mojibake(title), tuple(text[start:end] for start, end in scanner.spans))


def fragment(box: str) -> lxml.html.HtmlElement:
    """Parse one box; a `<br>` becomes a line break so multi-line texts keep their lines."""
    element = lxml.html.fragment_fromstring(box)
    for br in element.iter("br"):
        br.tail = "\n" + (br.tail or "")
    return element


def has_class(name: str) -> str:
    """An XPath predicate for an element carrying this class among others."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def text_of(element: lxml.html.HtmlElement) -> str:
    """The element's text with entities decoded and Meta's mojibake (if any) repaired."""
    return repair_mojibake(element.text_content())


# A date as the export writes it, month-word first ("Mar 09, 2026 9:02 pm", "Sep 22, 2017,
# 6:33 AM", "jun. 07, 2024 5:44 am") or day first ("03. Sept. 2026, 21:33"), with an
# optional zone after it ("UTC", "UTC+02:00").
_MONTH_FIRST = re.compile(
    r"^(?P<mon>[^\W\d_]+)\.?\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})(?:,|\s+at)?\s+"
    r"(?P<h>\d{1,2})[:h](?P<m>\d{2})(?::(?P<s>\d{2}))?\s*(?P<rest>.*)$"
)
_DAY_FIRST = re.compile(
    r"^(?P<day>\d{1,2})\.?\s+(?:de\s+)?(?P<mon>[^\W\d_]+)\.?\s+(?:de\s+)?(?P<year>\d{4}),?\s+"
    r"(?:\S+\s+)??(?P<h>\d{1,2})[:h](?P<m>\d{2})(?::(?P<s>\d{2}))?\s*(?P<rest>.*)$"
)
_ZONE = re.compile(r"(?:^|\s)(?:UTC|GMT)(?:\s*(?P<sign>[+-])(?P<zh>\d{1,2})(?::?(?P<zm>\d{2}))?)?$")
_AM = ("am", "a.m.", "a. m.", "vorm.", "da manhã", "de la mañana", "du matin")
_PM = ("pm", "p.m.", "p. m.", "nachm.", "da tarde/noite", "de la tarde", "de la noche", "du soir")
# First letters of month names in the Latin-script languages Meta writes exports in.
# fmt: off
_MONTHS = {
    "jan": 1, "ene": 1, "gen": 1, "janv": 1, "jän": 1, "oca": 1,
    "feb": 2, "fev": 2, "fév": 2, "şub": 2,
    "mar": 3, "mär": 3, "mrz": 3, "mrt": 3,
    "apr": 4, "abr": 4, "avr": 4, "nis": 4,
    "may": 5, "mai": 5, "mei": 5, "mag": 5,
    "jun": 6, "juin": 6, "giu": 6, "haz": 6,
    "jul": 7, "juil": 7, "lug": 7, "tem": 7,
    "aug": 8, "ago": 8, "aoû": 8, "ağu": 8,
    "sep": 9, "set": 9, "eyl": 9,
    "oct": 10, "okt": 10, "out": 10, "ott": 10, "eki": 10,
    "nov": 11, "kas": 11,
    "dec": 12, "dic": 12, "dez": 12, "déc": 12, "ara": 12,
}
# fmt: on


def parse_date(text: str, clock: tzinfo) -> datetime:
    """A localized export date to aware UTC; read on `clock` unless the text names a zone.

    >>> parse_date("Mar 09, 2026 9:02 pm", UTC).isoformat()
    '2026-03-09T21:02:00+00:00'
    >>> parse_date("ago 07, 2026 8:17 da tarde/noite", UTC).isoformat()
    '2026-08-07T20:17:00+00:00'
    >>> parse_date("Sep 22, 2017, 12:33 AM UTC+02:00", UTC).isoformat()
    '2017-09-21T22:33:00+00:00'
    """
    cleaned = " ".join(text.split())
    match = _MONTH_FIRST.match(cleaned) or _DAY_FIRST.match(cleaned)
    month = _month(match.group("mon")) if match else None
    if match is None or month is None:
        raise SkipRecord(f"unreadable date {text!r}")
    rest = match.group("rest").strip()
    zone = _ZONE.search(rest)
    if zone:
        clock = _zone(zone)
        rest = rest[: zone.start()].strip()
    hour = _hour(int(match.group("h")), rest.casefold(), text)
    try:
        local = datetime(
            int(match.group("year")),
            month,
            int(match.group("day")),
            hour,
            int(match.group("m")),
            int(match.group("s") or 0),
        )
    except ValueError as exc:
        raise SkipRecord(f"impossible date {text!r} ({exc})") from exc
    return local.replace(tzinfo=clock).astimezone(UTC)


def _month(word: str) -> int | None:
    word = word.casefold()
    return _MONTHS.get(word[:4]) or _MONTHS.get(word[:3])


def _hour(hour: int, meridiem: str, text: str) -> int:
    """A 12-hour clock counts midnight as 12 am and noon as 12 pm; none means 24-hour."""
    if not meridiem:
        return hour
    if meridiem in _AM or meridiem in _PM:
        return hour % 12 + (12 if meridiem in _PM else 0)
    raise SkipRecord(f"unreadable time of day in date {text!r}")


def _zone(match: re.Match[str]) -> tzinfo:
    if not match.group("sign"):
        return UTC
    minutes = int(match.group("zh")) * 60 + int(match.group("zm") or 0)
    return timezone(timedelta(minutes=-minutes if match.group("sign") == "-" else minutes))
