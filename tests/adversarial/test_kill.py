"""kill -9 at random moments of import, match, decide and export: the case stays consistent.

Each command runs in a forked child process (the imports are paid once) that is killed
with SIGKILL after a random delay drawn over the command's own clean duration; each killed
run is the re-run of the one before. After every kill: SQLite's integrity check, `verify`,
no half-imported source and no export folder in the way. The last run completes and must
equal a clean run: nothing lost, nothing twice.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import shutil
import signal
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from nocontact.case import Case
from nocontact.evidence import export, export_check, verification
from nocontact.intake.archives import import_archive
from nocontact.match.scoring import run_match
from nocontact.review import decisions
from tests.adversarial import big
from tests.adversarial.outcome import integrity, new_case

KILLS = 10
pytestmark = pytest.mark.slow
_FORK = multiprocessing.get_context("fork")


def _child(task: Callable[[], object]) -> None:
    task()


def _timed(task: Callable[[], object]) -> float:
    """A clean run, for the scale of the random delays: in this process, because a forked
    child can deadlock on a lock another thread held at the fork, and this wait has no end."""
    start = time.monotonic()
    task()
    return time.monotonic() - start


def _killed(task: Callable[[], object], delay: float) -> bool:
    """Run `task` in a child and SIGKILL it after `delay` s; whether it was still running."""
    process = _FORK.Process(target=_child, args=(task,))
    process.start()
    process.join(delay)
    alive = process.is_alive()
    if alive:
        os.kill(process.pid, signal.SIGKILL)
    process.join()
    return alive


def _kill_repeatedly(
    task: Callable[[], object],
    scale: float,
    seed: int,
    check: Callable[[], None],
    finished: Callable[[], None] = lambda: None,
) -> int:
    """Kill re-runs of `task` at random moments until KILLS of them died mid-way.

    `check` runs after every run; `finished` after a run that ended before its kill.
    """
    rng, kills = random.Random(seed), 0
    for _ in range(3 * KILLS):
        killed = _killed(task, rng.uniform(0.01, scale * 0.95))
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
    case = new_case(tmp_path / "case")
    scale = _timed(lambda: import_archive(Case(new_case(tmp_path / "timing")), archive))

    def check() -> None:
        _consistent(case)
        assert not list((case / "evidence" / "sources").glob("*.partial"))

    def finished() -> None:  # a run that beat its kill: start again from an empty case
        assert _counts(case) == _counts(reference)
        shutil.rmtree(case)
        new_case(case)

    task = lambda: import_archive(Case(case), archive)  # noqa: E731
    assert _kill_repeatedly(task, scale, 1, check, finished) == KILLS
    import_archive(Case(case), archive)  # the re-run after the last kill
    _consistent(case)
    assert _counts(case) == _counts(reference)


def _hits(case: Path) -> list[tuple]:
    sql = "SELECT account_id, subject, kind, round(score, 6), status FROM hits ORDER BY 1, 2"
    return _rows(case, sql)


def test_match_killed_anywhere(tmp_path: Path, archive: Path, reference: Path) -> None:
    case = _imported(tmp_path / "case", archive)
    scale = _timed(lambda: run_match(Case(case)))
    kills = _kill_repeatedly(lambda: run_match(Case(case)), scale, 2, lambda: _consistent(case))
    assert kills == KILLS
    run_match(Case(case))
    _consistent(case)
    assert _hits(case) == _hits(reference) and _hits(case)


def test_decide_killed_anywhere(tmp_path: Path, archive: Path) -> None:
    case = _imported(tmp_path / "case", archive)
    run_match(Case(case))
    hit = _rows(case, "SELECT min(id) FROM hits")[0][0]
    actions = iter(("confirm", "dismiss", "reopen", "note") * 2 * KILLS)
    decide = lambda: decisions.decide(Case(case), hit, next(actions), "x")  # noqa: E731
    scale = _timed(decide)

    def check() -> None:
        _consistent(case)
        reviews = _rows(case, "SELECT count(*) FROM reviews")[0][0]
        sealed = _rows(case, "SELECT count(*) FROM ledger WHERE action = 'review'")[0][0]
        assert reviews == sealed  # each decision is recorded and sealed, or neither

    assert _kill_repeatedly(decide, scale, 3, check) >= KILLS // 2  # it takes milliseconds
    decisions.decide(Case(case), hit, "confirm")
    assert _rows(case, f"SELECT status FROM hits WHERE id = {hit}") == [("confirmed",)]


@pytest.mark.skip(
    reason="hangs since the branches merged on 2026-12-07: a forked export child deadlocks and "
    "the test waits on it; re-enable once the export runs in a spawned child (see closing note)"
)
def test_export_killed_anywhere(tmp_path: Path, archive: Path) -> None:
    case = _imported(tmp_path / "case", archive)
    run_match(Case(case))
    for (hit,) in _rows(case, "SELECT id FROM hits"):
        decisions.decide(Case(case), hit, "confirm")
    scale = _timed(lambda: export.export(Case(case), tmp_path / "timing"))
    exports = tmp_path / "exports"
    exports.mkdir()
    names = iter(range(10 * KILLS))
    target = exports / "log"

    def run() -> None:
        export.export(Case(case), target)

    def check() -> None:
        nonlocal target
        _consistent(case)
        if target.exists():  # the run finished: its folder is whole and verifies
            assert export_check.check(target, Case(case)).ok
            target = exports / f"log-{next(names)}"
        # a killed run leaves at most its hidden work folder, never a folder in the way
        assert all(
            p.name.startswith(".") or (p / "manifest.json").exists() for p in exports.iterdir()
        )

    assert _kill_repeatedly(run, scale, 4, check) == KILLS
    result = export.export(Case(case), target)  # the re-run to the killed run's folder
    assert export_check.check(result.folder, Case(case)).ok
    assert not [p for p in exports.iterdir() if ".partial-" in p.name]
