"""Single exported files import directly; the restrained person's phone and e-mail are known."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from nocontact.case import Case
from nocontact.cli import cli
from nocontact.store import ledger
from tests.helpers import DATA

EXPORTS = DATA / "exports"
WHATSAPP = EXPORTS / "whatsapp" / "android-24h" / "WhatsApp Chat with +1 555 010 0199.txt"
MBOX = EXPORTS / "email" / "takeout" / "Takeout" / "Mail" / "All mail Including Spam and Trash.mbox"
SMS = EXPORTS / "sms" / "android" / "sms-20260420120000.xml"
CALLS = SMS.with_name("calls-20260420120000.xml")
TELEGRAM = EXPORTS / "telegram" / "desktop-full"
CONFIG = """
[order]
issued = 2026-03-02
jurisdiction = "US-NY"
timezone = "America/New_York"

[restrained]
names = ["Robert James Miller"]
handles = { instagram = ["rob.m1982"] }
emails = ["Rob.Miller82@example.com"]
phones = ["+1 (555) 010-0100", "+1 555 010 0199"]
"""


def _run(case: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--case", str(case), *args])
    assert result.exit_code == 0, result.output
    return result.output


def _downloads(tmp_path: Path) -> list[Path]:
    """What a user would hand over: bare files and a folder of saved mails."""
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    files = [Path(shutil.copy(src, downloads / src.name)) for src in (WHATSAPP, MBOX, SMS, CALLS)]
    eml = Path(shutil.copytree(EXPORTS / "email" / "eml", downloads / "saved mail"))
    telegram = Path(shutil.copytree(TELEGRAM, downloads / "Telegram Desktop"))
    return [*files, eml, telegram]


def test_bare_files_and_an_eml_folder_import_and_listed_contacts_are_known(
    tmp_path: Path,
) -> None:
    root = tmp_path / "case"
    root.mkdir()
    (root / "config.toml").write_text(CONFIG, encoding="utf-8")
    output = _run(root, "import", *map(str, _downloads(tmp_path)))
    assert "[whatsapp]" in output and "[email]" in output and "[sms]" in output
    assert "zone-less times read in America/New_York" in output
    _run(root, "match")
    hits = json.loads(_run(root, "hits", "--format", "json"))
    known = {(h["platform"], h["handle"]) for h in hits if h["kind"] == "known"}
    assert {
        ("email", "rob.miller82@example.com"),  # the mbox and the .eml folder
        ("sms", "+15550100100"),  # "+1 (555) 010-0100" in the backup
        ("phone", "5550100100"),  # a call from the same number, saved without country code
        ("whatsapp", "+15550100199"),
        ("instagram", "rob.m1982"),  # from Instagram's own notification e-mail
        ("telegram", "+15550100100"),  # his number is in the owner's Telegram contacts
    } <= known
    assert ("email", "janiebean.fan@example.net") not in known
    for hit in hits:
        if hit["kind"] == "known":
            _run(root, "decide", str(hit["id"]), "confirm")
    _run(root, "report", "-o", str(tmp_path / "report.html"))  # every platform renders
    _run(root, "export", "-o", str(tmp_path / "evidence"))
    _run(root, "verify", str(tmp_path / "evidence"))


def test_whatsapp_wall_clock_is_read_in_the_case_zone_and_sealed(tmp_path: Path) -> None:
    root = tmp_path / "case"
    root.mkdir()
    (root / "config.toml").write_text(CONFIG, encoding="utf-8")
    bare = Path(shutil.copy(WHATSAPP, tmp_path / WHATSAPP.name))
    _run(root, "import", str(bare))
    case = Case(root)
    with case.store() as store:
        (first,) = store.db.execute(
            "SELECT occurred_at FROM interactions WHERE locator LIKE '%#1'"
        ).fetchone()
        entries, problems = ledger.check(store.db.conn)
    assert problems == []
    assert first.startswith("2026-04-03T01:15:00")  # 21:15 on 2 April in New York (EDT)
    assert [e.payload["local_times_zone"] for e in entries if e.action == "import"] == [
        "America/New_York"
    ]
    assert sorted(p.suffix for p in case.sources_dir.iterdir()) == [".txt"]
    _run(root, "verify")
