"""The demo case plus one archive of each platform: the restrained person's hits on each."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from nocontact.cli import cli
from tests.helpers import DATA, zip_folder

ARCHIVES = {  # one real-shaped fixture per platform, as a user would download it
    "facebook": "facebook/2025",
    "messenger": "messenger/2025",
    "x": "x/2025",
    "tiktok": "tiktok/2025",
}


def test_restrained_person_is_found_on_every_platform(tmp_path: Path) -> None:
    case = tmp_path / "demo"
    assert CliRunner().invoke(cli, ["demo", "--dir", str(case)]).exit_code == 0
    paths = [
        str(zip_folder(DATA / "exports" / inner, tmp_path / f"{name}.zip"))
        for name, inner in ARCHIVES.items()
    ]
    imported = CliRunner().invoke(cli, ["--case", str(case), "import", *paths])
    assert imported.exit_code == 0, imported.output
    assert CliRunner().invoke(cli, ["--case", str(case), "match"]).exit_code == 0
    out = CliRunner().invoke(cli, ["--case", str(case), "hits", "--format", "json"]).output
    restrained = [h for h in json.loads(out) if h["subject"] == "restrained"]
    assert {h["platform"] for h in restrained} >= {"instagram", "facebook", "x", "tiktok"}
    known_x = [h for h in restrained if h["platform"] == "x"]
    assert any(h["kind"] == "known" and h["user_id"] == "1500000000000000082" for h in known_x)
