"""Generator D writes the same case per seed, and every archive imports with each account stored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import independent_eval
from benchmarks.gen_d import build_case

# 62: all four platforms, newest layouts (Facebook 2026: undated followers);
# 63: Instagram and Facebook 2021 layouts, Hungarian family-first names.
SEEDS = [62, 63]


@pytest.mark.parametrize("seed", SEEDS)
def test_same_seed_same_truth_and_every_account_stored(tmp_path: Path, seed: int) -> None:
    case = tmp_path / "case"
    truth = build_case(seed, case)
    assert {"config.toml", "truth.json", "downloads"} <= {p.name for p in case.iterdir()}
    assert json.loads((case / "truth.json").read_text("utf-8")) == truth
    assert build_case(seed, tmp_path / "again") == truth
    assert truth["generator"] == "D" and truth["accounts"]

    for arch in truth["archives"]:
        res = independent_eval._run(case, "import", str(case / arch))
        assert res.returncode == 0, f"{arch}: {res.stderr}"
    rows = independent_eval._db_accounts(case)
    assert {r["platform"] for r in rows} == set(truth["platforms"])
    missing = []
    for account in truth["accounts"]:
        row, loose = independent_eval._find(account, rows)
        if row is None or loose:
            missing.append((account["platform"], account["field"], account["value"]))
    assert not missing, missing
