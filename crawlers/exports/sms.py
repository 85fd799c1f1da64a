"""Android "SMS Backup & Restore" (SyncTech) XML: text messages, MMS and the call log.

`sms-<date>.xml` holds `<smses>` with `<sms>` (type 1 received, 2 sent, 3 draft, 4 outbox,
5 failed, 6 queued) and `<mms>` (`msg_box` 1 received, 2 sent; text in `<part ct="text/plain">`,
the sender in `<addr type="137">`); `calls-<date>.xml` holds `<calls>` with `<call>` (type 1
incoming, 2 outgoing, 3 missed, 4 voicemail, 5 rejected, 6 blocked or "refused list", 7 answered
on another device). Dates are Java epoch milliseconds, so UTC. Numbers become E.164 where they
carry their country code.

The file is walked with `iterparse` and each record is dropped once read: MMS media sits inside
as base64 and a backup can reach gigabytes. Raw records keep the media's size, not its bytes.
The locator index is the record's position among its file's records.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from lxml import etree

from crawlers.archive import Archive
from crawlers.errors import ArchiveError, SkipRecord
from crawlers.events import Account, Gap, Interaction, Locator
from crawlers.exports._base import OnSkip, from_epoch_ms, guarded, optional
from crawlers.exports._phones import phone_account, region_of

NAME = "sms"
VERSION = "1"
CALLS = "phone"  # platform of call-log records

GAPS: tuple[Gap, ...] = (
    Gap(
        NAME,
        ("message",),
        "Only what the phone still held when the backup ran: deleted texts and cleared calls "
        "are not in it, and numbers saved without a country code stay as typed.",
    ),
)

_ROOTS = (b"<smses", b"<calls")
_SMS_OUT = {"2", "4", "5", "6"}
_CALL_WORDS = {
    "1": ("in", "incoming call"),
    "2": ("out", "outgoing call"),
    "3": ("in", "missed call"),
    "4": ("in", "voicemail"),
    "5": ("in", "rejected call"),
    "6": ("in", "blocked call (refused list)"),
    "7": ("in", "incoming call answered on another device"),
}
_FROM = "137"  # PduHeaders.FROM
_CENTRE = re.compile(rb'service_center="(\+\d{7,15})"')


def detect(archive: Archive) -> bool:
    return any(_root(archive, path) for path in archive.glob("*.xml")[:8])


def parse(archive: Archive, *, on_skip: OnSkip | None = None) -> Iterator[Interaction]:
    """Yield texts and MMS both ways and every call the log kept."""
    for path in archive.glob("*.xml"):
        if _root(archive, path):
            build = _builder(path, _region(archive))
            yield from guarded(path, _records(archive, path), build, on_skip)


def owners(archive: Archive) -> tuple[Account, ...]:
    """None: the backup holds the other side's numbers only, never the phone's own."""
    return ()


def _root(archive: Archive, path: str) -> bool:
    with archive.open(path) as fh:
        head = fh.read(4096)
    return any(root in head for root in _ROOTS)


def _records(archive: Archive, path: str) -> Iterator[tuple[int, etree._Element]]:
    tags = ("sms", "mms", "call")
    with archive.open(path) as fh:
        events = etree.iterparse(
            _Joined(fh),
            events=("end",),
            tag=tags,
            resolve_entities=False,
            no_network=True,
            huge_tree=True,
        )
        try:
            for index, (_, element) in enumerate(events):
                yield index, element
                element.clear(keep_tail=False)
                while element.getprevious() is not None:  # read records leave no husks
                    del element.getparent()[0]
        except etree.XMLSyntaxError as exc:
            raise ArchiveError(f"{archive.path}: {path}: invalid XML ({exc})") from exc


class _Joined:
    """A reader that writes UTF-16 surrogate pairs (`&#55357;&#56898;`) as one character.

    Android's XML serializer wrote emoji that way and libxml2 rejects it, ending the file at
    the first emoji; an unpaired half becomes U+FFFD.
    """

    _PAIR = re.compile(rb"&#(5[5-6]\d{3});&#(5[6-7]\d{3});")
    _HALF = re.compile(rb"&#(5[5-7]\d{3});")

    def __init__(self, fh: IO[bytes]) -> None:
        self._fh, self._held = fh, b""

    def read(self, size: int = -1) -> bytes:
        while True:  # an empty answer would mean the end, so read on while all is held
            chunk = self._fh.read(size)
            data, self._held = self._PAIR.sub(_pair, self._held + chunk), b""
            if chunk:  # a reference the chunk's end may have cut waits for the next read
                cut = data.find(b"&", max(0, len(data) - 17))
                if cut >= 0:
                    data, self._held = data[:cut], data[cut:]
            if data or not chunk:
                return self._HALF.sub(_half, data)


def _pair(found: re.Match[bytes]) -> bytes:
    high, low = int(found[1]), int(found[2])
    if 0xD800 <= high <= 0xDBFF and 0xDC00 <= low <= 0xDFFF:
        return b"&#%d;" % (0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
    return found[0]


def _half(found: re.Match[bytes]) -> bytes:
    return b"&#65533;" if 0xD800 <= int(found[1]) <= 0xDFFF else found[0]


def _region(archive: Archive) -> str | None:
    """The phone's country, from the first service centre number of a received text."""
    for path in archive.glob("*.xml"):
        with archive.open(path) as fh:
            head = fh.read(256 * 1024)
        if found := _CENTRE.search(head):
            return region_of(found[1].decode())
    return None


@dataclass(frozen=True, slots=True)
class _Read:
    """One record as read, with where it was and the phone's country."""

    element: etree._Element
    locator: Locator
    region: str | None

    def interaction(
        self, platform: str, kind: str, direction: str, who: str | None, text: str | None
    ) -> Interaction:
        if not who or who == "null":
            raise SkipRecord("no phone number")
        name = self.element.get("contact_name")
        known = name if name and name not in ("(Unknown)", "null") else None
        return Interaction(
            platform=platform,
            type=kind,
            direction=direction,
            occurred_at=optional(self.element.get("date"), from_epoch_ms),
            account=phone_account(platform, who.split("~")[0], name=known, region=self.region),
            locator=self.locator,
            raw=_raw(self.element),
            text=text,
        )


def _builder(path: str, region: str | None) -> Any:
    def build(index: int, element: etree._Element) -> Iterator[Interaction]:
        kind = {"sms": _sms, "mms": _mms, "call": _call}[element.tag]
        yield from kind(_Read(element, Locator(path, index), region))

    return build


def _sms(read: _Read) -> Iterator[Interaction]:
    kind = read.element.get("type")
    if kind == "3":
        return  # a draft was never sent
    direction = "out" if kind in _SMS_OUT else "in"
    body = _text(read.element.get("body"))
    yield read.interaction(NAME, "message", direction, read.element.get("address"), body)


def _mms(read: _Read) -> Iterator[Interaction]:
    box = read.element.get("msg_box")
    if box == "3":
        return
    direction = "in" if box == "1" else "out"
    senders = [a.get("address") for a in read.element.iter("addr") if a.get("type") == _FROM]
    who = senders[0] if direction == "in" and senders else read.element.get("address")
    texts = [p.get("text") for p in read.element.iter("part") if p.get("ct") == "text/plain"]
    words = "\n".join(t for t in texts if t and t != "null") or None
    yield read.interaction(NAME, "message", direction, who, words)


def _call(read: _Read) -> Iterator[Interaction]:
    direction, said = _CALL_WORDS.get(read.element.get("type", ""), ("in", "call"))
    seconds = int(read.element.get("duration") or 0)
    text = f"{said}, {seconds} s" if seconds else said
    yield read.interaction(CALLS, "other", direction, read.element.get("number"), text)


def _text(value: str | None) -> str | None:
    return None if value in (None, "", "null") else value


def _raw(element: etree._Element) -> str:
    """The record as XML, MMS media replaced by its size (the source copy keeps the bytes)."""
    for part in element.iter("part"):
        if data := part.get("data"):
            part.set("data", f"[{len(data)} base64 characters kept in the source copy]")
    return etree.tostring(element, encoding="unicode", with_tail=False)
