"""Run every benchmark at the sizes given, each against its floor in the same run, and write
`benchmarks/results.md`: one table of results and one of growth (x10 input -> x? time).

Each benchmark is `benchmarks/<name>.py`, run as its own process with
`--size N --json`; it prints one JSON list of rows (see `benchmarks/measure.py`). A script that
is absent or fails gets a row saying "not run" and why; the others still run.
Run: `python benchmarks/run.py --records 1000000 --accounts 100000 --avatars 1000 --hits 10000`
or `python benchmarks/run.py --quick`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results.md"
# (script, which size it takes); the order they run in
BENCHMARKS = (
    ("import_bench", "records"),
    ("verify_bench", "records"),
    ("report_bench", "hits"),
    ("cli_start", None),
    ("match_bench", "accounts"),
    ("avatar_bench", "avatars"),
)
FULL = {"records": 1_000_000, "accounts": 100_000, "avatars": 1_000, "hits": 10_000}
QUICK = {"records": 20_000, "accounts": 2_000, "avatars": 50, "hits": 200}
TIMEOUT = 4 * 3600


def run(name: str, size: int) -> list[dict[str, Any]]:
    """The rows one benchmark prints, or one row saying why it did not run."""
    script = HERE / f"{name}.py"
    if not script.exists():
        return [_not_run(name, size, f"benchmarks/{name}.py is absent")]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        done = subprocess.run(
            [sys.executable, str(script), "--size", str(size), "--json"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        return [_not_run(name, size, f"no answer within {TIMEOUT} s")]
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        why = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return [_not_run(name, size, f"exit {done.returncode}: {why[:200]}")]
    try:
        rows = json.loads(lines[-1])
    except json.JSONDecodeError:
        return [_not_run(name, size, "its last line is not a JSON list of rows")]
    return [dict(row, script=name) for row in rows]


def _not_run(name: str, size: int, why: str) -> dict[str, Any]:
    return {
        "what": name,
        "size": size,
        "unit": "",
        "ours": None,
        "floor": None,
        "ratio": None,
        "peak_rss_mb": None,
        "note": f"not run: {why}",
        "script": name,
    }


def seconds(row: dict[str, Any]) -> float | None:
    """The row's time: itself for a time, size / rate for a rate."""
    if not row.get("ours"):
        return None
    return row["size"] / row["ours"] if row["unit"].endswith("/s") else row["ours"]


def growth(small: list[dict[str, Any]], large: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """For each row measured at both sizes: how much longer the larger input took."""
    found = []
    before = {row["what"]: row for row in small}
    for row in large:
        first = before.get(row["what"])
        if first is None or seconds(first) is None or seconds(row) is None:
            continue
        found.append(
            {
                "what": row["what"],
                "sizes": (first["size"], row["size"]),
                "times": (seconds(first), seconds(row)),
                "growth": seconds(row) / seconds(first),
            }
        )
    return found


def _number(value: float | None, unit: str = "") -> str:
    if value is None:
        return "–"
    text = f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.3g}"
    return f"{text} {unit}".strip()


def markdown(rows: list[dict[str, Any]], grown: list[dict[str, Any]], about: dict[str, str]) -> str:
    lines = [
        "# Benchmark results",
        "",
        "Written by `python benchmarks/run.py` (do not edit by hand). Each row is measured",
        "against its floor in the same run; ratio > 1 means faster than the floor (times:",
        "floor / ours, rates: ours / floor). Peak RSS is the measured process's own.",
        "",
        *(f"- {key}: {value}" for key, value in about.items()),
        "",
        *_TABLE_HEAD,
    ]
    for row in rows:
        unit = row.get("unit", "")
        peak = row.get("peak_rss_mb")
        ratio = row.get("ratio")
        lines.append(
            f"| {row['what']} | {row['size']:,} | {_number(row['ours'], unit)} | "
            f"{_number(row['floor'], unit)} | {'–' if ratio is None else f'{ratio:.2f}x'} | "
            f"{'–' if peak is None else f'{peak:,.0f} MB'} | {row['note']} |"
        )
    lines += ["", *_GROWTH_HEAD]
    for g in grown:
        small, large = g["sizes"]
        first, second = g["times"]
        lines.append(
            f"| {g['what']} | {small:,} -> {large:,} | {first:,.2f} s -> {second:,.2f} s | "
            f"x{g['growth']:.1f} |"
        )
    if not grown:
        lines.append("| (none: run without --no-growth) | | | |")
    return "\n".join(lines) + "\n"


def merged(previous: str, fresh: str, note: str) -> str:
    """`fresh` (a run of some benchmarks, `--only`) with every row of `previous` it did not
    measure again kept as it was, in its place; `note` says which rows are newer."""
    old, new = _sections(previous), _sections(fresh)
    if old is None or new is None:
        return fresh
    head, tables = old[0], []
    for before, after in zip(old[1], new[1], strict=True):
        rows = {_what(line): line for line in after}
        kept = [rows.pop(_what(line), line) for line in before]
        tables.append(kept + list(rows.values()))
    results, grown = tables
    lines = [*head, f"- {note}", "", *_TABLE_HEAD, *results, "", *_GROWTH_HEAD, *grown]
    return "\n".join(lines) + "\n"


_TABLE_HEAD = [
    "| what | size | ours | floor | ratio | peak RSS | note |",
    "|---|---:|---:|---:|---:|---:|---|",
]
_GROWTH_INTRO = [
    "## Growth: x10 input -> x? time",
    "",
    "Each benchmark that takes a size also ran at a tenth of it; a growth near 10 is linear.",
    "",
]
_GROWTH_HEAD = [
    *_GROWTH_INTRO,
    "| what | sizes | times | x10 input -> time |",
    "|---|---|---|---:|",
]


def _sections(text: str) -> tuple[list[str], tuple[list[str], list[str]]] | None:
    """(lines before the results table, (its rows, the growth table's rows)); None when the
    text is not laid out as `markdown` writes it."""
    lines = text.splitlines()
    try:
        start, growth_at = lines.index(_TABLE_HEAD[0]), lines.index(_GROWTH_HEAD[-2])
    except ValueError:
        return None
    head = [line for line in lines[:start] if not line.startswith("- re-run")]
    while head and not head[-1].strip():
        head.pop()
    results = [line for line in lines[start + 2 : growth_at] if line.startswith("| ")]
    grown = [
        line
        for line in lines[growth_at + 2 :]
        if line.startswith("| ") and not line.startswith("| (none")
    ]
    return head, (results, grown)


def _what(line: str) -> str:
    return line.split(" | ")[0]


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for name, value in FULL.items():
        parser.add_argument(f"--{name}", type=int, default=value)
    parser.add_argument("--quick", action="store_true", help=f"Small sizes: {QUICK}.")
    parser.add_argument("--no-growth", action="store_true", help="Skip the runs at a tenth.")
    parser.add_argument("--only", nargs="+", help="Run only these benchmarks (script names).")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    sizes = QUICK if args.quick else {name: getattr(args, name) for name in FULL}
    started, load_before = time.perf_counter(), _load()
    rows: list[dict[str, Any]] = []
    grown: list[dict[str, Any]] = []
    for name, takes in BENCHMARKS:
        if args.only and name not in args.only:
            continue
        size = sizes[takes] if takes else 1
        print(f"{name} at {size:,} ...", file=sys.stderr, flush=True)
        large = run(name, size)
        rows += large
        if takes and not args.no_growth and size >= 20:
            small = run(name, size // 10)
            grown += growth(small, large)
        for row in large:
            print(f"  {row['what']}: ratio {row['ratio']} {row['note']}", file=sys.stderr)
    about = {
        "run": f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {time.perf_counter() - started:,.0f} s",
        "sizes": ", ".join(f"{k} {v:,}" for k, v in sizes.items()),
        "machine": f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}",
        "load average (1, 5, 15 min)": f"{load_before} before, {_load()} after: the machine "
        "was shared with other jobs, so absolute times vary; ratios are measured in one turn",
    }
    text = markdown(rows, grown, about)
    if args.only and args.output.exists():  # the other rows stay as their run wrote them
        note = (
            f"re-run: {', '.join(args.only)} on {about['run']}, load {load_before} before and "
            f"{_load()} after; the other rows are from the run above"
        )
        text = merged(args.output.read_text(), text, note)
    args.output.write_text(text)
    print(f"wrote {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
