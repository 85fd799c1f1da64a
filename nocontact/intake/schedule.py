"""Run `nocontact scan --notify` on a timer: a systemd user timer, or a cron line without systemd.

The files are per case (named after a hash of its folder), log to `<case>/logs/scan.log`,
and read tokens from `~/.config/nocontact/secrets.env` if the user created it: a timer does
not inherit the shell's environment. nocontact itself never writes or reads that file.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from nocontact.case import Case
from nocontact.errors import NocontactError

DEFAULT_MINUTES = 30
SECRETS_FILE = "~/.config/nocontact/secrets.env"
_CRON_MARK = "# nocontact-scan"
Runner = Callable[..., subprocess.CompletedProcess[str]]


@dataclass(frozen=True, slots=True)
class Plan:
    """What `install` would write: unit files (systemd) or one crontab line (cron)."""

    using: str
    files: dict[Path, str]
    cron_line: str | None
    unit: str

    def describe(self) -> str:
        if self.cron_line:
            return f"crontab line:\n{self.cron_line}"
        return "\n".join(f"# {path}\n{text}" for path, text in self.files.items())


def detect() -> str:
    """systemd when this machine runs it (it has /run/systemd/system), else cron."""
    running = Path("/run/systemd/system").is_dir() and shutil.which("systemctl")
    return "systemd" if running else "cron"


def plan(case: Case, *, every: int = DEFAULT_MINUTES, using: str = "auto") -> Plan:
    """The timer for this case, without touching anything."""
    using = detect() if using == "auto" else using
    root = case.root.resolve()
    unit = f"nocontact-scan-{hashlib.sha256(str(root).encode()).hexdigest()[:10]}"
    log = root / "logs" / "scan.log"
    command = [sys.executable, "-m", "nocontact", "--case", str(root), "scan", "--notify"]
    if using == "cron":
        return Plan("cron", {}, _cron_line(command, log, every, unit), unit)
    home = Path.home() / ".config" / "systemd" / "user"
    return Plan(
        "systemd",
        {
            home / f"{unit}.service": _service(root, command, log),
            home / f"{unit}.timer": _timer(root, every),
        },
        None,
        unit,
    )


def install(plan: Plan, case: Case, *, run: Runner = subprocess.run) -> list[str]:
    """Write the timer and start it; returns what was done, for the CLI to show."""
    case.private_dir(case.root.resolve() / "logs")
    if plan.cron_line:
        lines = [line for line in _crontab(run) if not line.endswith(f"{_CRON_MARK} {plan.unit}")]
        _write_crontab(run, [*lines, plan.cron_line])
        return [f"added to your crontab: {plan.cron_line}"]
    for path, text in plan.files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    _systemctl(run, "daemon-reload")
    _systemctl(run, "enable", "--now", f"{plan.unit}.timer")
    return [f"wrote {path}" for path in plan.files] + [f"started {plan.unit}.timer"]


def remove(plan: Plan, *, run: Runner = subprocess.run) -> list[str]:
    """Stop and delete this case's timer (the logs stay in the case folder)."""
    if plan.cron_line:
        lines = _crontab(run)
        kept = [line for line in lines if not line.endswith(f"{_CRON_MARK} {plan.unit}")]
        _write_crontab(run, kept)
        return [f"removed {len(lines) - len(kept)} line(s) from your crontab"]
    present = [path for path in plan.files if path.exists()]
    if present:
        _systemctl(run, "disable", "--now", f"{plan.unit}.timer")
    for path in present:
        path.unlink()
    _systemctl(run, "daemon-reload")
    return [f"removed {path}" for path in present] or ["no timer was installed for this case"]


def _service(root: Path, command: list[str], log: Path) -> str:
    return (
        "[Unit]\n"
        f"Description=nocontact: scan the accounts of case {_unit_text(str(root))}\n"
        "After=network-online.target\n\n"
        "[Service]\n"
        "Type=oneshot\n"
        "UMask=0077\n"
        f"EnvironmentFile=-{SECRETS_FILE.replace('~', '%h')}\n"
        f"ExecStart={' '.join(_unit_quote(part) for part in command)}\n"
        f"StandardOutput=append:{_unit_text(str(log))}\n"
        f"StandardError=append:{_unit_text(str(log))}\n"
    )


def _timer(root: Path, every: int) -> str:
    return (
        "[Unit]\n"
        f"Description=nocontact: scan case {_unit_text(str(root))} every {every} minutes\n\n"
        "[Timer]\n"
        "OnBootSec=5min\n"
        f"OnUnitActiveSec={every}min\n"
        "RandomizedDelaySec=60\n\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )


def _unit_text(text: str) -> str:
    """systemd expands % specifiers everywhere in a unit file; a literal % is written %%."""
    return text.replace("%", "%%")


def _unit_quote(part: str) -> str:
    escaped = _unit_text(part).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"' if any(c in part for c in ' "\\') else escaped


def _cron_line(command: list[str], log: Path, every: int, unit: str) -> str:
    if every < 60 and 60 % every == 0:
        when = f"*/{every} * * * *"
    elif every % 60 == 0 and 24 % (every // 60) == 0:
        when = f"0 */{every // 60} * * *"
    else:
        raise NocontactError(
            f"cron cannot run every {every} minutes evenly: choose a divisor of 60 "
            "(15, 20, 30) or whole hours that divide a day (60, 120, 180, 240, 360, 720)"
        )
    secrets = f"[ -r {SECRETS_FILE} ] && set -a && . {SECRETS_FILE}; set +a;"
    shell = " ".join(_shell_quote(part) for part in command)
    line = f"{when} {secrets} {shell} >> {_shell_quote(str(log))} 2>&1"
    return f"{line.replace('%', chr(92) + '%')} {_CRON_MARK} {unit}"


def _shell_quote(part: str) -> str:
    return "'" + part.replace("'", "'\\''") + "'"


def _crontab(run: Runner) -> list[str]:
    done = run(["crontab", "-l"], capture_output=True, text=True, check=False)
    return done.stdout.splitlines() if done.returncode == 0 else []


def _write_crontab(run: Runner, lines: list[str]) -> None:
    text = "".join(f"{line}\n" for line in lines)
    done = run(["crontab", "-"], input=text, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise NocontactError(f"crontab refused the change: {done.stderr.strip()}")


def _systemctl(run: Runner, *args: str) -> None:
    done = run(["systemctl", "--user", *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise NocontactError(f"systemctl --user {' '.join(args)} failed: {done.stderr.strip()}")
