"""The CLI as a frightened person meets it: instant start, progress, one-line errors, guards."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from nocontact.case import Case
from nocontact.cli import INTERRUPTED, cli

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("sklearn", "skops", "scrapy", "matplotlib", "fpdf", "PIL")


def run(case: Case, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--case", str(case.root), *args])
    return result.exit_code, result.stdout, result.stderr


def test_importing_the_cli_pulls_in_no_heavy_library() -> None:
    code = "import sys, nocontact.cli; print(sorted({m.split('.')[0] for m in sys.modules}))"
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    ).stdout
    loaded = set(json.loads(out.replace("'", '"')))
    assert not loaded & set(HEAVY), f"imported at start: {sorted(loaded & set(HEAVY))}"


def test_reading_commands_load_no_numeric_library(case: Case, ig_zip: Path) -> None:
    run(case, "import", str(ig_zip))
    code = (
        "import sys; from nocontact.cli import cli\n"
        "for args in (['hits'], ['status'], ['decide', '1', 'note', 'x']):\n"
        "    try: cli.main(['-q', '--case', sys.argv[1], *args])\n"
        "    except SystemExit: pass\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'numpy', *sys.argv[2:]}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(case.root), *HEAVY],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    ).stdout
    assert out.splitlines()[-1] == "[]"


def test_import_reports_progress_unless_quiet(case: Case, ig_zip: Path) -> None:
    code, out, err = run(case, "import", str(ig_zip))
    assert code == 0 and f"importing {ig_zip.name}: records read" in err
    assert "records read" not in out.replace(ig_zip.name + " [", "")  # progress is stderr only
    code, _, err = run(case, "-q", "match")
    assert code == 0 and "scoring" not in err
    code, _, err = run(case, "match")
    assert code == 0 and "match: scoring" in err


@pytest.mark.parametrize(
    "args",
    [
        ["hits", "--case", "{case}"],
        ["hits", "--case={case}", "-v"],
        ["hits", "-q", "--case", "{case}", "--format", "json"],
    ],
)
def test_global_options_after_the_subcommand(case: Case, ig_zip: Path, args: list[str]) -> None:
    CliRunner().invoke(cli, ["--case", str(case.root), "import", str(ig_zip)])
    result = CliRunner().invoke(cli, [a.format(case=case.root) for a in args])
    assert result.exit_code == 0, result.output


def test_h_is_help_everywhere() -> None:
    assert "Usage" in CliRunner().invoke(cli, ["-h"]).output
    assert "--min-score" in CliRunner().invoke(cli, ["hits", "-h"]).output


def test_report_into_a_missing_folder_is_one_line(case: Case, ig_zip: Path, tmp_path: Path) -> None:
    run(case, "import", str(ig_zip))
    target = tmp_path / "no" / "such" / "report.html"
    code, out, err = run(case, "report", "-o", str(target))
    assert code == 1 and out == "" and err.count("\n") == 1
    assert str(target) in err and "No such file or directory" in err


def test_verify_on_a_folder_that_is_not_an_export(case: Case, ig_zip: Path, tmp_path: Path) -> None:
    run(case, "import", str(ig_zip))
    code, _, err = run(case, "verify", str(case.root / "evidence"))
    assert code == 1 and err.count("\n") == 1 and "is not a nocontact export" in err


def test_config_guards_name_the_key(case: Case) -> None:
    text = case.config_path.read_text(encoding="utf-8")
    expired = text.replace("issued = 2026-03-02", "issued = 2026-03-02\nexpires = 2026-01-01")
    case.config_path.write_text(expired, encoding="utf-8")
    code, out, _ = run(case, "status")
    assert code == 0 and "order.expires: 2026-01-01 is before order.issued 2026-03-02" in out
    assert "next step: fix config.toml" in out
    assert run(case, "match")[0] == 1
    case.config_path.write_text(text.replace("instagram = [", "instagarm = ["), encoding="utf-8")
    code, out, _ = run(case, "status", "--format", "json")
    problem = json.loads(out)["config_problem"]
    assert "restrained.handles.instagarm: unknown platform (did you mean 'instagram'?" in problem


def test_hits_say_when_match_has_not_run(case: Case, ig_zip: Path) -> None:
    run(case, "import", str(ig_zip))
    code, out, err = run(case, "hits")
    assert code == 0 and "No hits" in out and "run `nocontact match`" in err
    code, _, err = run(case, "report", "-o", str(case.root / "report.html"))
    assert code == 0 and "run `nocontact match`" in err
    run(case, "match")
    assert "nocontact match" not in run(case, "hits")[2]


def test_repeated_identical_decisions_are_no_ops(case: Case, ig_zip: Path) -> None:
    run(case, "import", str(ig_zip))
    run(case, "match")
    hit = json.loads(run(case, "hits", "--format", "json")[1])[0]["id"]
    first = run(case, "decide", str(hit), "confirm")[1]
    again = run(case, "decide", str(hit), "confirm")[1]
    run(case, "decide", str(hit), "note", "he called too")
    note_again = run(case, "decide", str(hit), "note", "he called too")[1]
    assert "recorded at" in first and "already confirmed; nothing added" in again
    assert "already recorded; nothing added" in note_again
    with sqlite3.connect(case.db_path) as conn:
        assert conn.execute("SELECT count(*) FROM reviews").fetchone()[0] == 2
        assert (
            conn.execute("SELECT count(*) FROM ledger WHERE action = 'review'").fetchone()[0] == 2
        )


def test_hits_and_decide_show_the_case_time_zone(case: Case, ig_zip: Path) -> None:
    text = case.config_path.read_text(encoding="utf-8")
    case.config_path.write_text(
        text.replace(
            'jurisdiction = "US-NY"', 'jurisdiction = "US-NY"\ntimezone = "America/New_York"'
        ),
        encoding="utf-8",
    )
    run(case, "import", str(ig_zip))
    run(case, "match")
    table = run(case, "hits")[1]
    assert "first contact (America/New_York)" in table and ("EDT" in table or "EST" in table)
    assert "Z " not in table and not any(line.endswith("Z") for line in table.splitlines())
    hit = json.loads(run(case, "hits", "--format", "json")[1])[0]
    assert hit["first_contact"].endswith("Z")  # JSON stays ISO UTC
    decided = run(case, "decide", str(hit["id"]), "dismiss")[1]
    assert ("EDT" in decided or "EST" in decided) and "Z (" not in decided


def test_ctrl_c_exits_130(case: Case, tmp_path: Path) -> None:
    fifo = tmp_path / "never-ending.zip"
    os.mkfifo(fifo)  # the import blocks reading it until interrupted
    process = subprocess.Popen(
        [sys.executable, "-m", "nocontact", "--case", str(case.root), "import", str(fifo)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stderr=subprocess.PIPE,
        text=True,
    )
    writer = None
    for _ in range(600):  # opening the write end succeeds once nocontact holds the read end
        try:
            writer = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            break
        except OSError:
            time.sleep(0.05)
    assert writer is not None, "nocontact never opened the file"
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    os.close(writer)
    assert process.returncode == INTERRUPTED and "Traceback" not in err
