"""`verify` time on synthetic Instagram cases of growing size: it must stay linear.

Builds the import benchmark's export at each size, imports it, then times `verify` (the
ledger chain and heads, every record's raw hash and sealed columns, accounts, hits).
Run: `python benchmarks/verify_bench.py [--records N ...]`.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from benchmarks.import_bench import CONFIG, build_export
from nocontact.case import Case
from nocontact.evidence.verification import verify
from nocontact.intake.archives import import_archive


def run(records: int, tmp: Path) -> tuple[float, float, int]:
    """(import seconds, verify seconds, records verified) for a case of about `records`."""
    export = build_export(tmp / f"export-{records}", records // 2, records // 2)
    case = Case(tmp / f"case-{records}")
    case.root.mkdir()
    case.config_path.write_text(CONFIG)
    start = time.perf_counter()
    import_archive(case, export, copy=False)
    imported = time.perf_counter() - start
    start = time.perf_counter()
    report = verify(case)
    checked = time.perf_counter() - start
    if not report.ok:
        raise SystemExit(f"verify failed: {report.problems[0]}")
    return imported, checked, report.interactions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, nargs="+", default=[25_000, 100_000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.records:
            imported, checked, n = run(size, Path(tmp))
            print(
                f"{n:>9,} records: import {imported:6.1f} s, verify {checked:6.2f} s "
                f"({n / checked:,.0f} records/s)"
            )


if __name__ == "__main__":
    main()
