"""Bluesky direct messages replayed through httpx.MockTransport from real-shaped answers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crawlers.api import ApiClient, ScanPage, bluesky
from crawlers.api._bluesky_chat import PROXY
from tests.api_servers import BlueskyApi

PASSWORD = "app-pass-chat-1"
SETTINGS = {"handle": "jane-doe.bsky.social", "app_password_env": "NC_TEST_BSKY"}
JANE = "did:plc:jx4v7cq2ntd5wq3uhm6fzkby"
REQUEST, ACCEPTED, EMPTY = "3l7bqw4zyk52r", "3l6acvq2xj22k", "3l8hnz5tpq32w"


@pytest.fixture(autouse=True)
def password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NC_TEST_BSKY", PASSWORD)


class Saved(dict[tuple[str, str], str]):
    """The cursors a store keeps: each page's cursor, saved as the page is committed."""

    def scan(self, app: BlueskyApi, *, stop_after: int | None = None) -> list[ScanPage]:
        http = ApiClient(transport=app.transport(), sleep=lambda _: None)
        settings = bluesky.settings({**SETTINGS, "service": "http://127.0.0.1"})
        pages = []
        for page in bluesky.scan(http, settings, lambda a, s: self.get((a, s))):
            if page.cursor is not None:
                self[(page.account, page.stream)] = page.cursor
            pages.append(page)
            if stop_after is not None and len(pages) == stop_after:
                break  # as if the scan died here
        return pages


def chats(pages: list[ScanPage]) -> list[tuple[str, str, str | None]]:
    return [
        (r.type, r.account.handle, r.text)
        for p in pages
        if p.stream.startswith("chat")
        for r in p.interactions
    ]


def test_only_the_other_members_messages_are_recorded_requests_as_such() -> None:
    pages = Saved().scan(BlueskyApi(PASSWORD, page_size=2))
    assert chats(pages) == [
        ("message_request", "rjm-1982.bsky.social", "why won't you answer me"),
        ("message_request", "rjm-1982.bsky.social", None),  # a deletedMessageView: who and when
        ("message_request", "rjm-1982.bsky.social", "it's me. new account, don't block this one"),
        ("message_request", "rjm-1982.bsky.social", "hey"),
        ("message", "marym.bsky.social", "are you still coming on saturday?"),  # not Jane's reply
    ]
    first = next(r for p in pages if p.stream == f"chat:{REQUEST}" for r in p.interactions)
    assert first.direction == "in" and first.account.user_id == "did:plc:a3t9wq6mzk2dy4hb7xv5ncrp"
    assert first.occurred_at == datetime(2026, 11, 5, 23, 10, 9, 318000, tzinfo=UTC)
    assert first.account.created_at is not None  # the full profile came from getProfiles
    assert first.account.avatar_url and first.raw.startswith("{")
    assert '"$type": "chat.bsky.convo.defs#messageView"' in first.raw


def test_every_chat_request_is_a_proxied_read_and_nothing_is_ever_written() -> None:
    app = BlueskyApi(PASSWORD, page_size=2)
    Saved().scan(app)
    chat = [seen for seen in app.log if "chat.bsky." in seen.path]
    assert {seen.path.removeprefix("/xrpc/") for seen in chat} == {
        "chat.bsky.convo.listConvos",
        "chat.bsky.convo.getMessages",
    }
    assert all(seen.method == "GET" for seen in chat)
    assert all(seen.headers["atproto-proxy"] == PROXY["atproto-proxy"] for seen in chat)
    assert all(seen.headers["authorization"] == "Bearer access-jwt-0" for seen in chat)
    assert [seen.param("status") for seen in app.calls("/xrpc/chat.bsky.convo.listConvos")] == [
        "request",
        "accepted",
    ]
    asked = {seen.param("convoId") for seen in app.calls("/xrpc/chat.bsky.convo.getMessages")}
    assert asked == {REQUEST, ACCEPTED}  # the conversation without messages costs nothing
    assert not [s for s in app.log if s.method != "GET" and "createSession" not in s.path]


def test_a_second_scan_asks_only_conversations_with_new_messages() -> None:
    app = BlueskyApi(PASSWORD, page_size=2)
    saved = Saved()
    saved.scan(app)
    app.log.clear()
    assert chats(saved.scan(app)) == []
    assert app.calls("/xrpc/chat.bsky.convo.getMessages") == []
    app.add_new_messages()
    app.log.clear()
    assert chats(saved.scan(app)) == [("message", "marym.bsky.social", "ok, bring the blue folder")]
    (asked,) = app.calls("/xrpc/chat.bsky.convo.getMessages")
    assert asked.param("convoId") == ACCEPTED and asked.param("cursor") is None


def test_a_walk_cut_midway_resumes_from_its_cursor_without_gaps_or_repeats() -> None:
    app = BlueskyApi(PASSWORD, page_size=2)
    saved = Saved()
    pages = saved.scan(app)
    cut = next(i for i, p in enumerate(pages) if p.stream == f"chat:{REQUEST}") + 1
    stopped = Saved()
    before = chats(stopped.scan(app, stop_after=cut))  # the first page of four messages
    app.log.clear()
    after = chats(stopped.scan(app))
    assert before + after == chats(pages)
    resumed = [s for s in app.calls("/xrpc/chat.bsky.convo.getMessages")]
    assert resumed[0].param("convoId") == REQUEST and resumed[0].param("cursor") == "2"


def test_an_app_password_without_dm_access_warns_and_keeps_the_notifications() -> None:
    app = BlueskyApi(PASSWORD)
    app.chat_refused = 401
    pages = Saved().scan(app)
    warnings = [w for p in pages for w in p.warnings]
    assert any("direct messages were not read" in w and "HTTP 401" in w for w in warnings)
    assert chats(pages) == [] and len([r for p in pages for r in p.interactions]) == 7
    assert app.calls("/xrpc/chat.bsky.convo.getMessages") == []
