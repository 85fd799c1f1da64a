"""E-mail: `.mbox` files (Google Takeout Mail, Thunderbird, Apple Mail) and folders of `.eml`.

Each message becomes a `message` from its sender's address (Takeout's `Sent` label, or an mbox
named `Sent…`, makes it `out`, to the first recipient). Header encodings (RFC 2047),
quoted-printable and base64 bodies and charsets are decoded by the standard library's `email`
package; an HTML-only body is reduced to its text. Notification e-mails that the platforms
themselves sent ("rob.miller82 commented on your post") become that platform's like, comment,
tag, mention or follow by the named account instead (see `_notification_mail`).

An mbox is read one message at a time, so a Takeout mailbox of many GB never sits in memory.
The locator index is the message's position in its mbox (0 for a lone `.eml`).
"""

from __future__ import annotations

import email
import email.policy
import itertools
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from email.errors import HeaderParseError
from email.header import decode_header, make_header
from email.message import Message
from email.parser import BytesHeaderParser
from email.utils import getaddresses, parsedate_to_datetime
from functools import partial

from crawlers.archive import Archive
from crawlers.errors import SkipRecord
from crawlers.events import Account, Gap, Interaction, Locator
from crawlers.exports._base import OnSkip, guarded
from crawlers.exports._html_text import html_text
from crawlers.exports._notification_mail import read_notice

NAME = "email"
VERSION = "1"

GAPS: tuple[Gap, ...] = (
    Gap(
        NAME,
        ("message",),
        "Only the mail in the files you imported: deleted mail and other mailboxes are not "
        "here. A sender's name can be anything; the address identifies them, though it too "
        "can be forged. Notifications count only when the receiving server saw them pass.",
    ),
)

_MAILBOXES = ("*.mbox", "*.eml")
_QUOTE_INTRO = re.compile(
    r"^(?:On .{5,200} wrote:|El .{5,200} escribió:|-{2,} ?Original Message ?-{2,}"
    r"|-{2,} ?Mensaje original ?-{2,})$",
    re.IGNORECASE,
)
_SENT_BOXES = ("sent", "enviados", "elementos enviados")
_RAW_LIMIT = 256 * 1024  # beyond this a record keeps its headers; the source copy keeps all
_OWNER_SAMPLE = 200  # messages per mailbox read for the owner's address
_HEADERS = BytesHeaderParser(policy=email.policy.compat32)


def detect(archive: Archive) -> bool:
    """An mbox or .eml file whose first bytes look like mail."""
    return any(_looks_like_mail(archive, path) for path in archive.glob(*_MAILBOXES)[:4]) or bool(
        _bare_mboxes(archive)
    )


def parse(archive: Archive, *, on_skip: OnSkip | None = None) -> Iterator[Interaction]:
    """Yield one interaction per message: a notification's event, else the e-mail itself."""
    for path, sent, messages in _mailboxes(archive):
        yield from guarded(path, messages, partial(_build, path, sent), on_skip)


def owners(archive: Archive) -> tuple[Account, ...]:
    """The mailbox owner: the one address mail was delivered to and sent from.

    Delivered-To (else a lone To) of received mail and From of sent mail, over the first
    messages; when they name more than one address (aliases, a shared or forwarded box) the
    owner is not certain and none is given.
    """
    found: set[str] = set()
    for _, sent, messages in _mailboxes(archive):
        for _, data in itertools.islice(messages, _OWNER_SAMPLE):
            found |= _own_addresses(_HEADERS.parsebytes(data), sent)
            if len(found) > 1:
                return ()
    return tuple(Account(NAME, handle=address) for address in found)


def _mailboxes(archive: Archive) -> Iterator[tuple[str, bool, Iterator[tuple[int, bytes]]]]:
    """(path, whether it is a Sent box, its messages) for every mailbox file."""
    for path in [*archive.glob(*_MAILBOXES), *_bare_mboxes(archive)]:
        mbox = not path.endswith(".eml")
        sent = path.rsplit("/", 1)[-1].casefold().startswith(_SENT_BOXES)
        yield path, sent, _mbox(archive, path) if mbox else _eml(archive, path)


def _own_addresses(message: Message, sent: bool) -> set[str]:
    if _outgoing(message, sent):
        return set(_addresses(message, "From")[:1])
    delivered = _addresses(message, "Delivered-To")
    if delivered:
        return set(delivered)
    to = _addresses(message, "To")
    return set(to) if len(to) == 1 else set()


def _addresses(message: Message, header: str) -> list[str]:
    pairs = getaddresses([_unfolded(str(v)) for v in message.get_all(header, [])])
    return [address.strip().casefold() for _, address in pairs if "@" in address]


def _outgoing(message: Message, sent: bool) -> bool:
    """A Sent mailbox, or Gmail's Sent label."""
    labels = str(message.get("X-Gmail-Labels", "")).casefold().split(",")
    return sent or "sent" in {label.strip() for label in labels}


def _bare_mboxes(archive: Archive) -> list[str]:
    """Thunderbird keeps each folder as an mbox with no extension (`Mail/Local Folders/Inbox`)."""
    found = []
    for path in archive.names:
        if "." not in path.rsplit("/", 1)[-1]:
            with archive.open(path) as fh:
                head = fh.read(1024)
            if head.startswith(b"From ") and (b"\nFrom:" in head or b"\nDate:" in head):
                found.append(path)
    return found


def _looks_like_mail(archive: Archive, path: str) -> bool:
    with archive.open(path) as fh:
        head = fh.read(2048)
    return (
        head.startswith(b"From ")
        or b"\nFrom:" in head
        or head.startswith(b"From:")
        or (b"Received:" in head or b"Return-Path:" in head or b"Message-ID:" in head)
    )


def _eml(archive: Archive, path: str) -> Iterator[tuple[int, bytes]]:
    with archive.open(path) as fh:
        yield 0, fh.read()


def _mbox(archive: Archive, path: str) -> Iterator[tuple[int, bytes]]:
    """Split an mbox on its `From ` separator lines (those after a blank line or at the top)."""
    index, lines, blank = -1, list[bytes](), True
    with archive.open(path) as fh:
        for line in fh:
            if blank and line.startswith(b"From "):
                if index >= 0:
                    yield index, b"".join(lines)
                index, lines = index + 1, []
            elif index >= 0:
                lines.append(line)
            blank = not line.strip()
    if index >= 0:
        yield index, b"".join(lines)


def _build(path: str, sent: bool, index: int, data: bytes) -> Iterator[Interaction]:
    # compat32 keeps headers as written and decodes only those read: ten times faster
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    moment, raw, body = _date(message), _raw(data), _body(message)
    subject = _decoded(message.get("Subject"))
    notice = read_notice(message, subject, body)
    locator = Locator(path, index)
    message_id = str(message.get("Message-ID", "")).strip() or None
    if notice is not None:
        yield Interaction(
            platform=notice.platform,
            type=notice.type,
            direction="in",
            occurred_at=moment,
            account=notice.account,
            locator=locator,
            raw=raw,
            text=notice.text,
            target=notice.target or message_id,
        )
        return
    sender, outgoing = _other(message, sent)
    yield Interaction(
        platform=NAME,
        type="message",
        direction="out" if outgoing else "in",
        occurred_at=moment,
        account=sender,
        locator=locator,
        raw=raw,
        text="\n\n".join(part for part in (subject, body) if part) or None,
        target=message_id,
    )


def _other(message: Message, sent: bool) -> tuple[Account, bool]:
    """The other party and whether the owner sent it (a Sent mailbox or Gmail's label)."""
    outgoing = _outgoing(message, sent)
    header = "To" if outgoing else "From"
    pairs = getaddresses([_unfolded(str(v)) for v in message.get_all(header, [])])
    name, address = next(((n, a) for n, a in pairs if "@" in a), ("", ""))
    if not address:
        raise SkipRecord(f"no {header} address")
    shown = _decoded(name) or None
    return Account(NAME, handle=address.strip().casefold(), display_name=shown), outgoing


def _date(message: Message) -> datetime | None:
    """The Date header in UTC; None when the message has none (a draft, some old mail)."""
    text = _unfolded(str(message.get("Date", "")))
    if not text:
        return None
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError) as exc:
        raise SkipRecord(f"unreadable Date header {text!r}") from exc
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _decoded(value: object) -> str:
    """A header as a reader sees it: RFC 2047 words decoded, raw 8-bit bytes read as UTF-8."""
    if value is None:
        return ""
    text = _unfolded(str(value)).encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    try:
        return str(make_header(decode_header(text))).strip()
    except (HeaderParseError, LookupError, UnicodeDecodeError):
        return text


def _unfolded(text: str) -> str:
    return re.sub(r"\r?\n(?=[ \t])", "", text).strip()


def _body(message: Message) -> str:
    """The text a reader sees: the first plain part, else the first HTML part's text."""
    parts: dict[str, Message] = {}
    for part in message.walk():
        if not part.is_multipart() and part.get_content_disposition() != "attachment":
            parts.setdefault(part.get_content_type(), part)
    part = parts.get("text/plain") or parts.get("text/html")
    if part is None:
        return ""
    payload = part.get_payload(decode=True)
    data = payload if isinstance(payload, bytes) else b""
    try:
        content = data.decode(part.get_content_charset() or "utf-8", errors="replace")
    except LookupError:  # a charset Python does not know
        content = data.decode("utf-8", errors="replace")
    if part.get_content_type() == "text/html":
        content = html_text(content)
    return _own_words(content)


def _own_words(content: str) -> str:
    """The sender's text without the earlier mail it quotes (`> …`, after "On … wrote:")."""
    kept = []
    for line in content.strip().splitlines():
        if _QUOTE_INTRO.match(line.strip()):
            break
        if not line.startswith(">"):
            kept.append(line.rstrip())
    return "\n".join(kept).strip()


def _raw(data: bytes) -> str:
    """The message as read; a very large one (attachments) keeps its headers only."""
    if len(data) > _RAW_LIMIT:
        head = data.split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0]
        note = f"\n\n[body of {len(data) - len(head)} bytes kept in the source copy only]"
        return head.decode("utf-8", errors="replace") + note
    return data.decode("utf-8", errors="replace")
