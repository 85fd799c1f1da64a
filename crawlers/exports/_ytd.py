"""Read X/Twitter archive files: `window.YTD.<name>.partN = [ … ]`, streamed, never whole.

Every `data/*.js` file is one JavaScript assignment of a JSON array (`manifest.js` assigns an
object to `window.__THAR_CONFIG`). The global's name changed between archive versions, so only
the shape `window.<dotted name> =` is checked; what follows is handed to ijson as is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import IO, Any

import ijson

from crawlers.archive import Archive
from crawlers.errors import ArchiveError, SkipRecord
from crawlers.events import Account
from crawlers.exports._base import from_epoch, from_epoch_ms, optional
from crawlers.exports._records import EVENT_BUFFER

PLATFORM = "x"  # the key config.toml uses (`restrained.user_ids.x`), so ids match as known
INTENT = "https://twitter.com/intent/user?user_id="  # what newer archives write as `userLink`
_HEAD = 4096
_ASSIGNMENT = re.compile(rb"^(?:\xef\xbb\xbf)?\s*window\.[A-Za-z0-9_$.]+\s*=\s*")
_PART = re.compile(r"-part(\d+)\.js$")


class Body:
    """A binary stream of a `.js` archive file that starts at its JSON value.

    >>> import io
    >>> Body(io.BytesIO(b"window.YTD.block.part0 = [ ]"), "block.js").read(100)
    b'[ ]'
    """

    def __init__(self, fh: IO[bytes], name: str) -> None:
        head = fh.read(_HEAD)
        match = _ASSIGNMENT.match(head)
        if match:
            head = head[match.end() :]
        elif head.lstrip()[:1] not in (b"[", b"{"):
            raise ArchiveError(f"{name}: not an X archive data file (no `window.YTD… =` start)")
        self._head, self._fh = head, fh

    def read(self, size: int = -1) -> bytes:
        if size == 0:  # ijson probes with read(0) to tell bytes from text
            return b""
        if self._head:
            chunk, self._head = self._head, b""
            return chunk
        return self._fh.read(size)


def parts(archive: Archive, *stems: str) -> list[str]:
    """Inner paths of `data/<stem>.js` and its `-partN.js` siblings, in part order.

    Archives of 2018–2019 keep these files at the top, without the `data/` folder.

    >>> sorted(["a-part10.js", "a-part2.js", "a.js"], key=_part_number)
    ['a.js', 'a-part2.js', 'a-part10.js']
    """
    found: list[str] = []
    for stem in stems:
        paths = archive.glob(f"{stem}.js", f"{stem}-part*.js")
        found += sorted(
            (p for p in paths if p.rsplit("/", 1)[-1] == f"{stem}.js" or _PART.search(p)),
            key=_part_number,
        )
    return found


def _part_number(path: str) -> int:
    match = _PART.search(path)
    return int(match.group(1)) if match else 0


def items(archive: Archive, path: str) -> Iterator[tuple[int, Any]]:
    """Stream the array's elements with their index; a file cut off or not JSON raises."""
    with archive.open(path) as fh:
        try:
            yield from enumerate(
                ijson.items(Body(fh, f"{archive.path}: {path}"), "item", use_float=True)
            )
        except ijson.JSONError as exc:
            raise ArchiveError(f"{archive.path}: {path}: invalid JSON ({exc})") from exc


def events(archive: Archive, path: str) -> Iterator[tuple[str, str, Any]]:
    """Stream the file's raw ijson events (for nested records read one by one)."""
    with archive.open(path) as fh:
        try:
            yield from ijson.parse(
                Body(fh, f"{archive.path}: {path}"), buf_size=EVENT_BUFFER, use_float=True
            )
        except ijson.JSONError as exc:
            raise ArchiveError(f"{archive.path}: {path}: invalid JSON ({exc})") from exc


def is_data_file(archive: Archive, path: str) -> bool:
    """True when the member starts like an X archive file (detection by content)."""
    with archive.open(path) as fh:
        return bool(_ASSIGNMENT.match(fh.read(256)))


def timestamp(value: Any) -> datetime:
    """X's ISO-8601 UTC time with milliseconds (`2025-01-25T21:42:05.068Z`), aware; archives
    of 2018–2019 write epoch milliseconds as a string (`"1534138567670"`).

    >>> timestamp("2025-01-25T21:42:05.068Z")
    datetime.datetime(2025, 1, 25, 21, 42, 5, 68000, tzinfo=datetime.timezone.utc)
    >>> timestamp("1534138567670").isoformat()
    '2018-08-13T05:36:07.670000+00:00'
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(int(value))
    if not isinstance(value, str):
        raise SkipRecord(f"missing or non-text createdAt {value!r}")
    if value.strip().isdigit():
        digits = value.strip()
        return from_epoch_ms(digits) if len(digits) > 11 else from_epoch(digits)
    try:
        at = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise SkipRecord(f"bad createdAt {value!r}") from exc
    if at.tzinfo is None:
        raise SkipRecord(f"createdAt {value!r} names no time zone")
    return at.astimezone(UTC)


def moment(value: Any) -> datetime | None:
    """`timestamp`, or None when the record gives no time at all (kept undated)."""
    return optional(value, timestamp)


def user_id(value: Any) -> str:
    """An account id as text: ids exceed 2^53, so they are never turned into numbers."""
    text = (
        str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else ""
    )
    if not (text.isascii() and text.isdigit()) or not text.strip("0"):
        raise SkipRecord(f"not an account id: {value!r}")
    return text


def account(uid: str, url: Any = None) -> Account:
    """Another account known by id only; the intent link opens its profile (while logged in)."""
    return Account(PLATFORM, user_id=uid, url=url if isinstance(url, str) and url else INTENT + uid)
