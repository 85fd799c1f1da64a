"""Records reach the writer a batch at a time, zone-less times read in the case's zone."""

from __future__ import annotations

import gc
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from crawlers.events import Account, Interaction, Locator
from crawlers.wallclock import wall_clock
from nocontact.intake.batches import batches, spaced_collections, unzoned, zoned


def _record(n: int, at: datetime) -> Interaction:
    return Interaction(
        platform="whatsapp",
        type="message",
        direction="in",
        occurred_at=at,
        account=Account("whatsapp", display_name="Ann"),
        locator=Locator("chat.txt", n),
        raw=f"line {n}",
        text="hi",
    )


def test_every_record_comes_once_in_order() -> None:
    records = [_record(n, datetime(2026, 4, 1, tzinfo=UTC)) for n in range(7)]
    assert [len(b) for b in batches(records, 3)] == [3, 3, 1]
    assert [r for b in batches(iter(records), 3) for r in b] == records
    assert list(batches([], 3)) == []


def test_only_the_times_given_without_a_zone_are_read_in_the_case_zone() -> None:
    utc = _record(0, datetime(2026, 4, 1, 9, 30, tzinfo=UTC))
    local = _record(1, wall_clock(datetime(2026, 4, 1, 9, 30)))
    assert not unzoned([utc]) and unzoned([utc, local])
    read = zoned([utc, local], ZoneInfo("Europe/Madrid"))
    assert read[0] is utc
    assert read[1].occurred_at == datetime(2026, 4, 1, 7, 30, tzinfo=UTC)  # CEST, UTC+2
    assert read[1].locator == local.locator


def test_the_collector_schedule_is_restored_even_after_a_failure() -> None:
    before = gc.get_threshold()
    try:
        with spaced_collections():
            assert gc.get_threshold()[0] > before[0]
            raise KeyError("a reader failed")
    except KeyError:
        pass
    assert gc.get_threshold() == before
