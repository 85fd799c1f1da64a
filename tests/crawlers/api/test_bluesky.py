"""Bluesky scanner replayed through httpx.MockTransport from real-shaped fixtures."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from crawlers.api import ApiClient, ScanPage, bluesky
from crawlers.errors import AuthError
from tests.api_servers import BlueskyApi

PASSWORD = "app-pass-replay-1"
SETTINGS = {"handle": "@jane-doe.bsky.social", "app_password_env": "NC_TEST_BSKY"}
JANE = "did:plc:jx4v7cq2ntd5wq3uhm6fzkby"


@pytest.fixture(autouse=True)
def password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NC_TEST_BSKY", PASSWORD)


def scan(
    app: BlueskyApi, state: dict[str, Any] | None = None, *, stream: str = "notifications"
) -> list[ScanPage]:
    """The pages of one stream (direct messages: see test_bluesky_chat.py)."""
    http = ApiClient(transport=app.transport(), sleep=lambda _: None)
    saved = json.dumps(state) if state else None
    settings = {**SETTINGS, "service": "http://127.0.0.1"}

    def cursor(account: str, name: str) -> str | None:
        return saved if (account, name) == (JANE, stream) else None

    return [p for p in bluesky.scan(http, bluesky.settings(settings), cursor) if p.stream == stream]


def test_reasons_map_to_interactions_and_verifications_are_not_contact() -> None:
    pages = scan(BlueskyApi(PASSWORD))
    found = [(r.type, r.account.handle) for p in pages for r in p.interactions]
    assert found == [
        ("like", "marym.bsky.social"),  # like-via-repost
        ("repost", "birdwatcher.bsky.social"),
        ("quote", "birdwatcher.bsky.social"),
        ("reply", "marym.bsky.social"),
        ("mention", "robmiller.bsky.social"),
        ("follow", "rjm-1982.bsky.social"),
        ("like", "rjm-1982.bsky.social"),
    ]


def test_login_uses_the_app_password_once_and_never_marks_anything_seen() -> None:
    app = BlueskyApi(PASSWORD)
    scan(app)
    login = app.calls("/xrpc/com.atproto.server.createSession")
    assert len(login) == 1
    assert json.loads(login[0].body) == {"identifier": "jane-doe.bsky.social", "password": PASSWORD}
    assert not [seen for seen in app.log if "updateSeen" in seen.path]
    listed = app.calls("/xrpc/app.bsky.notification.listNotifications")
    assert all(seen.param("priority") == "false" for seen in listed)
    assert all(seen.headers["authorization"] == "Bearer access-jwt-0" for seen in listed)


def test_profiles_fill_in_what_the_notification_author_lacks() -> None:
    mention = next(
        r for p in scan(BlueskyApi(PASSWORD)) for r in p.interactions if r.type == "mention"
    )
    account = mention.account
    assert account.user_id == "did:plc:r7kd2mq4wzh6yt3n5c8bvlfa"
    assert account.created_at == datetime(2023, 9, 18, 19, 20, 21, tzinfo=UTC)
    assert account.bio == "Lake Placid born & raised" and account.avatar_url.startswith("https://")
    assert account.url == "https://bsky.app/profile/did:plc:r7kd2mq4wzh6yt3n5c8bvlfa"
    assert mention.text == "@jane-doe.bsky.social we need to talk"
    assert mention.occurred_at == datetime(2026, 11, 4, 7, 45, tzinfo=UTC)


def test_profiles_are_asked_25_at_a_time() -> None:
    app = BlueskyApi(PASSWORD, page_size=100)
    app.convos = {}  # no direct messages: their senders' profiles would be asked too
    template = app.notifications[-2]  # a follow
    app.notifications = []
    for n in range(30):
        item = json.loads(json.dumps(template))
        item["author"]["did"] = f"did:plc:follower{n:02d}"
        item["uri"] = item["uri"].replace("3m4follow0001", f"3m4follow{n:04d}")
        item["indexedAt"] = f"2026-11-05T10:{n:02d}:00.000Z"
        app.notifications.append(item)
    assert len([r for p in scan(app) for r in p.interactions]) == 30
    batches = [len(s.query["actors"]) for s in app.calls("/xrpc/app.bsky.actor.getProfiles")]
    assert batches == [25, 5]


def test_the_walk_stops_at_the_saved_mark_and_raises_it() -> None:
    app = BlueskyApi(PASSWORD)
    first = scan(app)
    state = json.loads(first[-1].cursor)
    assert state["walk"] is None and state["seen"]["at"].startswith("2026-11-05T12:00:00")
    app.add_new()
    app.log.clear()
    again = scan(app, state)
    assert [r.type for p in again for r in p.interactions] == ["reply", "like"]
    assert len(app.calls("/xrpc/app.bsky.notification.listNotifications")) == 1
    assert json.loads(again[-1].cursor)["seen"]["at"].startswith("2026-11-06T06:30:00")


def test_pages_of_an_unfinished_walk_keep_the_old_mark() -> None:
    pages = scan(BlueskyApi(PASSWORD))
    states = [json.loads(p.cursor) for p in pages]
    assert all(s["seen"] is None and s["walk"]["cursor"] for s in states[:-1])
    assert states[0]["walk"]["top"] == states[-1]["seen"]


def test_an_interrupted_walk_resumes_then_catches_up_with_newer_items() -> None:
    app = BlueskyApi(PASSWORD)
    interrupted = json.loads(scan(app)[1].cursor)  # as if the scan died after two pages
    app.add_new()
    app.log.clear()
    pages = scan(app, interrupted)
    listed = app.calls("/xrpc/app.bsky.notification.listNotifications")
    assert listed[0].param("cursor") == interrupted["walk"]["cursor"]
    assert [(r.type, r.account.handle) for p in pages for r in p.interactions] == [
        ("follow", "rjm-1982.bsky.social"),  # the rest of the old walk
        ("like", "rjm-1982.bsky.social"),
        ("reply", "rjm-1982.bsky.social"),  # then what arrived above the old walk's top
        ("like", "robmiller.bsky.social"),
    ]
    assert json.loads(pages[-1].cursor) == {
        "seen": json.loads(pages[-1].cursor)["seen"],
        "walk": None,
    }


def test_a_refused_app_password_is_an_auth_error_that_does_not_repeat_it() -> None:
    app = BlueskyApi("another-password")
    with pytest.raises(AuthError) as raised:
        scan(app)
    assert PASSWORD not in str(raised.value)
    assert "Invalid identifier or password" in str(raised.value)
