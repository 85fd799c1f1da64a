"""Each platform's archive through the import pipeline: dedup across formats, hits it yields.

These once sat with the parsers' tests; they need the store and the matcher, so they live
with the application, and the crawlers' tests import nothing from `nocontact`.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from nocontact import demo
from nocontact.case import Case
from nocontact.cli import cli
from nocontact.intake.archives import import_archive
from nocontact.match.scoring import run_match
from tests.helpers import DATA, zip_folder

FB = DATA / "exports" / "facebook"
MS = DATA / "exports" / "messenger" / "2025"
X = DATA / "exports" / "x"
ROB = "1500000000000000082"  # the restrained person's listed X id in the fixtures
FACEBOOK_CONFIG = """
[order]
issued = 2026-03-02
jurisdiction = "US-NY"

[[protected.accounts]]
platform = "facebook"
handle = "jane.doe.example"

[restrained]
names = ["Robert Miller"]
"""
X_CONFIG = f"""
[order]
issued = 2026-03-02

[[protected.accounts]]
platform = "x"
handle = "jane_doe_x"

[restrained]
names = ["Robert James Miller"]
user_ids = {{ x = ["{ROB}"] }}
"""


def _case(root: Path, config: str) -> Case:
    root.mkdir()
    (root / "config.toml").write_text(config, encoding="utf-8")
    return Case(root)


def test_the_same_facebook_account_in_json_and_html_imports_once(tmp_path: Path) -> None:
    case = _case(tmp_path / "case", FACEBOOK_CONFIG)
    first = import_archive(case, zip_folder(FB / "2025", tmp_path / "facebook-jane-json.zip"))
    assert first.added == first.read > 0
    second = import_archive(case, zip_folder(FB / "html-2025", tmp_path / "facebook-jane-html.zip"))
    assert second.platforms == ["facebook_html"] and second.read > 0
    assert second.added == 0  # every record of the HTML download was already stored
    with case.store() as store:
        rows = store.db.conn.execute(
            "SELECT s.original_name, count(*) FROM interactions i JOIN sources s"
            " ON s.id = i.source_id WHERE i.locator LIKE ? GROUP BY s.original_name",
            ("%/inbox/robertmiller_10158812345678901/%",),
        ).fetchall()
    assert rows == [("facebook-jane-json.zip", 5)]  # the conversation, stored once


def test_messenger_history_before_encryption_dedups_against_facebook(tmp_path: Path) -> None:
    """The chat's early message is in the zip's e2ee_cutover folder and in this download."""
    case = _case(tmp_path / "case", FACEBOOK_CONFIG)
    import_archive(case, zip_folder(FB / "2025", tmp_path / "fb.zip"))
    result = import_archive(case, zip_folder(MS, tmp_path / "messenger.zip"))
    assert result.platforms == ["messenger"]
    assert result.added == result.read - 1
    with case.store() as store:
        (count,) = store.db.conn.execute(
            "SELECT count(*) FROM interactions WHERE text = ?", ("Happy birthday Jane 🎂",)
        ).fetchone()
    assert count == 1


def test_demo_case_lists_the_restrained_persons_facebook_hits(tmp_path: Path) -> None:
    """Demo case + a Facebook and a Messenger download: `hits --format json` shows Facebook."""
    case, archives = demo.build(tmp_path / "case")
    fb = zip_folder(FB / "2025", tmp_path / "facebook-jane.zip")
    chats = zip_folder(MS, tmp_path / "messenger-jane.zip")
    runner = CliRunner()
    for step in (*(["import", str(a)] for a in (*archives, fb, chats)), ["match"]):
        assert runner.invoke(cli, ["--case", str(case.root), *step]).exit_code == 0, step
    result = runner.invoke(cli, ["--case", str(case.root), "hits", "--format", "json"])
    assert result.exit_code == 0
    hits = {(h["platform"], h["display_name"]): h for h in json.loads(result.output)}
    robert = hits[("facebook", "Robert Miller")]
    assert robert["kind"] in ("known", "alias") and robert["user_id"] is None
    assert {"message", "comment", "like"} <= set(robert["types"])
    assert any(platform == "instagram" for platform, _ in hits)


def test_a_listed_x_id_becomes_a_known_hit(tmp_path: Path) -> None:
    case = _case(tmp_path / "case", X_CONFIG)
    result = import_archive(case, zip_folder(X / "2025", tmp_path / "twitter-2026-10-15.zip"))
    assert result.platforms == ["x"] and result.added == result.read == 20
    run_match(case)
    with case.store() as store:
        hits = store.db.execute(
            "SELECT a.platform, a.user_id, a.handle, h.kind, h.score, h.reasons, h.types,"
            " h.first_contact, h.count FROM hits h JOIN accounts a ON a.id = h.account_id"
        ).fetchall()
    assert len(hits) == 1
    platform, user_id, handle, kind, score, reasons, types, first, count = hits[0]
    assert (platform, user_id, handle, kind, score) == ("x", ROB, None, "known", 1.0)
    assert ROB in json.loads(reasons)[0]
    assert json.loads(types) == ["follow", "message", "reaction"]
    assert first.startswith("2026-09-20T21:58") and count == 4  # 2 messages, 1 reaction, follow
