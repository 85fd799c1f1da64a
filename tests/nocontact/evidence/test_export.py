"""`nocontact export` and `nocontact verify DIR`: a sealed evidence folder a court can check."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from nocontact.case import Case
from nocontact.cli import cli
from nocontact.evidence.log_rows import COLUMNS
from nocontact.review import decisions
from tests.nocontact.evidence_case import XSS, confirm, demo_case, hit_id, ig_case


def _run(case: Case, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--case", str(case.root), *args])
    return result.exit_code, result.output


def _export(case: Case, folder: Path, *args: str) -> Path:
    code, output = _run(case, "export", "-o", str(folder), *args)
    assert code == 0, output
    return folder


def _rows(folder: Path) -> list[dict[str, str]]:
    text = (folder / "log.csv").read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _pdf_text(folder: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(folder / "log.pdf").pages]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def exported(tmp_path: Path) -> tuple[Case, Path]:
    case = demo_case(tmp_path)
    confirm(case, "Robert Miller", "Mary Miller")
    decisions.decide(case, hit_id(case, "Robert Miller"), "witness", "Ann Smith (sister)")
    decisions.decide(case, hit_id(case, "Robert Miller"), "note", "screenshots on my phone")
    return case, _export(case, tmp_path / "evidence-2026-11")


def test_export_writes_every_record_of_confirmed_hits(exported: tuple[Case, Path]) -> None:
    case, folder = exported
    with case.store(create=False) as store:
        expected = dict(
            store.db.execute(
                "SELECT id, raw_sha256 FROM interactions WHERE account_id IN"
                " (SELECT account_id FROM hits WHERE status = 'confirmed')"
            ).fetchall()
        )
        raws = dict(store.db.execute("SELECT id, raw FROM interactions").fetchall())
        entry = store.db.execute(
            "SELECT payload FROM ledger WHERE action = 'export' ORDER BY seq DESC"
        ).fetchone()
    rows = _rows(folder)
    assert tuple(rows[0]) == COLUMNS
    assert {int(r["interaction_id"]): r["raw_sha256"] for r in rows} == expected
    assert len(rows) == len(expected) == 11
    for row in rows:
        copy = folder / row["raw_copy"]
        assert copy.read_bytes() == raws[int(row["interaction_id"])].encode("utf-8")
        assert _sha(copy) == row["raw_sha256"]
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["files"]) == {"log.csv", "log.pdf"} | {r["raw_copy"] for r in rows}
    assert all(_sha(folder / name) == sha for name, sha in manifest["files"].items())
    assert json.loads(entry[0])["manifest_sha256"] == _sha(folder / "manifest.json")
    assert manifest["order"]["timezone"] == "America/New_York" and manifest["method"]
    assert manifest["tool"]["name"] == "nocontact" and len(manifest["ledger"]["head"]) == 64


def test_rows_say_when_what_who_and_where(exported: tuple[Case, Path]) -> None:
    rows = {r["utc"]: r for r in _rows(exported[1])}
    first = rows["2026-03-09T21:02:00.000Z"]
    assert (first["date"], first["time"]) == ("2026-03-09", "17:02:00")
    assert first["time_zone"] == "America/New_York EDT (UTC-04:00)"
    assert first["what_happened"] == "Sent you a message" and first["violation"] == "yes"
    assert first["account_name"] == "Robert Miller"
    assert first["inner_path"].startswith("your_instagram_activity/messages/inbox/robmiller82_")
    assert first["record_index"].isdigit() and len(first["source_sha256"]) == 64
    assert first["witnesses"] == "Ann Smith (sister)"
    assert first["reviewer_notes"] == "screenshots on my phone"
    assert first["conversation_started_by"] == "them"
    mine = rows["2026-03-09T21:30:00.000Z"]
    assert mine["direction"] == "out" and mine["violation"] == "no"
    assert mine["what_happened"] == "You sent a message"


def test_files_are_private(exported: tuple[Case, Path]) -> None:
    folder = exported[1]
    assert folder.stat().st_mode & 0o777 == 0o700
    assert (folder / "records").stat().st_mode & 0o777 == 0o700
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in folder.rglob("*") if p.is_file())


def test_pdf_has_the_rows_page_numbers_and_ledger_head(exported: tuple[Case, Path]) -> None:
    folder = exported[1]
    head = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["ledger"]["head"]
    pages = _pdf_text(folder)
    text = "\n".join(pages)
    for row in _rows(folder):
        assert f"{row['date']} {row['time']}" in text
        assert row["raw_sha256"][:32] in text and row["raw_sha256"][32:] in text
    assert "Robert Miller" in text and "Mary Miller" in text
    assert "Witnesses: Ann Smith (sister)" in text
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page and head in page


def test_verify_dir_passes_and_each_altered_file_is_named(exported: tuple[Case, Path]) -> None:
    case, folder = exported
    code, output = _run(case, "verify", str(folder))
    assert code == 0, output
    assert "verify OK: export" in output and "against the case ledger" in output
    raw_copy = _rows(folder)[0]["raw_copy"]
    for name in ("log.csv", "log.pdf", raw_copy, "manifest.json", "SHA256SUMS"):
        altered = folder.parent / f"altered-{name.replace('/', '-')}"
        shutil.copytree(folder, altered)
        _flip_one_byte(altered / name)
        code, output = _run(case, "verify", str(altered))
        assert code == 1, name
        problems = [line for line in output.splitlines() if line.startswith("problem:")]
        assert problems and all(name in p for p in problems), (name, problems)


def test_added_and_missing_files_are_named(exported: tuple[Case, Path]) -> None:
    case, folder = exported
    raw_copy = _rows(folder)[-1]["raw_copy"]
    (folder / raw_copy).unlink()
    (folder / "records" / "extra.json").write_text("{}", encoding="utf-8")
    code, output = _run(case, "verify", str(folder))
    assert code == 1
    assert f"problem: {raw_copy}: missing" in output
    assert "problem: records/extra.json: not listed in manifest.json" in output


def test_verify_dir_without_the_case_database(exported: tuple[Case, Path], tmp_path: Path) -> None:
    elsewhere = tmp_path / "lawyer"
    elsewhere.mkdir()
    code, output = _run(Case(elsewhere), "verify", str(exported[1]))
    assert code == 0, output
    assert "no case database here" in output and "ledger entries" not in output


def test_verify_without_dir_is_unchanged(exported: tuple[Case, Path]) -> None:
    code, output = _run(exported[0], "verify")
    assert code == 0 and output.startswith("verify OK:") and "export" not in output


def test_a_manifest_from_another_case_fails_the_ledger_check(
    exported: tuple[Case, Path], tmp_path: Path
) -> None:
    other = demo_case(tmp_path / "other")
    code, output = _run(other, "verify", str(exported[1]))
    assert code == 1
    assert "manifest.json: not the manifest any export in this case's ledger sealed" in output


def test_platform_text_stays_text_in_csv_and_pdf(tmp_path: Path) -> None:
    case = ig_case(tmp_path)
    confirm(case, "Nico Bauer", "Zoë Lefèvre")
    folder = _export(case, tmp_path / "out")
    texts = {r["text"] for r in _rows(folder)}
    assert f"hey {XSS[0]} {XSS[1]}" in texts
    assert '\'=HYPERLINK("http://example.invalid")' in texts  # a formula is kept as text
    formula = next(r for r in _rows(folder) if r["text"].startswith("'="))
    assert b'"content":"=HYPERLINK' in (folder / formula["raw_copy"]).read_bytes()
    pdf = "\n".join(_pdf_text(folder))
    assert "<script>alert(1)</script>" in pdf and "onerror" in pdf
    assert "Reacted 🔥 to your story" in pdf  # drawn with the shipped emoji font
    assert "[U+" not in pdf and "id -" not in pdf
    assert "sealed by the next ledger entry, number" in " ".join(pdf.split())
    assert "Zoë Lefèvre" in pdf


def test_spanish_export(tmp_path: Path) -> None:
    case = ig_case(tmp_path, jurisdiction="ES-M", timezone="Europe/Madrid")
    confirm(case, "Nico Bauer")
    folder = _export(case, tmp_path / "out", "--lang", "es")
    pdf = _pdf_text(folder)
    assert "Registro de pruebas" in pdf[0] and "Página 1 de" in pdf[0]
    assert "Le envió un mensaje" in "\n".join(pdf)
    row = next(r for r in _rows(folder) if r["utc"] == "2026-04-01T10:05:00.000Z")
    assert row["what_happened"] == "Le envió un mensaje" and row["violation"] == "sí"
    assert row["suspected_because"].startswith("regla del nombre: el nombre visible 'Nico Bauer'")
    assert "el nombre visible 'Nico Bauer'" in "\n".join(pdf)
    assert row["time_zone"] == "Europe/Madrid CEST (UTC+02:00)" and row["time"] == "12:05:00"
    assert PdfReader(folder / "log.pdf").pages[0].mediabox.width == pytest.approx(841.89, 0.01)


def test_export_refuses_to_overwrite_or_to_export_nothing(tmp_path: Path) -> None:
    case = demo_case(tmp_path)
    code, output = _run(case, "export", "-o", str(tmp_path / "none"))
    assert code == 1 and "no confirmed hits" in output and not (tmp_path / "none").exists()
    confirm(case, "Robert Miller")
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "keep.txt").write_text("mine", encoding="utf-8")
    code, output = _run(case, "export", "-o", str(busy))
    assert code == 1 and "never overwritten" in output
    assert [p.name for p in busy.iterdir()] == ["keep.txt"]
    with case.store(create=False) as store:
        sealed = store.db.execute("SELECT count(*) FROM ledger WHERE action = 'export'")
        assert sealed.fetchone() == (0,)


def _flip_one_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
