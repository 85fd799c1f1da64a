"""Facebook "Download your information" export, HTML format (Meta's default choice).

The same files as the JSON export, rendered as pages: names and sentences as text, dates as
localized text with no zone (read on a fixed UTC−8 clock; see GAPS). Interactions carry the
platform "facebook" and the JSON parser's keys, so one account's two formats dedup.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

from crawlers.archive import Archive
from crawlers.errors import SkipRecord
from crawlers.events import Account, Gap, Interaction, Locator
from crawlers.exports import _facebook_common as fb
from crawlers.exports import _meta, facebook
from crawlers.exports._base import Builder, OnSkip, guarded
from crawlers.exports._facebook_dates import CLOCK, parse_date
from crawlers.exports._facebook_html_blocks import Block, Head, read_blocks, read_cells, read_head
from crawlers.exports._facebook_sentences import read_notification

NAME = "facebook_html"
VERSION = "1"
log = logging.getLogger(__name__)

GAPS: tuple[Gap, ...] = (
    *facebook.GAPS,
    Gap(
        fb.PLATFORM,
        ("message", "message_request", "follow", "follow_request"),
        "Exact times: the HTML download shows times without a time zone; nocontact reads them "
        f"on a fixed {CLOCK} clock (what Meta's HTML showed in measured Instagram downloads; "
        "unverified for Facebook), so they may be hours off. The JSON download has exact times.",
    ),
)
_NAME_LABELS = {"name", "full name", "nombre", "nombre completo"}
_YOU_POKED = re.compile(r"^(?:you poked|le diste un toque a) (?P<name>.+?)\.?$", re.IGNORECASE)


def detect(archive: Archive) -> bool:
    """Recognise the HTML export by pages only Facebook writes (never Instagram's)."""
    return fb.detect(archive, "html")


def parse(archive: Archive, *, on_skip: OnSkip | None = None) -> Iterator[Interaction]:
    """Yield every interaction in the export; unreadable records are logged, reported, skipped."""
    return fb.parse(archive, _READER, on_skip)


def _relation(
    archive: Archive, relation: fb.Relation, path: str, on_skip: OnSkip | None
) -> Iterator[Interaction]:
    return _guarded(archive, path, _relation_builder(relation, path), on_skip)


def _notifications(archive: Archive, path: str, on_skip: OnSkip | None) -> Iterator[Interaction]:
    return _guarded(archive, path, _notification_builder(path), on_skip)


def _pokes(
    archive: Archive, path: str, owner: fb.Owner | None, on_skip: OnSkip | None
) -> Iterator[Interaction]:
    """Pokes say who poked whom in words ("You poked …"), so no owner is needed."""
    return _guarded(archive, path, _poke_builder(path), on_skip)


def _thread(
    archive: Archive, path: str, kind: str, scope: str, owner: fb.Owner, on_skip: OnSkip | None
) -> Iterator[Interaction]:
    others = [p for p in _head(archive, path).participants if p not in owner]
    counterpart = others[0] if len(others) == 1 else None
    thread = fb.Thread(path, kind, owner, counterpart, scope, _listed(archive, path))
    return _guarded(archive, path, _message_builder(thread), on_skip)


def _listed(archive: Archive, path: str) -> frozenset[_meta.Reaction]:
    """Every reaction the page shows under its messages (one extra pass over the page)."""
    with archive.open(path) as fh:
        blocks = list(read_blocks(fh, f"{archive.path}: {path}"))
    return _meta.acts(r for b in blocks for r in map(_reaction, b.reactions) if r is not None)


def _thread_head(archive: Archive, path: str) -> fb.Head:
    head = _head(archive, path)
    return set(head.participants), head.title


def _guarded(
    archive: Archive, path: str, build: Builder, on_skip: OnSkip | None
) -> Iterator[Interaction]:
    origin = f"{archive.path}: {path}"
    with archive.open(path) as fh:
        blocks = ((block.index, block) for block in read_blocks(fh, origin))
        yield from guarded(path, blocks, build, on_skip)


def _head(archive: Archive, path: str) -> Head:
    with archive.open(path) as fh:
        return read_head(fh, f"{archive.path}: {path}")


def owners(archive: Archive) -> tuple[Account, ...]:
    """Whose download this is: the profile page's name (empty when the page is absent)."""
    found = {name for names in _owners(archive).values() for name in names}
    return tuple(Account(fb.PLATFORM, display_name=name) for name in sorted(found))


def _owners(archive: Archive) -> dict[str, frozenset[str]]:
    """The owner's display name per export folder, from the profile page's Name row."""
    owners: dict[str, frozenset[str]] = {}
    for path in archive.glob(*(f"{stem}.html" for stem in fb.PROFILE)):
        with archive.open(path) as fh:
            for label, value in read_cells(fh, f"{archive.path}: {path}"):
                if label.casefold().rstrip(":") in _NAME_LABELS and value:
                    owners[fb.root_of(path)] = frozenset({fb.person(value)})
                    break
    return owners


def _relation_builder(relation: fb.Relation, path: str) -> Builder:
    def build(index: int, block: Block) -> Iterator[Interaction]:
        name = fb.person(block.header)
        at = parse_date(block.date) if block.date else None
        yield fb.relation_interaction(relation, name, at, Locator(path, index), block.raw)

    return build


def _sentence(block: Block) -> str:
    """The sentence a notification or poke shows: its first line that is not a link."""
    lines = [*(block.body or "").splitlines(), *(block.header or "").splitlines()]
    for line in lines:
        if not line.startswith(("http://", "https://")):
            return line
    raise SkipRecord("record without a sentence")


def _notification_builder(path: str) -> Builder:
    def build(index: int, block: Block) -> Iterator[Interaction]:
        text = _sentence(block)
        at = parse_date(block.date) if block.date else None
        notice = read_notification(text)
        if notice is None:
            raise SkipRecord(f"notification wording not recognised as contact: {text[:80]!r}")
        for actor in notice.actors:
            yield Interaction(
                platform=fb.PLATFORM,
                type=notice.type,
                direction="in",
                occurred_at=at,
                account=fb.account(actor, f"{path}#{index}"),
                locator=Locator(path, index),
                raw=block.raw,
                text=text,
                target=block.links[0] if block.links else None,
            )

    return build


def _poke_builder(path: str) -> Builder:
    """Pokes render as sentences ("Robert Miller poked you.", "You poked Ana Sánchez.")."""

    def build(index: int, block: Block) -> Iterator[Interaction]:
        text = _sentence(block)
        mine = _YOU_POKED.match(text)
        notice = read_notification(text)
        if mine:
            out, name = True, fb.person(mine.group("name"))
        elif notice and notice.type == "other" and len(notice.actors) == 1:
            out, name = False, notice.actors[0]
        else:
            raise SkipRecord(f"poke wording not recognised: {text[:80]!r}")
        yield Interaction(
            platform=fb.PLATFORM,
            type="other",
            direction="out" if out else "in",
            occurred_at=parse_date(block.date) if block.date else None,
            account=fb.account(name, f"{path}#{index}"),
            locator=Locator(path, index),
            raw=block.raw,
            text="Poke",
        )

    return build


def _message_builder(thread: fb.Thread) -> Builder:
    def build(index: int, block: Block) -> Iterator[Interaction]:
        reactions = tuple(dict.fromkeys(r for r in map(_reaction, block.reactions) if r))
        if not (block.header or block.date):
            raise SkipRecord("a block with neither sender nor date is not a message")
        message = fb.Message(
            sender=fb.sender(block.header),
            at=parse_date(block.date) if block.date else None,
            text=fb.clean_text(block.body, *block.links),
            reactions=reactions,
        )
        yield from fb.message_interactions(thread, index, block.raw, message)

    return build


def _reaction(item: str) -> tuple[str, str | None] | None:
    """A reaction renders as the emoji glued to the name: "❤Jane Doe".

    >>> _reaction("😡Robert Miller")
    ('Robert Miller', '😡')
    """
    match = re.match(r"^(?P<emoji>[^\w\s]*)\s*(?P<actor>\w.*)$", item.strip())
    if not match:
        return None
    return " ".join(match.group("actor").split()), match.group("emoji") or None


_READER = fb.Reader("html", _owners, _thread_head, _relation, _notifications, _pokes, _thread)
