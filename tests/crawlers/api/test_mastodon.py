"""Mastodon scanner replayed through httpx.MockTransport from real-shaped fixtures."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import httpx
import pytest

from crawlers.api import ApiClient, ScanPage, mastodon
from crawlers.events import Interaction
from tests.api_servers import MastodonApi

TOKEN = "tok-mastodon-replay"
SETTINGS = {"instance": "http://127.0.0.1", "token_env": "NC_TEST_MASTODON"}


@pytest.fixture(autouse=True)
def token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NC_TEST_MASTODON", TOKEN)


def scan(app: MastodonApi, cursors: dict[str, str] | None = None) -> list[ScanPage]:
    http = ApiClient(transport=app.transport(), sleep=lambda _: None)
    return list(
        mastodon.scan(
            http, mastodon.settings(SETTINGS), lambda _, stream: (cursors or {}).get(stream)
        )
    )


def records(pages: list[ScanPage]) -> list[Interaction]:
    return [item for page in pages for item in page.interactions]


def test_notification_types_map_to_interactions_and_handles_are_qualified() -> None:
    found = {(r.type, r.direction, r.account.handle) for r in records(scan(MastodonApi(TOKEN)))}
    assert found == {
        ("follow", "in", "quiet_reader@other.example"),
        ("like", "in", "robmiller@social.example"),  # a bare local acct gets the server domain
        ("follow_request", "in", "r0b_m1ller@fresh.example"),
        ("mention", "in", "r0b_m1ller@fresh.example"),
        ("message", "in", "r0b_m1ller@fresh.example"),  # a mention with direct visibility
        ("repost", "in", "mary_m@other.example"),
        ("reply", "in", "mary_m@other.example"),  # a mention replying to the user's post
        ("quote", "in", "lakeplacid_fan@social.example"),
        ("other", "in", "quiet_reader@other.example"),  # "status": someone the user follows posted
        ("message", "out", "mary_m@other.example"),  # the user's own last DM in a conversation
    }


def test_accounts_carry_profile_facts_and_text_is_plain() -> None:
    by_handle = {r.account.handle: r for r in records(scan(MastodonApi(TOKEN)))}
    alias = by_handle["r0b_m1ller@fresh.example"].account
    assert alias.user_id == "113440000000000007" and alias.display_name == "R. M."
    assert alias.created_at == datetime(2026, 11, 1, tzinfo=UTC)
    assert alias.bio == "new here\njust looking around"
    assert alias.avatar_url.startswith("https://fresh.example/system/accounts/avatars/")
    mention = next(r for r in records(scan(MastodonApi(TOKEN))) if r.type == "mention")
    assert mention.text == "@jane_doe you can't hide forever"
    assert mention.target == "https://fresh.example/@r0b_m1ller/113450000000000201"
    assert mention.occurred_at == datetime(2026, 11, 3, 21, 40, 12, 4000, tzinfo=UTC)


def test_raw_is_the_item_exactly_as_received_and_the_locator_is_the_request() -> None:
    pages = scan(MastodonApi(TOKEN))
    bodies = {response.url: response.text for page in pages for response in page.responses}
    for record in records(pages):
        assert record.raw in bodies[record.locator.path]
        assert isinstance(json.loads(record.raw), dict)
    first = next(p for p in pages if p.stream == "notifications").interactions[0]
    assert "include_filtered=true" in first.locator.path and "min_id=0" in first.locator.path
    assert json.loads(first.raw)["id"] == "104"  # newest first within a page


def test_every_notifications_request_includes_filtered_ones() -> None:
    app = MastodonApi(TOKEN)
    scan(app)
    calls = app.calls("/api/v1/notifications")
    assert len(calls) == 4  # 9 items at 4 per page, then the empty page that ends the walk
    assert all(call.param("include_filtered") == "true" for call in calls)
    assert [call.param("min_id") for call in calls] == ["0", "104", "108", "110"]


def test_polls_and_the_users_own_events_are_not_contact() -> None:
    texts = {r.text for r in records(scan(MastodonApi(TOKEN)))}
    assert "Best lake?" not in texts


def test_each_page_carries_the_cursor_that_follows_it() -> None:
    pages = [p for p in scan(MastodonApi(TOKEN)) if p.stream == "notifications"]
    assert [p.cursor for p in pages] == ["104", "108", "110", None]
    conversations = [p for p in scan(MastodonApi(TOKEN)) if p.stream == "conversations"]
    assert conversations[0].cursor == "113450000000000600"  # a conversation pages by its last post


def test_a_saved_cursor_asks_only_for_newer_notifications() -> None:
    app = MastodonApi(TOKEN)
    pages = scan(app, {"notifications": "108"})
    assert app.calls("/api/v1/notifications")[0].param("min_id") == "108"
    notes = [r for p in pages if p.stream == "notifications" for r in p.interactions]
    assert [json.loads(r.raw)["id"] for r in notes] == ["110", "109"]


def test_a_drop_policy_warns_loudly_and_no_policy_is_silent() -> None:
    setup = scan(MastodonApi(TOKEN))[0]
    assert setup.account == "jane_doe@social.example"
    assert len(setup.warnings) == 1
    assert "DROPS notifications from accounts created in the last 30 days" in setup.warnings[0]
    assert scan(MastodonApi(TOKEN, policy=""))[0].warnings == ()  # Mastodon < 4.3: no policy


def test_links_to_another_server_are_never_followed() -> None:
    app = MastodonApi(TOKEN)
    hosts: list[str] = []
    inner = app.transport()

    def evil_links(request: httpx.Request) -> httpx.Response:
        hosts.append(request.url.host)
        response = inner.handle_request(request)
        if "link" in response.headers:
            response.headers["link"] = '<https://evil.example/steal?min_id=1>; rel="prev"'
        return response

    http = ApiClient(transport=httpx.MockTransport(evil_links), sleep=lambda _: None)
    found = [
        r
        for p in mastodon.scan(http, mastodon.settings(SETTINGS), lambda *_: None)
        for r in p.interactions
    ]
    assert set(hosts) == {"127.0.0.1"}
    assert len(found) == 12  # still every page, built from our own parameters


def test_an_unreadable_item_is_reported_and_the_rest_kept() -> None:
    app = MastodonApi(TOKEN)
    del app.notifications[0]["created_at"]
    pages = scan(app)
    warnings = [w for p in pages for w in p.warnings if "unreadable" in w]
    assert len(warnings) == 1 and "#3" in warnings[0]
    assert len(records(pages)) == 11
