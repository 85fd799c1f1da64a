"""What every benchmark measures alike: a command's wall time and peak memory as its own
process, and the row format `benchmarks/run.py` collects.

Each benchmark script prints, with `--json`, ONE JSON list of rows
`{"what", "size", "unit", "ours", "floor", "ratio", "peak_rss_mb", "note"}`; `ratio` > 1 means
faster than the floor (times: floor / ours; rates: ours / floor).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
NOCONTACT = [sys.executable, "-m", "nocontact"]


last_cpu = 0.0  # CPU seconds (user + system) of the last `process`: load on the machine
# stretches wall time, CPU time far less


def cpu_seconds() -> float:
    """CPU seconds this process has used (user + system), to time a floor run here."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Failed(RuntimeError):
    """A measured command ended with an error: its output says why."""


def process(args: Sequence[str], *, stdin: bytes | None = None) -> tuple[float, float, str]:
    """(wall seconds, peak RSS in MiB, output) of one command run as its own process.

    The peak is the child's own (`wait4`); Linux counts in it the memory of this process at
    the moment it started the child, so keep this process small (build inputs with `in_child`).
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as given:
        given.write(stdin or b"")
        given.seek(0)
        start = time.perf_counter()
        child = subprocess.Popen(args, stdin=given, stdout=out, stderr=subprocess.STDOUT, env=ENV)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        global last_cpu  # noqa: PLW0603 (read by the benchmark that just called this)
        last_cpu = usage.ru_utime + usage.ru_stime
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    if child.returncode != 0:
        raise Failed(f"{' '.join(map(str, args[2:]))} exited {child.returncode}: {text[-500:]}")
    return seconds, usage.ru_maxrss / 1024, text


def in_child(run: Callable[[], Any]) -> tuple[Any, float]:
    """(what `run` returns, its peak RSS in MiB), run in a forked child that starts small.

    The child's peak counts what it adds to the memory it shares with this process at the
    fork, so call this before building large things here.
    """
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: run, send the result back, leave without cleanup
        os.close(read)
        try:
            payload = json.dumps({"ok": run()}).encode()
        except BaseException as exc:  # reported to the parent, which raises it
            payload = json.dumps({"error": f"{type(exc).__name__}: {exc}"}).encode()
        with os.fdopen(write, "wb") as pipe:
            pipe.write(payload)
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        answer = json.loads(pipe.read() or b'{"error": "no answer"}')
    _, _, usage = os.wait4(pid, 0)
    if "error" in answer:
        raise Failed(answer["error"])
    return answer["ok"], usage.ru_maxrss / 1024


def self_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def row(
    what: str,
    size: int,
    unit: str,
    ours: float,
    floor: float,
    peak_rss_mb: float | None,
    note: str = "",
) -> dict[str, Any]:
    """One result; `unit` ending in "/s" is a rate (higher is better), else a time."""
    rate = unit.endswith("/s")
    ratio = (ours / floor if rate else floor / ours) if ours and floor else 0.0
    return {
        "what": what,
        "size": size,
        "unit": unit,
        "ours": round(ours, 4),
        "floor": round(floor, 4),
        "ratio": round(ratio, 3),
        "peak_rss_mb": None if peak_rss_mb is None else round(peak_rss_mb, 1),
        "note": note,
    }


def emit(rows: list[dict[str, Any]], as_json: bool) -> None:
    """Print the rows: one JSON list for run.py, or lines for a person."""
    if as_json:
        print(json.dumps(rows))
        return
    for r in rows:
        peak = "-" if r["peak_rss_mb"] is None else f"{r['peak_rss_mb']:.0f} MiB"
        print(
            f"{r['what']} [{r['size']:,}]: ours {r['ours']:,.3f} {r['unit']}, floor "
            f"{r['floor']:,.3f}, ratio {r['ratio']:.2f}, peak {peak}  {r['note']}"
        )
