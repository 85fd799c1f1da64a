"""Re-scoring a case: the committed model flags the demo, the rules decide without it."""

from __future__ import annotations

import gc
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest

from matcher import model
from nocontact import demo
from nocontact.case import Case
from nocontact.errors import ModelError
from nocontact.intake import archives
from nocontact.match.scoring import run_match
from tests.helpers import IG_2025
from tests.nocontact.match.conftest import flagged
from tests.nocontact.test_demo import FLAGGED


def test_the_committed_model_flags_the_demo_with_plain_reasons(demo_case: Case) -> None:
    assert model.MODEL_FILE.is_file() and model.MODEL_FILE.stat().st_size < 2_000_000
    run_match(demo_case)
    assert flagged(demo_case) == FLAGGED
    with sqlite3.connect(demo_case.db_path) as conn:
        versions = {v for (v,) in conn.execute("SELECT DISTINCT model_version FROM matches")}
        reasons = dict(
            conn.execute(
                "SELECT a.display_name, h.reasons FROM hits h JOIN accounts a"
                " ON a.id = h.account_id WHERE a.display_name IS NOT NULL"
            ).fetchall()
        )
    assert versions == {model.VERSION}
    said = json.loads(reasons["Bobby Miller"])
    assert any("Bobby is a nickname of Robert" in r for r in said)
    assert any("'Janie-bean'" in r for r in said)


def test_writing_samples_unlike_his_messages_do_not_clear_him(tmp_path: Path) -> None:
    """Samples in the config that his new messages do not resemble must not clear an account
    bearing his very name: a few short messages say little about who wrote them."""
    case, downloads = demo.build(tmp_path / "case")
    (case.root / "samples.txt").write_text(
        "Janie-bean please just talk to me, I miss you\n"
        "I still think about Lake Placid every day\n"
        "Why did you block me? I only want to talk\n",
        encoding="utf-8",
    )
    config = case.config_path.read_text(encoding="utf-8")
    assert "writing_samples = []" in config
    case.config_path.write_text(
        config.replace("writing_samples = []", 'writing_samples = ["samples.txt"]'),
        encoding="utf-8",
    )
    for archive in downloads:
        archives.import_archive(case, archive)
    run_match(case)
    assert case.config().restrained.writing_samples
    assert flagged(case) == FLAGGED


def test_without_a_model_file_the_rules_decide(demo_case: Case, tmp_path: Path) -> None:
    run_match(demo_case, model_file=tmp_path / "none.skops")
    assert flagged(demo_case) == FLAGGED
    with sqlite3.connect(demo_case.db_path) as conn:
        assert {v for (v,) in conn.execute("SELECT model_version FROM matches")} == {"rules-1"}


def test_an_unreadable_model_file_is_a_model_error(demo_case: Case, tmp_path: Path) -> None:
    broken = tmp_path / "matcher.skops"
    broken.write_bytes(b"not a zip")
    with pytest.raises(ModelError, match="run `nocontact train` to write a new one"):
        run_match(demo_case, model_file=broken)


def _outbound_only(folder: Path, target: Path) -> Path:
    """The 2025 fixture with only what the user did: accounts she follows, and blocks."""
    keep = ("following.json", "blocked_profiles.json", "personal_information.json")
    with zipfile.ZipFile(target, "w") as zf:
        for item in sorted(p for p in folder.rglob("*") if p.name in keep):
            zf.write(item, item.relative_to(folder).as_posix())
    return target


@pytest.mark.parametrize("archive", [None, "outbound"])
def test_a_case_where_nobody_made_contact_scores_no_one(tmp_path: Path, archive: str) -> None:
    """An empty case, or one whose accounts only the user contacted: 0 candidates, no hits,
    and the run still sealed (it once failed inside the model on an empty matrix)."""
    case, _downloads = demo.build(tmp_path / "case")
    if archive:
        archives.import_archive(case, _outbound_only(IG_2025, tmp_path / "ig.zip"))
        with sqlite3.connect(case.db_path) as conn:
            assert conn.execute("SELECT count(*) FROM accounts").fetchone()[0] > 0
            assert not conn.execute("SELECT 1 FROM interactions WHERE direction = 'in'").fetchall()
    result = run_match(case)
    assert (result.candidates, result.matches, result.hits) == (0, 0, 0)
    assert result.summary().startswith("scored 0 accounts;")
    assert flagged(case) == {}
    with sqlite3.connect(case.db_path) as conn:
        assert conn.execute("SELECT count(*) FROM ledger WHERE action = 'match'").fetchone() == (1,)


def test_the_cycle_collector_runs_again_after_a_match(demo_case: Case) -> None:
    """The match pauses Python's cycle collector while it reads and scores, never for good."""
    assert gc.isenabled()
    run_match(demo_case)
    assert gc.isenabled()
    gc.disable()  # a caller that had paused it finds it paused still
    try:
        run_match(demo_case)
        assert not gc.isenabled()
    finally:
        gc.enable()
