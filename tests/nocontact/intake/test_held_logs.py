"""Readers' warnings during an import: shown after a success, dropped with a refusal (its one
line), shown anyway in verbose mode, and bounded in number."""

from __future__ import annotations

import logging

import pytest

from nocontact.intake.held_logs import readers_logs_held

READER = logging.getLogger("crawlers.exports.example")


def _messages(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [record.getMessage() for record in caplog.records]


def test_warnings_wait_for_the_import_to_succeed(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    with readers_logs_held():
        READER.warning("record %d skipped", 3)
        assert _messages(caplog) == []  # held while the import runs
    assert _messages(caplog) == ["record 3 skipped"]


def test_a_refusal_drops_them(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    with pytest.raises(ValueError), readers_logs_held():
        READER.warning("archive owner unknown")
        raise ValueError("refused")
    assert _messages(caplog) == []
    assert not logging.getLogger("crawlers").handlers  # the holder is gone after either end


def test_verbose_shows_them_before_the_refusal(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    with pytest.raises(ValueError), readers_logs_held():
        READER.warning("archive owner unknown")
        raise ValueError("refused")
    assert _messages(caplog) == ["archive owner unknown"]


def test_only_so_many_are_held(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    with readers_logs_held(limit=3):
        for n in range(5):
            READER.warning("record %d skipped", n)
    assert _messages(caplog) == [
        "record 0 skipped",
        "record 1 skipped",
        "record 2 skipped",
        "2 more warnings like these were not shown",
    ]
