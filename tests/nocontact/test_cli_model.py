"""The commands that need no case (nocontact/cli_model.py): train, evaluate, demo."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from nocontact import cli_model
from nocontact.cli import cli


def test_every_model_command_is_on_the_group() -> None:
    assert all(cli.commands[command.name] is command for command in cli_model.COMMANDS)


def test_demo_removes_its_temporary_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    result = CliRunner().invoke(cli, ["-q", "demo"])
    assert result.exit_code == 0, result.output
    assert "suspected link to" in result.stdout and "now removed" in result.stdout
    assert not list(tmp_path.glob("nocontact-demo-*"))


def test_train_and_evaluate_help_show_the_matcher_defaults() -> None:
    from matcher.evaluate import TEST_CASES
    from matcher.model import TRAIN_CASES

    for command in ("train", "evaluate"):
        shown = " ".join(CliRunner().invoke(cli, [command, "--help"]).output.split())
        assert f"[default: {TRAIN_CASES}]" in shown and f"[default: {TEST_CASES}]" in shown
