"""`nocontact import` of a large synthetic Instagram export against the floor, in one run.

Ours is the whole `nocontact import` process, as a person runs it (start-up, parsing,
accounts, dedup, seals, ledger); its peak memory is that process's own. The floor is the
least any importer of these records must do: raw `sqlite3.executemany` of as many
interaction-shaped rows, each with `json.dumps`, a sha256 and a UNIQUE dedup key, into a fresh
WAL file. Both run in this process's turn on the same machine, so the ratio holds across
machines. Run: `python benchmarks/import_bench.py --size 1000000 [--json]` (half followers,
half messages).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import measure

CONFIG = '[order]\nissued = 2026-03-02\n[restrained]\nnames = ["Robert James Miller"]\n'


def build_export(root: Path, followers: int, messages: int, per_thread: int = 2000) -> Path:
    """A current-layout export: one big followers file and threads of `per_thread` messages."""
    folder = root / "connections" / "followers_and_following"
    folder.mkdir(parents=True)
    (folder / "followers_1.json").write_text(
        json.dumps(
            [
                {
                    "title": "",
                    "media_list_data": [],
                    "string_list_data": [
                        {
                            "href": f"https://www.instagram.com/user{i}",
                            "value": f"user{i}",
                            "timestamp": 1_770_000_000 + i,
                        }
                    ],
                }
                for i in range(followers)
            ]
        )
    )
    info = root / "personal_information" / "personal_information"
    info.mkdir(parents=True)
    (info / "personal_information.json").write_text(
        json.dumps(
            {
                "profile_user": [
                    {
                        "string_map_data": {
                            "Name": {"value": "Jane Doe"},
                            "Username": {"value": "jane.doe"},
                        }
                    }
                ]
            }
        )
    )
    for t in range(max(messages // per_thread, 1)):
        thread = root / "your_instagram_activity" / "messages" / "inbox" / f"sender{t}_{t}"
        thread.mkdir(parents=True)
        msgs = [
            {
                "sender_name": f"Sender {t}" if i % 2 else "Jane Doe",
                "timestamp_ms": 1_770_000_000_000 + i * 1000,
                "content": f"message {i}",
            }
            for i in range(min(per_thread, messages))
        ]
        (thread / "message_1.json").write_text(
            json.dumps(
                {
                    "participants": [{"name": f"Sender {t}"}, {"name": "Jane Doe"}],
                    "messages": msgs,
                    "title": f"Sender {t}",
                    "thread_path": f"inbox/sender{t}_{t}",
                }
            )
        )
    return root


floor_cpu = 0.0  # CPU seconds of the last floor run


def floor(records: int, folder: Path) -> float:
    """Seconds to insert `records` interaction-shaped rows the plainest way."""
    folder.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(folder / "floor.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(
        "CREATE TABLE interactions (id INTEGER PRIMARY KEY, account_id INTEGER, platform TEXT,"
        " type TEXT, direction TEXT, occurred_at TEXT, text TEXT, target TEXT, source_id"
        " INTEGER, locator TEXT, raw TEXT, raw_sha256 TEXT, dedup_key TEXT UNIQUE)"
    )

    def rows() -> Any:
        for i in range(records):
            record = {"sender_name": f"Sender {i % 250}", "timestamp_ms": 1_770_000_000_000 + i}
            raw = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
            yield (
                i % 250 + 1,
                "instagram",
                "message",
                "in",
                "2026-02-02T02:40:00.000Z",
                f"message {i}",
                "thread:sender1_1",
                1,
                f"inbox/sender1_1/message_1.json#{i}",
                raw,
                hashlib.sha256(raw.encode()).hexdigest(),
                hashlib.sha256(f"instagram|message|in|{i}".encode()).hexdigest(),
            )

    global floor_cpu  # noqa: PLW0603
    start, cpu = time.perf_counter(), measure.cpu_seconds()
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT OR IGNORE INTO interactions (account_id, platform, type, direction, occurred_at,"
        " text, target, source_id, locator, raw, raw_sha256, dedup_key)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        rows(),
    )
    conn.execute("COMMIT")
    seconds = time.perf_counter() - start
    floor_cpu = measure.cpu_seconds() - cpu
    conn.close()
    return seconds


def built_export(root: Path, size: int) -> Path:
    """`build_export` of `size` records (half followers), run in a child process: a process
    started from this one begins with this one's memory, which would count as its peak."""
    measure.in_child(lambda: str(build_export(root, size // 2, size - size // 2)))
    return root


def new_case(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "config.toml").write_text(CONFIG)
    return folder


def ours(export: Path, case: Path) -> tuple[float, float]:
    """(seconds, peak MiB) of `nocontact import` as its own process; checks what it added."""
    seconds, peak, _ = measure.process(
        [*measure.NOCONTACT, "--case", str(case), "-q", "import", "--no-copy", str(export)]
    )
    return seconds, peak


def stored(case: Path) -> int:
    with sqlite3.connect(case / "nocontact.db") as conn:
        return conn.execute("SELECT count(*) FROM interactions").fetchone()[0]


def rows(size: int) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory(prefix="import-bench-") as tmp:
        export = built_export(Path(tmp) / "export", size)
        case = new_case(Path(tmp) / "case")
        base = floor(size, Path(tmp) / "before")  # before and after ours: the machine's load
        seconds, peak = ours(export, case)  # varies, the mean of the two floors is compared
        cpu = measure.last_cpu
        if stored(case) != size:
            raise SystemExit(f"import stored {stored(case)} records, not {size}")
        base_cpu = floor_cpu
        base = (base + floor(size, Path(tmp) / "after")) / 2
        base_cpu = (base_cpu + floor_cpu) / 2
    return [
        measure.row(
            "`nocontact import`, Instagram export (whole process)",
            size,
            "records/s",
            size / seconds,
            size / base,
            peak,
            f"{seconds:.1f} s (CPU {cpu:.1f} s); floor: raw executemany + json.dumps + sha256"
            f" + UNIQUE key, {base:.1f} s (CPU {base_cpu:.1f} s), mean of a run before and after"
            f" ours; ratio of CPU times {base_cpu / cpu:.2f}",
        )
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="Records (half followers).")
    parser.add_argument("--json", action="store_true", help="One JSON list of rows (run.py).")
    args = parser.parse_args()
    measure.emit(rows(args.size), args.json)


if __name__ == "__main__":
    main()
