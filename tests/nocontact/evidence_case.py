"""Real cases for the report and export tests: the demo case, and the 2025 Instagram fixture
plus one synthetic thread that the protected person started and that carries XSS payloads.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from nocontact import demo
from nocontact.case import Case
from nocontact.cli import cli
from nocontact.intake import archives
from nocontact.match import scoring
from nocontact.review import decisions
from nocontact.store import ledger
from nocontact.store.hits import list_hits
from tests.helpers import IG_2025, zip_folder

XSS = ("<script>alert(1)</script>", '<img src=x onerror="alert(2)">')
THREAD = "nicobauer_17841400000000009"
# 2026-04-01 10:00 UTC: Jane writes first; Nico answers with markup in his text.
_MESSAGES = [
    ("Nico Bauer", 1775038200000, f"hey {XSS[0]} {XSS[1]}"),
    ("Nico Bauer", 1775037900000, '=HYPERLINK("http://example.invalid")'),
    ("Jane Doe", 1775037600000, "Please stop contacting me."),
]

CONFIG = """
[order]
issued = {issued}
jurisdiction = "{jurisdiction}"
covers_third_parties = {covers}
timezone = "{timezone}"

[[protected.accounts]]
platform = "instagram"
handle = "jane.doe"

[restrained]
names = ["Nicolas Bauer"]
handles = {{ instagram = ["nico.bauer"] }}
birth_year = 1990

[[associates]]
name = "Zoë Lefèvre"
relation = "friend"
handles = {{ instagram = ["zoe.lefevre"] }}
"""


def demo_case(tmp_path: Path) -> Case:
    """The bundled demo case, imported and matched, in tmp_path/demo."""
    case, downloads = demo.build(tmp_path / "demo")
    for archive in downloads:
        archives.import_archive(case, archive)
    scoring.run_match(case)
    return case


def ig_case(
    tmp_path: Path,
    *,
    issued: str = "2025-01-01",
    covers: bool = True,
    jurisdiction: str = "US-NY",
    timezone: str = "UTC",
) -> Case:
    """The 2025 Instagram fixture plus the synthetic thread, imported and matched."""
    root = tmp_path / "case"
    root.mkdir(parents=True)
    text = CONFIG.format(
        issued=issued, jurisdiction=jurisdiction, covers=str(covers).lower(), timezone=timezone
    )
    (root / "config.toml").write_text(text, encoding="utf-8")
    folder = tmp_path / "archive"
    shutil.copytree(IG_2025, folder)
    thread = folder / "your_instagram_activity" / "messages" / "inbox" / THREAD
    thread.mkdir()
    (thread / "message_1.json").write_text(json.dumps(_thread()), encoding="utf-8")
    case = Case(root)
    archives.import_archive(case, zip_folder(folder, tmp_path / "instagram-jane.doe.zip"))
    scoring.run_match(case)
    return case


def _thread() -> dict:
    return {
        "participants": [{"name": "Nico Bauer"}, {"name": "Jane Doe"}],
        "messages": [
            {
                "sender_name": sender,
                "timestamp_ms": at,
                "content": content,
                "is_geoblocked_for_viewer": False,
                "is_unsent_image_by_messenger_kid_parent": False,
            }
            for sender, at, content in _MESSAGES
        ],
        "title": "Nico Bauer",
        "is_still_participant": True,
        "thread_path": f"inbox/{THREAD}",
        "magic_words": [],
    }


def hit_id(case: Case, name: str) -> int:
    """The id of the hit whose handle or display name is `name`."""
    with case.store(create=False) as store, store.reading() as conn:
        found = list_hits(conn)
    return next(h.id for h in found if name in (h.handle, h.display_name))


def confirm(case: Case, *names: str) -> list[int]:
    ids = [hit_id(case, name) for name in names]
    for hit in ids:
        decisions.decide(case, hit, "confirm")
    return ids


def first_problem(case: Case, *args: str) -> str:
    """The first problem `nocontact verify` names (it must fail: exit code 1)."""
    result = CliRunner().invoke(cli, ["--case", str(case.root), "verify", *args])
    assert result.exit_code == 1, result.output
    line = next(x for x in result.output.splitlines() if "first problem:" in x)
    return line.split("first problem: ", 1)[1]


def rechain(conn: sqlite3.Connection) -> None:
    """Recompute every ledger hash over the payloads as they now are: a forger's re-chain."""
    prev = ledger.GENESIS
    rows = conn.execute("SELECT seq, at, action, payload FROM ledger ORDER BY seq").fetchall()
    for seq, at, action, payload in rows:
        digest = ledger.sha256_text(payload)
        entry_hash = ledger.link_hash(seq, at, action, digest, prev)
        conn.execute(
            "UPDATE ledger SET payload_sha256 = ?, prev_hash = ?, hash = ? WHERE seq = ?",
            (digest, prev, entry_hash, seq),
        )
        prev = entry_hash
