"""Public-profile enrichment: a polite Scrapy spider for Mastodon and Bluesky profiles.

For each target it asks one login-free JSON endpoint (Mastodon `accounts/lookup`, Bluesky
`app.bsky.actor.getProfile`), keeps the body exactly as received, then downloads the
avatar (size-capped, content type and magic bytes checked) into a spool folder under its
sha256. Every outcome, success or not, becomes one `ProfileResult`. It knows platforms and
HTTP, not the store.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure
from w3lib.html import remove_tags, replace_entities

from crawlers.spiders.records import (
    IMAGE_TYPES,
    MAX_AVATAR_BYTES,
    Avatar,
    ProfileResult,
    Target,
    avatar_problem,
    image_problem,
    parse_instant,
)

NAME = "profiles"
MAX_PROFILE_BYTES = 1024 * 1024
_FAILED = {404: "not_found", 410: "not_found", 401: "refused", 403: "refused"}


def read_profile(platform: str, data: Any) -> dict[str, Any]:
    """The profile fields kept, from one platform's JSON account object; ValueError if absent."""
    if not isinstance(data, dict):
        raise ValueError("the response is not a JSON object")
    if platform == "mastodon":
        if not data.get("id"):
            raise ValueError("no account id in the response")
        return {
            "handle": _text(data.get("acct")),
            "user_id": _text(data.get("id")),
            "display_name": _text(data.get("display_name")),
            "bio": _html_text(data.get("note")),
            "profile_url": _text(data.get("url")),
            "created_at": parse_instant(data.get("created_at")),
            "avatar_url": _text(data.get("avatar")),
        }
    did = _text(data.get("did"))
    if not did:
        raise ValueError("no DID in the response")
    handle = _text(data.get("handle"))
    return {
        "handle": None if handle == "handle.invalid" else handle,  # failed handle verification
        "user_id": did,
        "display_name": _text(data.get("displayName")),
        "bio": _text(data.get("description")),
        "profile_url": f"https://bsky.app/profile/{did}",
        "created_at": parse_instant(data.get("createdAt")),
        "avatar_url": _text(data.get("avatar")),
    }


class ProfilesSpider(scrapy.Spider):
    """Asks each target's profile endpoint, then its avatar; every outcome is one item."""

    name = NAME

    def __init__(
        self, *, targets: list[Target], spool: Path, max_avatar_bytes: int = MAX_AVATAR_BYTES
    ) -> None:
        super().__init__()
        self.targets, self.spool, self.max_avatar_bytes = targets, Path(spool), max_avatar_bytes

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for target in self.targets:
            yield scrapy.Request(
                target.url,
                callback=self.parse_profile,
                errback=self.profile_failed,
                cb_kwargs={"target": target},
                headers={"Accept": "application/json"},
                meta={"download_maxsize": MAX_PROFILE_BYTES},
                dont_filter=True,
            )

    def parse_profile(
        self, response: Response, target: Target
    ) -> Iterator[ProfileResult | scrapy.Request]:
        result = _result(target, response, status="ok")
        try:
            result = replace(result, **read_profile(target.platform, json.loads(result.raw or "")))
        except ValueError as exc:
            yield replace(result, status="error", reason=f"unexpected response: {exc}")
            return
        if result.avatar_url is None:
            yield result
            return
        problem = avatar_problem(target.platform, result.avatar_url)
        if problem:
            yield replace(result, avatar=Avatar(url=result.avatar_url, reason=problem))
            return
        yield scrapy.Request(
            result.avatar_url,
            callback=self.parse_avatar,
            errback=self.avatar_failed,
            cb_kwargs={"result": result},
            meta={"download_maxsize": self.max_avatar_bytes},
            dont_filter=True,
        )

    def profile_failed(self, failure: Failure) -> Iterator[ProfileResult]:
        target: Target = failure.request.cb_kwargs["target"]
        status, reason, raw = _failure(failure, target.platform)
        self.logger.warning("profile %s: %s", failure.request.url, reason)
        yield ProfileResult(
            key=target.key,
            platform=target.platform,
            fetch_url=failure.request.url,
            fetched_at=datetime.now(UTC),
            status=status,
            reason=reason,
            raw=raw,
        )

    def parse_avatar(self, response: Response, result: ProfileResult) -> Iterator[ProfileResult]:
        content_type = response.headers.get("Content-Type", b"").decode("latin-1")
        content_type = content_type.split(";")[0].strip().lower()
        avatar = Avatar(
            url=response.url,
            fetched_at=datetime.now(UTC),
            content_type=content_type or None,
            size=len(response.body),
        )
        reason = image_problem(content_type, response.body, self.max_avatar_bytes)
        if reason:
            self.logger.warning("avatar %s not kept: %s", response.url, reason)
            yield replace(result, avatar=replace(avatar, reason=reason))
            return
        sha = hashlib.sha256(response.body).hexdigest()
        name = f"{sha}.{IMAGE_TYPES[content_type]}"
        _write_private(self.spool / name, response.body)
        yield replace(result, avatar=replace(avatar, sha256=sha, file=name))

    def avatar_failed(self, failure: Failure) -> Iterator[ProfileResult]:
        result: ProfileResult = failure.request.cb_kwargs["result"]
        status, reason, _ = _failure(failure, result.platform)
        self.logger.warning("avatar %s not kept: %s", failure.request.url, reason)
        avatar = Avatar(
            url=failure.request.url,
            fetched_at=datetime.now(UTC),
            reason=reason,
            transient=status == "error",
        )
        yield replace(result, avatar=avatar)


def settings(*, user_agent: str, cache_dir: Path, delay: float = 1.0) -> dict[str, Any]:
    """Polite, quiet and private: robots.txt obeyed, one request at a time per server."""
    return {
        "BOT_NAME": "nocontact",
        "USER_AGENT": user_agent,
        "ROBOTSTXT_OBEY": True,
        "AUTOTHROTTLE_ENABLED": True,
        "AUTOTHROTTLE_START_DELAY": delay,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
        "DOWNLOAD_DELAY": delay,
        "CONCURRENT_REQUESTS": 4,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
        "DOWNLOAD_TIMEOUT": 30,
        "DOWNLOAD_MAXSIZE": MAX_AVATAR_BYTES,
        "DOWNLOAD_VERIFY_CERTIFICATES": True,
        "RETRY_TIMES": 2,
        "COOKIES_ENABLED": False,
        "HTTPCACHE_ENABLED": True,
        "HTTPCACHE_DIR": str(cache_dir),
        "HTTPCACHE_EXPIRATION_SECS": 24 * 3600,
        "HTTPCACHE_IGNORE_HTTP_CODES": [429, 500, 502, 503, 504],
        # Only http(s): an avatar address comes from someone else's profile.
        "DOWNLOAD_HANDLERS": {"file": None, "data": None, "ftp": None, "s3": None},
        # Nothing that listens, reports or writes outside the case folder.
        "TELNETCONSOLE_ENABLED": False,
        "REMOTE_CONTROL_ENABLED": False,
        "MEMUSAGE_ENABLED": False,
        "EXTENSIONS": {
            "scrapy.extensions.telnet.TelnetConsole": None,
            "scrapy.extensions.remote_control.RemoteControl": None,
            "scrapy.extensions.memusage.MemoryUsage": None,
            "scrapy.extensions.memdebug.MemoryDebugger": None,
            "scrapy.extensions.feedexport.FeedExporter": None,
            "scrapy.extensions.spiderstate.SpiderState": None,
        },
        "LOG_LEVEL": "WARNING",
    }


def _result(target: Target, response: Response, **fields: Any) -> ProfileResult:
    return ProfileResult(
        key=target.key,
        platform=target.platform,
        fetch_url=response.url,
        fetched_at=datetime.now(UTC),
        raw=_body_text(response),
        cached="cached" in response.flags,
        **fields,
    )


def _failure(failure: Failure, platform: str) -> tuple[str, str, str | None]:
    """Status, reason and body of a failed request (HttpError is also an IgnoreRequest)."""
    if failure.check(HttpError):
        response = failure.value.response
        status = _FAILED.get(response.status, "error")
        if platform == "bluesky" and response.status == 400:
            status = "not_found"  # the AppView answers 400 for unknown or removed actors
        return status, _http_reason(response), _body_text(response)
    if failure.check(IgnoreRequest):
        return "refused", str(failure.value) or "request ignored", None
    limit = failure.request.meta.get("download_maxsize")
    if "max size" in failure.getErrorMessage():  # Scrapy names the cause only in its message
        return "refused", f"larger than {limit} bytes; download stopped", None
    return "error", f"{failure.type.__name__}: {failure.getErrorMessage()}", None


def _http_reason(response: Response) -> str:
    try:
        body = json.loads(response.body)
    except ValueError:
        return f"HTTP {response.status}"
    if not isinstance(body, dict):
        return f"HTTP {response.status}"
    detail = ": ".join(str(body[k]) for k in ("error", "message") if body.get(k))
    return f"HTTP {response.status}: {detail}" if detail else f"HTTP {response.status}"


def _body_text(response: Response) -> str | None:
    try:
        return response.body.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _text(value: Any) -> str | None:
    if isinstance(value, int | str) and not isinstance(value, bool):
        return str(value).strip() or None
    return None


def _html_text(html: Any) -> str | None:
    """Mastodon notes are HTML; keep paragraph and line breaks as newlines."""
    if not isinstance(html, str):
        return None
    text = re.sub(r"(?i)<br\s*/?>|</p>\s*<p[^>]*>", "\n", html)
    return replace_entities(remove_tags(text)).strip() or None
