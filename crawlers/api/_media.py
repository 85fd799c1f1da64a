"""Download one picture an API answer pointed to, bounded: the scan's avatars.

The address comes from someone else's profile, so the download is wary: http(s) only, no
credentials, at most a few redirects, image content types only, a byte cap enforced while
streaming (a server that lies about its length is cut off) and a wall-clock limit. Bytes
are returned only when their magic matches their content type; decoding them is left to
the matcher's bomb-safe pipeline.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import httpx

from crawlers.api._http import ApiClient
from crawlers.spiders.records import IMAGE_TYPES, avatar_problem, image_problem

MAX_BYTES = 2 * 1024 * 1024  # profile pictures are small; anything larger is not kept
TIMEOUT = 15.0  # seconds per connect/read
DEADLINE = 30.0  # seconds for the whole download, however slowly the bytes drip
MAX_REDIRECTS = 3
_CHUNK = 64 * 1024
_TRANSIENT = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class Media:
    """What one download gave: the checked bytes and their type, or why nothing was kept."""

    url: str
    fetched_at: datetime | None
    content_type: str | None = None
    data: bytes | None = None
    reason: str | None = None
    transient: bool = False  # a network fault or server error: worth asking again later


def fetch_avatar(
    http: ApiClient,
    url: str,
    platform: str,
    *,
    max_bytes: int = MAX_BYTES,
    clock: Callable[[], float] = time.monotonic,
) -> Media:
    """The picture at `url`, or a `Media` saying why not; never raises for a bad answer."""
    problem = avatar_problem(platform, url)
    if problem:
        return Media(url, None, reason=problem)
    started, address = clock(), url
    for _ in range(MAX_REDIRECTS + 1):
        fetched_at = datetime.now(UTC)
        try:
            with http.stream(address, headers={"Accept": "image/*"}, timeout=TIMEOUT) as answer:
                location = answer.headers.get("location")
                if answer.is_redirect and location:
                    address = urljoin(address, location)
                    if urlsplit(address).scheme not in ("http", "https"):
                        return Media(url, fetched_at, reason="redirected to a non-http address")
                    continue
                return _read(url, fetched_at, answer, max_bytes, lambda: clock() - started)
        except httpx.HTTPError as exc:
            reason = f"network failure ({type(exc).__name__})"
            return Media(url, fetched_at, reason=reason, transient=True)
    return Media(url, fetched_at, reason=f"more than {MAX_REDIRECTS} redirects; not followed")


def _read(
    url: str,
    fetched_at: datetime,
    answer: httpx.Response,
    max_bytes: int,
    elapsed: Callable[[], float],
) -> Media:
    """The body, streamed under the byte cap and deadline, then checked against its type."""
    status = answer.status_code
    if status >= 300:
        return Media(url, fetched_at, reason=f"HTTP {status}", transient=status in _TRANSIENT)
    content_type = answer.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in IMAGE_TYPES:
        return Media(
            url, fetched_at, reason=f"not an image (content type {content_type or 'missing'})"
        )
    declared = answer.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        return Media(url, fetched_at, reason=f"larger than {max_bytes} bytes; not downloaded")
    body = bytearray()
    for chunk in answer.iter_bytes(_CHUNK):
        body += chunk
        if len(body) > max_bytes:
            return Media(url, fetched_at, reason=f"larger than {max_bytes} bytes; download stopped")
        if elapsed() > DEADLINE:
            reason = f"slower than {DEADLINE:.0f} s; download stopped"
            return Media(url, fetched_at, reason=reason, transient=True)
    problem = image_problem(content_type, bytes(body), max_bytes)
    if problem:
        return Media(url, fetched_at, content_type, reason=problem)
    return Media(url, fetched_at, content_type, bytes(body))
