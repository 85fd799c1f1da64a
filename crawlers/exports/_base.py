"""Helpers shared by platform parsers: timestamps, Meta's mojibake, raw record text."""

from __future__ import annotations

import csv
import io
import itertools
import json
import logging
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from crawlers.archive import Archive
from crawlers.errors import SkipRecord
from crawlers.events import Interaction, Locator

log = logging.getLogger(__name__)

OnSkip = Callable[[Locator, str], None]
Builder = Callable[[int, Any], Iterable[Interaction]]


def from_epoch(seconds: Any) -> datetime:
    """Epoch seconds (int, float or digit string) to an aware UTC datetime."""
    try:
        return datetime.fromtimestamp(float(seconds), tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError) as exc:
        raise SkipRecord(f"bad epoch timestamp {seconds!r}") from exc


def from_epoch_ms(millis: Any) -> datetime:
    """Epoch milliseconds to an aware UTC datetime."""
    try:
        return from_epoch(float(millis) / 1000)
    except (TypeError, ValueError) as exc:
        raise SkipRecord(f"bad millisecond timestamp {millis!r}") from exc


def optional(value: Any, read: Callable[[Any], datetime]) -> datetime | None:
    """None when the record gives no time (key missing, null or empty), else `read(value)`.

    >>> optional(None, from_epoch), optional("", from_epoch), optional(0, from_epoch).year
    (None, None, 1970)
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return read(value)


def repair_mojibake(value: Any) -> Any:
    """Undo Meta's export encoding, which writes each UTF-8 byte as its own code point.

    >>> repair_mojibake({"name": "Jos\\u00c3\\u00a9", "n": [1, "caf\\u00c3\\u00a9"]})
    {'name': 'José', 'n': [1, 'café']}
    >>> repair_mojibake("Zoë")  # already proper text stays as it is
    'Zoë'
    """
    if isinstance(value, str):
        if value.isascii():  # nothing to undo (most names and links); told at once
            return value
        try:
            return value.encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return value
    if isinstance(value, list):
        return [repair_mojibake(item) for item in value]
    if isinstance(value, dict):
        return {key: repair_mojibake(item) for key, item in value.items()}
    return value


_RAW_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode  # built once
# The C encoder that `_RAW_JSON` would build on every call, built once (every record is
# encoded); no circular check: parsed records cannot refer to themselves.
_C_RAW_JSON = json.encoder.c_make_encoder and json.encoder.c_make_encoder(
    None,
    json.JSONEncoder().default,
    json.encoder.encode_basestring,
    None,
    ":",
    ",",
    False,
    False,
    True,
)


def raw_json(record: Any) -> str:
    """The record as read (before any repair), as stable JSON text for hashing and evidence.

    >>> raw_json({"a": [1, "é"], "b": None}) == json.dumps(
    ...     {"a": [1, "é"], "b": None}, ensure_ascii=False, separators=(",", ":"))
    True
    """
    if _C_RAW_JSON is None:
        return _RAW_JSON(record)
    return "".join(_C_RAW_JSON(record, 0))


def guarded(
    path: str, records: Iterable[tuple[int, Any]], build: Builder, on_skip: OnSkip | None
) -> Iterator[Interaction]:
    """Build each record in isolation so one odd record never ends the import.

    A file that cannot be read at all raises ArchiveError instead: the import then changes
    nothing, rather than silently leaving a gap.
    """
    for index, record in records:
        try:
            built = list(build(index, record))
        except SkipRecord as exc:
            skip(Locator(path, index), str(exc), on_skip)
            continue
        except (KeyError, IndexError, TypeError, AttributeError, ValueError) as exc:
            reason = f"unexpected record shape ({type(exc).__name__}: {exc})"
            skip(Locator(path, index), reason, on_skip)
            continue
        yield from built


def skip(locator: Locator, reason: str, on_skip: OnSkip | None) -> None:
    """Log a record that could not be used and tell the import, which counts and lists it."""
    log.warning("skipped %s: %s", locator, reason)
    if on_skip is not None:
        on_skip(locator, reason)


def csv_rows(archive: Archive, path: str, *, header: str | None = None) -> Iterator[dict[str, str]]:
    """A platform CSV's rows by column name, streamed: platforms reorder and add columns between
    versions. With `header`, lines before the header line (LinkedIn's `Notes:` preamble) are
    skipped; a byte-order mark is dropped and bytes that are not UTF-8 become U+FFFD."""
    with archive.open(path) as fh:
        text = io.TextIOWrapper(fh, encoding="utf-8-sig", errors="replace", newline="")
        lines: Iterator[str] = text
        if header:
            lines = itertools.dropwhile(lambda line: not line.startswith(header), text)
        yield from csv.DictReader(lines)
