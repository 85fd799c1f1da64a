"""kill -9 at random moments of import, match, decide and export: the case stays consistent.

Each command runs as the user runs it, `python -m nocontact ...` in its own process, which
is killed with SIGKILL after a random delay drawn over the command's own clean duration
(start-up included); each killed run is the re-run of the one before. A real process, not
a fork of this one: a fork copies whatever lock another thread of the test process held,
and the child can wait on it for ever. After every kill: SQLite's integrity check,
`verify`, no half-imported source and no export folder in the way. The last run completes
and must equal a clean run: nothing lost, nothing twice.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from nocontact.case import Case
from nocontact.evidence import export_check, verification
from nocontact.intake.archives import import_archive
from nocontact.match.scoring import run_match
from nocontact.review import decisions
from tests.adversarial import big, outcome
from tests.adversarial.outcome import integrity, new_case

KILLS = 10
EXPORTED_HITS = 40  # the PDF takes ~20 ms a row: enough rows to kill it at many moments
pytestmark = pytest.mark.slow


def _timed(command: list[str], case: Path) -> tuple[float, float]:
    """A clean run, for the scale of the random delays: its seconds in all, and how long
    it held the case's writer lock (from the first moment to the last seen)."""
    start, held = time.monotonic(), []
    process = subprocess.Popen(
        command, env=outcome.command_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    while process.poll() is None:
        if outcome.writer_lock_held(case):
            held.append(time.monotonic())
        time.sleep(0.002)
    _out, err = process.communicate()
    assert process.returncode == 0, err
    return time.monotonic() - start, (held[-1] - held[0] if held else 0.0)


def _writing_for(case: Path, seconds: float) -> Callable[[], bool]:
    """A kill moment: once the command has held the writer lock for `seconds`."""
    since: list[float] = []

    def ready() -> bool:
        if not since and outcome.writer_lock_held(case):
            since.append(time.monotonic())
        return bool(since) and time.monotonic() - since[0] >= seconds

    return ready


def _killed(command: list[str], delay: float, ready: Callable[[], bool] | None = None) -> bool:
    """Run `command` and SIGKILL it after `delay` s, or as soon as `ready()` holds if given;
    whether it was still running then."""
    process = subprocess.Popen(
        command,
        env=outcome.command_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + delay
    while process.poll() is None:
        if ready() if ready else time.monotonic() >= deadline:
            process.kill()  # SIGKILL
            process.communicate()
            return True
        time.sleep(0.002)
    _out, err = process.communicate()
    assert process.returncode == 0, err
    return False


def _kill_repeatedly(
    command: Callable[[], list[str]],
    scale: float,
    seed: int,
    check: Callable[[], None],
    finished: Callable[[], None] = lambda: None,
    moments: Callable[[random.Random], Callable[[], bool]] | None = None,
) -> int:
    """Kill re-runs of `command` at random moments until KILLS of them died mid-way.

    `check` runs after every run; `finished` after a run that ended before its kill. Every
    other run is killed when the condition `moments` draws holds, not after a random time:
    the start-up (Python importing its libraries) takes most of a short command's time.
    """
    rng, kills = random.Random(seed), 0
    for run in range(3 * KILLS):
        delay = rng.uniform(0.01, scale * 0.95)
        ready = moments(rng) if moments and run % 2 else None
        killed = _killed(command(), delay if ready is None else 600.0, ready)
        check()
        if killed:
            kills += 1
        else:
            finished()
        if kills == KILLS:
            break
    return kills


def _rows(case: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(case / "nocontact.db")
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _consistent(case: Path) -> None:
    assert integrity(case) == "ok"
    report = verification.verify(Case(case))
    assert report.ok, report.problems[:3]
    assert _rows(case, "SELECT count(*) FROM sources WHERE status != 'complete'") == [(0,)]


def _imported(root: Path, archive: Path) -> Path:
    case = new_case(root)
    import_archive(Case(case), archive)
    return case


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("big") / "instagram.zip"
    return big.instagram(target, followers=6_000, threads=120, messages=25, rob=3)


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory, archive: Path) -> Path:
    case = _imported(tmp_path_factory.mktemp("ref") / "case", archive)
    run_match(Case(case))
    return case


def _counts(case: Path) -> list[tuple]:
    tables = ("sources", "accounts", "interactions", "account_names")
    return [_rows(case, f"SELECT '{t}', count(*) FROM {t}")[0] for t in tables]


def test_import_killed_anywhere(tmp_path: Path, archive: Path, reference: Path) -> None:
    case, timing = new_case(tmp_path / "case"), new_case(tmp_path / "timing")
    scale, hold = _timed(outcome.command(timing, "import", str(archive)), timing)

    def check() -> None:
        _consistent(case)
        assert not list((case / "evidence" / "sources").glob("*.partial"))

    def finished() -> None:  # a run that beat its kill: start again from an empty case
        assert _counts(case) == _counts(reference)
        shutil.rmtree(case)
        new_case(case)

    command = lambda: outcome.command(case, "import", str(archive))  # noqa: E731
    writing = lambda rng: _writing_for(case, rng.uniform(0, hold))  # noqa: E731
    assert _kill_repeatedly(command, scale, 1, check, finished, writing) == KILLS
    import_archive(Case(case), archive)  # the re-run after the last kill
    _consistent(case)
    assert _counts(case) == _counts(reference)


def _hits(case: Path) -> list[tuple]:
    sql = "SELECT account_id, subject, kind, round(score, 6), status FROM hits ORDER BY 1, 2"
    return _rows(case, sql)


def test_match_killed_anywhere(tmp_path: Path, archive: Path, reference: Path) -> None:
    case = _imported(tmp_path / "case", archive)
    scale, hold = _timed(outcome.command(case, "match"), case)
    command = lambda: outcome.command(case, "match")  # noqa: E731
    writing = lambda rng: _writing_for(case, rng.uniform(0, hold))  # noqa: E731
    check = lambda: _consistent(case)  # noqa: E731
    assert _kill_repeatedly(command, scale, 2, check, moments=writing) == KILLS
    run_match(Case(case))
    _consistent(case)
    assert _hits(case) == _hits(reference) and _hits(case)


def test_decide_killed_anywhere(tmp_path: Path, archive: Path) -> None:
    case = _imported(tmp_path / "case", archive)
    run_match(Case(case))
    hit = str(_rows(case, "SELECT min(id) FROM hits")[0][0])
    actions = iter(("confirm", "dismiss", "reopen", "note") * 3 * KILLS)
    command = lambda: outcome.command(case, "decide", hit, next(actions), "x")  # noqa: E731
    scale, hold = _timed(command(), case)
    writing = lambda rng: _writing_for(case, rng.uniform(0, hold))  # noqa: E731

    def check() -> None:
        _consistent(case)
        reviews = _rows(case, "SELECT count(*) FROM reviews")[0][0]
        sealed = _rows(case, "SELECT count(*) FROM ledger WHERE action = 'review'")[0][0]
        assert reviews == sealed  # each decision is recorded and sealed, or neither

    # the decision itself takes milliseconds: some runs end before their kill
    assert _kill_repeatedly(command, scale, 3, check, moments=writing) >= KILLS // 2
    decisions.decide(Case(case), int(hit), "confirm")
    assert _rows(case, f"SELECT status FROM hits WHERE id = {hit}") == [("confirmed",)]


def test_export_killed_anywhere(tmp_path: Path, archive: Path) -> None:
    """Half the kills fall at random times (mostly while the PDF is drawn, the longest
    step); the other half once the hidden work folder holds a random number of files."""
    case = _imported(tmp_path / "case", archive)
    run_match(Case(case))
    for (hit,) in _rows(case, f"SELECT id FROM hits ORDER BY id LIMIT {EXPORTED_HITS}"):
        decisions.decide(Case(case), hit, "confirm")
    scale, _hold = _timed(outcome.command(case, "export", "-o", str(tmp_path / "timing")), case)
    files = sum(1 for p in (tmp_path / "timing").rglob("*") if p.is_file())
    exports = tmp_path / "exports"
    exports.mkdir()
    names = iter(range(10 * KILLS))
    target = exports / "log"
    partial = 0

    def written(rng: random.Random) -> Callable[[], bool]:
        at_least = rng.randrange(files - 1)  # before SHA256SUMS, the last file
        return lambda: any(
            sum(1 for p in work.rglob("*") if p.is_file()) >= at_least
            for work in exports.glob(f".{target.name}.partial-*")
        )

    def check() -> None:
        nonlocal target, partial
        _consistent(case)
        partial += bool(list(exports.glob(f".{target.name}.partial-*")))
        if target.exists():  # the run finished: its folder is whole and verifies
            assert export_check.check(target, Case(case)).ok
            target = exports / f"log-{next(names)}"
        # a killed run leaves at most its hidden work folder, never a folder in the way
        assert all(
            p.name.startswith(".") or (p / "manifest.json").exists() for p in exports.iterdir()
        )

    command = lambda: outcome.command(case, "export", "-o", str(target))  # noqa: E731
    assert _kill_repeatedly(command, scale, 4, check, moments=written) == KILLS
    assert partial >= KILLS // 2  # half the kills fell while the files were written
    _timed(command(), case)  # the re-run to the killed run's folder
    assert export_check.check(target, Case(case)).ok
    assert not [p for p in exports.iterdir() if ".partial-" in p.name]


_KILLED_AT_RENAME = """
import os, pathlib, signal, sys
from nocontact.cli import cli
pathlib.Path.rename = lambda self, target: os.kill(os.getpid(), signal.SIGKILL)
sys.argv = ["nocontact", *sys.argv[1:]]
cli()
"""


def test_export_killed_after_its_seal(tmp_path: Path) -> None:
    """The narrowest moment: sealed in the ledger, killed before the folder got its name.

    The case still verifies; the next export to that name clears the work folder and
    succeeds, and both seals stay in the ledger.
    """
    archive = big.instagram(tmp_path / "ig.zip", followers=10, threads=3, messages=4, rob=2)
    case = _imported(tmp_path / "case", archive)
    run_match(Case(case))
    for (hit,) in _rows(case, "SELECT id FROM hits"):
        decisions.decide(Case(case), hit, "confirm")
    target = tmp_path / "log"
    command = outcome.command(case, "export", "-o", str(target))
    killed = subprocess.run(
        [sys.executable, "-c", _KILLED_AT_RENAME, *command[3:]],
        env=outcome.command_env(),
        timeout=600,
    )
    assert killed.returncode == -9
    assert not target.exists() and list(tmp_path.glob(".log.partial-*"))
    _consistent(case)
    _timed(command, case)
    assert export_check.check(target, Case(case)).ok
    assert not list(tmp_path.glob(".log.partial-*"))
    assert _rows(case, "SELECT count(*) FROM ledger WHERE action = 'export'") == [(2,)]
