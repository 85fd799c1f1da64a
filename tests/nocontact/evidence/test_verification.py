"""`verify` catches any change to a stored record, the ledger or an archive copy."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from nocontact.case import Case
from nocontact.cli import cli
from nocontact.errors import VerifyError
from nocontact.evidence import export, export_check
from nocontact.evidence.verification import verify
from nocontact.intake.archives import import_archive
from nocontact.match.scoring import run_match
from nocontact.review import decisions
from nocontact.store import ledger, seals
from nocontact.store.fingerprint import file_sha256
from tests.nocontact.evidence_case import first_problem, hit_id, ig_case, rechain


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


# --- Everything a person reads is sealed: each edit made with plain SQL is named ---------


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Case:
    """A reviewed and exported case: two hits confirmed, one dismissed, a note, a witness."""
    case = ig_case(tmp_path_factory.mktemp("pristine"))
    nico, zoe = hit_id(case, "Nico Bauer"), hit_id(case, "zoe.lefevre")
    decisions.decide(case, nico, "confirm")
    decisions.decide(case, nico, "note", "He wrote again after the order.")
    decisions.decide(case, nico, "witness", "Seen by A. Friend on 2026-04-01")
    decisions.decide(case, zoe, "dismiss")
    export.export(case, case.root / "export")
    return case


@pytest.fixture
def copy(pristine: Case, tmp_path: Path) -> Case:
    """A copy of the pristine case to tamper with."""
    return Case(Path(shutil.copytree(pristine.root, tmp_path / "case")))


def _one(case: Case, query: str) -> int:
    with sqlite3.connect(case.db_path) as conn:
        return conn.execute(query).fetchone()[0]


_MESSAGE = "SELECT id FROM interactions WHERE text LIKE 'Hi, are you still%'"


def test_the_issue_s_text_edit_is_named_with_row_and_column(copy: Case) -> None:
    record = _one(copy, _MESSAGE)
    _sql(
        copy,
        "UPDATE interactions SET text = 'Sorry, wrong number, will not write again'"
        f" WHERE id = {record}",
    )
    assert first_problem(copy) == (
        f"interaction {record}, column text differs from what the import sealed (ledger entry 2)"
    )


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("occurred_at", "'2025-01-01T00:00:00.000Z'"),
        ("occurred_at", "NULL"),
        ("type", "'follow'"),
        ("direction", "'out'"),
        ("account_id", "1"),
    ],
)
def test_each_readable_column_of_a_record_is_named(copy: Case, column: str, value: str) -> None:
    record = _one(copy, _MESSAGE)
    _sql(copy, f"UPDATE interactions SET {column} = {value} WHERE id = {record}")
    assert first_problem(copy).startswith(f"interaction {record}, column {column} differs")


def test_a_dismissed_hit_set_to_confirmed(copy: Case) -> None:
    hit = _one(copy, "SELECT id FROM hits WHERE status = 'dismissed'")
    _sql(copy, f"UPDATE hits SET status = 'confirmed' WHERE id = {hit}")
    problem = first_problem(copy)
    assert problem.startswith(f"hit {hit}, column status is 'confirmed'")
    assert "make it 'dismissed' (ledger entry" in problem


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("score", "0.123"),  # a score no model run gives this hit
        ("reasons", "'[\"none\"]'"),
        ("first_contact", "'2020-01-01T00:00:00.000Z'"),
        ("count", "99"),
    ],
)
def test_a_hit_s_score_and_reasons(copy: Case, column: str, value: str) -> None:
    hit = _one(copy, "SELECT id FROM hits WHERE status = 'confirmed' ORDER BY id LIMIT 1")
    _sql(copy, f"UPDATE hits SET {column} = {value} WHERE id = {hit}")
    assert first_problem(copy) == (
        f"hit {hit}, column {column} differs from what the match run sealed (ledger entry 3)"
    )


def test_a_handle_and_a_display_name(copy: Case) -> None:
    account = _one(copy, "SELECT id FROM accounts WHERE handle = 'nico.bauer'")
    _sql(copy, f"UPDATE accounts SET handle = 'someone.else' WHERE id = {account}")
    assert first_problem(copy).startswith(f"account {account}, column handle differs")
    _sql(copy, f"UPDATE accounts SET handle = 'nico.bauer' WHERE id = {account}")
    name = _one(copy, "SELECT id FROM account_names WHERE value = 'Nico Bauer'")
    _sql(copy, f"UPDATE account_names SET value = 'N. Nobody' WHERE id = {name}")
    assert first_problem(copy).startswith(f"account name {name} (account ")
    assert "column value differs" in first_problem(copy)


def test_a_display_name_on_the_account_row(copy: Case) -> None:
    account = _one(copy, "SELECT id FROM accounts WHERE display_name = 'Nico Bauer'")
    _sql(copy, f"UPDATE accounts SET display_name = 'Someone Else' WHERE id = {account}")
    assert first_problem(copy).startswith(f"account {account}, column display_name differs")


def test_a_review_note_edited_and_a_review_deleted(copy: Case) -> None:
    note = _one(copy, "SELECT id FROM reviews WHERE action = 'note'")
    _sql(copy, f"UPDATE reviews SET text = 'Nothing happened.' WHERE id = {note}")
    assert first_problem(copy).startswith(f"review {note} (hit ")
    assert "column text differs from what the decision sealed" in first_problem(copy)
    _sql(copy, f"DELETE FROM reviews WHERE id = {note}")
    assert first_problem(copy).startswith(f"review {note} (note of hit ")
    assert first_problem(copy).endswith("is missing from the reviews table")


@pytest.mark.parametrize("deleted", [1, 2])
def test_the_last_ledger_entries_deleted(copy: Case, deleted: int) -> None:
    top = _one(copy, "SELECT max(seq) FROM ledger")
    _sql(copy, f"DELETE FROM ledger WHERE seq > {top - deleted}")
    problem = first_problem(copy)
    assert problem.startswith(
        f"ledger ends at entry {top - deleted} but ledger-heads.txt recorded entries up to {top}"
    )
    assert problem.endswith(
        f"its last {deleted} entr{'y was' if deleted == 1 else 'ies were'} deleted"
    )


def test_a_ledger_re_chained_after_an_edit(copy: Case) -> None:
    """The attacker recomputes the row's seal, the import's digests and every link."""
    record = _one(copy, _MESSAGE)
    with sqlite3.connect(copy.db_path) as conn:
        conn.execute(f"UPDATE interactions SET text = 'Sorry' WHERE id = {record}")
        (row,) = [r for r in seals.sealed_interactions(conn) if r.id == record]
        conn.execute(
            "UPDATE interactions SET seal = ? WHERE id = ?",
            (seals.interaction_seal(row.values), record),
        )
        (payload,) = conn.execute("SELECT payload FROM ledger WHERE action = 'import'").fetchone()
        data = json.loads(payload) | {"rows_digest": seals.rows_digest(conn, row.source_id)}
        conn.execute(
            "UPDATE ledger SET payload = ? WHERE action = 'import'", (ledger.canonical(data),)
        )
        rechain(conn)
    assert verify_log(copy) == []  # the database alone is consistent again
    assert first_problem(copy).startswith("ledger entry 2 is not the one ledger-heads.txt")
    assert first_problem(copy).endswith("the ledger was rewritten and re-chained")


def verify_log(case: Case) -> list[str]:
    """Problems found by everything but the heads file (what an attacker can make agree)."""
    return [p for p in verify(case).problems if "ledger-heads.txt" not in p]


def test_order_issued_changed_in_config(copy: Case) -> None:
    config = copy.config_path.read_text(encoding="utf-8")
    copy.config_path.write_text(config.replace("issued = 2025-01-01", "issued = 2026-06-01"))
    problem = first_problem(copy)
    assert problem.startswith("config.toml: order.issued is '2026-06-01' but ledger entry 1")
    assert "sealed '2025-01-01'" in problem


def _rehash(folder: Path, name: str, edit: Callable[[bytes], bytes]) -> None:
    """Edit one file of an export, then recompute manifest.json and SHA256SUMS to match."""
    path = folder / name
    os.chmod(path, 0o600)
    path.write_bytes(edit(path.read_bytes()))
    manifest = json.loads((folder / export.MANIFEST).read_text(encoding="utf-8"))
    manifest["files"][name] = file_sha256(path)
    (folder / export.MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
    files = dict(manifest["files"]) | {export.MANIFEST: file_sha256(folder / export.MANIFEST)}
    (folder / export.SUMS).write_bytes(export.sums(files))


def test_an_export_row_edited_and_re_hashed(copy: Case) -> None:
    folder, said = copy.root / "export", b"Hi, are you still selling the bike?"
    _rehash(folder, export.LOG_CSV, lambda data: data.replace(said, b"Sorry"))
    alone = export_check.check(folder)
    assert alone.ok and "internal consistency only" in alone.summary()
    record = _one(copy, _MESSAGE)
    problems = export_check.check(folder, copy).problems
    assert problems[0].startswith(f"{export.LOG_CSV}: not the one the export sealed (ledger")
    assert problems[1].startswith(f"{export.MANIFEST}: not the manifest any export")
    assert any(
        p.endswith(f"(interaction {record}), column text differs from the case's record")
        for p in problems
    )


def test_an_export_pdf_edited_and_re_hashed(copy: Case) -> None:
    folder = copy.root / "export"
    _rehash(folder, export.LOG_PDF, lambda data: data + b"%")
    assert export_check.check(folder).ok
    assert first_problem(copy, str(folder)).startswith(
        f"{export.LOG_PDF}: not the one the export sealed (ledger entry"
    )


def test_a_case_from_before_seals_is_sealed_as_found_when_first_opened(copy: Case) -> None:
    """Make the copy look like an older version's case, then open it with this one."""
    with sqlite3.connect(copy.db_path) as conn:
        conn.execute("DELETE FROM ledger WHERE action = 'order'")
        conn.execute("UPDATE ledger SET seq = seq - 1")
        conn.execute(
            "UPDATE ledger SET payload = json_remove(payload, '$.rows_digest',"
            " '$.accounts_digest', '$.review_id', '$.at')"
        )
        for table in ("interactions", "accounts", "account_names"):
            conn.execute(f"ALTER TABLE {table} DROP COLUMN seal")
        rechain(conn)
    (copy.root / "ledger-heads.txt").unlink()
    report = verify(copy)  # opening the case adds the seal columns and seals what it finds
    assert report.ok, report.problems
    seq = _one(copy, "SELECT seq FROM ledger WHERE action = 'seal'")
    assert seq == _one(copy, "SELECT max(seq) FROM ledger")
    record = _one(copy, _MESSAGE)
    _sql(copy, f"UPDATE interactions SET text = 'Sorry' WHERE id = {record}")
    assert first_problem(copy) == (
        f"interaction {record}, column text differs from what the upgrade to sealed columns "
        f"sealed (ledger entry {seq})"
    )


def test_a_hit_confirmed_outside_nocontact_is_not_exported(copy: Case) -> None:
    hit = _one(copy, "SELECT id FROM hits WHERE status = 'dismissed'")
    _sql(copy, f"UPDATE hits SET status = 'confirmed' WHERE id = {hit}")
    with pytest.raises(VerifyError, match=f"^hit {hit}, column status .* nothing was exported"):
        export.export(copy, copy.root / "again")
    assert not (copy.root / "again").exists()


@pytest.mark.parametrize(
    ("column", "value"),
    [("original_name", "'other.zip'"), ("started_at", "'2020-01-01T00:00:00.000Z'")],
)
def test_a_source_s_name_and_read_time(copy: Case, column: str, value: str) -> None:
    _sql(copy, f"UPDATE sources SET {column} = {value}")
    assert first_problem(copy) == (
        f"source 1, column {column} differs from what the import sealed (ledger entry 2)"
    )


def test_an_account_s_creation_date(copy: Case) -> None:
    _sql(copy, "UPDATE accounts SET created_at = '2026-05-01T00:00:00.000Z' WHERE id = 1")
    assert first_problem(copy).startswith("account 1, column created_at differs")


@pytest.mark.parametrize(
    "edit",
    [
        None,
        "UPDATE interactions SET raw = substr(raw, 1, 10) || 'X' || substr(raw, 12) WHERE id = 3",
        "UPDATE interactions SET text = 'Sorry' WHERE id = 2",
        "UPDATE accounts SET handle = 'someone.else' WHERE id = 2",
        "UPDATE account_names SET value = 'N. Nobody' WHERE id = 3",
    ],
)
def test_a_second_process_finds_what_one_process_finds(copy: Case, edit: str | None) -> None:
    """Large cases share the bulk pass with a second process (`helper_from` rows on)."""
    if edit:
        _sql(copy, edit)
    alone = verify(copy)
    assert verify(copy, helper_from=0).problems == alone.problems
    assert alone.ok is (edit is None)


# --- A value no nocontact write stores is reported, never a traceback ------------------


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (
            "UPDATE interactions SET text = X'00ff' WHERE id = {record}",
            "interaction {record}, column text differs from what the import sealed "
            "(ledger entry 2)",
        ),
        (
            "UPDATE interactions SET occurred_at = X'00' WHERE id = {record}",
            "interaction {record}, column occurred_at differs from what the import sealed "
            "(ledger entry 2)",
        ),
        (
            "UPDATE interactions SET seal = X'00ff' WHERE id = {record}",
            "interaction {record}, column seal differs from what the import sealed "
            "(ledger entry 2)",
        ),
        (
            "UPDATE interactions SET text = CAST(X'41ff' AS TEXT) WHERE id = {record}",
            "interaction {record}, column text differs from what the import sealed "
            "(ledger entry 2)",
        ),
        (
            "UPDATE interactions SET source_id = 1.5 WHERE id = {record}",
            "interaction {record}, column source_id differs from what was sealed",
        ),
        (
            "UPDATE accounts SET handle = X'00ff' WHERE id = 1",
            "account 1, column handle differs from what was sealed (ledger entry {digest})",
        ),
        (
            "UPDATE accounts SET seal = X'00ff' WHERE id = 1",
            "account 1, column seal differs from what was sealed (ledger entry {digest})",
        ),
        (
            "UPDATE accounts SET handle = CAST(X'41ff' AS TEXT) WHERE id = 1",
            "account 1, column handle differs from what was sealed (ledger entry {digest})",
        ),
        (
            "UPDATE account_names SET value = X'00ff' WHERE id = 1",
            "account name 1 (account 1), column value differs from what was sealed "
            "(ledger entry {digest})",
        ),
        (
            "UPDATE ledger SET action = CAST(X'41ff' AS TEXT) WHERE seq = 1",
            "ledger entry 1 (A\\xff at {at}): hash does not match its contents",
        ),
        (
            "UPDATE ledger SET payload = X'00ff' WHERE seq = 1",
            "ledger entry 1 (order at {at}): payload does not match its sha256",
        ),
        (
            "UPDATE hits SET score = X'00ff' WHERE id = 1",
            "hit 1, column score differs from what the match run sealed (ledger entry 3)",
        ),
        (
            "UPDATE hits SET reasons = X'00ff' WHERE id = 1",
            "hit 1, column reasons differs from what the match run sealed (ledger entry 3)",
        ),
    ],
)
def test_a_value_of_another_type_is_named(copy: Case, edit: str, problem: str) -> None:
    """A BLOB or text that is not UTF-8 (only plain SQL stores either) in a sealed column:
    named as any edit, by the bulk pass's fallback and with a second process alike."""
    found = {
        "record": _one(copy, _MESSAGE),
        "digest": _one(copy, "SELECT max(seq) FROM ledger WHERE payload LIKE '%accounts_digest%'"),
        "at": _one(copy, "SELECT at FROM ledger WHERE seq = 1"),
    }
    _sql(copy, edit.format(**found))
    assert first_problem(copy) == problem.format(**found)
    assert verify(copy, helper_from=0).problems == verify(copy).problems


def test_a_ledger_payload_that_is_not_json_is_named(copy: Case) -> None:
    seq = _one(copy, "SELECT seq FROM ledger WHERE action = 'match'")
    at = _one(copy, f"SELECT at FROM ledger WHERE seq = {seq}")
    where = f"ledger entry {seq} (match at {at})"
    _sql(copy, f"UPDATE ledger SET payload = 'not json' WHERE seq = {seq}")
    assert verify(copy).problems[:2] == [
        f"{where}: payload does not match its sha256",
        f"{where}: payload is not a JSON object, so nothing it sealed is known",
    ]
    assert first_problem(copy) == f"{where}: payload does not match its sha256"
