"""Generator C's archives import cleanly and the independent report has its sections."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from benchmarks import independent_eval
from benchmarks.gen_c import build_case


def test_case_archives_import_and_report_has_sections(tmp_path: Path) -> None:
    seed = 7
    case = tmp_path / "case"
    truth = build_case(seed, case)
    assert {"config.toml", "truth.json", "downloads"} <= {p.name for p in case.iterdir()}
    # Deterministic per seed: the same seed writes the same truth.
    again = build_case(seed, tmp_path / "again")
    assert again["accounts"] == truth["accounts"]

    for arch in truth["archives"]:
        res = independent_eval._run(case, "import", str(case / arch))
        assert res.returncode == 0, res.stderr
    con = sqlite3.connect(f"file:{case / 'nocontact.db'}?mode=ro", uri=True)
    (n_inter,) = con.execute("select count(*) from interactions").fetchone()
    platforms = {r[0] for r in con.execute("select distinct platform from accounts")}
    con.close()
    assert n_inter > 0
    assert platforms == set(truth["platforms"])

    out = tmp_path / "report.json"
    assert (
        independent_eval.main(
            [
                "--cases",
                "1",
                "--seed",
                "3",
                "--keep",
                str(tmp_path / "k"),
                "--json",
                str(out),
                "--jobs",
                "1",
            ]
        )
        == 0
    )
    rep = json.loads(out.read_text("utf-8"))
    for key in (
        "per_tactic",
        "per_innocent_kind",
        "per_platform",
        "missed",
        "flagged_innocents",
        "problems",
        "recall",
        "precision",
    ):
        assert key in rep
    assert rep["accounts"] > 0
    assert rep["positives"] > 0
