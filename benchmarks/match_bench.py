"""`nocontact match` end to end on a case of N follower accounts plus N/2000 message senders.

The case is an imported Instagram export (followers with look-alike handles, message threads
with texts, a few disguised accounts of the restrained person) and a config naming a
restrained person with handles, keywords, a photo and a writing sample, and an associate.
Ours: `python -m nocontact match` in a child process (reading the store, scoring with the
shipped model, writing matches and hits), its peak RSS read with `resource.getrusage`.
Floor: rapidfuzz `process.cdist` of the same accounts' names against the people's names and
handles (all cores), in this process. Ratio = floor seconds / our seconds.
Run: `python benchmarks/match_bench.py --size N [--json] [--dump FILE]`; `--dump` from two
checkouts, then `cmp`, shows whether a change left every score and reason as it was.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rapidfuzz import fuzz, process, utils

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nocontact.case import Case  # noqa: E402
from nocontact.intake.archives import import_archive  # noqa: E402

PHOTO = ROOT / "nocontact" / "data" / "demo" / "photos" / "rob1.jpg"
CONFIG = """[order]
issued = 2026-03-02
timezone = "America/New_York"

[[protected.accounts]]
platform = "instagram"
handle = "jane.doe"

[restrained]
names = ["Robert James Miller"]
handles = { instagram = ["rob.miller82"] }
emails = ["rob.miller82@example.com"]
birth_year = 1982
photos = ["rob1.jpg"]
writing_samples = ["sample.txt"]
keywords = ["Janie-bean", "Lake Placid"]

[[associates]]
name = "Mary Miller"
handles = { instagram = ["mary.m.miller"] }

[match]
min_score = 0.5
"""
FIRSTS = ["robert", "bob", "mary", "karen", "james", "linda", "david", "emma", "zoe", "rob"]
LASTS = ["miller", "smith", "chen", "garcia", "jones", "brown", "davis", "muller", "mills"]
DISGUISES = ["bob.miller.82", "r0b_m1ll3r", "millerrobert", "robertjmiller", "mary.m.miller1"]
TEXTS = (
    "love this pic",
    "happy birthday!",
    "miss you Janie-bean",
    "where was this taken",
    "call me when you can",
    "remember Lake Placid?",
    "great photo",
    "see you saturday, write to rob.miller82@example.com",
)
PER_THREAD = 2000  # messages per thread, half of them from the sender
T0 = 1_772_000_000  # 2026-02-25


def handles(n: int, seed: int = 7) -> list[str]:
    """`n` distinct follower handles, look-alikes of common names, a few disguises among them."""
    rng = random.Random(seed)
    found = [f"{rng.choice(FIRSTS)}{rng.choice('._')}{rng.choice(LASTS)}{i}" for i in range(n)]
    for k, disguise in enumerate(DISGUISES):
        found[(k * 7919) % n] = disguise
    unique = list(dict.fromkeys(found))
    return unique + [f"user.{i}" for i in range(n - len(unique))]


def build_export(root: Path, n: int, seed: int = 7) -> Path:
    """An Instagram export of `n` followers and `n // 2000` message threads (at least one)."""
    rng = random.Random(seed)
    folder = root / "connections" / "followers_and_following"
    folder.mkdir(parents=True)
    followers = [
        {
            "title": "",
            "media_list_data": [],
            "string_list_data": [
                {
                    "href": f"https://www.instagram.com/{handle}",
                    "value": handle,
                    "timestamp": T0 + rng.randrange(200 * 86400),
                }
            ],
        }
        for handle in handles(n, seed)
    ]
    (folder / "followers_1.json").write_text(json.dumps(followers))
    info = root / "personal_information" / "personal_information"
    info.mkdir(parents=True)
    owner = {"Name": {"value": "Jane Doe"}, "Username": {"value": "jane.doe"}}
    (info / "personal_information.json").write_text(
        json.dumps({"profile_user": [{"string_map_data": owner}]})
    )
    for t in range(max(n // PER_THREAD, 1)):
        sender = f"{rng.choice(FIRSTS).title()} {rng.choice(LASTS).title()} {t}"
        if t == 0:
            sender = "Bobby Miller"
        thread = root / "your_instagram_activity" / "messages" / "inbox" / f"t{t}_{t}"
        thread.mkdir(parents=True)
        start = T0 + rng.randrange(200 * 86400)
        messages = [
            {
                "sender_name": sender if i % 2 else "Jane Doe",
                "timestamp_ms": (start + i * 61) * 1000,
                "content": f"{rng.choice(TEXTS)} {i}",
            }
            for i in range(PER_THREAD)
        ]
        document = {
            "participants": [{"name": sender}, {"name": "Jane Doe"}],
            "messages": messages,
            "title": sender,
            "thread_path": f"inbox/t{t}_{t}",
        }
        (thread / "message_1.json").write_text(json.dumps(document))
    return root


def build_case(root: Path, n: int) -> Case:
    """A case with the export of `build_export(n)` imported (not timed)."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(PHOTO, root / "rob1.jpg")
    (root / "sample.txt").write_text("i miss you Janie-bean, for real tho\nremember Lake Placid?")
    case = Case(root)
    case.config_path.write_text(CONFIG)
    with tempfile.TemporaryDirectory() as tmp:
        import_archive(case, build_export(Path(tmp) / "export", n), copy=False)
    return case


def names_of(case: Case) -> list[str]:
    """Every handle and display name of the case's accounts (the floor's input)."""
    conn = sqlite3.connect(case.db_path)
    try:
        rows = conn.execute("SELECT handle, display_name FROM accounts").fetchall()
    finally:
        conn.close()
    return [t or "" for row in rows for t in row]


def run_match(case: Case) -> tuple[float, float, str, float]:
    """(seconds, peak RSS MB, summary line, CPU seconds) of `nocontact match` in a child."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "nocontact", "--case", str(case.root), "-q", "match"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"match failed: {done.stderr.strip() or done.stdout.strip()}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return seconds, after.ru_maxrss / 1024, done.stdout.strip(), cpu


def floor(names: list[str]) -> float:
    """Seconds of rapidfuzz `cdist` of every name against the people's names and handles."""
    targets = ["Robert James Miller", "rob.miller82", "Mary Miller", "mary.m.miller"]
    start = time.perf_counter()
    process.cdist(names, targets, scorer=fuzz.ratio, processor=utils.default_process, workers=-1)
    return time.perf_counter() - start


def dump(case: Case, target: Path) -> None:
    """Write the matches table and `hits --format json` to `target`: two checkouts' dumps of
    the same size are byte for byte equal when a change leaves every score and reason alone."""
    conn = sqlite3.connect(case.db_path)
    try:
        matches = conn.execute(
            "SELECT account_id, subject, kind, score, features, reasons, model_version"
            " FROM matches ORDER BY account_id, subject"
        ).fetchall()
    finally:
        conn.close()
    listed = subprocess.run(
        [sys.executable, "-m", "nocontact", "--case", str(case.root), "hits", "--format", "json"],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=True,
    )
    found = {"matches": matches, "hits": json.loads(listed.stdout)}
    target.write_text(json.dumps(found, sort_keys=True, indent=0, ensure_ascii=False))


def rows(size: int, repeat: int = 1, dump_to: Path | None = None) -> list[dict[str, object]]:
    with tempfile.TemporaryDirectory() as tmp:
        case = build_case(Path(tmp) / "case", size)
        names = names_of(case)
        runs = [run_match(case) for _ in range(repeat)]
        if dump_to is not None:
            dump(case, dump_to)
        ours, peak, summary = min(runs)[0], max(r[1] for r in runs), runs[-1][2]
        cpu = min(r[3] for r in runs)
        base = min(floor(names) for _ in range(3))
    accounts = len(names) // 2
    return [
        {
            "what": "nocontact match (end to end)",
            "size": accounts,
            "unit": "s",
            "ours": round(ours, 3),
            "floor": round(base, 4),
            "ratio": round(base / ours, 5),
            "peak_rss_mb": round(peak, 1),
            "note": f"{summary}; {cpu:.1f} s of CPU; floor: rapidfuzz cdist of the same"
            " names (all cores)",
        }
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000, help="follower accounts")
    parser.add_argument("--repeat", type=int, default=1, help="timed runs; the fastest counts")
    parser.add_argument("--json", action="store_true", help="print one JSON list of rows")
    parser.add_argument("--dump", type=Path, help="write the matches and hits here (to compare)")
    args = parser.parse_args()
    found = rows(args.size, args.repeat, args.dump)
    if args.json:
        print(json.dumps(found))
        return
    for row in found:
        print(
            f"{row['what']}: {row['size']:,} accounts  ours {row['ours']:.2f} s  "
            f"floor {row['floor']:.3f} s  ratio {row['ratio']:.4f}  "
            f"peak {row['peak_rss_mb']} MB\n  {row['note']}"
        )


if __name__ == "__main__":
    main()
