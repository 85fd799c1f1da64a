"""WhatsApp "Export chat" text files, iOS and Android, any of the common locale line formats.

iOS writes `_chat.txt` (in `WhatsApp Chat - NAME.zip`) with lines `[d/m/yy, h:mm:ss] Name: text`;
Android writes `WhatsApp Chat with NAME.txt` with lines `d/m/yy, h:mm - Name: text`. Both vary
by locale: `.` or `-` between date parts, four-digit or leading years, 12- or 24-hour clocks
(`PM`, `p. m.`), a U+202F or U+00A0 before the AM/PM mark and a U+200E mark before the line.
Day/month order is read from the whole file: any part above 12 decides; failing that, the order
whose dates run forward wins; failing that, day first (most locales). Lines that start no
message continue the previous one.

Times are the phone's wall clock with no zone: they are marked `WALL_CLOCK` and the import reads
them in the case's zone. People are the name saved in the owner's address book, or a phone
number (kept as a handle in E.164 form when it has its country code).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from crawlers.archive import Archive
from crawlers.errors import ArchiveError, SkipRecord
from crawlers.events import Account, Gap, Interaction, Locator
from crawlers.exports._base import OnSkip, guarded
from crawlers.exports._phones import normalise, phone_account
from crawlers.wallclock import wall_clock

NAME = "whatsapp"
VERSION = "1"

GAPS: tuple[Gap, ...] = (
    Gap(
        NAME,
        ("message",),
        "Only the chats you exported are here, each as your phone showed it: people are named "
        "as saved in your contacts (or by number), times carry no zone and are read in the "
        "case's time zone, and in a group your own messages cannot be told apart from others'. "
        "Calls appear only as iOS lines such as 'Missed voice call'; screenshot the call log.",
    ),
)

_CHAT_NAME = re.compile(
    r"^(?:WhatsApp Chat (?:with|mit|-)|Chat de WhatsApp con|Conversa do WhatsApp com"
    r"|Discussion WhatsApp avec|Chat WhatsApp con)\s+(?P<name>.+?)"
    r"(?:\.txt|\.zip)?$",
    re.IGNORECASE,
)
_DATE = r"\d{1,4}[./-]\s?\d{1,2}[./-]\s?\d{2,4}"
_TIME = r"\d{1,2}[:.]\d{2}(?:[:.]\d{2})?"
_MERIDIEM = r"[ap]\.?\s?m\.?"
_HEADER = re.compile(
    r"^[\u200e\u200f]?(?:"
    rf"\[(?P<d1>{_DATE})\.?,?\s(?P<t1>{_TIME})(?:\s?(?P<ap1>{_MERIDIEM}))?\]\s"
    rf"|(?P<d2>{_DATE})\.?,?\s(?P<t2>{_TIME})(?:\s?(?P<ap2>{_MERIDIEM}))?\s[-–]\s)",
    re.IGNORECASE,
)
_SPACES = str.maketrans({"\u202f": " ", "\u00a0": " "})
_SENDER = re.compile(r"^(?P<name>[^:\n]{1,80}?): (?P<text>.*)$", re.DOTALL)
_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_MARKS = "\u200e\u200f \t\r\n"
# What WhatsApp writes instead of a message (English and Spanish), casefolded, by type.
_DELETED = ("this message was deleted", "you deleted this message", "se eliminó este mensaje")
_CALLS = ("missed voice call", "missed video call", "voice call", "video call", "llamada")
_MEDIA = (
    "<attached",
    "<adjunto",
    "location:",
    "ubicación:",
    "live location",
    "ubicación en tiempo",
)
_OMITTED = ("omitted", "omitido", "omitida")
_BLOCKED = ("you blocked this contact", "bloqueaste a este contacto", "bloqueaste este contacto")
_ENCRYPTED = ("messages and calls are end-to-end encrypted", "los mensajes y las llamadas")
_NOTICES = _ENCRYPTED + (
    "your security code with",
    "tu código de seguridad con",
    "you unblocked this contact",
    "desbloqueaste",
    "messages to this group are now secured",
    "disappearing messages",
    "this chat is with a business account",
)


def detect(archive: Archive) -> bool:
    """A chat file by its name, or a lone .txt, whose first line is a WhatsApp message line."""
    return any(_first_is_header(archive, path) for path in _chats(archive)[:4])


def parse(archive: Archive, *, on_skip: OnSkip | None = None) -> Iterator[Interaction]:
    """Yield each message, deletion, call line and block of every exported chat."""
    for path in _chats(archive):
        survey = _survey(archive, path)
        partner = _partner(archive, path, survey)
        chat = _Chat(path, survey.day_first, partner, survey.is_group(partner))
        yield from guarded(path, _messages(archive, path), chat.build, on_skip)


def owners(archive: Archive) -> tuple[Account, ...]:
    """None: a chat export names the owner only as a sender name, never by number or account."""
    return ()


def _chats(archive: Archive) -> list[str]:
    names = archive.names
    found = [n for n in names if _is_chat_name(n.rsplit("/", 1)[-1])]
    if not found and len(names) == 1 and names[0].casefold().endswith(".txt"):
        return names  # a lone exported file, saved under any name
    return found


def _is_chat_name(base: str) -> bool:
    return base == "_chat.txt" or (base.endswith(".txt") and bool(_CHAT_NAME.match(base)))


def _first_is_header(archive: Archive, path: str) -> bool:
    with archive.open(path) as fh:
        head = io.TextIOWrapper(fh, encoding="utf-8-sig", errors="replace").readline(4096)
    return bool(_HEADER.match(head.translate(_SPACES)))


def _lines(archive: Archive, path: str) -> Iterator[str]:
    with archive.open(path) as fh:
        text = io.TextIOWrapper(fh, encoding="utf-8-sig", errors="replace", newline=None)
        for line in text:
            yield line.rstrip("\n")


_Message = tuple[re.Match[str], list[str]]


def _messages(archive: Archive, path: str) -> Iterator[tuple[int, _Message]]:
    """Group lines into messages: (line number of the header, (header, lines as read))."""
    start, head, lines = -1, None, list[str]()
    for number, line in enumerate(_lines(archive, path)):
        if found := _HEADER.match(line.translate(_SPACES)):
            if head is not None:
                yield start, (head, lines)
            start, head, lines = number, found, [line]
        elif lines:
            lines.append(line)
        elif line.strip():
            raise ArchiveError(f"{archive.path}: {path}: line {number + 1} starts no message")
    if head is not None:
        yield start, (head, lines)


@dataclass(slots=True)
class _Survey:
    """What a first pass learns: the date order, who spoke, who the chat is with."""

    day_first: bool = True
    speakers: set[str] = field(default_factory=set)  # names on lines a person wrote
    notice_sender: str | None = None

    def is_group(self, partner: str | None) -> bool:
        """A group when the chat's name never speaks (it names the group) or 3+ people do."""
        if partner is None:
            return len(self.speakers) > 2
        others = self.speakers - {_identity(partner)}
        return len(others) == len(self.speakers) or len(others) > 1


def _survey(archive: Archive, path: str) -> _Survey:
    survey, votes, dates = _Survey(), {True: 0, False: 0}, list[tuple[int, int, int]]()
    for _, (head, lines) in _messages(archive, path):
        a, b, year = _date_parts(head)
        if a > 12 or b > 12:
            votes[a > 12] += 1
        if not dates or dates[-1] != (a, b, year):
            dates.append((a, b, year))
        name, text = _split(lines[0][head.end() :])
        if name is not None and len(survey.speakers) < 8 and _spoken(text):
            survey.speakers.add(_identity(name))
        if name is not None and survey.notice_sender is None and _starts(text, _ENCRYPTED):
            survey.notice_sender = name
    if votes[True] and votes[False]:
        raise ArchiveError(f"{archive.path}: {path}: dates disagree on day/month order")
    if votes[True] or votes[False]:
        survey.day_first = bool(votes[True])
    else:
        survey.day_first = _backsteps(dates, day_first=True) <= _backsteps(dates, day_first=False)
    return survey


def _backsteps(dates: list[tuple[int, int, int]], *, day_first: bool) -> int:
    """How often the file's dates would run backwards under one reading."""
    keys = [(y, b, a) if day_first else (y, a, b) for a, b, y in dates]
    return sum(1 for earlier, later in zip(keys, keys[1:], strict=False) if later < earlier)


def _date_parts(head: re.Match[str]) -> tuple[int, int, int]:
    """(first, second, year) of the header date; a leading year gives (day, month, year)."""
    parts = [int(p) for p in re.split(r"[./-]\s?", head["d1"] or head["d2"])]
    if parts[0] > 999:
        return parts[2], parts[1], parts[0]
    year = parts[2] + 2000 if parts[2] < 100 else parts[2]
    return parts[0], parts[1], year


def _year_first(head: re.Match[str]) -> bool:
    return (head["d1"] or head["d2"])[:4].isdigit()


def _partner(archive: Archive, path: str, survey: _Survey) -> str | None:
    """Who the chat is with: the file's or the zip's name, else the encryption notice's sender."""
    for name in (path.rsplit("/", 1)[-1], archive.path.name):
        if found := _CHAT_NAME.match(name):
            return _unmarked(found["name"])
    return survey.notice_sender


def _split(rest: str) -> tuple[str | None, str]:
    """(sender, text); iOS wraps numbers in direction marks (`\u202a+1 555…\u202c`), dropped."""
    found = _SENDER.match(rest)
    return (_unmarked(found["name"]), found["text"]) if found else (None, rest)


def _unmarked(name: str) -> str:
    return _BIDI.sub("", name).strip()


def _identity(name: str) -> str:
    """One spelling per person: a number in E.164 (file names and lines format it apart)."""
    return normalise(name) or name.casefold()


def _spoken(text: str) -> bool:
    """Written by a person: not a notice, and not one of iOS's marked lines (group events)
    unless it is media, a deletion or a call, which iOS marks too."""
    if _starts(text, _NOTICES):
        return False
    if not text.lstrip(" ").startswith("\u200e"):
        return True
    folded = text.strip(_MARKS).casefold()
    return folded.startswith(_MEDIA + _DELETED + _CALLS) or folded.endswith(_OMITTED)


def _starts(text: str, phrases: tuple[str, ...]) -> bool:
    return text.strip(_MARKS).casefold().startswith(phrases)


@dataclass(frozen=True, slots=True)
class _Chat:
    path: str
    day_first: bool
    partner: str | None
    group: bool

    def build(self, number: int, message: _Message) -> Iterator[Interaction]:
        head, lines = message
        sender, text = _split("\n".join([lines[0][head.end() :], *lines[1:]]))
        kind, direction, words = self._classify(sender, text)
        if kind is None:
            return
        other = sender if direction == "in" else self.partner
        if other is None:
            raise SkipRecord("a message with no sender in a chat whose partner is unknown")
        yield Interaction(
            platform=NAME,
            type=kind,
            direction=direction,
            occurred_at=self._moment(head),
            account=phone_account(NAME, other),
            locator=Locator(self.path, number),
            raw="\n".join(lines),
            text=words,
            target=f"chat:{self.partner}" if self.partner else None,
        )

    def _classify(self, sender: str | None, written: str) -> tuple[str | None, str, str]:
        """(type or None to leave out, direction, text) of one line."""
        text = written.strip(_MARKS)
        folded = text.casefold()
        if folded.startswith(_BLOCKED):
            return "block", "out", text
        if sender is None or not _spoken(written):
            return None, "in", text  # group events and notices are WhatsApp's, not a person's
        direction = "out" if self._is_owner(sender) else "in"
        if folded.startswith(_DELETED):
            return "unsent_message", direction, text
        if folded.startswith(_CALLS) and len(folded) < 40:
            return "other", direction, text
        return "message", direction, text

    def _is_owner(self, sender: str) -> bool:
        """In a two-person chat every name but the partner's is the owner's."""
        partner = self.partner
        return partner is not None and not self.group and _identity(sender) != _identity(partner)

    def _moment(self, head: re.Match[str]) -> datetime:
        a, b, year = _date_parts(head)
        day, month = (a, b) if self.day_first or _year_first(head) else (b, a)
        numbers = [int(n) for n in re.split(r"[:.]", head["t1"] or head["t2"])]
        hour, minute, second = (*numbers, 0)[:3]
        meridiem = (head["ap1"] or head["ap2"] or "").replace(".", "").replace(" ", "").casefold()
        if meridiem:
            hour = hour % 12 + (12 if meridiem == "pm" else 0)
        try:
            return wall_clock(datetime(year, month, day, hour, minute, second))
        except ValueError as exc:
            raise SkipRecord(f"impossible date or time ({exc})") from exc
