"""Instagram "Download your information" export, HTML format (Meta's default), Threads too.

Same files as the JSON export under the same paths with `.html`; each record is one box.
A record read here becomes the interaction the JSON parser makes of the same record, so an
account's two downloads import as one: see docs/formats/instagram.md ("HTML export").
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import lxml.etree
import lxml.html

from crawlers.archive import Archive
from crawlers.errors import ArchiveError, SkipRecord
from crawlers.events import Account, Gap, Interaction, Locator
from crawlers.exports import _instagram_common as ig
from crawlers.exports import _meta
from crawlers.exports._base import OnSkip, skip
from crawlers.exports._instagram_common import Relation, dm
from crawlers.exports._instagram_html_dm import Message, read_message, split_reaction
from crawlers.exports._meta_html import fragment, has_class, parse_date, read_page, read_text
from crawlers.exports._meta_html import text_of as text

NAME = "instagram_html"
VERSION = "1"
# Instagram's HTML shows times on a fixed UTC-8 clock, whatever the account's zone: measured
# on real exports holding both formats (docs/formats/instagram.md, "Times in the HTML export").
CLOCK = timezone(timedelta(hours=-8), "UTC-08:00")
log = logging.getLogger(__name__)

GAPS: tuple[Gap, ...] = (
    *ig.GAPS,
    Gap(
        ig.PLATFORM,
        ("message", "message_request", "follow", "follow_request"),
        "Their exact time: the HTML download shows times to the minute, on a clock it does not "
        "name, which nocontact reads as UTC-8 (what real downloads showed). Request the download "
        "again in JSON format for exact times; importing both adds nothing twice.",
    ),
)

Builder = Callable[[Locator, str, lxml.html.HtmlElement], Iterable[Interaction]]

_PERSONAL = tuple(f"{stem}.html" for stem in ig.PERSONAL)
_URL = re.compile(r"^https?://", re.IGNORECASE)
# Row labels of the profile and list tables, in the languages seen in real exports.
_LABELS = {
    "username": "username",
    "nombre de usuario": "username",
    "nome de usuário": "username",
    "gebruikersnaam": "username",
    "benutzername": "username",
    "nom d’utilisateur": "username",
    "nom d'utilisateur": "username",
    "name": "name",
    "nombre": "name",
    "nome": "name",
    "naam": "name",
    "nom": "name",
}


def detect(archive: Archive) -> bool:
    """Recognise the HTML export by inner paths only Instagram uses; `.html` members only."""
    return ig.detect(archive, "html")


def parse(archive: Archive, *, on_skip: OnSkip | None = None) -> Iterator[Interaction]:
    """Yield every interaction in the export; unreadable boxes are logged, reported, skipped."""
    return ig.parse(archive, _READER, on_skip)


def _relation(
    archive: Archive, relation: Relation, path: str, on_skip: OnSkip | None
) -> Iterator[Interaction]:
    return _boxes(archive, path, _relation_builder(relation), on_skip)


def _reported(
    archive: Archive, path: str, owner: frozenset[str], on_skip: OnSkip | None
) -> Iterator[Interaction]:
    return _boxes(archive, path, _reported_builder(owner), on_skip)


def _boxes(
    archive: Archive, path: str, build: Builder, on_skip: OnSkip | None
) -> Iterator[Interaction]:
    """Build each box of a page in isolation so one odd box never ends the import."""
    for index, raw in enumerate(read_page(archive, path).boxes):
        locator = Locator(path, index)
        try:
            built = _build(build, locator, raw)
        except SkipRecord as exc:
            skip(locator, str(exc), on_skip)
            continue
        yield from built


def _build(build: Builder, locator: Locator, raw: str) -> list[Interaction]:
    """Run a builder, turning any unexpected markup into a SkipRecord."""
    try:
        return list(build(locator, raw, fragment(raw)))
    except (lxml.etree.LxmlError, KeyError, IndexError, TypeError, ValueError) as exc:
        raise SkipRecord(f"unexpected markup ({type(exc).__name__}: {exc})") from exc


def _relation_builder(relation: Relation) -> Builder:
    def build(locator: Locator, raw: str, box: lxml.html.HtmlElement) -> Iterator[Interaction]:
        anchors = box.xpath(".//a[@href]")
        href = anchors[0].get("href") if anchors else None
        label = text(anchors[0]).strip() if anchors else ""
        fields = _table(box)
        heading = box.xpath(f"./*[{has_class('_a6-h')}]")
        # Lists whose JSON has `value` show the username as the link text; those with only
        # a `title` (blocked_profiles since 2023) show it as a heading and the URL as the text.
        candidates = (
            None if _URL.match(label) else label,
            fields.get("username"),
            text(heading[0]) if heading else None,
        )
        handle = ig.handle_of(candidates, href)
        if not handle:
            raise SkipRecord("no username in link, heading or table")
        yield Interaction(
            platform=relation.platform,
            type=relation.type,
            direction=relation.direction,
            occurred_at=_listed_at(box),
            account=Account(
                relation.platform, handle=handle, url=href, display_name=fields.get("name")
            ),
            locator=locator,
            raw=raw,
        )

    return build


def _listed_at(box: lxml.html.HtmlElement) -> datetime | None:
    """The entry's date: a date footer, else the first plain text div that reads as a date.

    An entry showing no date at all is kept undated; one whose date footer is unreadable
    is skipped (and listed), as a malformed record.
    """
    footers = box.xpath(f".//*[{has_class('_a6-o')}]")
    plain = box.xpath(".//div[not(*)] | .//td[not(*)]")
    for element in [*footers, *plain]:
        try:
            return parse_date(text(element), CLOCK)
        except SkipRecord:
            continue
    if footers:
        raise SkipRecord("no readable date")
    return None


def _table(box: lxml.html.HtmlElement) -> dict[str, str]:
    """Username and name from label/value table rows, either of the two row shapes."""
    fields: dict[str, str] = {}
    for row in box.iter("tr"):
        cells = row.findall("td")
        if len(cells) >= 2:
            label, value = text(cells[0]), text(cells[1])
        elif len(cells) == 1 and len(cells[0]):
            # <td>Username<div><div>jane.doe</div></div></td>
            label, value = cells[0].text or "", text(cells[0][0])
        else:
            continue
        key = _LABELS.get(label.strip().casefold())
        if key and value.strip() and key not in fields:
            fields[key] = value.strip()
    return fields


@dataclass(frozen=True, slots=True)
class _Thread:
    """What every message of one DM thread page shares."""

    path: str
    kind: str
    target: str
    owner: frozenset[str]
    counterpart: str | None
    names: frozenset[str]
    listed: frozenset[_meta.Reaction] = frozenset()


def _thread(
    archive: Archive,
    path: str,
    kind: str,
    folder: str,
    owner: frozenset[str],
    on_skip: OnSkip | None,
) -> Iterator[Interaction]:
    page = read_page(archive, path)
    messages: list[tuple[Locator, str, Message]] = []
    group: set[str] | None = None
    for index, raw in enumerate(page.boxes):
        try:
            read = read_message(fragment(raw))
        except (SkipRecord, lxml.etree.LxmlError, ValueError) as exc:
            skip(Locator(path, index), str(exc), on_skip)
            continue
        if isinstance(read, Message):
            messages.append((Locator(path, index), raw, read))
        elif read is not None:  # "Participants: …": a group thread has no one counterpart
            group = set(read)
    # A 1:1 thread is titled with the other side's name, as the JSON's `title` is.
    others = {page.title} - owner if group is None and page.title else set()
    names = {m.sender for _, _, m in messages} | (group or set()) | owner | {page.title or ""}
    known = frozenset(n for n in names if n)
    counterpart = next(iter(others)) if len(others) == 1 else None
    listed = _meta.acts(_shown_reactions((m for _, _, m in messages), known))
    thread = _Thread(path, kind, f"thread:{folder}", owner, counterpart, known, listed)
    for locator, raw, message in messages:
        try:
            built = list(_message_interactions(thread, locator, raw, message))
        except SkipRecord as exc:
            skip(locator, str(exc), on_skip)
            continue
        yield from built


def _message_interactions(
    thread: _Thread, locator: Locator, raw: str, message: Message
) -> Iterator[Interaction]:
    """The message itself, then one interaction per reaction shown under it."""
    at = parse_date(message.date, CLOCK)
    outgoing = message.sender in thread.owner
    other = thread.counterpart if outgoing else message.sender
    target = thread.target
    kind = ig.classify(message.content, thread.kind, unsent=message.empty)
    listed = thread.listed
    repeated = kind == "reaction" and _meta.told_twice(message.sender, message.content, listed)
    if other is not None and not repeated:
        text_ = ig.join_text(message.parts)
        yield dm(kind, outgoing, at, other, locator, raw, text=text_, target=target)
    for shown in dict.fromkeys(message.reactions):  # some threads list one reaction twice
        emoji, actor, when = split_reaction(shown, thread.names, CLOCK)
        mine = actor in thread.owner
        whom = other if mine else actor
        if whom is not None:
            yield dm("reaction", mine, when or at, whom, locator, raw, text=emoji, target=target)


def _shown_reactions(
    messages: Iterable[Message], names: frozenset[str]
) -> Iterator[_meta.Reaction]:
    """(actor, emoji) of every reaction a thread's messages show; unreadable ones left out."""
    for message in messages:
        for shown in message.reactions:
            try:
                emoji, actor, _ = split_reaction(shown, names, CLOCK)
            except SkipRecord:
                continue
            yield actor, emoji


def _reported_builder(owner: frozenset[str]) -> Builder:
    def build(locator: Locator, raw: str, box: lxml.html.HtmlElement) -> Iterator[Interaction]:
        heading = box.xpath(f"./*[{has_class('_a6-h')}]")
        reportee = text(heading[0]).strip() if heading else None
        target = f"reported:{reportee}" if reportee else "reported"
        nested = box.xpath(f".//*[./*[{has_class('_a6-h')}] and ./*[{has_class('_a6-o')}]]")
        for element in nested:
            message = read_message(element)
            if not isinstance(message, Message):
                continue
            outgoing = message.sender in owner
            other = reportee if outgoing else message.sender
            if other:
                at, text_ = parse_date(message.date, CLOCK), ig.join_text(message.parts)
                kind = ig.classify(message.content, "inbox", unsent=message.empty)
                yield dm(kind, outgoing, at, other, locator, raw, text=text_, target=target)

    return build


def owners(archive: Archive) -> tuple[Account, ...]:
    """Whose download this is, from its profile page (empty when the page is absent)."""
    for path in archive.glob(*_PERSONAL):
        try:
            fields = _table(lxml.html.document_fromstring(read_text(archive, path)))
        except (ArchiveError, lxml.etree.LxmlError, ValueError) as exc:
            log.warning("%s: owner not readable (%s)", path, exc)
            continue
        if fields.get("name") or fields.get("username"):
            account = Account(
                ig.PLATFORM, handle=fields.get("username"), display_name=fields.get("name")
            )
            return (account,)
    return ()


def _owner_from_threads(archive: Archive) -> frozenset[str]:
    """Fallback: the one sender, other than a thread's title, who writes in the most threads.

    Unlike the JSON, the HTML lists no participants, so the owner shows only where they wrote.
    """
    counts: Counter[str] = Counter()
    for path, _, _ in ig.thread_files(archive.names, "html"):
        try:
            page = read_page(archive, path)
        except ArchiveError:
            continue  # the parse itself will stop on this file and name it
        senders = set()
        for raw in page.boxes:
            try:
                read = read_message(fragment(raw))
            except (SkipRecord, lxml.etree.LxmlError, ValueError):
                continue
            if isinstance(read, Message):
                senders.add(read.sender)
        counts.update(senders - {page.title})
    ranked = counts.most_common(2)
    if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return frozenset({ranked[0][0]})
    return frozenset()


_READER = ig.Reader("html", owners, _owner_from_threads, _relation, _thread, _reported)
