"""Bounded reading of archive members: a hostile file is refused while it streams.

A zip header may lie about sizes, and one JSON file can hold a 3 GiB run of spaces, 200,000
nested `[` (which makes the JSON parser's paths grow with the square of the depth) or one
huge string (which it joins in quadratic time). `GuardedReader` counts the bytes actually
inflated against a per-member and a per-archive budget and, for JSON, tracks nesting depth
and string length on the raw bytes before the parser sees them, so each check costs a few
passes of C-speed `re`/`bytes` work per 64 KiB chunk. It also turns a lone surrogate escape
(`\\udc80`, which the parser would turn into undecodable bytes) into the visible text
`\\udc80`, so the record is kept, escaped, instead of failing the whole archive.
"""

from __future__ import annotations

import io
import re
from itertools import accumulate, count
from operator import sub
from typing import IO

from crawlers.errors import UnsafeArchive

CHUNK = 16 * 1024  # as the parsers read: a bigger chunk only holds more memory
MAX_DEPTH = 128  # real exports nest fewer than 20 levels
MAX_STRING_BYTES = 2 * 1024**2  # the longest genuine message is well under 100 KB
# The parser re-reads a string that spans reads, for each read: the time a text costs grows
# with the square of its length. Texts over LONG_TEXT are rare in real exports; an archive
# may hold at most MAX_LONG_TEXT_BYTES of them, which bounds that time to seconds.
LONG_TEXT = 64 * 1024
MAX_LONG_TEXT_BYTES = 8 * 1024**2

_ESCAPE = re.compile(rb"\\.", re.S)
_STRING = re.compile(rb'"[^"]*"')
_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F]")
_HIGH = re.compile(rb"\\u[dD][89abAB][0-9a-fA-F]{2}")
_ESCAPE_OR_PAIR = re.compile(
    rb"\\(?:u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}"  # a proper pair
    rb"|u[dD][89a-fA-F][0-9a-fA-F]{2}"  # a lone half
    rb"|.)",  # any other escape
    re.S,
)
_BRACKETS = bytes.maketrans(b"[{]}", b"\x02\x02\x00\x00")
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_HOLD = 12  # bytes of a high + low surrogate escape pair


class Budget:
    """What one archive may inflate in all, re-reads included (it bounds time as well)."""

    def __init__(self, total: int, *, long_text: int = MAX_LONG_TEXT_BYTES) -> None:
        self.total, self.used = total, 0
        self.long_text, self.long_text_used = long_text, 0

    def spend(self, size: int, origin: str) -> None:
        self.used += size
        if self.used > self.total:
            raise UnsafeArchive(
                f"{origin}: the archive inflates to more than {_human(self.total)} of data "
                "files; refusing it (a zip bomb or not a genuine export)"
            )

    def spend_long_text(self, size: int, origin: str) -> None:
        self.long_text_used += size
        if self.long_text_used > self.long_text:
            raise UnsafeArchive(
                f"{origin}: the archive holds more than {_human(self.long_text)} of texts "
                f"longer than {LONG_TEXT // 1024} KiB each; refusing it (not a genuine export)"
            )


class GuardedReader(io.RawIOBase):
    """A member's bytes, read in chunks, each checked before it is handed on.

    A raw stream, so `io.BufferedReader` and `io.TextIOWrapper` can read lines from it.
    """

    def __init__(
        self, fh: IO[bytes], origin: str, *, limit: int, budget: Budget, json: bool
    ) -> None:
        self._fh, self._origin, self._limit, self._budget = fh, origin, limit, budget
        self._read = 0
        self._json = _JsonWatch(origin, budget) if json else None
        self._held = b""  # a possibly unfinished escape, waiting for its next bytes
        self._out, self._pos, self._eof = b"", 0, False

    def read(self, size: int = -1) -> bytes:
        if size == 0:  # ijson probes with read(0) to tell bytes from text
            return b""
        if size is None or size < 0:
            parts = [self._out[self._pos :]]
            self._out, self._pos = b"", 0
            while not self._eof:
                parts.append(self._next())
            return b"".join(parts)
        while self._pos >= len(self._out) and not self._eof:
            self._out, self._pos = self._next(), 0
        data = self._out[self._pos : self._pos + size]
        self._pos += len(data)
        return data

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def _next(self) -> bytes:
        """The next checked chunk (possibly empty while an escape waits for its end)."""
        data = self._fh.read(CHUNK)
        if not data:
            self._eof = True
            out, self._held = self._held, b""
            return self._checked(_fix_surrogates(out) if self._json else out)
        self._read += len(data)
        self._budget.spend(len(data), self._origin)
        if self._read > self._limit:
            raise UnsafeArchive(
                f"{self._origin}: inflates to more than {_human(self._limit)}; refusing it "
                "(a zip bomb or not a genuine export)"
            )
        if self._json is None:
            return data
        data, self._held = _split_escape(self._held + data)
        return self._checked(_fix_surrogates(data))

    def _checked(self, data: bytes) -> bytes:
        if self._json is not None:
            self._json.feed(data)
        return data


class _JsonWatch:
    """Nesting depth and string length of a JSON byte stream, tracked chunk by chunk."""

    def __init__(self, origin: str, budget: Budget) -> None:
        self.origin, self.budget = origin, budget
        self.depth = 0
        self.in_string = False
        self.string_bytes = 0
        self.carry = b""  # a backslash whose escaped byte is in the next chunk

    def feed(self, data: bytes) -> None:
        masked = _ESCAPE.sub(b"__", self.carry + data)  # same length, no quote escaped
        self.carry = b""
        if masked.endswith(b"\\"):
            masked, self.carry = masked[:-1], b"\\"
        start = 0
        if self.in_string:
            end = masked.find(b'"')
            if end < 0:
                return self._grow(len(masked))
            self._grow(end)
            self.in_string, start = False, end + 1
        rest = masked[start:]
        outside = _STRING.sub(b"", rest)
        opening = outside.find(b'"')
        if opening >= 0:  # a string that goes on in the next chunk
            outside = outside[:opening]
            self.in_string, self.string_bytes = True, 0
            self._grow(len(rest) - rest.rfind(b'"') - 1)
        self._nest(outside.translate(_BRACKETS, _NOT_BRACKETS))

    def _grow(self, size: int) -> None:
        before, self.string_bytes = self.string_bytes, self.string_bytes + size
        if self.string_bytes > LONG_TEXT:
            self.budget.spend_long_text(self.string_bytes - max(before, LONG_TEXT), self.origin)
        if self.string_bytes > MAX_STRING_BYTES:
            raise UnsafeArchive(
                f"{self.origin}: holds a text of more than {_human(MAX_STRING_BYTES)}; "
                "refusing it (not a genuine export)"
            )

    def _nest(self, brackets: bytes) -> None:
        """Follow the depth through the chunk's brackets (2 opens, 0 closes)."""
        opens = brackets.count(2)
        if self.depth + opens > MAX_DEPTH:
            deepest = max(map(sub, accumulate(brackets), count(1)), default=0)
            if self.depth + deepest > MAX_DEPTH:
                raise UnsafeArchive(
                    f"{self.origin}: JSON nested more than {MAX_DEPTH} levels deep; "
                    "refusing it (not a genuine export)"
                )
        self.depth = max(0, self.depth + 2 * opens - len(brackets))


def _split_escape(data: bytes) -> tuple[bytes, bytes]:
    """Keep back an escape near the end that the next chunk may complete (12 bytes at most)."""
    cut = data.find(b"\\", max(0, len(data) - _HOLD))
    if cut < 0:
        return data, b""
    if _escaped(data, cut):  # the second backslash of a pair: keep the pair together
        cut -= 1
    elif cut >= 6 and _HIGH.fullmatch(data, cut - 6, cut) and not _escaped(data, cut - 6):
        cut -= 6  # a high surrogate escape stays with what may be its low half
    return data[:cut], data[cut:]


def _escaped(data: bytes, at: int) -> bool:
    """Whether the backslash at `at` is escaped by an odd run of backslashes before it."""
    before = data[:at]
    return bool((len(before) - len(before.rstrip(b"\\"))) % 2)


def _fix_surrogates(data: bytes) -> bytes:
    r"""Write a lone surrogate escape as visible text; proper pairs and others stay.

    >>> _fix_surrogates(rb'"a\udc80 \ud83d\ude00 \\udc80"')
    b'"a\\\\udc80 \\ud83d\\ude00 \\\\udc80"'
    """
    if not _SURROGATE.search(data):
        return data
    return _ESCAPE_OR_PAIR.sub(_surrogate_text, data)


def _surrogate_text(match: re.Match[bytes]) -> bytes:
    escape = match.group()
    return b"\\" + escape if len(escape) == 6 and escape[1:2] == b"u" else escape


def _human(size: int) -> str:
    return f"{size / 1024**3:g} GiB" if size >= 1024**3 else f"{size / 1024**2:g} MiB"
