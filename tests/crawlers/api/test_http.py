"""The shared client: retries with capped backoff, rate-limit waits, typed errors, no leaks."""

from __future__ import annotations

import logging
import pickle
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from crawlers.api._http import USER_AGENT, ApiClient, Secret, base_url, secret_from_env
from crawlers.errors import AuthError, RateLimited, ScanError

URL = "https://social.example/api/v1/notifications"
NOW = datetime(2026, 11, 6, 12, 0, tzinfo=UTC)


def client(
    answers: list[httpx.Response | Exception], waits: list[float], **options: object
) -> tuple[ApiClient, list[httpx.Request]]:
    """A client whose server gives `answers` in order; `waits` records every sleep."""
    seen: list[httpx.Request] = []

    def respond(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    http = ApiClient(
        transport=httpx.MockTransport(respond), sleep=waits.append, clock=lambda: NOW, **options
    )
    return http, seen


def ok(body: str = "[]", **headers: str) -> httpx.Response:
    return httpx.Response(200, text=body, headers=headers)


def test_429_waits_as_long_as_retry_after_then_succeeds() -> None:
    waits: list[float] = []
    http, seen = client(
        [httpx.Response(429, headers={"Retry-After": "7"}), ok('[{"id": "1"}]')], waits
    )
    assert http.get(URL).json() == [{"id": "1"}]
    assert waits == [7.0] and len(seen) == 2


def test_5xx_and_dropped_connections_retry_with_exponential_backoff() -> None:
    waits: list[float] = []
    answers: list[httpx.Response | Exception] = [
        httpx.Response(503),
        httpx.RemoteProtocolError("Server disconnected"),
        httpx.ReadTimeout("slow"),
        httpx.Response(502),
        ok(),
    ]
    http, seen = client(answers, waits)
    assert http.get(URL).status == 200
    assert waits == [1.0, 2.0, 4.0, 8.0] and len(seen) == 5


def test_backoff_is_capped_and_the_scan_gives_up_after_the_retries() -> None:
    waits: list[float] = []
    http, seen = client([httpx.Response(500)] * 7, waits, retries=6, max_backoff=10.0)
    with pytest.raises(ScanError, match="still failing after 7 attempts"):
        http.get(URL)
    assert waits == [1.0, 2.0, 4.0, 8.0, 10.0, 10.0] and len(seen) == 7


def test_a_wait_longer_than_a_scan_may_wait_ends_the_scan_cleanly() -> None:
    waits: list[float] = []
    http, _ = client([httpx.Response(429, headers={"Retry-After": "3600"})], waits)
    with pytest.raises(RateLimited, match="60 more minutes"):
        http.get(URL)
    assert waits == []


@pytest.mark.parametrize(
    ("reset", "expected"),
    [
        ((NOW + timedelta(seconds=42)).isoformat().replace("+00:00", "Z"), 42.0),  # Mastodon
        (str(int((NOW + timedelta(seconds=30)).timestamp())), 30.0),  # Bluesky: epoch seconds
        ("12", 12.0),  # Reddit: seconds until the reset
    ],
)
def test_429_without_retry_after_waits_for_the_rate_limit_reset(
    reset: str, expected: float
) -> None:
    waits: list[float] = []
    limited = httpx.Response(
        429, headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset}
    )
    http, _ = client([limited, ok()], waits)
    http.get(URL)
    assert waits == [pytest.approx(expected)]


def test_a_spent_quota_delays_the_next_request_until_the_reset() -> None:
    waits: list[float] = []
    reset = str(int((NOW + timedelta(seconds=20)).timestamp()))
    spent = ok(**{"RateLimit-Remaining": "0", "RateLimit-Reset": reset})
    http, seen = client([spent, ok()], waits)
    http.get(URL)
    assert waits == []
    http.get(URL)
    assert waits == [pytest.approx(20.0)] and len(seen) == 2


def test_refused_credentials_raise_auth_error_without_the_token(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    token = Secret("tok-S3CR3T-value")
    waits: list[float] = []
    refusal = httpx.Response(401, json={"error": "The access token tok-S3CR3T-value is invalid"})
    http, seen = client([refusal], waits)
    http.register(token)
    with pytest.raises(AuthError) as raised:
        http.get(URL, token=token)
    assert seen[0].headers["Authorization"] == "Bearer tok-S3CR3T-value"
    assert "S3CR3T" not in str(raised.value) and "********" in str(raised.value)
    assert "S3CR3T" not in caplog.text


def test_other_client_errors_are_scan_errors_and_allowed_statuses_return() -> None:
    http, _ = client([httpx.Response(400, json={"message": "bad cursor"}), httpx.Response(404)], [])
    with pytest.raises(ScanError, match="HTTP 400: bad cursor"):
        http.get(URL)
    assert http.get(URL, allow=(404,)).status == 404


def test_redirects_are_reported_not_followed_with_the_token() -> None:
    moved = httpx.Response(301, headers={"Location": "https://www.social.example/api/v1/x"})
    http, seen = client([moved], [])
    with pytest.raises(ScanError, match="redirected to https://www.social.example/api/v1/x"):
        http.get(URL, token=Secret("tok-1"))
    assert len(seen) == 1


def test_requests_name_the_tool_and_keep_the_body_exact() -> None:
    body = '[ {"id": "1",  "note": "caf\\u00e9 \u00e9"} ]'
    http, seen = client([ok(body)], [])
    fetched = http.get(URL, params={"min_id": "5"})
    assert seen[0].headers["User-Agent"] == USER_AGENT and USER_AGENT.startswith("nocontact/")
    assert fetched.text == body and fetched.url == f"{URL}?min_id=5"
    assert fetched.fetched_at == NOW


def test_secrets_hide_from_repr_str_and_pickle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NC_TEST_TOKEN", "  tok-hidden-1  ")
    secret = secret_from_env("NC_TEST_TOKEN", what="test token")
    assert secret.reveal() == "tok-hidden-1"
    assert "hidden" not in repr(secret) + str(secret) + f"{secret!r}"
    with pytest.raises(TypeError):
        pickle.dumps(secret)


def test_a_missing_secret_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NC_TEST_TOKEN", raising=False)
    with pytest.raises(AuthError, match="NC_TEST_TOKEN is not set"):
        secret_from_env("NC_TEST_TOKEN", what="test token")


@pytest.mark.parametrize(
    ("value", "accepted"),
    [
        ("https://social.example/", True),
        ("http://127.0.0.1:8080", True),
        ("http://social.example", False),  # the token would cross the network in clear
        ("social.example", False),
        ("", False),
    ],
)
def test_credentials_go_only_to_https_or_this_machine(value: str, accepted: bool) -> None:
    check: Callable[[], str] = lambda: base_url(value, key="scan.mastodon.instance")  # noqa: E731
    if accepted:
        assert check() == value.rstrip("/")
    else:
        with pytest.raises(ScanError, match="https://"):
            check()
