"""Byte-exact JSON items and the small helpers every scanner shares."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawlers.api._base import html_text, json_items, parse_time
from crawlers.errors import ScanError

scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=8)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)


@given(
    items=st.lists(values, max_size=5),
    indent=st.sampled_from([None, 0, 1, 2]),
    ascii_only=st.booleans(),
    extra=st.dictionaries(st.sampled_from(["cursor", "seenAt", "z"]), values, max_size=2),
)
def test_items_are_exact_slices_of_the_body(
    items: list[object], indent: int | None, ascii_only: bool, extra: dict[str, object]
) -> None:
    body = json.dumps({**extra, "notifications": items}, indent=indent, ensure_ascii=ascii_only)
    found = json_items(body, key="notifications")
    assert [value for _, value in found] == items
    position = 0
    for raw, value in found:
        position = body.index(raw, position)  # each slice is verbatim, in order
        assert json.loads(raw) == value


def test_a_bare_array_and_a_missing_key() -> None:
    assert json_items(' [ {"id":"1"} , {"id" : "2"}]') == [
        ('{"id":"1"}', {"id": "1"}),
        ('{"id" : "2"}', {"id": "2"}),
    ]
    assert json_items('{"cursor": "x"}', key="notifications") == []


@pytest.mark.parametrize("body", ["", "{", '{"notifications": 3}', "[1 2]", "<html>"])
def test_a_body_of_another_shape_is_a_scan_error(body: str) -> None:
    with pytest.raises(ScanError, match="not the JSON shape expected"):
        json_items(body, key="notifications" if body.startswith("{") else None)


def test_times_and_text() -> None:
    assert parse_time("2026-11-03T21:40:12.004Z") == datetime(
        2026, 11, 3, 21, 40, 12, 4000, tzinfo=UTC
    )
    assert parse_time("2026-11-03T22:40:12+01:00") == datetime(2026, 11, 3, 21, 40, 12, tzinfo=UTC)
    with pytest.raises(ScanError):
        parse_time("yesterday")
    assert html_text("<p>a &lt;b&gt;</p>") == "a <b>"
    assert html_text("") is None and html_text("<p></p>") is None
