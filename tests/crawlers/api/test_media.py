"""Bounded avatar downloads through the scanner's own client and a real httpx transport."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from crawlers.api import ApiClient
from crawlers.api import _media as media
from crawlers.spiders.records import DEFAULT_AVATAR

PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)
BASE = "https://media.example"


class Host:
    """A media host: path -> (status, headers, body or chunk iterator); every request logged."""

    def __init__(self, routes: dict[str, tuple[int, dict[str, str], object]]) -> None:
        self.routes, self.seen, self.sent = routes, [], 0

    def client(self) -> ApiClient:
        return ApiClient(transport=httpx.MockTransport(self.respond))

    def respond(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        status, headers, body = self.routes.get(request.url.path, (404, {}, b""))
        if isinstance(body, bytes):
            return httpx.Response(status, headers=headers, content=body)
        return httpx.Response(status, headers=headers, content=self._counted(body))

    def _counted(self, chunks: Iterator[bytes]) -> Iterator[bytes]:
        for chunk in chunks:
            self.sent += 1
            yield chunk


def endless() -> Iterator[bytes]:
    """A body with no length that never ends: only the byte cap stops it."""
    yield PNG
    while True:
        yield bytes(64 * 1024)


def test_a_picture_is_returned_with_its_type_and_no_credentials_are_sent() -> None:
    host = Host({"/a.png": (200, {"Content-Type": "image/png"}, PNG)})
    with host.client() as http:
        http.register("secret-token")
        got = media.fetch_avatar(http, f"{BASE}/a.png", "bluesky")
    assert (got.data, got.content_type, got.reason) == (PNG, "image/png", None)
    assert "authorization" not in host.seen[0].headers
    assert host.seen[0].headers["accept"] == "image/*"


def test_a_body_without_length_is_cut_off_at_the_cap_while_streaming() -> None:
    host = Host({"/big": (200, {"Content-Type": "image/png"}, endless())})
    with host.client() as http:
        got = media.fetch_avatar(http, f"{BASE}/big", "bluesky", max_bytes=200_000)
    assert got.data is None and got.reason == "larger than 200000 bytes; download stopped"
    assert host.sent <= 6  # stopped after ~200 kB, not read to the end


def test_a_declared_length_over_the_cap_is_not_downloaded() -> None:
    host = Host({"/big": (200, {"Content-Type": "image/jpeg"}, b"\xff\xd8\xff" + bytes(5000))})
    with host.client() as http:
        got = media.fetch_avatar(http, f"{BASE}/big", "mastodon", max_bytes=1000)
    assert got.reason == "larger than 1000 bytes; not downloaded" and got.data is None


@pytest.mark.parametrize(
    ("content_type", "body", "reason"),
    [
        ("text/html", b"<html>", "not an image (content type text/html)"),
        ("", PNG, "not an image (content type missing)"),
        ("image/svg+xml", b"<svg/>", "not an image (content type image/svg+xml)"),
        ("image/jpeg", PNG, "content is not a JPG image"),
    ],
)
def test_only_image_bytes_that_are_what_they_claim_are_returned(
    content_type: str, body: bytes, reason: str
) -> None:
    host = Host({"/x": (200, {"Content-Type": content_type} if content_type else {}, body)})
    with host.client() as http:
        got = media.fetch_avatar(http, f"{BASE}/x", "mastodon")
    assert (got.data, got.reason, got.transient) == (None, reason, False)


def test_redirects_are_followed_a_few_times_and_only_to_http() -> None:
    host = Host(
        {
            "/old": (302, {"Location": "/new.png"}, b""),
            "/new.png": (200, {"Content-Type": "image/png"}, PNG),
            "/loop": (301, {"Location": "/loop"}, b""),
            "/away": (302, {"Location": "file:///etc/passwd"}, b""),
        }
    )
    with host.client() as http:
        assert media.fetch_avatar(http, f"{BASE}/old", "mastodon").data == PNG
        looped = media.fetch_avatar(http, f"{BASE}/loop", "mastodon")
        away = media.fetch_avatar(http, f"{BASE}/away", "mastodon")
    assert looped.reason == "more than 3 redirects; not followed"
    assert away.reason == "redirected to a non-http address"
    assert [r.url.path for r in host.seen].count("/loop") == media.MAX_REDIRECTS + 1


def test_server_and_network_failures_are_transient_and_never_raise() -> None:
    def broken(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    host = Host({"/busy": (503, {}, b"busy"), "/gone": (404, {}, b"")})
    with host.client() as http:
        busy = media.fetch_avatar(http, f"{BASE}/busy", "bluesky")
        gone = media.fetch_avatar(http, f"{BASE}/gone", "bluesky")
    with ApiClient(transport=httpx.MockTransport(broken)) as http:
        down = media.fetch_avatar(http, f"{BASE}/a.png", "bluesky")
    assert (busy.reason, busy.transient) == ("HTTP 503", True)
    assert (gone.reason, gone.transient) == ("HTTP 404", False)
    assert (down.reason, down.transient) == ("network failure (ConnectError)", True)


def test_a_slow_drip_is_stopped_by_the_deadline() -> None:
    ticks = iter(range(0, 1000, 10))  # each look at the clock: ten seconds later
    host = Host({"/slow": (200, {"Content-Type": "image/png"}, endless())})
    with host.client() as http:
        got = media.fetch_avatar(http, f"{BASE}/slow", "bluesky", clock=lambda: next(ticks))
    assert got.reason == "slower than 30 s; download stopped" and got.transient


def test_placeholders_and_odd_addresses_are_not_fetched() -> None:
    host = Host({})
    with host.client() as http:
        default = media.fetch_avatar(
            http, "https://social.example/avatars/original/missing.png", "mastodon"
        )
        odd = media.fetch_avatar(http, "data:image/png;base64,AAAA", "bluesky")
    assert default.reason == DEFAULT_AVATAR and odd.reason == "not an http(s) address; not fetched"
    assert host.seen == []
