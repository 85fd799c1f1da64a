"""`nocontact verify` on an imported synthetic Instagram case against hashlib, in one run.

The case is the import benchmark's export of `--size` records, imported by `nocontact import`
(not timed). Ours is the whole `nocontact verify` process (the ledger chain and heads, every
record's raw hash and sealed columns, every source's digests, accounts, hits). Three floors,
each `hashlib.sha256` in one plain loop: the case's database file read in 1 MiB pieces (what
a tool checking one file's hash does); each stored raw record read back from the database and
hashed on its own (the least a per-record check does); and each raw record plus each
interaction's, account's and account name's readable columns read back and hashed, a hash
per raw record and per row (the hashing verify cannot skip: every raw record and every seal;
no JSON, no digests, no comparison). verify may use a second process; the floors use one.
Run: `python benchmarks/verify_bench.py --size 1000000 [--json]`.
"""

from __future__ import annotations

import argparse
import hashlib
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import measure
from benchmarks.import_bench import built_export, new_case


def floor(path: Path) -> float:
    """Seconds to hash the file with hashlib, as a tool checking a file's sha256 would."""
    start = time.perf_counter()
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while piece := fh.read(1 << 20):
            digest.update(piece)
    digest.hexdigest()
    return time.perf_counter() - start


def per_record(path: Path) -> float:
    """Seconds to read every raw record from the database and hash each with hashlib."""
    start = time.perf_counter()
    with sqlite3.connect(path) as conn:
        for (raw,) in conn.execute("SELECT raw FROM interactions ORDER BY id"):
            hashlib.sha256(raw.encode()).hexdigest()
    conn.close()
    return time.perf_counter() - start


_ROWS = (  # what verify reads of each row, as stored (the account as its id, not platform:key)
    "SELECT raw, raw_sha256, text, occurred_at, type, direction, account_id, platform, target,"
    " locator, source_id FROM interactions ORDER BY id",
    "SELECT platform, key, user_id, handle, display_name, url, bio, created_at FROM accounts"
    " ORDER BY id",
    "SELECT account_id, field, value, seen_at FROM account_names ORDER BY id",
)


def per_row(path: Path) -> float:
    """Seconds to read every raw record and every row's readable columns and hash each."""
    start, sha256 = time.perf_counter(), hashlib.sha256
    with sqlite3.connect(path) as conn:
        for raw, *values in conn.execute(_ROWS[0]):
            sha256(raw.encode()).hexdigest()
            sha256("\x1f".join(map(str, values)).encode()).hexdigest()
        for sql in _ROWS[1:]:
            for values in conn.execute(sql):
                sha256("\x1f".join(map(str, values)).encode()).hexdigest()
    conn.close()
    return time.perf_counter() - start


def rows(size: int) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory(prefix="verify-bench-") as tmp:
        export = built_export(Path(tmp) / "export", size)
        case = new_case(Path(tmp) / "case")
        nocontact = [*measure.NOCONTACT, "--case", str(case), "-q"]
        measure.process([*nocontact, "import", "--no-copy", str(export)])
        database = case / "nocontact.db"
        floor(database)  # the file in the page cache for both, as verify finds it after import
        seconds, peak, output = measure.process([*nocontact, "verify"])
        if "verify OK" not in output:
            raise SystemExit(f"verify did not pass: {output[-300:]}")
        base = floor(database)
        records = per_record(database)
        hashed = per_row(database)
        megabytes = database.stat().st_size / 2**20
    return [
        measure.row(
            "`nocontact verify` (whole process)",
            size,
            "s",
            seconds,
            base,
            peak,
            f"floor: hashlib sha256 of the {megabytes:.0f} MB database file",
        ),
        measure.row(
            "`nocontact verify` against per-record hashing",
            size,
            "s",
            seconds,
            records,
            peak,
            "floor: every raw record read from the database and hashed with hashlib",
        ),
        measure.row(
            "`nocontact verify` against per-row hashing",
            size,
            "s",
            seconds,
            hashed,
            peak,
            "floor: every raw record and every interaction's, account's and name's readable"
            " columns read from the database, a hashlib hash each (one process)",
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="Records (half followers).")
    parser.add_argument("--json", action="store_true", help="One JSON list of rows (run.py).")
    args = parser.parse_args()
    measure.emit(rows(args.size), args.json)


if __name__ == "__main__":
    main()
