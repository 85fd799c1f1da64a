"""Two commands at once: one writer at a time, the second told who holds the case in one
line (or waiting its turn), readers never blocked, and no review decision ever lost.
"""

from __future__ import annotations

import shlex
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from nocontact.case import Case
from nocontact.cli import cli
from nocontact.intake.archives import import_archive
from nocontact.match.scoring import run_match
from nocontact.review.server import ReviewServer, serve
from nocontact.store.lock import CaseBusy
from tests.adversarial import big, outcome
from tests.adversarial.outcome import integrity, new_case
from tests.helpers import IG_2025, zip_folder

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def long_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An import that holds the case for a few seconds."""
    target = tmp_path_factory.mktemp("long") / "instagram-long.zip"
    return big.instagram(target, followers=20_000, threads=100, messages=30, rob=3)


def _writing(case: Path, *commands: list[str]) -> subprocess.Popen[bytes]:
    """Start `nocontact` COMMANDS one after the other in another process (a real one, never
    a fork of this threaded one) and return once it holds the case."""
    script = ["sh", "-c", " && ".join(shlex.join(c) for c in commands)]
    argv = commands[0] if len(commands) == 1 else script  # one: its pid is the holder's
    process = subprocess.Popen(argv, env=outcome.command_env())
    deadline = time.monotonic() + 30
    while not outcome.writer_lock_held(case):
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.01)
    return process


def _import(case: Path, archive: Path) -> list[str]:
    return outcome.command(case, "import", str(archive))


def test_a_second_writer_is_told_who_holds_the_case(
    tmp_path: Path, long_archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = new_case(tmp_path / "case")
    small = zip_folder(IG_2025, tmp_path / "small.zip")
    inbox = "your_instagram_activity/messages/reported_conversations.json"
    import_archive(Case(case), zip_folder(IG_2025, tmp_path / "first.zip", skip=(inbox,)))
    first = _writing(case, _import(case, long_archive))
    with pytest.raises(CaseBusy) as busy:
        import_archive(Case(case, command="import", lock_wait=0.2), small)
    expected = f"another nocontact command is writing to this case (pid {first.pid}, `import`)"
    assert str(busy.value).startswith(expected)
    monkeypatch.setenv("NOCONTACT_LOCK_WAIT", "0.2")
    for command in (["import", str(small)], ["match"]):
        result = CliRunner().invoke(cli, ["--case", str(case), "-q", *command])
        assert result.exit_code == 1
        assert result.output.splitlines() == [
            f"error: {expected}; wait for it to finish, then run this again ({case})"
        ]
    assert first.wait() == 0


def test_a_second_writer_that_may_wait_goes_on_after_the_first(
    tmp_path: Path, long_archive: Path
) -> None:
    case = new_case(tmp_path / "case")
    small = zip_folder(IG_2025, tmp_path / "small.zip")
    first = _writing(case, _import(case, long_archive))
    import_archive(Case(case, lock_wait=120), small)  # waits its turn
    assert first.wait() == 0
    conn = sqlite3.connect(case / "nocontact.db")
    assert conn.execute("SELECT count(*) FROM sources WHERE status = 'complete'").fetchone() == (2,)
    conn.close()
    assert integrity(case) == "ok"


def test_readers_are_never_blocked_by_a_writer(tmp_path: Path, long_archive: Path) -> None:
    case = new_case(tmp_path / "case")
    import_archive(Case(case), zip_folder(IG_2025, tmp_path / "small.zip"))
    run_match(Case(case))
    writer = _writing(case, _import(case, long_archive))
    for command in (["hits"], ["hits", "--format", "json"], ["verify"]):
        result = CliRunner().invoke(cli, ["--case", str(case), "-q", *command])
        assert result.exit_code == 0, result.output
    assert writer.poll() is None  # the reads happened while it wrote
    assert writer.wait() == 0


@pytest.fixture
def reviewing(tmp_path: Path, long_archive: Path) -> Iterator[tuple[Path, ReviewServer]]:
    case = new_case(tmp_path / "case")
    import_archive(Case(case), long_archive)
    run_match(Case(case))
    server = serve(Case(case), open_browser=False)
    yield case, server
    server.stop()


def _decide(server: ReviewServer, hit: int, action: str, text: str) -> int:
    with httpx.Client(trust_env=False, follow_redirects=False, timeout=300) as http:
        assert http.get(server.url).status_code == 200  # the page's cookie, as a browser has it
        form = {"csrf": server.csrf, "action": action, "text": text}
        answer = http.post(f"{server.url}hit/{hit}", data=form, headers={"Origin": server.origin})
        return answer.status_code


def _decisions_while(case: Path, server: ReviewServer, *commands: list[str]) -> None:
    conn = sqlite3.connect(case / "nocontact.db")
    hits = [h for (h,) in conn.execute("SELECT id FROM hits ORDER BY id")]
    before = conn.execute("SELECT count(*) FROM reviews").fetchone()[0]
    conn.close()
    # Distinct decisions (a repeated identical one is a no-op by design): one status change
    # per hit, then notes and witnesses with their own words.
    actions = ["confirm", "dismiss", *(("note", "witness") * 3)]
    sent = [(hits[n % len(hits)], action, f"{action} {n}") for n, action in enumerate(actions)]
    writer = _writing(case, *commands)
    with ThreadPoolExecutor(len(sent)) as pool:
        answers = list(pool.map(lambda d: _decide(server, *d), sent))
    assert writer.wait() == 0
    assert answers == [303] * len(sent)  # each answered as recorded, none dropped
    conn = sqlite3.connect(case / "nocontact.db")
    recorded = conn.execute(f"SELECT hit_id, action FROM reviews WHERE id > {before}").fetchall()
    sealed = conn.execute("SELECT count(*) FROM ledger WHERE action = 'review'").fetchone()[0]
    conn.close()
    assert sorted(recorded) == sorted((hit, action) for hit, action, _ in sent)
    assert sealed == before + len(sent)


def test_every_decision_sent_during_a_match_is_recorded(
    reviewing: tuple[Path, ReviewServer],
) -> None:
    case, server = reviewing
    # three in a row: long enough for the decisions to arrive mid-way
    _decisions_while(case, server, *[outcome.command(case, "match")] * 3)


def test_every_decision_sent_during_an_import_is_recorded(
    reviewing: tuple[Path, ReviewServer], tmp_path: Path
) -> None:
    case, server = reviewing
    other = big.instagram(tmp_path / "other.zip", followers=20_000, threads=50, messages=40)
    _decisions_while(case, server, _import(case, other))
