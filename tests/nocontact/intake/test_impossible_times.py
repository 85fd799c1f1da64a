"""An impossible time read by any parser is stored as read, flagged and listed (issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawlers import exports
from nocontact.case import Case
from nocontact.intake.archives import import_archive
from tests.crawlers.test_every_parser import CONFIG, SHAPES, _parse, _write


@pytest.mark.parametrize("name", [p.NAME for p in exports.PARSERS])
def test_an_impossible_time_is_stored_flagged_and_listed(name: str, tmp_path: Path) -> None:
    archive = _write(tmp_path / "archive", SHAPES[name].impossible)
    (found,), _ = _parse(archive, name)
    root = tmp_path / "case"
    root.mkdir()
    (root / "config.toml").write_text(CONFIG, encoding="utf-8")
    result = import_archive(Case(root), archive, platform=name)
    assert result.implausible == [f"{found.occurred_at:%Y}-01-23T10:40:00.000Z at {found.locator}"]
    assert "1 implausible time, stored as read and flagged" in result.summary()
    with Case(root).store() as store, store.reading() as conn:
        (stored,) = conn.execute("SELECT occurred_at FROM interactions").fetchone()
    assert stored == "2516-01-23T10:40:00.000Z"
