"""Every parser against the same hostile archives: refused in one line, or imported safely.

A refusal must leave the case exactly as it was; an import must store hostile characters
escaped, and what the tool prints or writes from them must stay inert.
"""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawlers.archive import Archive
from crawlers.errors import UnsafeArchive
from nocontact.cli import cli
from tests.adversarial import corpus
from tests.adversarial.outcome import integrity, new_case, run_import

CASES = [(p, a) for p in corpus.CARRIERS for a in corpus.ATTACKS]


@pytest.mark.parametrize(("parser", "attack"), CASES, ids=[f"{p}-{a.name}" for p, a in CASES])
def test_attack_on_a_data_file(tmp_path: Path, parser: str, attack: corpus.Attack) -> None:
    archive = corpus.build(parser, tmp_path / f"{parser}.zip", attack)
    outcome = run_import(new_case(tmp_path / "case"), archive)
    expected = corpus.expected(parser, attack)
    assert outcome.exit_code in (0, 1), outcome.output
    if outcome.refused:
        assert expected in ("refused", "safe"), outcome.output
        assert outcome.one_line, outcome.output
        assert not outcome.changed, "a refused archive changed the case"
    else:
        assert expected in ("imported", "safe"), outcome.output
        assert outcome.integrity == "ok"


@pytest.mark.parametrize("kind", corpus.ZIP_ATTACKS)
@pytest.mark.parametrize("parser", sorted(corpus.CARRIERS))
def test_attack_on_the_zip(tmp_path: Path, parser: str, kind: str) -> None:
    archive = corpus.zip_attack(parser, tmp_path / f"{parser}.zip", kind)
    outcome = run_import(new_case(tmp_path / "case"), archive)
    assert outcome.refused and outcome.one_line, outcome.output
    assert not outcome.changed


def test_hostile_characters_are_stored_escaped(tmp_path: Path) -> None:
    case = new_case(tmp_path / "case")
    for name in ("nul_bytes", "lone_surrogates"):
        attack = next(a for a in corpus.ATTACKS if a.name == name)
        assert (
            run_import(case, corpus.build("messenger", tmp_path / f"{name}.zip", attack)).exit_code
            == 0
        )
    with sqlite3.connect(case / "nocontact.db") as conn:
        texts = [r[0] for r in conn.execute("SELECT text FROM interactions WHERE text IS NOT NULL")]
        names = [r[0] for r in conn.execute("SELECT display_name FROM accounts")]
    conn.close()
    assert any("\\u0000after" in t for t in texts) and any("\\udc80\\ud800" in t for t in texts)
    assert not any("\x00" in t or any(0xD800 <= ord(c) < 0xE000 for c in t) for t in texts + names)


def test_what_is_printed_or_written_from_hostile_text_stays_inert(tmp_path: Path) -> None:
    case = new_case(tmp_path / "case")
    for name in ("control_chars", "formula_text", "nul_bytes"):
        attack = next(a for a in corpus.ATTACKS if a.name == name)
        outcome = run_import(case, corpus.build("messenger", tmp_path / f"{name}.zip", attack))
        assert outcome.exit_code == 0
    run = CliRunner().invoke
    assert run(cli, ["--case", str(case), "match"]).exit_code == 0
    table = run(cli, ["--case", str(case), "hits"]).output
    assert "Robert Miller" in table and "\x1b" not in table and "\x07" not in table
    rows = list(
        csv.reader(io.StringIO(run(cli, ["--case", str(case), "hits", "--format", "csv"]).output))
    )
    cells = [cell for row in rows[1:] for cell in row]
    assert cells and not any(c.lstrip(" \n\t\r").startswith(("=", "+", "-", "@")) for c in cells)
    report = tmp_path / "report.html"
    assert run(cli, ["--case", str(case), "report", "-o", str(report)]).exit_code == 0
    html = report.read_bytes()
    assert b"\x00" not in html and b"\x1b" not in html
    assert "[U+202E]" in html.decode() and "[U+001B]" in html.decode()


def test_a_zip_header_that_lies_about_the_size_is_refused(tmp_path: Path) -> None:
    archive = corpus.lying_bomb(tmp_path / "instagram.zip", 50 * 1024**2)
    outcome = run_import(new_case(tmp_path / "case"), archive)
    assert outcome.refused and outcome.one_line, outcome.output
    assert not outcome.changed


def test_member_and_archive_caps_are_counted_while_streaming(tmp_path: Path) -> None:
    folder = tmp_path / "export" / "connections" / "followers_and_following"
    folder.mkdir(parents=True)
    for n in range(3):
        (folder / f"followers_{n + 1}.json").write_bytes(b"[" + b" " * 4_000_000 + b"]")
    one_member = Archive(tmp_path / "export", max_json_bytes=3_000_000)
    with one_member, pytest.raises(UnsafeArchive, match="inflates to more than"):
        list(one_member.iter_records(one_member.names[0]))
    all_members = Archive(tmp_path / "export", max_read_bytes=10_000_000)
    with all_members, pytest.raises(UnsafeArchive, match="the archive inflates to more than"):
        for name in all_members.names:
            list(all_members.iter_records(name))


@pytest.fixture(scope="module")
def crowded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return corpus.tiny_members(tmp_path_factory.mktemp("crowded") / "instagram.zip", 200_000)


@pytest.mark.slow
def test_two_hundred_thousand_tiny_members_import(tmp_path: Path, crowded: Path) -> None:
    outcome = run_import(new_case(tmp_path / "case"), crowded)
    assert outcome.exit_code == 0, outcome.output
    assert integrity(tmp_path / "case") == "ok"


@pytest.mark.slow
def test_one_member_over_the_cap_is_refused(tmp_path: Path, crowded: Path) -> None:
    with pytest.raises(UnsafeArchive, match="exceed the cap of 199999"):
        Archive(crowded, max_members=199_999)


def _long_messages(data: bytes, html: bool) -> bytes:
    """Each message text 200,000 characters long (a genuine export can hold such a message)."""

    def grow(value: object, key: str = "") -> object:
        if isinstance(value, dict):
            return {k: grow(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [grow(v, key) for v in value]
        return value + " then" * 40_000 if key == "text" and isinstance(value, str) else value

    return corpus._json(data, grow)


def test_an_export_with_a_cell_over_128_kib_verifies(tmp_path: Path) -> None:
    archive = corpus.build(
        "messenger", tmp_path / "m.zip", corpus.Attack("long", "", _long_messages)
    )
    case = new_case(tmp_path / "case")
    run = CliRunner().invoke
    assert run_import(case, archive).exit_code == 0
    assert run(cli, ["--case", str(case), "match"]).exit_code == 0
    with sqlite3.connect(case / "nocontact.db") as conn:
        hits = [h for (h,) in conn.execute("SELECT id FROM hits")]
    conn.close()
    for hit in hits:
        assert run(cli, ["--case", str(case), "decide", str(hit), "confirm"]).exit_code == 0
    folder = tmp_path / "export"
    assert run(cli, ["--case", str(case), "export", "-o", str(folder)]).exit_code == 0
    longest = max(len(line) for line in (folder / "log.csv").read_text("utf-8-sig").splitlines())
    assert longest > 131_072  # over the csv module's default field limit
    result = run(cli, ["--case", str(case), "verify", str(folder)])
    assert result.exit_code == 0, result.output
