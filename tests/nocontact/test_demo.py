"""`nocontact demo` end to end: the disguised accounts are flagged, no innocent is."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from nocontact.case import Case
from nocontact.cli import cli

FLAGGED = {  # (handle or display name) -> kind, from nocontact/data/demo/README.md
    "rob.miller82": "known",
    "Robert Miller": "alias",
    "r0b_m1ll3r": "alias",
    "Bobby Miller": "alias",
    "Miller Robert": "alias",
    "bob.miller.82": "alias",
    "mary.m.miller": "third_party",
    "Mary Miller": "third_party",
}


def test_demo_flags_the_disguises_and_no_innocent(tmp_path: Path) -> None:
    case = tmp_path / "demo"
    result = CliRunner().invoke(cli, ["demo", "--dir", str(case)])
    assert result.exit_code == 0, result.output
    assert f"open its report: {case / 'report.html'}" in result.output
    assert "suspected link to the restrained person" in result.output
    hits = json.loads(
        CliRunner().invoke(cli, ["--case", str(case), "hits", "--format", "json"]).output
    )
    found = {h["handle"] or h["display_name"]: h["kind"] for h in hits}
    assert found == FLAGGED
    assert all(h["score"] == 1.0 for h in hits if h["kind"] == "known")
    with_handle = {h["handle"]: h for h in hits if h["handle"]}
    assert with_handle["rob.miller82"]["types"] == ["follow_request"]
    assert "message_request" in {t for h in hits for t in h["types"]}
    html = (case / "report.html").read_text(encoding="utf-8")
    assert "Janie-bean" in html and "What these archives cannot show" in html
    verify = CliRunner().invoke(cli, ["--case", str(case), "verify"])
    assert verify.exit_code == 0 and "verify OK" in verify.output


def test_demo_import_twice_gives_identical_counts(tmp_path: Path) -> None:
    case = tmp_path / "demo"
    CliRunner().invoke(cli, ["demo", "--dir", str(case)])
    (archive,) = (case / "downloads").iterdir()
    before = _counts(case)
    again = CliRunner().invoke(cli, ["--case", str(case), "import", str(archive)])
    assert again.exit_code == 0 and "nothing added" in again.output
    assert _counts(case) == before


def _counts(root: Path) -> dict[str, int]:
    with Case(root).store(create=False) as store:
        return store.counts()
