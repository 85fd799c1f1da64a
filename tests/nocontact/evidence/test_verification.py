"""`verify` catches any change to a stored record, the ledger or an archive copy."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from nocontact.case import Case
from nocontact.cli import cli
from nocontact.evidence.verification import verify
from nocontact.intake.archives import import_archive
from nocontact.match.scoring import run_match


def _prepared(case: Case, ig_zip: Path) -> None:
    import_archive(case, ig_zip)
    run_match(case)
    assert verify(case).ok


def _sql(case: Case, statement: str) -> None:
    with sqlite3.connect(case.db_path) as conn:
        conn.execute(statement)


def test_untouched_case_verifies(case: Case, ig_zip: Path) -> None:
    _prepared(case, ig_zip)
    result = CliRunner().invoke(cli, ["--case", str(case.root), "verify"])
    assert result.exit_code == 0, result.output
    assert "verify OK" in result.output


def test_one_byte_in_a_raw_record_is_named(case: Case, ig_zip: Path) -> None:
    _prepared(case, ig_zip)
    _sql(
        case,
        "UPDATE interactions SET raw = substr(raw, 1, 10) || 'X' || substr(raw, 12) WHERE id = 3",
    )
    result = CliRunner().invoke(cli, ["--case", str(case.root), "verify"])
    assert result.exit_code == 1
    assert "interaction 3 (" in result.output
    assert "raw record does not match its sha256" in result.output


def test_rewritten_hash_is_caught_by_the_ledger(case: Case, ig_zip: Path) -> None:
    _prepared(case, ig_zip)
    _sql(
        case,
        "UPDATE interactions SET raw = '{}', raw_sha256 = "
        "'44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a' WHERE id = 2",
    )
    report = verify(case)
    assert not report.ok
    assert any("(import of" in p and "changed, added or removed" in p for p in report.problems)


def test_deleted_record_and_edited_ledger(case: Case, ig_zip: Path) -> None:
    _prepared(case, ig_zip)
    _sql(case, "DELETE FROM interactions WHERE id = 1")
    _sql(
        case,
        "UPDATE ledger SET payload = replace(payload, '\"hits\"', '\"hitz\"')"
        " WHERE action = 'match'",
    )
    problems = verify(case).problems
    assert problems[0].startswith("ledger entry 3 (match at")
    assert any("changed, added or removed" in p for p in problems)


def test_altered_archive_copy(case: Case, ig_zip: Path) -> None:
    _prepared(case, ig_zip)
    (copy,) = case.sources_dir.iterdir()
    os.chmod(copy, 0o600)
    copy.write_bytes(copy.read_bytes() + b"x")
    assert any("does not match sha256" in p for p in verify(case).problems)
