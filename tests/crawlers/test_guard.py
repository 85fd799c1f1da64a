"""The bounded reader: a member refused while it streams, a genuine one passed unchanged."""

from __future__ import annotations

import io

import ijson
import pytest

from crawlers.errors import UnsafeArchive
from crawlers.guard import MAX_DEPTH, Budget, GuardedReader


def _read(data: bytes, *, limit: int = 10**9, budget: Budget | None = None) -> object:
    reader = GuardedReader(
        io.BytesIO(data), "a.zip: f.json", limit=limit, budget=budget or Budget(10**9), json=True
    )
    return next(ijson.items(reader, "", use_float=True))


def test_nesting_is_counted_outside_strings_only() -> None:
    deep = b"[" * MAX_DEPTH + b"]" * MAX_DEPTH
    assert _read(deep) is not None
    brackets_in_text = b'["' + b"[" * 1000 + b'"]'
    assert _read(brackets_in_text) == ["[" * 1000]
    hidden = b'["' + b"]" * 500 + b'",' + b"[" * 500 + b"]" * 500 + b"]"
    with pytest.raises(UnsafeArchive, match="a.zip: f.json: JSON nested more than"):
        _read(hidden)  # closing brackets inside a string do not buy depth


def test_a_huge_text_is_refused_before_the_parser_joins_it() -> None:
    with pytest.raises(UnsafeArchive, match="holds a text of more than 2 MiB"):
        _read(b'["' + b"\\\\" * (1024**2 + 1) + b'"]')


def test_long_texts_count_against_the_archive() -> None:
    budget = Budget(10**9, long_text=100_000)  # each text counts beyond its first 64 KiB
    _read(b'["' + b"a" * 150_000 + b'"]', budget=budget)
    with pytest.raises(UnsafeArchive, match="texts longer than 64 KiB"):
        _read(b'["' + b"a" * 150_000 + b'"]', budget=budget)


def test_inflated_bytes_count_per_member_and_per_archive() -> None:
    with pytest.raises(UnsafeArchive, match="f.json: inflates to more than"):
        _read(b"[" + b" " * 100_000 + b"]", limit=50_000)
    budget = Budget(150_000)
    _read(b"[" + b" " * 100_000 + b"]", budget=budget)
    with pytest.raises(UnsafeArchive, match="the archive inflates to more than"):
        _read(b"[" + b" " * 100_000 + b"]", budget=budget)


def test_lone_surrogates_become_visible_text_and_pairs_stay_characters() -> None:
    assert _read(b'["\\udc80", "\\ud83d\\ude00", "\\\\udc80", "\\ud800x"]') == [
        "\\udc80",
        "\U0001f600",
        "\\udc80",
        "\\ud800x",
    ]


def test_pages_are_counted_but_not_parsed() -> None:
    reader = GuardedReader(
        io.BytesIO(b"<p>[[[[" * 10), "p.html", limit=100, budget=Budget(10**9), json=False
    )
    assert reader.read() == b"<p>[[[[" * 10
