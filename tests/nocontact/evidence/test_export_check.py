"""An export folder checked on its own and against its case: each problem names its file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from nocontact.case import Case
from nocontact.evidence import export, export_check
from tests.nocontact.evidence_case import confirm, demo_case


@pytest.fixture(scope="module")
def sealed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Case, Path]:
    """One export of the demo case, copied by each test before it changes anything."""
    root = tmp_path_factory.mktemp("sealed")
    case = demo_case(root)
    confirm(case, "Robert Miller", "Mary Miller")
    return case, export.export(case, root / "evidence").folder


@pytest.fixture
def folder(sealed: tuple[Case, Path], tmp_path: Path) -> Path:
    return Path(shutil.copytree(sealed[1], tmp_path / "evidence"))


def _problems(folder: Path, case: Case | None = None) -> list[str]:
    return export_check.check(folder, case).problems


def test_an_untouched_export_passes_alone_and_against_its_case(
    sealed: tuple[Case, Path], folder: Path
) -> None:
    alone = export_check.check(folder)
    with_case = export_check.check(folder, sealed[0])
    assert alone.ok and not alone.against_case and "no case database here" in alone.summary()
    assert with_case.ok and with_case.against_case and with_case.files == alone.files > 4


def test_a_raw_copy_that_disagrees_with_the_log_is_named(folder: Path) -> None:
    copies = sorted(p.relative_to(folder).as_posix() for p in (folder / "records").iterdir())
    (folder / copies[0]).write_bytes(b"{}")
    problems = _problems(folder)
    assert any(p.startswith(f"{copies[0]}: altered") for p in problems)
    assert any(p.startswith(f"{copies[0]}: does not match raw_sha256 on line") for p in problems)


def test_unreadable_index_files_are_named(folder: Path) -> None:
    (folder / "SHA256SUMS").write_text("not a line of sha256sum\n", encoding="utf-8")
    (folder / "manifest.json").write_text("{", encoding="utf-8")
    problems = _problems(folder)
    assert "SHA256SUMS: line 1 is not 'sha256  name'" in problems
    assert any(p.startswith("manifest.json: not readable JSON") for p in problems)


def test_a_manifest_without_a_files_table_or_with_outside_paths(folder: Path) -> None:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    (folder / "manifest.json").write_text(json.dumps({"files": []}), encoding="utf-8")
    assert "manifest.json: has no 'files' table of name → sha256" in _problems(folder)
    manifest["files"]["../outside.txt"] = "0" * 64
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert any("a path outside the export folder" in p for p in _problems(folder))


def test_a_missing_log_is_named(folder: Path) -> None:
    (folder / "log.csv").unlink()
    problems = _problems(folder)
    assert "log.csv: missing" in problems
    assert "log.csv: missing (listed in manifest.json)" in problems


def test_an_export_from_another_case_fails_against_this_one(folder: Path, tmp_path: Path) -> None:
    other = demo_case(tmp_path / "other")
    problems = _problems(folder, other)
    assert "manifest.json: not the manifest any export in this case's ledger sealed" in problems
    assert "manifest.json: its ledger head is not an entry of this case's ledger" in problems
