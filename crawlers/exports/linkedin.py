"""LinkedIn "Get a copy of your data": messages.csv, Invitations.csv and Connections.csv.

`messages.csv` (`CONVERSATION ID, …, FROM, SENDER PROFILE URL, TO, RECIPIENT PROFILE URLS, DATE,
SUBJECT, CONTENT, FOLDER, …`; `DATE` like `2026-04-06 16:35:35 UTC`; `CONTENT` may be HTML);
`Invitations.csv` (`From, To, Sent At, Message, Direction, inviterProfileUrl, inviteeProfileUrl`;
`Sent At` like `4/6/26, 2:12 PM`, US order, no zone); `Connections.csv` (a `Notes:` preamble, then
`First Name, Last Name, URL, Email Address, Company, Position, Connected On`; `Connected On` like
`01 Sep 2026`). Columns are read by name, so added columns do no harm.

The owner (LinkedIn names none) is the other side of any invitation, else the profile URL in
the most conversations of messages.csv; zone-less times are marked as wall clock for the import
to read in the case's zone. People are known by name and profile URL; the `/in/<slug>` part is
the handle.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import partial

from crawlers.archive import Archive
from crawlers.errors import SkipRecord
from crawlers.events import Account, Gap, Interaction, Locator
from crawlers.exports._base import OnSkip, csv_rows, guarded, raw_json
from crawlers.exports._html_text import html_text
from crawlers.wallclock import wall_clock

NAME = "linkedin"
VERSION = "1"

GAPS: tuple[Gap, ...] = (
    Gap(
        NAME,
        ("comment", "like", "mention", "follow"),
        "LinkedIn's copy lists your messages, invitations and connections, but not who "
        "commented on, reacted to or mentioned your posts, nor who follows you; invitation "
        "dates carry no time zone and are read in the case's time zone.",
    ),
)

_MESSAGES, _INVITATIONS, _CONNECTIONS = "messages.csv", "Invitations.csv", "Connections.csv"
_Row = dict[str, str]


def detect(archive: Archive) -> bool:
    """LinkedIn's CSV names with LinkedIn's header columns."""
    hallmarks = (b"SENDER PROFILE URL", b"inviterProfileUrl", b"Connected On")
    for path in archive.glob(_MESSAGES, _INVITATIONS, _CONNECTIONS)[:6]:
        with archive.open(path) as fh:
            if any(mark in fh.read(2048) for mark in hallmarks):
                return True
    return False


def parse(archive: Archive, *, on_skip: OnSkip | None = None) -> Iterator[Interaction]:
    """Yield messages both ways, invitations both ways and connections."""
    for path in archive.glob(_MESSAGES):
        owner = _owner(archive, path)
        rows = enumerate(csv_rows(archive, path))
        yield from guarded(path, rows, partial(_message, path, owner), on_skip)
    for path in archive.glob(_INVITATIONS):
        rows = enumerate(csv_rows(archive, path))
        yield from guarded(path, rows, partial(_invitation, path), on_skip)
    for path in archive.glob(_CONNECTIONS):
        rows = enumerate(csv_rows(archive, path, header="First Name"))
        yield from guarded(path, rows, partial(_connection, path), on_skip)


def owners(archive: Archive) -> tuple[Account, ...]:
    """The owner as `_owner` finds them (LinkedIn names none outright), with their name."""
    paths = archive.glob(_MESSAGES)
    url = _owner(archive, paths[0] if paths else None)
    return (_account(_owner_name(archive, url), url),) if url else ()


def _owner_name(archive: Archive, url: str) -> str | None:
    """The name the owner's own rows give beside their profile URL."""
    for path in archive.glob(_INVITATIONS):
        for row in csv_rows(archive, path):
            for column, name in (("inviterProfileUrl", "From"), ("inviteeProfileUrl", "To")):
                if (row.get(column) or "").strip() == url:
                    return row.get(name)
    for path in archive.glob(_MESSAGES):
        for row in csv_rows(archive, path):
            if row.get("SENDER PROFILE URL", "").strip() == url:
                return row.get("FROM")
    return None


def _owner(archive: Archive, path: str | None) -> str | None:
    """The owner's profile URL: the other side of any invitation, else the URL in the most
    conversations (ties go to the one most often a recipient)."""
    for invitations in archive.glob(_INVITATIONS):
        for row in csv_rows(archive, invitations):
            incoming = row.get("Direction", "").strip().upper() == "INCOMING"
            if url := (row.get("inviteeProfileUrl" if incoming else "inviterProfileUrl") or ""):
                return url.strip()
    if path is None:
        return None
    seen: dict[str, set[str]] = {}
    received: Counter[str] = Counter()
    for row in csv_rows(archive, path):
        recipients = [u.strip() for u in row.get("RECIPIENT PROFILE URLS", "").split(",")]
        received.update(filter(None, recipients))
        for url in filter(None, (row.get("SENDER PROFILE URL", "").strip(), *recipients)):
            seen.setdefault(url, set()).add(row.get("CONVERSATION ID", ""))
    return max(seen, key=lambda url: (len(seen[url]), received[url]), default=None)


def _message(path: str, owner: str | None, index: int, row: _Row) -> Iterator[Interaction]:
    sender_url = row.get("SENDER PROFILE URL", "").strip()
    if not sender_url:
        return  # sponsored InMail ("LinkedIn Member") or a system notice: no person
    outgoing = sender_url == owner
    if outgoing:
        urls = [u.strip() for u in row.get("RECIPIENT PROFILE URLS", "").split(",") if u.strip()]
        if len(urls) != 1:
            return  # the owner's words to a group are to no one in particular
        account = _account(row.get("TO"), urls[0])
    else:
        account = _account(row.get("FROM"), sender_url)
    yield Interaction(
        platform=NAME,
        type="message",
        direction="out" if outgoing else "in",
        occurred_at=_utc(row.get("DATE", "")),
        account=account,
        locator=Locator(path, index),
        raw=raw_json(row),
        text=_content(row.get("SUBJECT", ""), row.get("CONTENT", "")),
        target=f"conversation:{row.get('CONVERSATION ID', '')}",
    )


def _invitation(path: str, index: int, row: _Row) -> Iterator[Interaction]:
    incoming = row.get("Direction", "").strip().upper() == "INCOMING"
    name, url = (
        (row.get("From"), row.get("inviterProfileUrl"))
        if incoming
        else (row.get("To"), row.get("inviteeProfileUrl"))
    )
    yield Interaction(
        platform=NAME,
        type="follow_request",
        direction="in" if incoming else "out",
        occurred_at=_local(row.get("Sent At", ""), "%m/%d/%y, %I:%M %p"),
        account=_account(name, url),
        locator=Locator(path, index),
        raw=raw_json(row),
        text=row.get("Message") or None,
    )


def _connection(path: str, index: int, row: _Row) -> Iterator[Interaction]:
    name = f"{row.get('First Name', '')} {row.get('Last Name', '')}".strip()
    yield Interaction(
        platform=NAME,
        type="other",
        direction="in",
        occurred_at=_local(row.get("Connected On", ""), "%d %b %Y"),
        account=_account(name, row.get("URL")),
        locator=Locator(path, index),
        raw=raw_json(row),
        text="Connected since this date",
    )


def _account(name: str | None, url: str | None) -> Account:
    url = (url or "").strip() or None
    slug = url.rstrip("/").rsplit("/in/", 1)[-1].casefold() if url and "/in/" in url else None
    if not (slug or name):
        raise SkipRecord("no name and no profile URL")
    return Account(NAME, handle=slug, display_name=(name or "").strip() or None, url=url)


def _utc(text: str) -> datetime | None:
    if not text.strip():
        return None  # the row gives no time
    try:
        return datetime.strptime(text.strip().removesuffix(" UTC"), "%Y-%m-%d %H:%M:%S").replace(
            tzinfo=UTC
        )
    except ValueError as exc:
        raise SkipRecord(f"unreadable date {text!r}") from exc


def _local(text: str, form: str) -> datetime | None:
    """A zone-less date (invitations, connections): the case's zone is applied at import."""
    if not text.strip():
        return None  # the row gives no time
    try:
        return wall_clock(datetime.strptime(text.strip().replace("\u202f", " "), form))
    except ValueError as exc:
        raise SkipRecord(f"unreadable date {text!r}") from exc


def _content(subject: str, content: str) -> str | None:
    if "<" in content and ">" in content:
        content = html_text(content)
    text = "\n\n".join(part.strip() for part in (subject, content) if part.strip())
    return text or None
