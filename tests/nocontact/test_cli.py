"""The CLI: the JSON contract, one-line errors, help and README coverage of every command."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from nocontact.case import Case
from nocontact.cli import cli
from tests.nocontact.store.test_hits import CONTRACT

ROOT = Path(__file__).resolve().parents[2]
ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")


def run(case: Case, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--case", str(case.root), *args])
    return result.exit_code, result.output


def test_import_match_hits_json_contract(case: Case, ig_zip: Path) -> None:
    code, out = run(case, "import", str(ig_zip))
    assert code == 0 and "note: this archive cannot show instagram: likes, comments" in out
    code, out = run(case, "match")
    assert code == 0 and "hits to review" in out
    code, out = run(case, "hits", "--format", "json")
    assert code == 0
    hits = json.loads(out)
    assert hits, "the fixture holds contact from the restrained person"
    for hit in hits:
        assert list(hit) == CONTRACT
        assert isinstance(hit["id"], int) and isinstance(hit["interactions"], int)
        assert 0 <= hit["score"] <= 1 and hit["kind"] in {"known", "alias", "third_party"}
        assert hit["status"] == "new" and hit["subject"]
        assert hit["reasons"] and all(isinstance(r, str) for r in hit["reasons"])
        assert ISO_UTC.match(hit["first_contact"]) and ISO_UTC.match(hit["last_contact"])
        assert hit["first_contact"] <= hit["last_contact"]
        assert hit["types"] and all(isinstance(t, str) for t in hit["types"])
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)
    with sqlite3.connect(case.db_path) as conn:
        assert conn.execute("SELECT count(*) FROM hits").fetchone()[0] == len(hits)


def test_corrupt_zip_is_one_line_and_changes_nothing(
    case: Case, ig_zip: Path, tmp_path: Path
) -> None:
    run(case, "import", str(ig_zip))
    before = case.db_path.read_bytes()
    corrupt = tmp_path / "instagram-corrupt.zip"
    corrupt.write_bytes(ig_zip.read_bytes()[: len(ig_zip.read_bytes()) // 2])
    result = CliRunner().invoke(cli, ["--case", str(case.root), "import", str(corrupt)])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "instagram-corrupt.zip" in result.output
    assert "Traceback" not in result.output
    assert case.db_path.read_bytes() == before


def test_unknown_archive_lists_what_it_holds(case: Case, tmp_path: Path) -> None:
    folder = tmp_path / "photos"
    folder.mkdir()
    (folder / "cat.jpg").write_bytes(b"\xff\xd8")
    code, out = run(case, "import", str(folder))
    assert code == 1 and "not a recognised export" in out and "cat.jpg" in out


def test_bad_config_stops_import_with_one_line(case: Case, ig_zip: Path) -> None:
    case.config_path.write_text("[order]\nissued = 2026-02-30\n", encoding="utf-8")
    code, out = run(case, "import", str(ig_zip))
    assert code == 1 and out.count("\n") == 1 and "issued = 2026-02-30" in out
    assert not case.db_path.exists()


def test_init_writes_config_once(tmp_path: Path) -> None:
    case = Case(tmp_path / "new")
    assert run(case, "init")[0] == 0
    assert case.config().order.jurisdiction == "US-NY"
    code, out = run(case, "init")
    assert code == 1 and "already exists" in out


def _commands() -> list[str]:
    return sorted(cli.commands)


@pytest.mark.parametrize("command", _commands())
def test_every_command_has_help_and_is_in_readme(command: str) -> None:
    assert cli.commands[command].help, f"{command} has no help text"
    assert f"nocontact {command}" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert CliRunner().invoke(cli, [command, "--help"]).exit_code == 0
