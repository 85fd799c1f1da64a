"""`nocontact status` follows a case from an empty folder to an export, one next step at a time."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from nocontact.case import Case
from nocontact.cli import cli
from nocontact.evidence.status import status


def run(case: Case, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--case", str(case.root), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_next_step_follows_the_case(case: Case, ig_zip: Path, tmp_path: Path) -> None:
    assert "nocontact init" in status(Case(tmp_path / "empty")).next_step
    assert "nocontact import" in status(case).next_step
    run(case, "import", str(ig_zip))
    assert status(case).next_step == "run `nocontact match`"
    run(case, "match")
    found = status(case)
    assert "nocontact review" in found.next_step and found.hits["new"] > 0
    first, *others = json.loads(run(case, "hits", "--format", "json"))
    run(case, "decide", str(first["id"]), "confirm")
    assert "review the" in status(case).next_step
    for hit in others:
        run(case, "decide", str(hit["id"]), "dismiss")
    assert "nocontact export" in status(case).next_step
    run(case, "export", "-o", str(tmp_path / "for-lawyer"))
    assert status(case).next_step.startswith("nothing to do now")


def test_status_shows_archives_hits_and_ledger(case: Case, ig_zip: Path) -> None:
    run(case, "import", str(ig_zip))
    text = run(case, "status")
    assert "order: issued 2026-03-02" in text and "run `nocontact match`" in text
    assert f"archive: {ig_zip.name} [instagram, your account jane.doe]" in text
    run(case, "match")
    data = json.loads(run(case, "status", "--format", "json"))
    archive = data["archives"][0]
    assert archive["read"] > 0 and archive["first"] <= archive["last"]
    assert data["accounts_scored"] > 0 and data["match_note"] is None
    assert data["verified"] is True and len(data["ledger_head"]) == 64
    assert set(data["hits"]) == {"new", "confirmed", "dismissed"}


def test_status_says_when_verify_fails(case: Case, ig_zip: Path) -> None:
    run(case, "import", str(ig_zip))
    with sqlite3.connect(case.db_path) as conn:
        conn.execute("UPDATE interactions SET text = 'edited' WHERE id = 1")
        conn.execute("UPDATE interactions SET raw = raw || ' ' WHERE id = 1")
    found = status(case)
    assert found.verified is False and "nocontact verify" in found.next_step
    assert "verify FAILS" in found.text()
