"""`nocontact schedule`: what it would write, and install/remove in a temporary HOME only."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from nocontact.case import Case
from nocontact.cli import cli
from nocontact.intake import schedule


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Never the real user's systemd or crontab: HOME is a temporary folder."""
    fake = tmp_path / "home"
    fake.mkdir()
    monkeypatch.setenv("HOME", str(fake))
    return fake


def show(case: Case, *args: str) -> Any:
    return CliRunner().invoke(cli, ["--case", str(case.root), "schedule", "print", *args])


def test_print_shows_a_systemd_timer_and_writes_nothing(case: Case, home: Path) -> None:
    result = show(case, "--using", "systemd")
    assert result.exit_code == 0, result.output
    root = case.root.resolve()
    units = home / ".config" / "systemd" / "user"
    assert f"# {units}/nocontact-scan-" in result.output
    assert f"-m nocontact --case {root} scan --notify" in result.output
    assert "OnUnitActiveSec=30min" in result.output  # the default: every 30 minutes
    assert f"StandardOutput=append:{root}/logs/scan.log" in result.output
    assert "EnvironmentFile=-%h/.config/nocontact/secrets.env" in result.output
    assert "UMask=0077" in result.output
    assert not any(home.rglob("*")) and not (case.root / "logs").exists()


def test_print_shows_a_cron_line_where_systemd_is_absent(case: Case) -> None:
    result = show(case, "--using", "cron", "--every", "20")
    assert result.exit_code == 0, result.output
    line = result.output.strip().splitlines()[-1]
    assert line.startswith("*/20 * * * * ")
    assert "'--case' " in line and "'scan' '--notify' >> " in line and "logs/scan.log' 2>&1" in line
    assert line.endswith(f"# nocontact-scan {schedule.plan(case, using='cron').unit}")
    assert show(case, "--using", "cron", "--every", "120").output.startswith(
        "crontab line:\n0 */2 * * * "
    )


def test_intervals_cron_cannot_keep_and_too_frequent_scans_are_refused(case: Case) -> None:
    uneven = show(case, "--using", "cron", "--every", "45")
    assert uneven.exit_code == 1 and "cannot run every 45 minutes" in uneven.output
    assert show(case, "--every", "5").exit_code == 2  # below 15 minutes: a usage error


def test_unit_files_quote_spaces_and_escape_percent_signs(tmp_path: Path) -> None:
    case = Case(tmp_path / "my case 100%")
    escaped = str(case.root.resolve()).replace("%", "%%")
    service = next(iter(schedule.plan(case, using="systemd").files.values()))
    assert f' --case "{escaped}" scan --notify\n' in service  # one argument despite the space
    assert f"StandardOutput=append:{escaped}/logs/scan.log\n" in service
    cron = schedule.plan(case, using="cron").cron_line or ""
    assert "'--case' '" + str(case.root.resolve()).replace("%", "\\%") + "'" in cron


class Recorder:
    """Stands in for subprocess.run so no real systemctl or crontab is touched."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []
        self.crontab = "MAILTO=jane\n"

    def __call__(self, args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        self.calls.append(args)
        if args[:2] == ["crontab", "-"]:
            self.crontab = kwargs["input"]
        out = self.crontab if args[:2] == ["crontab", "-l"] else ""
        return subprocess.CompletedProcess(args, 0, stdout=out, stderr="")


def test_install_then_remove_a_systemd_timer(case: Case, home: Path) -> None:
    run = Recorder()
    plan = schedule.plan(case, every=60, using="systemd")
    done = schedule.install(plan, case, run=run)
    for path, text in plan.files.items():
        assert path.is_relative_to(home) and path.read_text(encoding="utf-8") == text
    assert (case.root / "logs").is_dir()
    assert run.calls[-1] == ["systemctl", "--user", "enable", "--now", f"{plan.unit}.timer"]
    assert done[-1] == f"started {plan.unit}.timer"
    schedule.remove(plan, run=run)
    assert not any(path.exists() for path in plan.files)
    assert ["systemctl", "--user", "disable", "--now", f"{plan.unit}.timer"] in run.calls


def test_install_then_remove_a_cron_line_keeps_the_users_other_lines(case: Case) -> None:
    run = Recorder()
    plan = schedule.plan(case, using="cron")
    schedule.install(plan, case, run=run)
    schedule.install(plan, case, run=run)  # installing twice keeps one line
    assert run.crontab == f"MAILTO=jane\n{plan.cron_line}\n"
    schedule.remove(plan, run=run)
    assert run.crontab == "MAILTO=jane\n"
