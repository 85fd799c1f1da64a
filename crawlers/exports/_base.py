"""Helpers shared by platform parsers: timestamps, Meta's mojibake, raw record text."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from crawlers.errors import SkipRecord


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


def repair_mojibake(value: Any) -> Any:
    """Undo Meta's export encoding, which writes each UTF-8 byte as its own code point.

    >>> repair_mojibake({"name": "Jos\\u00c3\\u00a9", "n": [1, "caf\\u00c3\\u00a9"]})
    {'name': 'José', 'n': [1, 'café']}
    >>> repair_mojibake("Zoë")  # already proper text stays as it is
    'Zoë'
    """
    if isinstance(value, str):
        try:
            return value.encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return value
    if isinstance(value, list):
        return [repair_mojibake(item) for item in value]
    if isinstance(value, dict):
        return {key: repair_mojibake(item) for key, item in value.items()}
    return value


def raw_json(record: Any) -> str:
    """The record as read (before any repair), as stable JSON text for hashing and evidence."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))
