"""What every scanner shares: typed settings, the page it yields, the newest-first walk,
byte-exact JSON items, times and HTML text."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Generator, Iterator, Mapping
from dataclasses import MISSING, dataclass, fields
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any, Protocol, TypeVar

from crawlers.api._http import Fetched
from crawlers.errors import ScanError
from crawlers.events import Interaction

CursorLookup = Callable[[str, str], str | None]
"""`cursor(account, stream)`: the cursor the store saved for this account and stream."""


@dataclass(frozen=True, slots=True)
class ScanPage:
    """One unit the store commits at once: its records and the cursor that follows them.

    `cursor` None means "leave the saved cursor as it is". `responses` are every answer read
    for this page (their hashes seal the scan's source); `warnings` are for the user.
    """

    account: str
    stream: str
    interactions: tuple[Interaction, ...] = ()
    cursor: str | None = None
    responses: tuple[Fetched, ...] = ()
    warnings: tuple[str, ...] = ()


S = TypeVar("S")


def read_settings(kind: type[S], platform: str, table: Mapping[str, Any]) -> S:
    """A `[scan.<platform>]` table as a scanner's settings dataclass; blank counts as absent.

    >>> @dataclass(frozen=True)
    ... class Example:
    ...     handle: str
    ...     service: str | None = None
    >>> read_settings(Example, "example", {"handle": "jane", "service": ""})
    Example(handle='jane', service=None)
    """
    values: dict[str, str | None] = {}
    for field in fields(kind):  # type: ignore[arg-type]
        value = table.get(field.name)
        if not str(value or "").strip():
            if field.default is MISSING:
                raise ScanError(f"scan.{platform}.{field.name}: missing")
            value = None
        values[field.name] = None if value is None else str(value)
    return kind(**values)


@dataclass(frozen=True, slots=True)
class Listing:
    """One page of a newest-first listing: the answer, its items, where the next page starts."""

    page: Fetched
    items: list[tuple[str, Any]]
    next: str | None


@dataclass(frozen=True, slots=True)
class Found:
    """A page's records, the further answers read for them, and warnings for the user."""

    records: tuple[Interaction, ...] = ()
    responses: tuple[Fetched, ...] = ()
    warnings: tuple[str, ...] = ()


class NewestFirst(Protocol):
    """An API listing that pages from the newest item towards older ones."""

    def listing(self, stream: str, position: str | None) -> Listing: ...

    def instant(self, item: Any) -> Any:
        """When an item last changed, JSON-ready and ordered like time (raises if unreadable)."""
        ...

    def ident(self, item: Any) -> Any:
        """What tells apart items of the same instant (raises if unreadable)."""
        ...

    def records(self, listing: Listing, new: list[tuple[int, str, Any]]) -> Found: ...


def walk_down(
    source: NewestFirst,
    account: str,
    stream: str,
    saved: str | None,
    *,
    position: str,
    marked: str,
) -> Iterator[ScanPage]:
    """Every item newer than the saved mark, newest first; a walk left unfinished goes first.

    The cursor saved with each page is JSON: `seen` is the mark (the newest instant, `at`,
    and the idents of the items at exactly that instant, under the key `marked`), and while
    a walk is under way `walk` holds its new mark (`top`) and the next page (under `position`).
    The new mark replaces the old one only when the walk has reached it, so a scan stopped
    midway never skips the items between.
    """
    state = json.loads(saved or "{}")
    floor = state.get("seen")
    if state.get("walk"):
        walk = state["walk"]
        floor = yield from _walk(
            source, account, stream, walk[position], floor, walk["top"], (position, marked)
        )
    yield from _walk(source, account, stream, None, floor, None, (position, marked))


def _walk(
    source: NewestFirst,
    account: str,
    stream: str,
    after: str | None,
    floor: Any,
    top: Any,
    keys: tuple[str, str],
) -> Generator[ScanPage, None, Any]:
    position, marked = keys
    while True:
        listing = source.listing(stream, after)
        items = listing.items
        new = [
            (i, raw, item)
            for i, (raw, item) in enumerate(items)
            if _newer(source, item, floor, marked)
        ]
        top = top or (_mark(source, items, marked) if items else None)
        after = listing.next
        done = len(new) < len(items) or not items or not after
        found = source.records(listing, new)
        state = {
            "seen": top if done else floor,
            "walk": None if done else {"top": top, position: after},
        }
        responses = (listing.page, *found.responses)
        yield ScanPage(account, stream, found.records, json.dumps(state), responses, found.warnings)
        if done:
            return top


def _newer(source: NewestFirst, item: Any, floor: dict[str, Any] | None, marked: str) -> bool:
    """Past the saved mark; an unreadable item counts as newer, so records() reports it."""
    if not floor:
        return True
    try:
        at, ident = source.instant(item), source.ident(item)
    except (KeyError, TypeError, ValueError, ScanError):
        return True
    return at > floor["at"] or (at == floor["at"] and ident not in floor[marked])


def _mark(source: NewestFirst, items: list[tuple[str, Any]], marked: str) -> dict[str, Any]:
    """The newest instant on a page and every item at exactly that instant."""
    newest = max(source.instant(item) for _, item in items)
    same = [source.ident(item) for _, item in items if source.instant(item) == newest]
    return {"at": newest, marked: same}


_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"[ \t\n\r]*")


def json_items(text: str, *, key: str | tuple[str, ...] | None = None) -> list[tuple[str, Any]]:
    """Each element of a JSON array as (its exact text in the body, its decoded value).

    The array is the whole body, or the value of top-level `key` (a tuple: a path of nested
    object members, e.g. Reddit's `("data", "children")`). Re-serialising a decoded
    item would change spacing and escapes; slicing keeps the record exactly as received.

    >>> json_items('{"cursor": "c", "items": [ {"a": 1},{"b":"\\\\u00e9"} ]}', key="items")
    [('{"a": 1}', {'a': 1}), ('{"b":"\\\\u00e9"}', {'b': 'é'})]
    """
    try:
        pos = _skip(text, 0)
        for name in (key,) if isinstance(key, str) else key or ():
            found = _member(text, pos, name)
            if found is None:
                return []
            pos = _skip(text, found)
        return _array(text, pos)
    except (ValueError, IndexError) as exc:
        raise ScanError(f"the answer is not the JSON shape expected ({exc})") from None


def _skip(text: str, pos: int) -> int:
    return _SPACE.match(text, pos).end()


def _array(text: str, pos: int) -> list[tuple[str, Any]]:
    if text[pos] != "[":
        raise ValueError(f"expected an array at character {pos}")
    items: list[tuple[str, Any]] = []
    pos = _skip(text, pos + 1)
    if text[pos] == "]":
        return items
    while True:
        value, end = _DECODER.raw_decode(text, pos)
        items.append((text[pos:end], value))
        pos = _skip(text, end)
        if text[pos] == "]":
            return items
        if text[pos] != ",":
            raise ValueError(f"expected ',' or ']' at character {pos}")
        pos = _skip(text, pos + 1)


def _member(text: str, pos: int, key: str) -> int | None:
    """Where the value of a top-level object member starts, or None if there is none."""
    if text[pos] != "{":
        raise ValueError("expected an object")
    pos = _skip(text, pos + 1)
    if text[pos] == "}":
        return None
    while True:
        name, pos = _DECODER.raw_decode(text, pos)
        pos = _skip(text, pos)
        if text[pos] != ":":
            raise ValueError(f"expected ':' at character {pos}")
        pos = _skip(text, pos + 1)
        if name == key:
            return pos
        _, pos = _DECODER.raw_decode(text, pos)
        pos = _skip(text, pos)
        if text[pos] == "}":
            return None
        if text[pos] != ",":
            raise ValueError(f"expected ',' or '}}' at character {pos}")
        pos = _skip(text, pos + 1)


def parse_time(value: Any) -> datetime:
    """An API's ISO 8601 instant as an aware UTC datetime (any fraction length, Z or offset).

    >>> parse_time("2026-03-09T14:02:11.123456Z")
    datetime.datetime(2026, 3, 9, 14, 2, 11, 123456, tzinfo=datetime.timezone.utc)
    """
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise ScanError(f"bad timestamp {value!r} in the answer") from None
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "p":
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_text(html: str | None) -> str | None:
    """Readable text of a post's or bio's HTML (tags dropped, entities decoded).

    >>> html_text('<p><a href="x">@<span>jane</span></a> hi &amp; bye</p><p>again<br>ok</p>')
    '@jane hi & bye\\n\\nagain\\nok'
    """
    if not html:
        return None
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts).strip() or None
