"""README's "A real case, step by step", typed line by line as a new user would.

Every line runs as written, in a fresh case folder under a fake home. The person's own edits
are the only additions: config.toml filled in after `init`, the downloaded archive placed
where the README's line expects it, and the decisions a person makes in the review page
(recorded with `nocontact decide`, which the README documents as the same thing).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import IG_2025, zip_folder
from tests.nocontact.conftest import CONFIG

ROOT = Path(__file__).resolve().parent.parent


def _steps() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## A real case, step by step", 1)[1]
    block = re.search(r"```\n(.*?)```", section, re.S)
    assert block, "the walkthrough has a code block"
    return [line.split("#", 1)[0].strip() for line in block.group(1).splitlines() if line.strip()]


def _nocontact(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "nocontact", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _review(cwd: Path, env: dict[str, str]) -> str:
    """`nocontact review` until its page is up, then Ctrl-C, as the README says."""
    process = subprocess.Popen(
        [sys.executable, "-m", "nocontact", "review"],
        cwd=cwd,
        env={**env, "BROWSER": "true"},  # a browser that opens nothing and succeeds
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    first = process.stdout.readline()
    process.send_signal(signal.SIGINT)
    rest, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    return first + rest


@pytest.mark.slow
def test_the_walkthrough_runs_verbatim(tmp_path: Path) -> None:
    home = tmp_path / "home"
    downloads = home / "Downloads"
    downloads.mkdir(parents=True)
    env = {**os.environ, "HOME": str(home), "PYTHONPATH": str(ROOT)}
    env.pop("NOCONTACT_CASE", None)
    cwd = home
    for line in _steps():
        for command in line.split("&&"):
            words = [str(home) + w[1:] if w[0] == "~" else w for w in shlex.split(command)]
            if words[0] == "mkdir":
                Path(words[1]).mkdir()
            elif words[0] == "cd":
                cwd = Path(words[1])
            elif words[1] == "review":
                assert "review page open in your browser" in _review(cwd, env)
                _decide_as_a_person(cwd, env)
            else:
                if words[1] == "import":
                    zip_folder(IG_2025, Path(words[2]))  # the archive the person downloaded
                done = _nocontact(words[1:], cwd, env)
                assert done.returncode == 0, f"{command}: {done.stderr}"
                assert "Traceback" not in done.stderr
                if words[1] == "init":
                    (cwd / "config.toml").write_text(CONFIG, encoding="utf-8")  # their edits
                if words[1] == "verify":
                    assert "verify OK" in done.stdout and "FAILED" not in done.stdout
    assert (cwd / "report.html").is_file() and (cwd / "for-lawyer" / "log.pdf").is_file()


def _decide_as_a_person(cwd: Path, env: dict[str, str]) -> None:
    hits = json.loads(_nocontact(["hits", "--format", "json"], cwd, env).stdout)
    assert hits, "the walkthrough's archive holds contact"
    for hit in hits:
        action = "confirm" if hit["kind"] == "known" else "dismiss"
        assert _nocontact(["decide", str(hit["id"]), action], cwd, env).returncode == 0


def test_ci_runs_exactly_the_readme_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first = re.search(r"```\n(.*?)```", readme, re.S)
    assert first
    commands = first.group(1).strip().splitlines()
    assert commands[1] == "bash .ci/test", "command 2 sets up what the tests need itself"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    run = [line for line in ci if line and not line.startswith(("#", "set ", "cd "))]
    assert run[:2] == commands
    test = (ROOT / ".ci" / "test").read_text(encoding="utf-8")
    assert "apt-get install -y chromium" in test and "/usr/bin/chromium" in test
