"""Imports are transactional, idempotent and keep an evidentiary copy."""

from __future__ import annotations

import json
import stat
import zipfile
from pathlib import Path

import pytest

from crawlers.errors import ArchiveError
from nocontact.case import Case
from nocontact.intake.archives import import_archive, import_path
from tests.helpers import IG_2025, zip_folder

DATA_TABLES = ("sources", "accounts", "interactions", "ledger")


def _counts(case: Case) -> dict[str, int]:
    with case.store() as store:
        return store.counts()


def _dump(case: Case) -> list[str]:
    with case.store() as store:
        return list(store.db.conn.iterdump())


def test_import_adds_records_with_provenance(case: Case, ig_zip: Path) -> None:
    result = import_archive(case, ig_zip)
    assert result.platforms[0] == "instagram"
    assert result.added == result.read > 0
    with case.store() as store:
        rows = store.db.execute(
            "SELECT i.locator, i.raw, s.sha256 FROM interactions i JOIN sources s"
            " ON s.id = i.source_id"
        ).fetchall()
    assert len(rows) == result.added
    for locator, raw, sha in rows:
        assert sha == result.sha256
        assert locator.split("#")[0] in zipfile.ZipFile(ig_zip).namelist()
        json.loads(raw)


def test_same_archive_twice_adds_nothing(case: Case, ig_zip: Path) -> None:
    import_archive(case, ig_zip)
    before = _dump(case)
    again = import_archive(case, ig_zip)
    assert again.already_imported_at is not None
    assert "nothing added" in again.summary()
    assert _dump(case) == before


def test_overlapping_archives_add_no_duplicates(case: Case, tmp_path: Path) -> None:
    part = zip_folder(
        IG_2025,
        tmp_path / "part.zip",
        skip=tuple(p.relative_to(IG_2025).as_posix() for p in IG_2025.rglob("message_1.json")),
    )
    first = import_archive(case, part)
    full = import_archive(case, IG_2025)  # the extracted folder: another sha256, same records
    assert 0 < first.added < full.read
    assert full.added == full.read - first.read
    folder_again = import_archive(case, IG_2025)
    assert folder_again.already_imported_at
    with case.store() as store:
        (distinct,) = store.db.execute(
            "SELECT count(DISTINCT dedup_key) FROM interactions"
        ).fetchone()
        assert distinct == store.db["interactions"].count == full.read


def test_failure_midway_leaves_store_and_evidence_as_before(
    case: Case, ig_zip: Path, tmp_path: Path
) -> None:
    import_archive(case, ig_zip)
    before, copies = _dump(case), sorted(case.sources_dir.iterdir())
    bad = zip_folder(IG_2025, tmp_path / "bad.zip")
    with zipfile.ZipFile(bad, "a") as zf:  # an extra thread whose JSON is cut off
        zf.writestr(
            "your_instagram_activity/messages/inbox/zz_1/message_1.json",
            b'{"participants": [{"name": "Z"}], "messages": [{"sender_name": "Z",',
        )
    with pytest.raises(ArchiveError, match="message_1.json"):
        import_archive(case, bad)
    assert _dump(case) == before
    assert sorted(case.sources_dir.iterdir()) == copies


def test_evidence_copy_and_private_modes(case: Case, ig_zip: Path) -> None:
    result = import_archive(case, ig_zip)
    assert result.copy_path == case.sources_dir / f"{result.sha256}.zip"
    assert result.copy_path.read_bytes() == ig_zip.read_bytes()
    assert stat.S_IMODE(result.copy_path.stat().st_mode) == 0o400
    assert stat.S_IMODE(case.db_path.stat().st_mode) == 0o600


def test_no_copy(case: Case, ig_zip: Path) -> None:
    result = import_archive(case, ig_zip, copy=False)
    assert result.copy_path is None
    assert not case.sources_dir.exists() or not any(case.sources_dir.iterdir())


def test_same_text_twice_in_a_minute_is_two_records(case: Case, tmp_path: Path) -> None:
    """Repetition matters in court: identical messages are kept apart, re-imports still dedup."""
    folder = tmp_path / "export"
    thread = folder / "your_instagram_activity/messages/inbox/pat_1"
    thread.mkdir(parents=True)
    message = {"sender_name": "Pat", "timestamp_ms": 1_773_000_000_000, "content": "answer me"}
    later = {**message, "timestamp_ms": message["timestamp_ms"] + 20_000}
    (thread / "message_1.json").write_text(
        json.dumps(
            {
                "participants": [{"name": "Pat"}, {"name": "Jane Doe"}],
                "title": "Pat",
                "messages": [later, message],
            }
        )
    )
    assert import_archive(case, folder).added == 2
    assert import_archive(case, zip_folder(folder, tmp_path / "again.zip")).added == 0


def test_folder_of_downloads_imports_each_archive(case: Case, tmp_path: Path) -> None:
    downloads = tmp_path / "Downloads"
    downloads.mkdir()
    zip_folder(IG_2025, downloads / "instagram-a.zip")
    zip_folder(IG_2025.parent / "2021", downloads / "instagram-b.zip")
    (downloads / "holiday.jpg").write_bytes(b"\xff\xd8")
    results = import_path(case, downloads)
    assert [r.path.name for r in results] == ["instagram-a.zip", "instagram-b.zip"]
    assert all(r.added > 0 for r in results)
    with case.store() as store:
        assert store.db["sources"].count == 2
