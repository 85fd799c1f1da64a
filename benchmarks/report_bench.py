"""`nocontact report` and one review page on a case with many hits, against their budgets.

The case is written straight through the store (as an import and a match run would, without
parsing or scoring): `--size` hits, each an account with 20 records (messages both ways in its
own thread, before and during the order), a third of the hits confirmed. The issue sets no
floor for these, only budgets (report <= 30 s and <= 300 MB, a review page <= 200 ms at 10,000
hits), so the budget stands in the floor column and a ratio >= 1 means within it.
Run: `python benchmarks/report_bench.py --size 10000 [--json]`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks import measure
from crawlers.events import Account, Interaction, Locator
from nocontact.case import Case
from nocontact.store import ledger, sources, writes
from nocontact.store.hits import keep_hits, set_status
from nocontact.store.matches import MatchRow

PER_HIT = 20
REPORT_BUDGET, PAGE_BUDGET = 30.0, 0.2
CONFIG = """[order]
issued = 2026-03-02
expires = 2027-03-02
covers_third_parties = true
timezone = "America/New_York"

[[protected.accounts]]
platform = "instagram"
handle = "jane.doe"

[restrained]
names = ["Robert James Miller"]
handles = { instagram = ["rob.miller82"] }
"""
_START = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def _records(i: int) -> list[Interaction]:
    """One account's thread: 20 messages, 3 in 4 to the protected person, 5 days apart."""
    account = Account("instagram", handle=f"acct{i}.r", display_name=f"Person {i}")
    found = []
    for k in range(PER_HIT):
        at = _START + timedelta(days=5 * k, minutes=i % 1440)
        text = f"message {k} from person {i}"
        found.append(
            Interaction(
                platform="instagram",
                type="message",
                direction="out" if k % 4 == 3 else "in",
                occurred_at=at,
                account=account,
                locator=Locator(f"messages/inbox/acct{i}/message_1.json", k),
                raw=f'{{"sender_name":"Person {i}","timestamp_ms":{int(at.timestamp() * 1000)},'
                f'"content":"{text}"}}',
                text=text,
                target=f"thread:acct{i}",
            )
        )
    return found


def build_case(root: Path, hits: int) -> Case:
    """A case with `hits` hits of PER_HIT records each, through the store's own writes."""
    root.mkdir(parents=True)
    (root / "config.toml").write_text(CONFIG)
    case = Case(root)
    with case.store() as store, store.transaction() as conn:
        case.seal_order(conn)
        source_id = sources.add_source(
            conn,
            sha256="b" * 64,
            kind="folder",
            platforms=["instagram"],
            name="bench-export",
            size=0,
            parsers=["instagram/1"],
            copy_path=None,
        )
        writer = writes.InteractionWriter(conn, source_id)
        for i in range(hits):
            for item in _records(i):
                writer.add(item)
        counts = writer.finish()
        sources.finish_source(conn, source_id, {"added": sum(counts.values())})
        sealing = writer.sealing()
        ledger.append(
            conn,
            "import",
            {
                "source_id": source_id,
                "sha256": "b" * 64,
                "name": "bench-export",
                "interactions_digest": sealing.interactions_digest,
                "up_to_id": sealing.up_to_id,
                "rows_digest": sealing.rows_digest,
            },
        )
        accounts = [row[0] for row in conn.execute("SELECT id FROM accounts ORDER BY id")]
        at = datetime.now(UTC).isoformat()
        keep_hits(
            conn,
            [
                MatchRow(
                    account_id,
                    "restrained",
                    "alias",
                    0.5 + (n % 50) / 100,
                    {"name": 0.5},
                    (
                        f"name rule: display name 'Person {n}' reads as a name of the restrained "
                        "person's",
                    ),
                    "bench",
                )
                for n, account_id in enumerate(accounts)
            ],
            at,
        )
        for (hit_id,) in conn.execute("SELECT id FROM hits WHERE id % 3 = 0").fetchall():
            set_status(conn, hit_id, "confirmed", at)
    return case


def report(case: Case, output: Path) -> tuple[float, float]:
    seconds, peak, _ = measure.process(
        [*measure.NOCONTACT, "--case", str(case.root), "-q", "report", "-o", str(output)]
    )
    return seconds, peak


def review_pages(case: Case, hits: int) -> tuple[float, float, float, float]:
    """(median seconds of a hit page, of a list page, first page, server peak MiB), each page
    fetched over loopback from `nocontact review` running as its own process."""
    server = subprocess.Popen(
        [*measure.NOCONTACT, "--case", str(case.root), "review", "--no-browser"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=measure.ENV,
        text=True,
    )
    try:
        assert server.stdout is not None
        line = ""
        while "http://" not in line:
            line = server.stdout.readline()
            if not line:
                raise measure.Failed("`nocontact review` ended without an address")
        url = line.split()[-1]
        first = _fetch(url)
        chosen = [1 + (hits * k) // 7 for k in range(7)]
        hit_pages = statistics.median(_fetch(f"{url}hit/{h}") for h in chosen)
        lists = statistics.median(
            _fetch(f"{url}list/new?page={1 + (hits // 150) * k // 4}") for k in range(5)
        )
    finally:
        server.terminate()  # SIGINT may be ignored when run in the background
        _, _, usage = os.wait4(server.pid, 0)
        server.returncode = 0
    return hit_pages, lists, first, usage.ru_maxrss / 1024


def _fetch(url: str) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as answer:  # noqa: S310 (loopback only)
        answer.read()
    return time.perf_counter() - start


def rows(size: int) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory(prefix="report-bench-") as tmp:
        start = time.perf_counter()
        measure.in_child(lambda: str(build_case(Path(tmp) / "case", size).root))  # see below
        case = Case(Path(tmp) / "case")  # built in a child: what it held would count as ours
        built = time.perf_counter() - start
        seconds, peak = report(case, Path(tmp) / "report.html")
        megabytes = (Path(tmp) / "report.html").stat().st_size / 2**20
        hit_page, list_page, first, server_peak = review_pages(case, size)
    records = size * PER_HIT
    return [
        measure.row(
            "`nocontact report`, hits of 20 records each (whole process)",
            size,
            "s",
            seconds,
            REPORT_BUDGET,
            peak,
            f"budget as floor; {records:,} records; {megabytes:.0f} MB of HTML; case built in "
            f"{built:.0f} s",
        ),
        measure.row(
            "review page: one hit, fetched over loopback",
            size,
            "s",
            hit_page,
            PAGE_BUDGET,
            server_peak,
            f"budget as floor; median of 7 hits; first page {first * 1000:.0f} ms; "
            "peak is the server's",
        ),
        measure.row(
            "review page: a list of 100 hits, fetched over loopback",
            size,
            "s",
            list_page,
            PAGE_BUDGET,
            server_peak,
            "budget as floor; median of 5 pages",
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000, help="Hits (20 records each).")
    parser.add_argument("--json", action="store_true", help="One JSON list of rows (run.py).")
    args = parser.parse_args()
    measure.emit(rows(args.size), args.json)


if __name__ == "__main__":
    main()
