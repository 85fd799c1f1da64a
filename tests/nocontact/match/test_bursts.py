"""A burst of messages never lowers a score: regression test on a real Instagram layout."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from nocontact import demo
from nocontact.intake import archives
from nocontact.match.scoring import run_match

THREAD = "your_instagram_activity/messages/inbox/robmiller_17849990000000001/message_1.json"
START = datetime(2026, 5, 10, 19, 0, tzinfo=UTC)


def _archive(path: Path, count: int) -> Path:
    """An Instagram download with one thread: a look-alike writing `count` times in a day."""
    messages = [
        {
            "sender_name": "Rob Miller",
            "timestamp_ms": int((START + timedelta(minutes=25 * i)).timestamp() * 1000),
            "content": text,
            "is_geoblocked_for_viewer": False,
            "is_unsent_image_by_messenger_kid_parent": False,
        }
        for i, text in enumerate(
            ["answer me", "why are you doing this", "pick up", "i know you see these"] * 3
        )
    ][:count]
    thread = {
        "participants": [{"name": "Rob Miller"}, {"name": "Jane Doe"}],
        "messages": sorted(messages, key=lambda m: -m["timestamp_ms"]),
        "title": "Rob Miller",
        "is_still_participant": True,
        "thread_path": "inbox/robmiller_17849990000000001",
        "magic_words": [],
    }
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(THREAD, json.dumps(thread))
    return path


def _score(tmp_path: Path, count: int) -> float:
    case, _ = demo.build(tmp_path / f"case{count}")
    archives.import_archive(case, _archive(tmp_path / f"instagram-{count}.zip", count))
    run_match(case)
    with sqlite3.connect(case.db_path) as conn:
        row = conn.execute(
            "SELECT m.score FROM matches m JOIN accounts a ON a.id = m.account_id"
            " WHERE a.display_name = 'Rob Miller' AND m.subject = 'restrained'"
        ).fetchone()
    assert row is not None, "the look-alike was not scored at all"
    return float(row[0])


def test_twelve_messages_in_a_day_score_at_least_as_high_as_two(tmp_path: Path) -> None:
    assert _score(tmp_path, 12) >= _score(tmp_path, 2)
