"""A real store in tmp_path and a few interactions written through the store's own path."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crawlers.events import Account, Interaction, Locator
from nocontact.store import sources, writes
from nocontact.store.database import Store

ROB = Account("instagram", handle="rob.miller82", display_name="Rob M")
STRANGER = Account("instagram", handle="a.stranger")


def contact(
    account: Account,
    minute: int,
    *,
    kind: str = "message",
    direction: str = "in",
    text: str | None = "hi",
    target: str | None = "thread:1",
) -> Interaction:
    return Interaction(
        platform="instagram",
        type=kind,
        direction=direction,
        occurred_at=datetime(2026, 3, 10, 21, minute, tzinfo=UTC),
        account=account,
        locator=Locator("messages/inbox/rob/message_1.json", minute),
        raw=f'{{"minute": {minute}, "text": "{text}"}}',
        text=text,
        target=target,
    )


@dataclass(frozen=True, slots=True)
class Written:
    source_id: int
    counts: dict[str, int]


def write(store: Store, items: list[Interaction], *, name: str = "ig.zip") -> Written:
    """Add a source and its interactions in one transaction, as an import does."""
    with store.transaction() as conn:
        source_id = sources.add_source(
            conn,
            sha256=name * 4,
            kind="archive",
            platforms=["instagram"],
            name=name,
            size=123,
            parsers=["instagram/1"],
            copy_path=None,
        )
        writer = writes.InteractionWriter(conn, source_id)
        for item in items:
            writer.add(item)
        counts = writer.finish()
        sources.finish_source(conn, source_id, {"added": sum(counts.values())})
    return Written(source_id, counts)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "case.db") as opened:
        yield opened


def add_hit(store: Store, account_id: int, status: str = "new") -> None:
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO hits (account_id, subject, kind, score, status)"
            " VALUES (?, 'restrained', 'alias', 1, ?)",
            (account_id, status),
        )
