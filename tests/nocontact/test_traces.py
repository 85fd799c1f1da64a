"""No traces: the whole path writes nothing outside the case folder, and keeps the case private.

Each command runs as its own process (as a user runs it), with HOME and TMPDIR pointing at
empty folders, so anything a library writes to ~/.config, ~/.cache or the temp folder shows.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from nocontact.store import passphrases
from tests.helpers import IG_2025, zip_folder
from tests.nocontact.conftest import CONFIG

ROOT = Path(__file__).resolve().parents[2]


def _listing(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def _env(home: Path, tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "MPL", "NOCONTACT_"))}
    return env | {"HOME": str(home), "TMPDIR": str(tmp), "PYTHONPATH": str(ROOT)}


def _run(env: dict[str, str], case: Path, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "nocontact", "--case", str(case), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _review_once(env: dict[str, str], case: Path) -> None:
    """Start the review page, fetch it as a browser would, stop it with Ctrl-C."""
    server = subprocess.Popen(
        [sys.executable, "-m", "nocontact", "--case", str(case), "review", "--no-browser"],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        url = server.stdout.readline().split()[-1]
        with urllib.request.urlopen(url, timeout=30) as answer:
            assert answer.headers["Cache-Control"] == "no-store"
            assert b"Leave quickly" in answer.read()
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=60)


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["plain", "encrypted"])
def test_init_import_match_report_review_export_leave_no_trace(tmp_path: Path, kind: str) -> None:
    home, tmp, case = tmp_path / "home", tmp_path / "tmp", tmp_path / "case"
    home.mkdir()
    tmp.mkdir()
    archive = zip_folder(IG_2025, tmp_path / "instagram-jane.doe-2026-11-01-Test01.zip")
    env = _env(home, tmp)
    if kind == "encrypted":  # a passphrase file, as a scheduled scan would use
        secret = tmp_path / "passphrase"
        secret.write_text("a long enough case passphrase\n", encoding="utf-8")
        os.chmod(secret, 0o600)
        env[passphrases.FILE_ENV] = str(secret)

    _run(env, case, "init", *(["--encrypt"] if kind == "encrypted" else []))
    (case / "config.toml").write_text(CONFIG, encoding="utf-8")
    _run(env, case, "import", str(archive))
    _run(env, case, "match")
    _run(env, case, "report", "-o", str(case / "report.html"))
    _review_once(env, case)
    hit = json.loads(_run(env, case, "hits", "--format", "json"))[0]
    _run(env, case, "decide", str(hit["id"]), "confirm")
    _run(env, case, "export", "-o", str(case / "exports" / "first"))
    _run(env, case, "verify")

    assert _listing(home) == set()
    assert _listing(tmp) == set()
    assert stat.S_IMODE(case.stat().st_mode) == 0o700
    for path in case.rglob("*"):
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & 0o077 == 0, f"{path.relative_to(case)} is readable by others ({mode:o})"


def test_a_case_folder_made_by_hand_becomes_private(tmp_path: Path) -> None:
    case = tmp_path / "case"
    case.mkdir(mode=0o755)
    os.chmod(case, 0o755)
    (case / "config.toml").write_text(CONFIG, encoding="utf-8")
    home, tmp = tmp_path / "home", tmp_path / "tmp"
    home.mkdir()
    tmp.mkdir()
    archive = zip_folder(IG_2025, tmp_path / "instagram.zip")
    _run(_env(home, tmp), case, "import", str(archive))
    assert stat.S_IMODE(case.stat().st_mode) == 0o700


def test_platform_text_reaches_the_log_only_with_debug(tmp_path: Path) -> None:
    archive = tmp_path / "export"
    shutil.copytree(IG_2025, archive)
    followers = archive / "connections" / "followers_and_following" / "followers_1.json"
    records = json.loads(followers.read_text(encoding="utf-8"))
    bad = {"href": "https://www.instagram.com/x", "value": "x", "timestamp": "secret words"}
    records.append({"title": "", "media_list_data": [], "string_list_data": [bad]})
    followers.write_text(json.dumps(records), encoding="utf-8")
    said = {}
    for flag in ("-v", "--debug"):
        case = tmp_path / flag
        case.mkdir()
        (case / "config.toml").write_text(CONFIG, encoding="utf-8")
        done = subprocess.run(
            [sys.executable, "-m", "nocontact", "--case", str(case), flag, "import", str(archive)],
            env=_env(tmp_path, tmp_path),
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        said[flag] = done.stderr
    assert "skipped" in said["-v"] and "secret words" not in said["-v"]
    assert "followers_1.json" not in said["-v"]
    assert "secret words" in said["--debug"]
