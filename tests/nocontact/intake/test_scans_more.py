"""Reddit and YouTube scans end to end: real servers on 127.0.0.1, a real case and SQLite file."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from nocontact.case import Case
from nocontact.evidence import verification
from nocontact.intake import scans
from tests.api_servers import RedditApi, YouTubeApi, serve
from tests.nocontact.intake.test_scans import assert_no_duplicates, count, quiet, rows, run

REDDIT_ENV = {
    "client_id": "NC_TEST_REDDIT_ID",
    "secret": "NC_TEST_REDDIT_SECRET",
    "password": "NC_TEST_REDDIT_PASSWORD",
}


@pytest.fixture
def secrets(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Unique secret values, so that finding one anywhere can only mean a leak."""
    values = {name: f"{name}-{uuid.uuid4().hex}" for name in (*REDDIT_ENV, "access")}
    for name, variable in REDDIT_ENV.items():
        monkeypatch.setenv(variable, values[name])
    return values


@pytest.fixture
def reddit(secrets: dict[str, str]) -> Iterator[RedditApi]:
    app = RedditApi(
        secrets["client_id"], secrets["secret"], secrets["password"], access=secrets["access"]
    )
    with serve(app):
        yield app


YOUTUBE_ENV, CHANNEL = "NC_TEST_YOUTUBE_KEY", "UCj4n3D0e7Xq9wLm2Rt5Yb8A"


@pytest.fixture
def youtube(monkeypatch: pytest.MonkeyPatch) -> Iterator[YouTubeApi]:
    app = YouTubeApi(key=f"ytkey-{uuid.uuid4().hex}")
    monkeypatch.setenv(YOUTUBE_ENV, app.key)
    with serve(app):
        yield app


def make_case(
    tmp_path: Path, *, reddit: RedditApi | None = None, youtube: YouTubeApi | None = None
) -> Case:
    tables = ""
    if youtube:
        tables += (
            f'[scan.youtube]\nchannel_id = "{CHANNEL}"\napi_key_env = "{YOUTUBE_ENV}"\n'
            f'api_url = "{youtube.base}/youtube/v3"\n'
        )
    if reddit:
        tables += (
            f'[scan.reddit]\nusername = "jane_doe_77"\nclient_id_env = "{REDDIT_ENV["client_id"]}"'
            f'\nclient_secret_env = "{REDDIT_ENV["secret"]}"\npassword_env = '
            f'"{REDDIT_ENV["password"]}"\nwww_url = "{reddit.base}"\noauth_url = "{reddit.base}"\n'
        )
    root = tmp_path / "case"
    root.mkdir()
    (root / "config.toml").write_text(
        '[order]\nissued = 2026-03-02\n\n[restrained]\nnames = ["Robert James Miller"]\n'
        'handles = { reddit = ["robmiller"] }'
        f"\n\n{tables}",
        encoding="utf-8",
    )
    return Case(root)


def listing_calls(app: RedditApi) -> list[tuple[str, str | None]]:
    return [(seen.path, seen.param("after")) for seen in app.log if seen.param("limit")]


def test_second_reddit_scan_asks_only_for_new_items_and_adds_exactly_them(
    tmp_path: Path, reddit: RedditApi
) -> None:
    case = make_case(tmp_path, reddit=reddit)
    first = run(case, "scan")
    assert first.exit_code == 0, first.output
    assert "reddit jane_doe_77: read 13 records on 8 pages, added 7 new" in first.output
    assert count(case, "reddit") == 7
    reddit.add_new()
    reddit.log.clear()
    second = run(case, "scan", "--platform", "reddit")
    assert second.exit_code == 0, second.output
    assert "added 2 new (1 message, 1 reply)" in second.output
    # Pages of two: the inbox's two new items fill a page; every other stream needs one.
    assert listing_calls(reddit) == [
        ("/message/inbox/", None),
        ("/message/inbox/", "t1_n4a0007"),
        *[(path, None) for path in ("/message/mentions", "/message/comments/")],
        *[(path, None) for path in ("/message/selfreply", "/message/messages/", "/message/sent/")],
    ]
    assert count(case, "reddit") == 9
    assert_no_duplicates(case)
    assert not [seen for seen in reddit.log if "read_message" in seen.path]
    out = rows(
        case,
        "SELECT a.handle FROM interactions i JOIN accounts a ON a.id = i.account_id"
        " WHERE i.direction = 'out'",
    )
    assert out == [("rjm_1982",)]
    inbound = rows(case, "SELECT count(*) FROM accounts WHERE handle = 'rjm_1982'")
    assert inbound == [(1,)]  # the user's answer and the messages received: one account


def test_reddit_429_and_5xx_are_waited_out_and_the_scan_completes(
    tmp_path: Path, reddit: RedditApi
) -> None:
    reddit.faults["/message/comments/"] = ["429", "503"]
    case = make_case(tmp_path, reddit=reddit)
    http, waits = quiet()
    (result,) = scans.run_scan(case, "reddit", http=http)
    assert result.error is None
    assert waits == [3.0, 2.0]  # Retry-After: 3, then backoff for the second attempt
    assert count(case, "reddit") == 7


def test_a_reddit_connection_dropped_midway_keeps_whole_pages_and_the_next_scan_completes(
    tmp_path: Path, reddit: RedditApi
) -> None:
    reddit.faults["/message/inbox/"] = ["ok"] + ["drop"] * 5
    case = make_case(tmp_path, reddit=reddit)
    (stopped,) = scans.run_scan(case, http=quiet()[0])
    assert stopped.error and "network failure" in stopped.error
    assert count(case, "reddit") == 2  # the first inbox page, nothing of the second
    state = json.loads(rows(case, "SELECT cursor FROM scan_state")[0][0])
    assert state == {
        "seen": None,
        "walk": {"top": {"at": 1793000500.0, "names": ["t1_n4a0005"]}, "after": "t4_2x0004"},
    }
    reddit.add_new()
    reddit.log.clear()
    (resumed,) = scans.run_scan(case, http=quiet()[0])
    assert resumed.error is None
    assert listing_calls(reddit)[:4] == [
        ("/message/inbox/", "t4_2x0004"),  # the rest of the cut walk first
        ("/message/inbox/", "t1_n4a0002"),
        ("/message/inbox/", None),  # then what arrived since
        ("/message/inbox/", "t1_n4a0007"),
    ]
    assert count(case, "reddit") == 9
    assert_no_duplicates(case)
    assert rows(case, "SELECT status FROM sources ORDER BY id") == [("interrupted",), ("complete",)]
    assert verification.verify(case).ok


def test_reddit_secrets_appear_nowhere_in_the_case_logs_or_output(
    tmp_path: Path,
    secrets: dict[str, str],
    reddit: RedditApi,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    case = make_case(tmp_path, reddit=reddit)
    outputs = [run(case, "-v", "scan", "--notify")]
    assert outputs[0].exit_code == 0, outputs[0].output
    wrong = {"password": f"wrong-{uuid.uuid4().hex}", "secret": f"wrong-{uuid.uuid4().hex}"}
    monkeypatch.setenv(REDDIT_ENV["password"], wrong["password"])
    outputs.append(run(case, "-v", "scan"))
    assert outputs[1].exit_code == 1 and "Reddit refused the login (invalid_grant)" in (
        outputs[1].output
    )
    monkeypatch.setenv(REDDIT_ENV["secret"], wrong["secret"])
    outputs.append(run(case, "-v", "scan"))
    assert "refused the credentials (HTTP 401" in outputs[2].output
    monkeypatch.delenv(REDDIT_ENV["client_id"])
    outputs.append(run(case, "scan", "--platform", "reddit"))
    assert f"{REDDIT_ENV['client_id']} is not set" in outputs[3].output
    stored = b"".join(p.read_bytes() for p in case.root.rglob("*") if p.is_file())
    said = caplog.text + "".join(o.output for o in outputs)
    assert "HTTP Request" in caplog.text  # the logs were captured at all
    for value in [*secrets.values(), *wrong.values()]:
        assert value.encode() not in stored, "a secret reached the case folder"
        assert value not in said, "a secret reached the logs or the terminal"


def test_second_youtube_scan_asks_only_for_new_threads_and_the_key_stays_secret(
    tmp_path: Path, youtube: YouTubeApi, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    case = make_case(tmp_path, youtube=youtube)
    first = run(case, "-v", "scan", "--notify")
    assert first.exit_code == 0, first.output
    assert "added 8 new (4 comment, 4 reply)" in first.output and count(case, "youtube") == 8
    youtube.add_new()
    youtube.log.clear()
    second = run(case, "-v", "scan", "--platform", "youtube")
    assert second.exit_code == 0, second.output
    assert "added 1 new (1 comment)" in second.output
    assert [seen.param("pageToken") for seen in youtube.log] == [None]  # one call, one unit
    assert count(case, "youtube") == 9
    assert_no_duplicates(case)
    stored = b"".join(p.read_bytes() for p in case.root.rglob("*") if p.is_file())
    assert youtube.key.encode() not in stored
    assert youtube.key not in caplog.text + first.output + second.output


def test_youtube_429_and_5xx_are_waited_out_and_the_scan_completes(
    tmp_path: Path, youtube: YouTubeApi
) -> None:
    youtube.faults["/youtube/v3/comments"] = ["429", "503"]
    case = make_case(tmp_path, youtube=youtube)
    http, waits = quiet()
    (result,) = scans.run_scan(case, "youtube", http=http)
    assert result.error is None and waits == [3.0, 2.0]
    assert count(case, "youtube") == 8


def test_a_youtube_connection_dropped_midway_keeps_whole_pages_and_the_next_scan_completes(
    tmp_path: Path, youtube: YouTubeApi
) -> None:
    youtube.faults["/youtube/v3/commentThreads"] = ["ok"] + ["drop"] * 5
    case = make_case(tmp_path, youtube=youtube)
    (stopped,) = scans.run_scan(case, http=quiet()[0])
    assert stopped.error and "network failure" in stopped.error
    assert count(case, "youtube") == 3  # the first page of threads, nothing of the second
    youtube.add_new()
    youtube.log.clear()
    (resumed,) = scans.run_scan(case, http=quiet()[0])
    assert resumed.error is None
    threads = youtube.calls("/youtube/v3/commentThreads")
    assert [seen.param("pageToken") for seen in threads] == ["QUFB2", "QUFB4", None]
    assert count(case, "youtube") == 9
    assert_no_duplicates(case)
    assert verification.verify(case).ok
