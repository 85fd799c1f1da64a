"""Issue 13, items 6–10 through the whole pipeline: store, match, report, export, review."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from crawlers.errors import UnknownFormat
from nocontact.case import Case
from nocontact.cli import cli
from nocontact.errors import ConfigError
from nocontact.evidence import hit_records, report, verification
from nocontact.intake.archives import EXAMPLE_CONFIG, import_archive
from nocontact.match import scoring
from nocontact.review import decisions
from nocontact.review.pages import Pages
from nocontact.store.hits import list_hits
from tests.helpers import DATA, IG_2025, zip_folder

EXPORTS = DATA / "exports"
ROB_X = "1500000000000000082"
NO_TIME = "time not given by the archive"
CONFIG = """
[order]
issued = {issued}

[[protected.accounts]]
platform = "{platform}"
handle = "{handle}"

[restrained]
names = {names}
user_ids = {{ x = ["{rob}"] }}
"""


def _case(
    tmp_path: Path, *, platform: str = "x", handle: str = "janedoe_old", **extra: str
) -> Case:
    root = tmp_path / "case"
    root.mkdir()
    values = {"issued": "2018-01-01", "names": '["Robert Miller"]', "rob": ROB_X, **extra}
    text = CONFIG.format(platform=platform, handle=handle, **values)
    (root / "config.toml").write_text(text, encoding="utf-8")
    return Case(root)


def _rows(case: Case, sql: str, *args: object) -> list[tuple]:
    with case.store() as store:
        return store.db.execute(sql, args).fetchall()


def test_6_two_instagram_user_threads_stay_two_accounts_never_matched_by_name(
    tmp_path: Path,
) -> None:
    case = _case(tmp_path, platform="instagram", handle="jane.doe", names='["Instagram User"]')
    import_archive(case, zip_folder(EXPORTS / "instagram" / "2026", tmp_path / "ig.zip"))
    accounts = _rows(case, "SELECT key FROM accounts WHERE display_name = 'Instagram User'")
    assert len(accounts) == 2
    scoring.run_match(case)
    with case.store() as store:
        hits = list_hits(store.db.conn)
    assert not [h for h in hits if h.display_name == "Instagram User"]


def _confirmed_x_case(tmp_path: Path) -> Case:
    case = _case(tmp_path)
    import_archive(case, zip_folder(EXPORTS / "x" / "2018", tmp_path / "twitter-2018.zip"))
    scoring.run_match(case)
    with case.store() as store:
        (hit,) = [h for h in list_hits(store.db.conn) if h.user_id == ROB_X]
    decisions.decide(case, hit.id, "confirm")
    return case


def test_7_undated_records_say_so_everywhere_and_are_never_numbered(tmp_path: Path) -> None:
    case = _confirmed_x_case(tmp_path)
    stored = _rows(case, "SELECT type, occurred_at FROM interactions ORDER BY type")
    assert ("follow", None) in stored
    html = report.render(case)
    assert NO_TIME in html
    assert "Time not given by the archive: contact to review, not placed inside or " in html
    assert "hora no indicada en el archivo" in report.render(case, lang="es")
    folder = tmp_path / "evidence"
    result = CliRunner().invoke(cli, ["--case", str(case.root), "export", "-o", str(folder)])
    assert result.exit_code == 0, result.output
    text = (folder / "log.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    follow = next(r for r in rows if r["type"] == "follow")
    assert follow["date"] == NO_TIME and follow["utc"] == "" and follow["violation"] == "no"
    assert follow["under_the_order"].startswith("Time not given by the archive")
    message = next(r for r in rows if r["type"] == "message" and r["direction"] == "in")
    assert message["violation"] == "yes" and rows[-1] is follow  # undated rows come last
    pdf = " ".join(page.extract_text() for page in PdfReader(folder / "log.pdf").pages)
    assert NO_TIME in " ".join(pdf.split())
    with case.store() as store:
        (hit,) = list_hits(store.db.conn)
    page = Pages(case, "en").hit(hit.id)
    assert page is not None and NO_TIME in page


def test_7_the_repetition_numbers_only_dated_contact(tmp_path: Path) -> None:
    case = _confirmed_x_case(tmp_path)
    with case.store() as store:
        found = hit_records.load(store.db.conn, case.config(), case.root)
    repeats = hit_records.repetition(found)
    assert [(r.overall, r.contact.type) for r in repeats] == [(1, "message")]
    undated = [c for r in found for c in r.contacts if c.at is None]
    assert undated and all(c.assessment.standing == "undated" for c in undated)


def test_8_impossible_dates_are_stored_flagged_and_listed(tmp_path: Path) -> None:
    case = _case(tmp_path, platform="facebook", handle="jane.doe.example")
    result = import_archive(case, zip_folder(EXPORTS / "facebook" / "2026", tmp_path / "fb.zip"))
    summary = result.summary()
    assert "1 implausible time, stored as read and flagged: 2516-01-23T10:40:00.000Z" in summary
    assert "connections/friends/your_friends.json#1" in summary
    assert "3 undated (time not given by the archive)" in summary
    assert ("2516-01-23T10:40:00.000Z",) in _rows(case, "SELECT occurred_at FROM interactions")


def test_9_a_forced_platform_that_reads_nothing_records_nothing(tmp_path: Path) -> None:
    case = _case(tmp_path, platform="instagram", handle="jane.doe")
    archive = zip_folder(IG_2025, tmp_path / "instagram.zip")
    with pytest.raises(UnknownFormat, match="--platform tiktok found nothing"):
        import_archive(case, archive, platform="tiktok")
    assert _rows(case, "SELECT count(*) FROM sources") == [(0,)]
    assert not list((case.root / "evidence" / "sources").glob("*"))
    again = import_archive(case, archive)
    assert again.already_imported_at is None and again.added > 0


def test_9_already_imported_only_for_the_parsers_that_read_it(tmp_path: Path) -> None:
    case = _case(tmp_path, platform="facebook", handle="jane.doe.example")
    archive = zip_folder(EXPORTS / "facebook" / "messages-only", tmp_path / "messages.zip")
    wrong = import_archive(case, archive, platform="instagram")  # Instagram reads the threads too
    assert wrong.platforms == ["instagram"] and wrong.added > 0
    right = import_archive(case, archive)
    assert right.already_imported_at is None and right.platforms == ["facebook"]
    assert right.added == 8
    assert import_archive(case, archive).already_imported_at is not None
    assert _rows(case, "SELECT parsers FROM sources") == [("instagram/1,facebook/1",)]
    checked = verification.verify(case)
    # the order's terms sealed once, then both imports, each still sealing its own rows
    assert checked.problems == [] and checked.ledger_entries == 3


@pytest.mark.parametrize(
    ("platform", "handle", "warned"),
    [
        ("x", "janedoe_old", None),
        ("x", "someone_else", "not one of your [[protected.accounts]]"),
        ("instagram", "jane.doe", "lists no x account of yours"),
    ],
)
def test_10_an_archive_of_someone_else_is_flagged(
    tmp_path: Path, platform: str, handle: str, warned: str | None
) -> None:
    case = _case(tmp_path, platform=platform, handle=handle)
    result = import_archive(case, zip_folder(EXPORTS / "x" / "2018", tmp_path / "x.zip"))
    if warned is None:
        assert result.warnings == []
    else:
        assert len(result.warnings) == 1 and warned in result.warnings[0]
        assert "'janedoe_old'" in result.warnings[0]
        assert f"warning: {result.warnings[0]}" in result.summary()


def test_10_facebook_display_name_matches_a_handle_written_alike(tmp_path: Path) -> None:
    case = _case(tmp_path, platform="facebook", handle="jane.doe")
    result = import_archive(case, EXPORTS / "facebook" / "html-2025")
    assert result.warnings == []


def test_10_the_unedited_example_config_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "case"
    root.mkdir()
    (root / "config.toml").write_bytes(EXAMPLE_CONFIG.read_bytes())
    with pytest.raises(ConfigError, match="still the unedited example"):
        import_archive(Case(root), IG_2025)
    result = CliRunner().invoke(cli, ["--case", str(root), "import", str(IG_2025)])
    assert result.exit_code == 1
    assert "still the unedited example" in result.output and len(result.output.splitlines()) == 1
    assert not (root / "nocontact.db").exists() or _rows(Case(root), "SELECT 1 FROM sources") == []


def test_undated_records_dedup_across_downloads(tmp_path: Path) -> None:
    """The dedup key of an undated record has no minute, so a second download adds nothing."""
    case = _case(tmp_path)
    folder = EXPORTS / "x" / "2018"
    first = import_archive(case, folder)
    second = import_archive(case, zip_folder(folder, tmp_path / "twitter-2018-again.zip"))
    assert first.undated == second.undated == 2
    assert first.added == 4 and second.read == 4 and second.added == 0
