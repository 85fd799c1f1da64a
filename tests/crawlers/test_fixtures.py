"""Every parser against every fixture: each fixture has one parser, each parser a fixture."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from crawlers import exports
from crawlers.archive import Archive
from crawlers.events import INTERACTION_TYPES
from tests.helpers import DATA

VARIANTS = sorted(p for p in (DATA / "exports").glob("*/*") if p.is_dir())


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_each_fixture_is_claimed_by_one_parser_whose_records_are_sound(variant: Path) -> None:
    with Archive(variant) as archive:
        found = [p for p in exports.PARSERS if p.detect(archive)]
        assert len(found) == 1, [p.NAME for p in found]
        items = list(found[0].parse(archive))
        names = set(archive.names)
    assert items, "a fixture should yield records"
    for item in items:
        at = item.occurred_at  # undated (None), else UTC or a wall clock not yet zoned
        assert at is None or at.utcoffset() == timedelta(0)
        assert item.type in INTERACTION_TYPES and item.raw
        assert item.locator.path in names


def test_every_parser_has_a_fixture() -> None:
    claimed = set()
    for variant in VARIANTS:
        with Archive(variant) as archive:
            claimed |= {p.NAME for p in exports.PARSERS if p.detect(archive)}
    assert claimed == set(exports.names())
