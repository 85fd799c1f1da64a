"""YouTube scanner replayed through httpx.MockTransport from real-shaped fixtures."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from crawlers.api import ApiClient, ScanPage, youtube
from crawlers.errors import AuthError, ScanError
from tests.api_servers import YouTubeApi

KEY, TOKEN, CHANNEL = "yt-key-replay-1", "yt-token-replay-1", "UCj4n3D0e7Xq9wLm2Rt5Yb8A"
SETTINGS = {"channel_id": CHANNEL, "api_key_env": "NC_TEST_YT_KEY", "api_url": "http://127.0.0.1"}


@pytest.fixture(autouse=True)
def credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NC_TEST_YT_KEY", KEY)
    monkeypatch.setenv("NC_TEST_YT_TOKEN", TOKEN)


def scan(app: YouTubeApi, state: dict[str, Any] | None = None, **settings: str) -> list[ScanPage]:
    http = ApiClient(transport=app.transport(), sleep=lambda _: None)
    saved = json.dumps(state) if state else None

    def cursor(account: str, stream: str) -> str | None:
        return saved if (account, stream) == (CHANNEL, "published") else None

    return list(youtube.scan(http, youtube.settings({**SETTINGS, **settings}), cursor))


def found(pages: list[ScanPage]) -> list[tuple[str, str, str | None]]:
    return [
        (r.type, r.direction, r.account.handle or r.account.display_name)
        for p in pages
        for r in p.interactions
    ]


def test_comments_and_every_reply_are_read_and_the_owners_own_comment_is_not_contact() -> None:
    app = YouTubeApi(key=KEY)
    assert found(scan(app)) == [
        ("comment", "in", "@rjm-1982x"),
        ("reply", "out", "@rjm-1982x"),  # the owner's answer, to whoever started the thread
        ("comment", "in", "@robmiller"),
        ("comment", "in", "Birdwatcher Fan"),
        ("reply", "in", "@marym_knits"),  # the thread carried one reply of three:
        ("reply", "in", "@robmiller"),  # comments.list fetched the rest, page by page
        ("reply", "in", "Birdwatcher Fan"),
        ("comment", "in", "@marym_knits"),
    ]
    assert [s.param("pageToken") for s in app.log if s.path == "/comments"] == [None, "QUFB2"]


def test_a_record_keeps_the_author_channel_video_and_exact_raw() -> None:
    pages = scan(YouTubeApi(key=KEY))
    first = pages[0].interactions[0]
    assert first.account.user_id == "UCrjm1982Kp3wQz7Lm2Rt5Yb"
    assert first.account.url == "http://www.youtube.com/@rjm-1982x"
    assert first.account.avatar_url.startswith("https://yt3.ggpht.com/")
    assert first.target == "https://www.youtube.com/watch?v=Vd3kQ9xYz1A&lc=UgzT0001Sx9kQ4AaABAg"
    assert first.text == "Why did you block me? I just want to talk"
    assert first.occurred_at == datetime(2026, 10, 26, 9, 0, tzinfo=UTC)
    assert first.raw in pages[0].responses[0].text
    fetched = next(r for p in pages for r in p.interactions if r.text == "@robmiller so?")
    assert fetched.locator.path.startswith("http://127.0.0.1/comments?part=snippet")
    assert json.loads(fetched.raw)["snippet"]["parentId"] == "UgzT0003Sx9kQ4AaABAg"


def test_the_api_key_travels_in_a_header_never_in_the_url() -> None:
    app = YouTubeApi(key=KEY)
    pages = scan(app)
    assert all(seen.headers["x-goog-api-key"] == KEY for seen in app.log)
    assert all("authorization" not in seen.headers for seen in app.log)
    assert not [r for p in pages for r in p.responses if KEY in r.url]
    first = app.log[0]
    assert first.param("allThreadsRelatedToChannelId") == CHANNEL
    assert (first.param("order"), first.param("maxResults")) == ("time", "100")
    assert first.param("part") == "snippet,replies"


def test_an_oauth_token_also_reads_comments_held_for_review() -> None:
    app = YouTubeApi(token=TOKEN)
    app.held = [app.threads.pop(1)]  # @robmiller's comment waits for the owner's review
    pages = scan(app, token_env="NC_TEST_YT_TOKEN", api_key_env="")
    held = [p for p in pages if p.stream == "held"]
    assert [(r.type, r.account.handle) for p in held for r in p.interactions] == [
        ("comment", "@robmiller")
    ]
    assert app.calls("/commentThreads")[-1].param("moderationStatus") == "heldForReview"
    assert all(seen.headers["authorization"] == f"Bearer {TOKEN}" for seen in app.log)


def test_the_walk_stops_at_the_saved_mark_and_raises_it() -> None:
    app = YouTubeApi(key=KEY)
    state = json.loads(scan(app)[-1].cursor)
    assert state == {
        "seen": {"at": "2026-10-26T09:30:00+00:00", "ids": [state["seen"]["ids"][0]]},
        "walk": None,
    }
    app.add_new()
    app.log.clear()
    again = scan(app, state)
    assert found(again) == [("comment", "in", "@robmiller")]
    assert [seen.param("pageToken") for seen in app.log] == [None]
    assert json.loads(again[-1].cursor)["seen"]["at"] == "2026-11-03T10:00:00+00:00"


def test_an_interrupted_walk_resumes_where_it_stopped() -> None:
    app = YouTubeApi(key=KEY)
    interrupted = json.loads(scan(app)[0].cursor)
    app.log.clear()
    pages = scan(app, interrupted)
    assert app.calls("/commentThreads")[0].param("pageToken") == interrupted["walk"]["page"]
    assert [r.text for r in pages[0].interactions][0] == "Great shot of the heron!"
    assert json.loads(pages[-1].cursor)["walk"] is None


def test_missing_credentials_and_a_refused_key_fail_clearly() -> None:
    with pytest.raises(ScanError, match="set api_key_env or token_env"):
        scan(YouTubeApi(key=KEY), api_key_env="")
    with pytest.raises(ScanError, match="API key not valid") as raised:
        scan(YouTubeApi(key="another-key"))
    assert KEY not in str(raised.value) and not isinstance(raised.value, AuthError)
