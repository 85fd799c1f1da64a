"""A refusal is one line on stderr, in a real process: warnings the readers logged before it
(a skipped record, an unknown owner) are held back; after a successful import they print."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.adversarial import corpus
from tests.adversarial.outcome import command, command_env, new_case, snapshot


def _import(case: Path, archive: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command(case, "import", str(archive)),
        capture_output=True,
        text=True,
        env=command_env(),
        timeout=300,
        check=False,
    )


def _attack(name: str) -> corpus.Attack:
    return next(a for a in corpus.ATTACKS if a.name == name)


@pytest.mark.parametrize("parser", ["facebook", "facebook_html"])
def test_a_refusal_after_a_skipped_record_is_one_line(tmp_path: Path, parser: str) -> None:
    """The fixture's odd notification is skipped (a warning) before the cut-off thread."""
    archive = corpus.build(parser, tmp_path / f"{parser}.zip", _attack("truncated"))
    case = new_case(tmp_path / "case")
    before = snapshot(case)
    done = _import(case, archive)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("error: "), done.stderr
    assert "the page ends inside" in done.stderr or "invalid JSON" in done.stderr
    assert snapshot(case) == before


def test_a_refusal_after_archive_owner_unknown_is_one_line(tmp_path: Path) -> None:
    """No profile and no other thread to tell the owner: that warning, then the cut-off file."""
    built = corpus.build("instagram", tmp_path / "built.zip", _attack("truncated"))
    archive = tmp_path / "instagram.zip"
    carrier = corpus.CARRIERS["instagram"][1]
    with zipfile.ZipFile(built) as source, zipfile.ZipFile(archive, "w") as target:
        for info in source.infolist():
            if "personal_information" in info.filename:
                continue
            thread = "/messages/" in info.filename and info.filename != carrier
            empty = b'{"participants": [], "messages": []}'
            target.writestr(info, empty if thread else source.read(info))
    done = _import(new_case(tmp_path / "case"), archive)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("error: "), done.stderr
    assert "invalid JSON" in done.stderr


def test_warnings_of_a_successful_import_still_print(tmp_path: Path) -> None:
    archive = corpus.build("facebook", tmp_path / "fb.zip", _attack("numbers_as_objects"))
    done = _import(new_case(tmp_path / "case"), archive)
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if line.startswith("WARNING ")]
    assert len(warnings) >= 2 and all("skipped" in line for line in warnings)
    assert "skipped" in done.stdout  # and the summary counts them
