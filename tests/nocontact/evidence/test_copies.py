"""An archive copy that cannot be read is a problem `verify` reports, never a traceback."""

from __future__ import annotations

import io
import os
import shutil
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from nocontact.case import Case
from nocontact.evidence import copies
from nocontact.intake.archives import import_archive
from tests.helpers import IG_2025
from tests.nocontact.evidence_case import first_problem, ig_case


def _one(case: Case, query: str) -> str:
    with sqlite3.connect(case.db_path) as conn:
        return conn.execute(query).fetchone()[0]


@pytest.fixture(scope="module")
def folder_pristine(tmp_path_factory: pytest.TempPathFactory) -> Case:
    """A case made from an extracted folder: its copy is a zip of the folder's files."""
    root = tmp_path_factory.mktemp("folder") / "case"
    root.mkdir()
    shutil.copy(ig_case(tmp_path_factory.mktemp("ig")).config_path, root / "config.toml")
    case = Case(root)
    import_archive(case, IG_2025)
    return case


@pytest.fixture
def folder_copy(folder_pristine: Case, tmp_path: Path) -> tuple[Case, Path, str]:
    """A copy of the folder case to tamper with, its archive copy and the copy's sha256."""
    case = Case(Path(shutil.copytree(folder_pristine.root, tmp_path / "case")))
    (path,) = case.sources_dir.iterdir()
    os.chmod(path, 0o600)
    return case, path, _one(case, "SELECT sha256 FROM sources")


def _flip_member_byte(data: bytes) -> bytes:
    """One byte of the last member's compressed data changed (its header left as it was)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.infolist()[-1]
    at = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 2
    return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]


@pytest.mark.parametrize(
    "edit",
    [
        lambda data: data[: len(data) // 2],
        lambda data: b"",
        lambda data: b"not a zip",
        _flip_member_byte,
    ],
    ids=["truncated", "emptied", "overwritten", "member-byte"],
)
def test_a_folder_copy_that_is_no_longer_a_zip(
    folder_copy: tuple[Case, Path, str], edit: Callable[[bytes], bytes]
) -> None:
    case, path, sha = folder_copy
    path.write_bytes(edit(path.read_bytes()))
    assert first_problem(case) == (
        f"source copy {path} does not match sha256 {sha}: it is not a readable zip"
    )


def test_a_folder_copy_replaced_by_a_directory(folder_copy: tuple[Case, Path, str]) -> None:
    case, path, _ = folder_copy
    path.unlink()
    (path / "member.json").parent.mkdir()
    (path / "member.json").write_text("{}", encoding="utf-8")
    assert first_problem(case) == f"source copy {path} is missing"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its permissions")
def test_a_copy_that_cannot_be_read(folder_copy: tuple[Case, Path, str]) -> None:
    case, path, _ = folder_copy
    os.chmod(path, 0)
    assert first_problem(case) == f"source copy {path} cannot be read (Permission denied)"


def test_a_copy_s_name_that_is_not_text(folder_copy: tuple[Case, Path, str]) -> None:
    case, _, _ = folder_copy
    with sqlite3.connect(case.db_path) as conn:
        conn.execute("UPDATE sources SET copy_path = X'00ff'")
    assert first_problem(case) == "source 1, column copy_path is not a file name"


def test_a_copy_is_checked_by_its_kind_and_a_sealed_one_needs_its_key(
    folder_copy: tuple[Case, Path, str],
) -> None:
    _, path, sha = folder_copy
    assert copies.check(path, sha, "folder", None) is None  # the members' manifest hash
    assert copies.check(path, sha, "archive", None) == (
        f"source copy {path} does not match sha256 {sha}"  # the file's own hash differs
    )
    path.write_bytes(b"NCSEAL1\n" + path.read_bytes())
    for kind in ("folder", "archive"):
        assert copies.check(path, sha, kind, None) == (
            f"source copy {path}: sealed; only its encrypted case can open it"
        )
