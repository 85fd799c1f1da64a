"""Live scans end to end: real HTTP servers on 127.0.0.1, a real case folder and SQLite file."""

from __future__ import annotations

import fcntl
import json
import logging
import re
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from crawlers.api import ApiClient
from nocontact.case import Case
from nocontact.cli import cli
from nocontact.errors import NocontactError
from nocontact.evidence import verification
from nocontact.intake import scans
from nocontact.store import passphrases
from tests.api_servers import BlueskyApi, MastodonApi, serve

MASTODON_ENV, BLUESKY_ENV = "NC_TEST_MASTODON_TOKEN", "NC_TEST_BLUESKY_PASSWORD"


@pytest.fixture
def secrets(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Unique secret values, so that finding one anywhere can only mean a leak."""
    values = {
        "token": f"mtok-{uuid.uuid4().hex}",
        "password": f"bpass-{uuid.uuid4().hex}",
        "jwt": f"jwt-{uuid.uuid4().hex}",
    }
    monkeypatch.setenv(MASTODON_ENV, values["token"])
    monkeypatch.setenv(BLUESKY_ENV, values["password"])
    return values


@pytest.fixture
def mastodon(secrets: dict[str, str]) -> Iterator[MastodonApi]:
    app = MastodonApi(secrets["token"])
    with serve(app):
        yield app


@pytest.fixture
def bluesky(secrets: dict[str, str]) -> Iterator[BlueskyApi]:
    app = BlueskyApi(secrets["password"], access=secrets["jwt"])
    with serve(app):
        yield app


def make_case(
    tmp_path: Path, *, mastodon: MastodonApi | None = None, bluesky: BlueskyApi | None = None
) -> Case:
    tables = ""
    if mastodon:
        tables += f'[scan.mastodon]\ninstance = "{mastodon.base}"\ntoken_env = "{MASTODON_ENV}"\n'
    if bluesky:
        tables += (
            f'[scan.bluesky]\nhandle = "jane-doe.bsky.social"\napp_password_env = "{BLUESKY_ENV}"'
            f'\nservice = "{bluesky.base}"\n'
        )
    root = tmp_path / "case"
    root.mkdir()
    (root / "config.toml").write_text(
        '[order]\nissued = 2026-03-02\n\n[restrained]\nnames = ["Robert James Miller"]\n'
        'handles = { mastodon = ["robmiller@social.example"], bluesky = ["robmiller.bsky.social"] }'
        f"\n\n{tables}",
        encoding="utf-8",
    )
    return Case(root)


def run(case: Case, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--case", str(case.root), *args])


def rows(case: Case, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(case.db_path) as conn:
        return conn.execute(sql, params).fetchall()


def count(case: Case, platform: str) -> int:
    return rows(case, "SELECT count(*) FROM interactions WHERE platform = ?", platform)[0][0]


def assert_no_duplicates(case: Case) -> None:
    same = rows(
        case,
        "SELECT account_id, type, direction, occurred_at, coalesce(text, ''), count(*)"
        " FROM interactions GROUP BY 1, 2, 3, 4, 5 HAVING count(*) > 1",
    )
    assert same == []


def quiet() -> tuple[ApiClient, list[float]]:
    waits: list[float] = []
    return ApiClient(sleep=waits.append), waits


def test_second_mastodon_scan_asks_only_for_new_items_and_adds_exactly_them(
    tmp_path: Path, mastodon: MastodonApi
) -> None:
    case = make_case(tmp_path, mastodon=mastodon)
    first = run(case, "scan")
    assert first.exit_code == 0, first.output
    assert "mastodon jane_doe@social.example: read 12 records on" in first.output
    assert "added 10 new" in first.output
    assert "scanning mastodon: pages read: 1" in first.stderr  # progress per page
    assert "WARNING: mastodon jane_doe@social.example: your notification policy DROPS" in (
        first.output
    )
    assert count(case, "mastodon") == 10
    mastodon.add_new()
    mastodon.log.clear()
    second = run(case, "scan", "--platform", "mastodon")
    assert second.exit_code == 0, second.output
    assert "added 2 new (1 like, 1 message)" in second.output
    notifications = mastodon.calls("/api/v1/notifications")
    assert [seen.param("min_id") for seen in notifications] == ["110", "112"]
    assert [seen.param("min_id") for seen in mastodon.calls("/api/v1/conversations")] == [
        "113450000000000600"
    ]
    assert count(case, "mastodon") == 12
    assert_no_duplicates(case)
    assert rows(case, "SELECT cursor FROM scan_state WHERE stream = 'notifications'") == [("112",)]


def test_the_same_post_read_from_three_streams_is_one_record(
    tmp_path: Path, mastodon: MastodonApi
) -> None:
    case = make_case(tmp_path, mastodon=mastodon)
    scans.run_scan(case, http=quiet()[0])
    found = rows(case, "SELECT type, raw FROM interactions WHERE text LIKE '%answer me%'")
    assert len(found) == 1  # a notification, a filtered-notification request, a conversation
    assert found[0][0] == "message" and json.loads(found[0][1])["id"] == "105"


def test_second_bluesky_scan_reads_one_page_and_never_marks_anything_seen(
    tmp_path: Path, bluesky: BlueskyApi
) -> None:
    case = make_case(tmp_path, bluesky=bluesky)
    first = run(case, "scan")
    assert first.exit_code == 0, first.output
    assert "added 12 new" in first.output and count(case, "bluesky") == 12  # 7 + 5 messages
    bluesky.add_new()
    bluesky.log.clear()
    second = run(case, "scan")
    assert second.exit_code == 0, second.output
    assert "added 2 new (1 like, 1 reply)" in second.output
    listed = bluesky.calls("/xrpc/app.bsky.notification.listNotifications")
    assert len(listed) == 1 and listed[0].param("cursor") is None
    assert count(case, "bluesky") == 14
    assert not [seen for seen in bluesky.log if "updateSeen" in seen.path]
    assert {seen.method for seen in bluesky.log if "chat.bsky" in seen.path} == {"GET"}
    assert_no_duplicates(case)


@pytest.mark.parametrize("platform", ["mastodon", "bluesky"])
def test_429_and_5xx_are_waited_out_and_the_scan_completes(
    tmp_path: Path, platform: str, mastodon: MastodonApi, bluesky: BlueskyApi
) -> None:
    app = mastodon if platform == "mastodon" else bluesky
    path = {"mastodon": "/api/v1/notifications", "bluesky": "/xrpc/app.bsky.actor.getProfiles"}
    app.faults[path[platform]] = ["ok", "429", "503"]
    case = make_case(tmp_path, mastodon=mastodon, bluesky=bluesky)
    http, waits = quiet()
    (result,) = scans.run_scan(case, platform, http=http)
    assert result.error is None
    assert waits == [3.0, 2.0]  # Retry-After: 3, then backoff for the second attempt
    assert count(case, platform) == {"mastodon": 10, "bluesky": 12}[platform]


def test_a_connection_dropped_midway_keeps_whole_pages_and_the_next_scan_completes(
    tmp_path: Path, mastodon: MastodonApi
) -> None:
    mastodon.faults["/api/v1/notifications"] = ["ok"] + ["drop"] * 5
    case = make_case(tmp_path, mastodon=mastodon)
    (stopped,) = scans.run_scan(case, http=quiet()[0])
    assert stopped.error and "network failure" in stopped.error
    assert count(case, "mastodon") == 4  # the first page (101-104), nothing of the second
    assert rows(case, "SELECT cursor FROM scan_state") == [("104",)]
    assert rows(case, "SELECT status FROM sources") == [("interrupted",)]
    sealed = json.loads(
        rows(case, "SELECT payload FROM ledger WHERE action = 'scan' ORDER BY seq DESC")[0][0]
    )
    assert sealed["status"] == "interrupted" and sealed["added"] == 4
    mastodon.log.clear()
    (resumed,) = scans.run_scan(case, http=quiet()[0])
    assert resumed.error is None
    notifications = mastodon.calls("/api/v1/notifications")
    assert [seen.param("min_id") for seen in notifications] == ["104", "108", "110"]
    assert count(case, "mastodon") == 10
    assert_no_duplicates(case)
    assert verification.verify(case).ok


def test_a_bluesky_walk_cut_midway_resumes_where_it_stopped(
    tmp_path: Path, bluesky: BlueskyApi
) -> None:
    bluesky.faults["/xrpc/app.bsky.notification.listNotifications"] = ["ok"] + ["drop"] * 5
    case = make_case(tmp_path, bluesky=bluesky)
    (stopped,) = scans.run_scan(case, http=quiet()[0])
    assert stopped.error and count(case, "bluesky") == 2
    state = json.loads(rows(case, "SELECT cursor FROM scan_state")[0][0])
    assert state["seen"] is None and state["walk"]["cursor"]
    bluesky.add_new()
    bluesky.log.clear()
    (resumed,) = scans.run_scan(case, http=quiet()[0])
    assert resumed.error is None
    listed = bluesky.calls("/xrpc/app.bsky.notification.listNotifications")
    assert listed[0].param("cursor") == state["walk"]["cursor"]
    assert count(case, "bluesky") == 14
    assert_no_duplicates(case)
    assert verification.verify(case).ok


def test_a_scan_killed_midway_is_sealed_by_the_next_one(
    tmp_path: Path, mastodon: MastodonApi
) -> None:
    mastodon.faults["/api/v1/notifications"] = ["ok", "429"]

    def killed(_: float) -> None:
        raise KeyboardInterrupt  # the process dies while waiting out the rate limit

    case = make_case(tmp_path, mastodon=mastodon)
    with pytest.raises(KeyboardInterrupt):
        scans.run_scan(case, http=ApiClient(sleep=killed))
    assert count(case, "mastodon") == 4
    assert rows(case, "SELECT status FROM sources") == [("importing",)]
    assert rows(case, "SELECT count(*) FROM ledger WHERE action = 'scan'") == [(0,)]
    (done,) = scans.run_scan(case, http=quiet()[0])
    assert done.error is None and count(case, "mastodon") == 10
    assert rows(case, "SELECT status FROM sources ORDER BY id") == [("interrupted",), ("complete",)]
    actions = [a for (a,) in rows(case, "SELECT action FROM ledger ORDER BY seq")]
    assert [a for a in actions if a != "order"] == ["scan", "scan", "enrich"]  # avatars last
    assert_no_duplicates(case)
    assert verification.verify(case).ok


def test_secrets_appear_nowhere_in_the_case_logs_or_output(
    tmp_path: Path,
    secrets: dict[str, str],
    mastodon: MastodonApi,
    bluesky: BlueskyApi,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    case = make_case(tmp_path, mastodon=mastodon, bluesky=bluesky)
    outputs = [run(case, "-v", "scan", "--notify")]
    assert outputs[0].exit_code == 0, outputs[0].output
    wrong = {"token": f"wrong-{uuid.uuid4().hex}", "password": f"wrong-{uuid.uuid4().hex}"}
    monkeypatch.setenv(MASTODON_ENV, wrong["token"])
    monkeypatch.setenv(BLUESKY_ENV, wrong["password"])
    outputs.append(run(case, "-v", "scan"))
    assert outputs[1].exit_code == 1
    assert "refused the credentials (HTTP 401" in outputs[1].output
    monkeypatch.delenv(MASTODON_ENV)
    outputs.append(run(case, "scan", "--platform", "mastodon"))
    assert f"{MASTODON_ENV} is not set" in outputs[2].output
    leaked = [*secrets.values(), *wrong.values(), f"{secrets['jwt']}-refresh"]
    stored = b"".join(p.read_bytes() for p in case.root.rglob("*") if p.is_file())
    said = caplog.text + "".join(o.output for o in outputs)
    assert "HTTP Request" in caplog.text  # the logs were captured at all
    for value in leaked:
        assert value.encode() not in stored, "a secret reached the case folder"
        assert value not in said, "a secret reached the logs or the terminal"


def test_notify_summarises_new_contact_from_hits(tmp_path: Path, mastodon: MastodonApi) -> None:
    case = make_case(tmp_path, mastodon=mastodon)
    first = run(case, "scan", "--notify")
    assert first.exit_code == 0, first.output
    assert "NEW CONTACT to review" in first.output
    assert "mastodon robmiller@social.example: 1 new (like); an account the order lists" in (
        first.output
    )
    mastodon.add_new()
    second = run(case, "scan", "--notify")
    assert "mastodon robmiller@social.example: 1 new (message)" in second.output
    third = run(case, "scan", "--notify")
    assert "no new contact from accounts suspected" in third.output


def test_notify_names_no_account_in_an_encrypted_case(
    tmp_path: Path, mastodon: MastodonApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its lines go to the clear-text logs/scan.log when scheduled: the hit number only."""
    monkeypatch.setenv(passphrases.ENV, "a long enough case passphrase")
    case = make_case(tmp_path, mastodon=mastodon)
    case.store().close()
    assert run(case, "encrypt").exit_code == 0 and case.encrypted
    result = run(case, "scan", "--notify")
    assert result.exit_code == 0, result.output
    assert "NEW CONTACT to review" in result.output
    assert re.search(
        r"hit \d+: mastodon: 1 new \(like\); an account the order lists", result.output
    )
    assert "robmiller" not in result.output


def test_verify_notices_a_scanned_record_removed_later(
    tmp_path: Path, mastodon: MastodonApi
) -> None:
    case = make_case(tmp_path, mastodon=mastodon)
    scans.run_scan(case, http=quiet()[0])
    with sqlite3.connect(case.db_path) as conn:
        conn.execute("DELETE FROM interactions WHERE type = 'follow'")
    problems = verification.verify(case).problems
    assert any("scan of jane_doe@social.example on mastodon" in p for p in problems)


def test_scan_without_a_scan_table_says_scans_are_optional(case: Case) -> None:
    result = run(case, "scan")
    assert result.exit_code == 0
    assert "no live scan is set up (optional)" in result.output
    result = run(case, "scan", "--platform", "mastodon")
    assert result.exit_code == 1 and "no [scan.mastodon] table" in result.output


def test_two_scans_of_one_case_never_interleave(tmp_path: Path, mastodon: MastodonApi) -> None:
    case = make_case(tmp_path, mastodon=mastodon)
    with open(case.root / ".scan.lock", "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(NocontactError, match="another scan"):
            scans.run_scan(case, http=quiet()[0])
    assert mastodon.log == []
