"""A case folder: fixed places for config, database and evidence, all private."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from nocontact.case import Case
from nocontact.errors import StoreError


def test_places_and_private_folders(tmp_path: Path) -> None:
    case = Case(tmp_path / "case")
    assert case.config_path == tmp_path / "case" / "config.toml"
    assert case.db_path.name == "nocontact.db" and case.sources_dir.parts[-2:] == (
        "evidence",
        "sources",
    )
    made = case.private_dir(case.sources_dir)
    assert stat.S_IMODE(made.stat().st_mode) == 0o700


def test_the_store_is_created_private_or_refused_when_asked_not_to_create(tmp_path: Path) -> None:
    case = Case(tmp_path / "case")
    with pytest.raises(StoreError, match="nocontact import"):
        case.store(create=False)
    case.store().close()
    assert stat.S_IMODE(case.db_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(case.root.stat().st_mode) == 0o700
