"""The archive readers' log lines, held back during one import so that a refusal is exactly
one line: they print once the import succeeds (or at once with -v / --debug)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

HELD = 1000  # lines kept back during one import; the rest are counted, so memory stays bounded

log = logging.getLogger(__name__)


class _Held(logging.Handler):
    def __init__(self, limit: int) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []
        self.limit, self.more = limit, 0

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.records) < self.limit:
            self.records.append(record)
        else:
            self.more += 1


@contextmanager
def readers_logs_held(limit: int = HELD) -> Iterator[None]:
    """The readers' warnings print once the import succeeds: a refusal is its one line.

    With -v or --debug they print all the same, before the refusal.
    """
    readers, held = logging.getLogger("crawlers"), _Held(limit)
    propagate, succeeded = readers.propagate, False
    readers.addHandler(held)
    readers.propagate = False
    try:
        yield
        succeeded = True
    finally:
        readers.removeHandler(held)
        readers.propagate = propagate
        if succeeded or logging.getLogger().isEnabledFor(logging.INFO):
            for record in held.records:
                logging.getLogger(record.name).handle(record)
            if held.more:
                log.warning("%d more warnings like these were not shown", held.more)
