"""How an import hands a reader's records to the writer: a batch at a time.

The writer works on whole batches (see store/writes.py), and what the import checks of each
record (a time given without a zone, a time that cannot be real) is told of a batch at once.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import tzinfo
from itertools import islice

from crawlers.events import Interaction
from crawlers.wallclock import in_zone, is_wall_clock

SIZE = 1000  # records per batch; the import's progress is told once per batch
_SPACED = 50_000  # allocations between the collector's youngest passes (Python's default: 700)


def batches(records: Iterable[Interaction], size: int = SIZE) -> Iterator[list[Interaction]]:
    """The records, `size` at a time (the last batch may be shorter)."""
    read = iter(records)
    while batch := list(islice(read, size)):
        yield batch


def unzoned(batch: list[Interaction]) -> bool:
    """Whether the export gave any of these times without a zone (WhatsApp, Telegram...)."""
    return any(is_wall_clock(item.occurred_at) for item in batch)


def zoned(batch: list[Interaction], zone: tzinfo) -> list[Interaction]:
    """The batch with the times given without a zone read in `zone`."""
    return [
        replace(item, occurred_at=in_zone(item.occurred_at, zone))
        if is_wall_clock(item.occurred_at)
        else item
        for item in batch
    ]


@contextmanager
def spaced_collections() -> Iterator[None]:
    """The garbage collector's youngest pass run every 50,000 allocations, not every 700:
    an import allocates millions of short-lived records, which no cycle holds, and the
    default schedule walks each batch in flight many times over (a few % of an import)."""
    thresholds = gc.get_threshold()
    gc.set_threshold(_SPACED, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
