"""The evidence commands (nocontact/cli_evidence.py): hits filters and formats, the report's
escaping, export's default folder and refusals."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from nocontact import cli_evidence
from nocontact.case import Case
from nocontact.cli import cli


def run(case: Case, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--case", str(case.root), *args])
    return result.exit_code, result.stdout, result.stderr


def test_every_evidence_command_is_on_the_group() -> None:
    assert all(cli.commands[command.name] is command for command in cli_evidence.COMMANDS)


def test_hits_filters_and_formats(case: Case, ig_zip: Path) -> None:
    run(case, "import", str(ig_zip))
    run(case, "match")
    everything = json.loads(run(case, "hits", "--format", "json")[1])
    high = json.loads(run(case, "hits", "--format", "json", "--min-score", "0.99")[1])
    assert {h["id"] for h in high} == {h["id"] for h in everything if h["score"] >= 0.99}
    assert json.loads(run(case, "hits", "--format", "json", "--status", "confirmed")[1]) == []
    csv_out = run(case, "hits", "--format", "csv")[1].splitlines()
    assert csv_out[0].split(",")[:3] == ["id", "platform", "handle"]
    assert len(csv_out) == len(everything) + 1
    assert "suspected link to" in run(case, "hits")[1]


def test_report_escapes_platform_text(case: Case, ig_zip: Path, tmp_path: Path) -> None:
    run(case, "import", str(ig_zip))
    run(case, "match")
    with sqlite3.connect(case.db_path) as conn:  # hostile text as a platform could carry it
        conn.execute("UPDATE accounts SET display_name = '<script>alert(1)</script>'")
        conn.execute("UPDATE interactions SET text = '<img src=x onerror=alert(2)>'")
    out = tmp_path / "report.html"
    assert run(case, "report", "-o", str(out))[0] == 0
    html = out.read_text(encoding="utf-8")
    assert "<script>" not in html and "<img src=x" not in html  # images are ours, data: only
    assert all(src.startswith("data:") for src in re.findall(r'<img src="([^"]*)"', html))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert not re.search(r"""(src|href)=["']?https?:""", html), "no external requests"
    assert (out.stat().st_mode & 0o777) == 0o600


def test_export_refuses_the_case_evidence_folder_and_has_a_default(
    case: Case, ig_zip: Path
) -> None:
    run(case, "import", str(ig_zip))
    run(case, "match")
    hit = json.loads(run(case, "hits", "--format", "json")[1])[0]["id"]
    run(case, "decide", str(hit), "confirm")
    code, _, err = run(case, "export", "-o", str(case.root / "evidence"))
    assert code == 1 and "the case's own evidence/ folder" in err
    code, out, _ = run(case, "export")
    made = [p for p in case.root.iterdir() if p.name.startswith("export-")]
    assert code == 0 and len(made) == 1 and (made[0] / "manifest.json").is_file()
    assert run(case, "verify", str(made[0]))[0] == 0
