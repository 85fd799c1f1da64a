"""An archive's identity: the same for a zip and for the folder it was made from."""

from __future__ import annotations

import hashlib
from pathlib import Path

from nocontact.store import fingerprint
from tests.helpers import IG_2025, zip_folder


def test_a_zip_and_its_folder_share_one_manifest_hash(tmp_path: Path) -> None:
    archive = zip_folder(IG_2025, tmp_path / "ig.zip")
    assert fingerprint.zip_members_sha256(archive) == fingerprint.folder_sha256(IG_2025)
    assert fingerprint.source_sha256(IG_2025) == fingerprint.folder_sha256(IG_2025)
    assert fingerprint.source_sha256(archive) == fingerprint.file_sha256(archive)


def test_a_folder_hash_changes_with_any_byte_or_name(tmp_path: Path) -> None:
    folder = tmp_path / "a"
    (folder / "inner").mkdir(parents=True)
    (folder / "inner" / "x.json").write_text("[1]", encoding="utf-8")
    before = fingerprint.folder_sha256(folder)
    (folder / "inner" / "x.json").write_text("[2]", encoding="utf-8")
    changed = fingerprint.folder_sha256(folder)
    (folder / "inner" / "x.json").rename(folder / "inner" / "y.json")
    assert len({before, changed, fingerprint.folder_sha256(folder)}) == 3


def test_text_hashes_are_of_utf8_bytes_and_null_stays_null() -> None:
    assert fingerprint.text_sha256(None) is None
    assert fingerprint.text_sha256("é") == hashlib.sha256("é".encode()).hexdigest()


def test_a_blob_where_text_was_stored_matches_no_text_s_hash() -> None:
    """An enrichment's record made a BLOB outside nocontact: verify reports, never crashes."""
    found = fingerprint.text_sha256(b"\xc3\xa9")  # type: ignore[arg-type]
    assert found is not None and found != fingerprint.text_sha256("é")
