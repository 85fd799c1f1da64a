"""How fast the CLI answers: cold start of `--help`, `--version`, `hits`, `decide` and `status`
beside bare `python -c pass`, in the same run, so the ratio holds across machines.

Each command runs as a fresh process (as a person types it) on the demo case; the median
of several runs is reported, with the peak memory of the last. Goal: at most 0.5 s and at most
10x bare Python. Run: `python benchmarks/cli_start.py [--runs N] [--json]` (`--size` is
accepted for run.py and ignored: the demo case is the size).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks import measure


def _median(args: list[str], runs: int) -> tuple[float, float]:
    """(median seconds, peak MiB of the last run) of a command run `runs` times."""
    times, peak = [], 0.0
    for _ in range(runs):
        seconds, peak, _ = measure.process(args)
        times.append(seconds)
    return statistics.median(times), peak


def rows(runs: int) -> list[dict[str, Any]]:
    nocontact = measure.NOCONTACT
    with tempfile.TemporaryDirectory(prefix="cli-start-") as folder:
        case = str(Path(folder) / "demo")
        subprocess.run(
            [*nocontact, "-q", "demo", "--dir", case],
            env=measure.ENV,
            check=True,
            capture_output=True,
        )
        hits = json.loads(
            subprocess.run(
                [*nocontact, "--case", case, "hits", "--format", "json"],
                env=measure.ENV,
                check=True,
                capture_output=True,
            ).stdout
        )
        commands = {
            "--help": ["--help"],
            "--version": ["--version"],
            "hits": ["--case", case, "hits"],
            "decide": ["--case", case, "decide", str(hits[0]["id"]), "note", "benchmark"],
            "status": ["--case", case, "status"],
        }
        bare, _ = _median([sys.executable, "-c", "pass"], runs)
        found = []
        for name, args in commands.items():
            took, peak = _median([*nocontact, *args], runs)
            found.append(
                measure.row(
                    f"CLI start: `nocontact {name}`",
                    1,
                    "s",
                    took,
                    bare,
                    peak,
                    f"floor: `python -c pass`; median of {runs}; demo case",
                )
            )
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--size", type=int, default=1, help="Ignored (run.py passes it).")
    parser.add_argument("--json", action="store_true", help="One JSON list of rows (run.py).")
    args = parser.parse_args()
    measure.emit(rows(args.runs), args.json)


if __name__ == "__main__":
    main()
