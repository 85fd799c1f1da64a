"""Training and evaluating the matcher on synthetic cases, with the model file passed in."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from matcher import model
from nocontact.cli import cli
from nocontact.errors import ModelError
from nocontact.match.training import run_evaluation


def test_train_and_evaluate(tmp_path: Path) -> None:
    output = tmp_path / "models" / "matcher.skops"
    args = ["train", "--cases", "20", "--test-cases", "10", "--output", str(output)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "R@P.98" in result.output and "rapidfuzz ratio" in result.output
    card = (output.parent / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "never proof" in card and "horizontal flip" in card and "--cases 20" in card
    heading = card.index("what the features carry at most")
    ceilings = card[heading:].splitlines()[2:4]  # one line per generator, under a header
    assert [line.split()[0] for line in ceilings] == ["A", "B"]
    assert all("weakest traced tactics:" in line for line in ceilings)
    assert model.load(output).version == model.VERSION
    lines = run_evaluation(cases=20, seed=0, test_cases=10, avatars=False, model_file=output)
    assert any("MRR persons" in line for line in lines)
    assert not any("avatar robustness" in line for line in lines)
    with pytest.raises(ModelError, match="run `nocontact train` first"):
        run_evaluation(
            cases=20, seed=0, test_cases=10, avatars=False, model_file=tmp_path / "missing.skops"
        )
