"""Hostile inputs at full size: outcome, seconds and peak memory of `nocontact import` each.

Every input of the adversarial corpus (tests/adversarial) plus the full-size ones that are
too slow for CI: a member inflating past 1 GiB (honest header, lying header, extracted
folder), 200,000 nested brackets, a 500 MB handle, a 1 MB word (then `match` timed), 200,000
tiny members and, with --million, a 1,000,000-record archive. Each import runs in a forked
child of this process (its peak RSS read with wait4), so the numbers are the command's own.
Run from the repository root, as it reuses the test corpus:
`PYTHONPATH=. python benchmarks/hostile_bench.py [--million] [--only NAME]`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

from click.testing import CliRunner

from nocontact.cli import cli
from tests.adversarial import big, corpus
from tests.adversarial.outcome import new_case, snapshot

GiB = 1024**3


def run_cli(case: Path, *args: str) -> tuple[str, float, float, int]:
    """(first output line, seconds, peak RSS MB, exit code) of one command in a forked child."""
    read, write = os.pipe()
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:  # the child: run the command, send its output, leave without cleanup
        os.close(read)
        result = CliRunner().invoke(cli, ["--case", str(case), *args])
        text = (result.output or repr(result.exception)).strip().replace("\n", " ⏎ ")
        os.write(write, text.encode()[:4000])
        os._exit(result.exit_code if result.exception is None or result.exit_code else 3)
    os.close(write)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.monotonic() - start
    with os.fdopen(read, "rb") as fh:
        text = fh.read().decode(errors="replace")
    return text, seconds, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def _whitespace(fh: IO[bytes], size: int) -> None:
    """A JSON array holding `size` bytes of spaces: valid, empty, and as big as asked."""
    fh.write(b"[")
    block = b" " * (64 * 1024**2)
    for _ in range(size // len(block)):
        fh.write(block)
    fh.write(b"]")


def whitespace_zip(target: Path, size: int) -> Path:
    name = "connections/followers_and_following/followers_1.json"
    with (
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf,
        zf.open(name, "w", force_zip64=True) as fh,
    ):
        _whitespace(fh, size)
    return target


def whitespace_folder(target: Path, size: int) -> Path:
    folder = target / "connections" / "followers_and_following"
    folder.mkdir(parents=True)
    with (folder / "followers_1.json").open("wb") as fh:
        _whitespace(fh, size)
    return target


def json_member(target: Path, data: bytes) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("connections/followers_and_following/followers_1.json", data)
    return target


def huge_handle(target: Path, size: int) -> Path:
    name = "connections/followers_and_following/followers_1.json"
    with (
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf,
        zf.open(name, "w") as fh,
    ):
        fh.write(b'[{"string_list_data": [{"href": "x", "timestamp": 1700000000, "value": "')
        for _ in range(size // (16 * 1024**2)):
            fh.write(b"a" * 16 * 1024**2)
        fh.write(b'"}]}]')
    return target


def inputs(work: Path, million: bool) -> list[tuple[str, str, Callable[[], Path]]]:
    """(name, expected outcome, builder) of every input, cheapest first."""
    found: list[tuple[str, str, Callable[[], Path]]] = []
    for parser in corpus.CARRIERS:
        for attack in corpus.ATTACKS:
            found.append(
                (
                    f"{parser}/{attack.name}",
                    corpus.expected(parser, attack),
                    lambda p=parser, a=attack: corpus.build(p, work / f"{p}.zip", a),
                )
            )
        for kind in corpus.ZIP_ATTACKS:
            found.append(
                (
                    f"{parser}/{kind}",
                    "refused",
                    lambda p=parser, k=kind: corpus.zip_attack(p, work / f"{p}.zip", k),
                )
            )
    found += [
        (
            "nested [ x200,000 (followers file)",
            "refused",
            lambda: json_member(work / "nested.zip", b"[" * 200_000 + b"]" * 200_000),
        ),
        ("500 MB handle", "refused", lambda: huge_handle(work / "handle.zip", 512 * 1024**2)),
        (
            "3 GiB of spaces in a JSON member",
            "refused",
            lambda: whitespace_zip(work / "bomb.zip", 3 * GiB),
        ),
        (
            "1.25 GiB member, header says 100 B",
            "refused",
            lambda: corpus.lying_bomb(work / "lying.zip", GiB + GiB // 4),
        ),
        (
            "1.25 GiB JSON file in a folder",
            "refused",
            lambda: whitespace_folder(work / "folder", GiB + GiB // 4),
        ),
        (
            "200,000 tiny members",
            "imported",
            lambda: corpus.tiny_members(work / "tiny.zip", 200_000),
        ),
        ("200,001 members", "refused", lambda: corpus.tiny_members(work / "tiny1.zip", 200_001)),
        (
            "1 MB word in a message",
            "imported",
            lambda: big.instagram(
                work / "word.zip", followers=10, threads=3, messages=5, word="w" * 10**6
            ),
        ),
    ]
    if million:
        found.append(
            (
                "1,000,000 records",
                "imported",
                lambda: big.instagram(
                    work / "million.zip", followers=900_000, threads=1_000, messages=100
                ),
            )
        )
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--million", action="store_true")
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="nocontact-hostile-"))
    print("| input | expected | outcome | s | peak RSS MB | case unchanged | message |")
    print("|---|---|---|---|---|---|---|")
    try:
        for name, expected, build in inputs(work, args.million):
            if args.only and args.only not in name:
                continue
            archive = build()
            case = new_case(work / "case")
            before = snapshot(case)
            text, seconds, rss, code = run_cli(case, "import", str(archive))
            outcome = {0: "imported", 1: "refused"}.get(code, f"CRASH {code}")
            unchanged = snapshot(case) == before
            one_line = "" if code != 1 else " (one line)" if "⏎" not in text else " (SEVERAL LINES)"
            short = text.replace(str(work), "…")[:140]
            print(
                f"| {name} | {expected} | {outcome}{one_line} | {seconds:.2f} | {rss:.0f} | "
                f"{'yes' if unchanged else 'no'} | {short} |",
                flush=True,
            )
            if name.startswith(("1 MB word", "1,000,000")):
                text, seconds, rss, code = run_cli(case, "match")
                row = f"exit {code} | {seconds:.2f} | {rss:.0f} | - | {text}"
                print(f"| `match` after it | - | {row} |", flush=True)
            shutil.rmtree(case)
            for leftover in work.iterdir():
                shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
