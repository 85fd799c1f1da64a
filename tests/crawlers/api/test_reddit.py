"""Reddit scanner replayed through httpx.MockTransport from real-shaped fixtures."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs

import pytest

from crawlers.api import ApiClient, ScanPage, reddit
from crawlers.errors import AuthError
from tests.api_servers import RedditApi

CLIENT_ID, SECRET, PASSWORD, ACCESS = "cid-replay-1", "csecret-replay-1", "pw-replay-1", "acc-1"
SETTINGS = {
    "username": "/u/jane_doe_77",
    "client_id_env": "NC_TEST_RID",
    "client_secret_env": "NC_TEST_RSECRET",
    "password_env": "NC_TEST_RPASSWORD",
    "www_url": "http://127.0.0.1",
    "oauth_url": "http://127.0.0.1",
}


@pytest.fixture(autouse=True)
def credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NC_TEST_RID", CLIENT_ID)
    monkeypatch.setenv("NC_TEST_RSECRET", SECRET)
    monkeypatch.setenv("NC_TEST_RPASSWORD", PASSWORD)


def api(**kw: Any) -> RedditApi:
    return RedditApi(CLIENT_ID, SECRET, PASSWORD, access=ACCESS, **kw)


def scan(app: RedditApi, states: dict[str, Any] | None = None) -> list[ScanPage]:
    http = ApiClient(transport=app.transport(), sleep=lambda _: None)
    saved = {stream: json.dumps(state) for stream, state in (states or {}).items()}

    def cursor(account: str, stream: str) -> str | None:
        return saved.get(stream) if account == "jane_doe_77" else None

    return list(reddit.scan(http, reddit.settings(SETTINGS), cursor))


def found(pages: list[ScanPage], stream: str | None = None) -> list[tuple[str, str, str | None]]:
    return [
        (r.type, r.direction, r.account.handle)
        for p in pages
        if stream in (None, p.stream)
        for r in p.interactions
    ]


def test_every_inbox_stream_is_read_and_mapped() -> None:
    pages = scan(api())
    assert found(pages, "inbox") == [
        ("reply", "in", "robmiller"),
        ("message", "in", "rjm_1982"),
        ("mention", "in", "birdwatcher_42"),
        ("reply", "in", "marym_knits"),  # a reply to the user's post
        ("message", "in", None),  # author deleted
    ]
    assert found(pages, "mentions")[1] == ("mention", "in", "robmiller")  # older than the inbox
    # The thread's nested reply and the sent folder both show the user's own answer.
    thread = [("message", "in", "rjm_1982"), ("message", "out", "rjm_1982")]
    assert found(pages, "messages")[:2] == thread
    assert found(pages, "sent") == [("message", "out", "rjm_1982")]


def test_a_record_keeps_author_text_time_permalink_and_exact_raw() -> None:
    pages = scan(api())
    first = pages[0].interactions[0]
    assert first.text == "You can't hide from me forever & you know it"
    assert first.occurred_at == datetime(2026, 10, 26, 7, 41, 40, tzinfo=UTC)
    assert first.target == (
        "https://www.reddit.com/r/knitting/comments/1q2w3e4/my_first_cardigan/n4a0005/"
    )
    assert first.account.url == "https://www.reddit.com/user/robmiller"
    assert first.account.key == "handle:robmiller"  # same key as sent messages and archives
    assert first.locator.path.startswith("http://127.0.0.1/message/inbox/?limit=100")
    assert first.raw in pages[0].responses[0].text
    assert json.loads(first.raw)["data"]["author_fullname"] == "t2_8f3kq1zx"
    deleted = pages[2].interactions[0]
    assert deleted.account.display_name == "[deleted author of t4_2x0001]"


def test_login_is_a_password_grant_and_listings_never_mark_anything_read() -> None:
    app = api()
    scan(app)
    (login,) = app.calls("/api/v1/access_token")
    pair = base64.b64encode(f"{CLIENT_ID}:{SECRET}".encode()).decode()
    assert login.method == "POST" and login.headers["authorization"] == f"Basic {pair}"
    form = {k: v[0] for k, v in parse_qs(login.body.decode()).items()}
    assert form == {"grant_type": "password", "username": "jane_doe_77", "password": PASSWORD}
    listings = [seen for seen in app.log if seen.path.startswith("/message/")]
    assert {seen.path for seen in listings} == set(reddit.STREAMS.values())
    assert all(seen.param("mark") == "false" and seen.param("limit") == "100" for seen in listings)
    assert all(seen.headers["authorization"] == f"Bearer {ACCESS}" for seen in listings)
    assert all("(by /u/jane_doe_77" in seen.headers["user-agent"] for seen in app.log)
    assert not [seen for seen in app.log if "read_message" in seen.path]


def test_the_walk_stops_at_the_saved_mark_and_raises_it() -> None:
    app = api()
    first = scan(app)
    states = {p.stream: json.loads(p.cursor) for p in first}
    assert states["inbox"] == {"seen": {"at": 1793000500.0, "names": ["t1_n4a0005"]}, "walk": None}
    assert states["messages"]["seen"]["at"] == 1793000600.0  # the thread's newest reply
    app.add_new()
    app.log.clear()
    again = scan(app, states)
    assert found(again) == [
        ("message", "in", "robmiller"),
        ("reply", "in", "rjm_1982"),
        ("reply", "in", "rjm_1982"),
        ("message", "in", "robmiller"),
    ]
    asked = [(seen.path, seen.param("after")) for seen in app.log if seen.param("limit")]
    # Pages of two here: both new inbox items fill the first page, the second meets the mark.
    assert asked[:2] == [("/message/inbox/", None), ("/message/inbox/", "t1_n4a0007")]
    assert [after for _, after in asked[2:]] == [None] * 5
    assert json.loads(again[1].cursor)["seen"]["names"] == ["t4_2x0008"]


def test_an_interrupted_walk_resumes_then_catches_up_with_newer_items() -> None:
    app = api()
    interrupted = {"inbox": json.loads(scan(app)[0].cursor)}  # died after one inbox page
    app.add_new()
    app.log.clear()
    pages = scan(app, interrupted)
    inbox = app.calls("/message/inbox/")
    afters = [seen.param("after") for seen in inbox]
    assert afters == ["t4_2x0004", "t1_n4a0002", None, "t1_n4a0007"]
    assert found(pages, "inbox") == [
        ("mention", "in", "birdwatcher_42"),  # the rest of the old walk
        ("reply", "in", "marym_knits"),
        ("message", "in", None),
        ("message", "in", "robmiller"),  # then what arrived above the old walk's top
        ("reply", "in", "rjm_1982"),
    ]
    assert json.loads(pages[1].cursor)["walk"] is None  # the old walk ended there


def test_a_wrong_password_answered_with_200_is_an_auth_error_without_secrets() -> None:
    app = RedditApi(CLIENT_ID, SECRET, "another-password", access=ACCESS)
    with pytest.raises(AuthError) as raised:
        scan(app)
    message = str(raised.value)
    assert "invalid_grant" in message
    assert not [secret for secret in (CLIENT_ID, SECRET, PASSWORD) if secret in message]
    assert not [seen for seen in app.log if seen.path.startswith("/message/")]


def test_wrong_app_credentials_are_refused() -> None:
    app = RedditApi(CLIENT_ID, "another-secret", PASSWORD, access=ACCESS)
    with pytest.raises(AuthError, match="refused the credentials"):
        scan(app)
