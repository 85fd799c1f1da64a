"""A full disk or a read-only case folder: one line, nothing lost, nothing left behind."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from nocontact.case import Case
from nocontact.cli import cli
from nocontact.intake.archives import import_archive
from nocontact.match.scoring import run_match
from tests.adversarial import big, outcome
from tests.adversarial.outcome import integrity, new_case, snapshot
from tests.helpers import IG_2025, zip_folder

_LIMITED = """
import resource, signal, sys
from nocontact.cli import cli
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails instead of killing
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
sys.argv = ["nocontact", *sys.argv[2:]]
cli()
"""


def _with_file_limit(limit: int, case: Path, *args: str) -> str:
    """Run `nocontact ARGS` where no file may grow past `limit` bytes (a full disk), in a
    process of its own; its one-line error."""
    done = subprocess.run(
        [sys.executable, "-c", _LIMITED, str(limit), *outcome.command(case, *args)[3:]],
        env=outcome.command_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1, done.stderr  # a refusal, not a crash
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr
    return lines[0].removeprefix("error: ")


@pytest.fixture
def started(tmp_path: Path) -> Path:
    case = new_case(tmp_path / "case")
    import_archive(Case(case), zip_folder(IG_2025, tmp_path / "small.zip"))
    return case


def test_a_full_disk_while_copying_the_archive(tmp_path: Path, started: Path) -> None:
    archive = big.instagram(tmp_path / "big.zip", followers=40_000, threads=10, messages=10)
    limit = (started / "nocontact.db").stat().st_size + 100_000  # the database still opens
    assert archive.stat().st_size > limit
    before = snapshot(started)
    message = _with_file_limit(limit, started, "import", str(archive))
    assert "cannot keep its copy" in message and "nothing was imported" in message
    assert snapshot(started) == before
    assert not list((started / "evidence" / "sources").glob("*.partial"))


def test_a_full_disk_while_writing_the_database(tmp_path: Path, started: Path) -> None:
    archive = big.instagram(tmp_path / "big.zip", followers=20_000, threads=10, messages=10)
    before = snapshot(started)
    limit = (started / "nocontact.db").stat().st_size + 200_000
    message = _with_file_limit(limit, started, "import", "--no-copy", str(archive))
    assert "nothing was changed" in message
    assert snapshot(started) == before and integrity(started) == "ok"
    import_archive(Case(started), archive, copy=False)  # with room again, it goes through


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Path]:
    """A case on a small file system that is then mounted read-only (needs root)."""
    mount = tmp_path / "media"
    mount.mkdir()
    if subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(mount)], capture_output=True
    ).returncode:
        pytest.skip("mounting a file system needs root")
    try:
        case = new_case(mount / "case")
        import_archive(Case(case), zip_folder(IG_2025, tmp_path / "small.zip"))
        run_match(Case(case))
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        yield case
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def test_a_read_only_case_can_be_read_but_not_written(tmp_path: Path, read_only: Path) -> None:
    run = CliRunner().invoke
    for command in (["verify"], ["hits"], ["report", "-o", str(tmp_path / "report.html")]):
        result = run(cli, ["--case", str(read_only), *command])
        assert result.exit_code == 0, result.output
    small = zip_folder(IG_2025, tmp_path / "again.zip", skip=("start_here.html",))
    for command in (["import", str(small)], ["decide", "1", "confirm"], ["match"]):
        result = run(cli, ["--case", str(read_only), "-q", *command])
        assert result.exit_code == 1, result.output
        assert len(result.output.splitlines()) == 1 and "read-only" in result.output
