"""How fast the CLI answers: cold start of `--help`, `--version`, `hits`, `decide` and `status`
beside bare `python -c pass`, in the same run, so the ratio holds across machines.

Each command runs as a fresh process (as a person types it) on the demo case; the median
of several runs is reported. Goal: at most 0.5 s and at most 10x bare Python.
Run: `python benchmarks/cli_start.py [--runs N]`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def _seconds(args: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, env=ENV, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    nocontact = [sys.executable, "-m", "nocontact"]
    with tempfile.TemporaryDirectory(prefix="cli-start-") as folder:
        case = str(Path(folder) / "demo")
        subprocess.run(
            [*nocontact, "-q", "demo", "--dir", case], env=ENV, check=True, capture_output=True
        )
        hits = json.loads(
            subprocess.run(
                [*nocontact, "--case", case, "hits", "--format", "json"],
                env=ENV,
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
        bare = _seconds([sys.executable, "-c", "pass"], runs)
        print(f"python -c pass: {bare:.3f} s (median of {runs})")
        for name, args in commands.items():
            took = _seconds([*nocontact, *args], runs)
            print(f"nocontact {name:<10} {took:.3f} s  {took / bare:5.1f}x bare python")


if __name__ == "__main__":
    main()
