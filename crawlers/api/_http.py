"""The one polite HTTP client every scanner uses: retries, rate limits, no leaked secrets.

Transient failures (timeouts, dropped connections, 5xx) are retried with capped exponential
backoff; 429 waits as long as `Retry-After` or the rate-limit reset says, unless that is
longer than one scan may wait, in which case `RateLimited` ends the scan cleanly. Response
headers are never logged, and every error message is scrubbed of registered secrets.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from importlib import metadata
from typing import Any
from urllib.parse import urlsplit

import httpx

from crawlers.errors import AuthError, RateLimited, ScanError

log = logging.getLogger(__name__)

_RETRY_STATUS = frozenset({500, 502, 503, 504})
_LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})


def _version() -> str:
    try:
        return metadata.version("nocontact")
    except metadata.PackageNotFoundError:
        return "0"


USER_AGENT = (
    f"nocontact/{_version()} (personal evidence log; read-only scan of the user's own account)"
)


class Secret:
    """A token or password that never shows itself in reprs, logs or tracebacks."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('********')"

    __str__ = __repr__

    def __reduce__(self) -> Any:
        raise TypeError("a Secret cannot be pickled")


def secret_from_env(variable: str, *, what: str) -> Secret:
    """Read a secret from the environment variable the config names, and only from there."""
    value = os.environ.get(variable, "").strip()
    if not value:
        raise AuthError(
            f"the environment variable {variable} is not set: put your {what} in it before "
            "scanning (nocontact never stores it; see docs/scanning.md)"
        )
    return Secret(value)


def base_url(value: object, *, key: str) -> str:
    """A server address to send credentials to: https, or plain http on this machine only."""
    url = str(value or "").strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return url
    if parts.scheme == "http" and parts.hostname in _LOOPBACK:
        return url
    raise ScanError(f"{key}: {url!r} must be an https:// address (credentials are sent to it)")


@dataclass(frozen=True, slots=True)
class Fetched:
    """One response as received: the body bytes decoded as UTF-8 JSON text, kept exact."""

    method: str
    url: str
    status: int
    text: str
    fetched_at: datetime
    links: Mapping[str, str] = field(default_factory=dict)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def json(self) -> Any:
        try:
            return json.loads(self.text)
        except ValueError:
            raise ScanError(f"{self.url}: the answer is not JSON") from None


class ApiClient:
    """httpx with timeouts, retries, rate-limit waits and an honest User-Agent."""

    def __init__(
        self,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        retries: int = 4,
        backoff: float = 1.0,
        max_backoff: float = 60.0,
        max_wait: float = 900.0,
        timeout: float = 30.0,
    ) -> None:
        self._client = httpx.Client(
            transport=transport,
            timeout=timeout,
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
            follow_redirects=False,
        )
        self._sleep, self._clock = sleep, clock
        self.retries, self.backoff, self.max_backoff = retries, backoff, max_backoff
        self.max_wait = max_wait
        self._secrets: list[str] = []
        self._not_before: dict[str, datetime] = {}

    def register(self, secret: Secret | str) -> None:
        """Remember a secret so that no error message can ever carry it."""
        value = secret.reveal() if isinstance(secret, Secret) else secret
        if value:
            self._secrets.append(value)

    def redact(self, text: str) -> str:
        for value in self._secrets:
            text = text.replace(value, "********")
        return text

    def get(
        self,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        token: Secret | None = None,
        allow: tuple[int, ...] = (),
        headers: Mapping[str, str] | None = None,
    ) -> Fetched:
        return self.request("GET", url, params=params, token=token, allow=allow, headers=headers)

    def request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        json_body: Mapping[str, Any] | None = None,
        token: Secret | None = None,
        allow: tuple[int, ...] = (),
        headers: Mapping[str, str] | None = None,
        form: Mapping[str, str] | None = None,
    ) -> Fetched:
        """One logical request; transient failures are retried, others raise a ScanError.

        `headers` carry per-platform needs (Reddit's User-Agent, a key header); `form` is an
        url-encoded body (OAuth token requests). Neither is ever logged.
        """
        headers = {**(headers or {})}
        if token:
            headers["Authorization"] = f"Bearer {token.reveal()}"
        host = urlsplit(url).netloc
        for attempt in range(self.retries + 1):
            self._respect_limit(host)
            try:
                response = self._client.request(
                    method, url, params=params, json=json_body, data=form, headers=headers
                )
            except httpx.TransportError as exc:
                self._retry_or_fail(attempt, host, f"network failure ({type(exc).__name__})", url)
                continue
            self._note_limits(host, response)
            status = response.status_code
            if status == 429:
                self._rate_limited(attempt, host, response)
                continue
            if status in _RETRY_STATUS and status not in allow:
                wait = _retry_after(response, self._clock()) or 0.0
                self._retry_or_fail(attempt, host, f"HTTP {status}", url, wait)
                continue
            return self._fetched(method, response, allow)
        raise ScanError(f"{url}: no answer")  # not reached: the last attempt returns or raises

    def stream(self, url: str, *, headers: Mapping[str, str], timeout: float) -> Any:
        """A bare GET whose body the caller reads piece by piece: no credentials, no retries,
        no redirects followed (a context manager yielding the `httpx.Response`)."""
        return self._client.stream("GET", url, headers=headers, timeout=timeout)

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> ApiClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _fetched(self, method: str, response: httpx.Response, allow: tuple[int, ...]) -> Fetched:
        url, status = str(response.request.url), response.status_code
        if 300 <= status < 400 and status not in allow:
            # Never followed: the token would go wherever the redirect points.
            where = response.headers.get("location", "another address")
            raise ScanError(f"{url}: redirected to {where}; put that address in config.toml")
        if status >= 400 and status not in allow:
            detail = self.redact(_error_detail(response))
            if status in (401, 403):
                raise AuthError(
                    f"{url}: the server refused the credentials (HTTP {status}{detail})"
                )
            raise ScanError(f"{url}: HTTP {status}{detail}")
        try:
            text = response.content.decode("utf-8")
        except UnicodeDecodeError:
            raise ScanError(f"{url}: the answer is not UTF-8 text") from None
        links = {rel: link["url"] for rel, link in response.links.items() if "url" in link}
        return Fetched(method, url, status, text, self._clock(), links)

    def _retry_or_fail(
        self, attempt: int, host: str, problem: str, url: str, at_least: float = 0.0
    ) -> None:
        if attempt >= self.retries:
            raise ScanError(
                f"{self.redact(url)}: {problem}, still failing after {attempt + 1} attempts; "
                "what was stored so far is kept and the next scan resumes from there"
            )
        wait = max(at_least, min(self.backoff * 2**attempt, self.max_backoff))
        log.warning("%s: %s; retry %d/%d in %.1f s", host, problem, attempt + 1, self.retries, wait)
        self._sleep(wait)

    def _rate_limited(self, attempt: int, host: str, response: httpx.Response) -> None:
        wait = _retry_after(response, self._clock())
        if wait is None:
            reset = _reset_at(response.headers, self._clock())
            wait = (reset - self._clock()).total_seconds() if reset else None
        if wait is None:
            wait = min(self.backoff * 2**attempt, self.max_backoff)
        wait = max(wait, 0.0)
        if wait > self.max_wait or attempt >= self.retries:
            raise RateLimited(
                f"{host} asks to wait {wait / 60:.0f} more minutes (HTTP 429); what was stored "
                "so far is kept and the next scan resumes from there"
            )
        log.warning("%s: rate limited (HTTP 429); waiting %.1f s", host, wait)
        self._not_before.pop(host, None)  # this wait already covers the noted reset
        self._sleep(wait)

    def _note_limits(self, host: str, response: httpx.Response) -> None:
        """When the quota is spent, the next request to that host waits for the reset."""
        remaining = _header(response.headers, "remaining")
        if remaining is None:
            return
        try:
            spent = float(remaining) <= 0
        except ValueError:
            return
        reset = _reset_at(response.headers, self._clock()) if spent else None
        if reset:
            self._not_before[host] = reset

    def _respect_limit(self, host: str) -> None:
        until = self._not_before.pop(host, None)
        if until is None:
            return
        wait = (until - self._clock()).total_seconds()
        if wait > self.max_wait:
            raise RateLimited(
                f"{host}: the rate-limit quota is spent for {wait / 60:.0f} more minutes; "
                "the next scan resumes from here"
            )
        if wait > 0:
            log.warning("%s: rate-limit quota spent; waiting %.1f s for the reset", host, wait)
            self._sleep(wait)


def _header(headers: httpx.Headers, name: str) -> str | None:
    """`X-RateLimit-*` (Mastodon, Reddit) or the IETF draft `RateLimit-*` (Bluesky)."""
    return headers.get(f"x-ratelimit-{name}") or headers.get(f"ratelimit-{name}")


def _retry_after(response: httpx.Response, now: datetime) -> float | None:
    value = response.headers.get("retry-after")
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max((when - now).total_seconds(), 0.0)


def _reset_at(headers: httpx.Headers, now: datetime) -> datetime | None:
    """The reset header is an ISO time (Mastodon), epoch seconds (Bluesky) or a delay (Reddit)."""
    value = _header(headers, "reset")
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    if number > 1e9:
        return datetime.fromtimestamp(number, tz=UTC)
    return now + timedelta(seconds=number)


def _error_detail(response: httpx.Response) -> str:
    """The server's own short explanation, if it gave one in JSON."""
    try:
        body = response.json()
    except ValueError:
        return ""
    if not isinstance(body, dict):
        return ""
    message = body.get("error_description") or body.get("message") or body.get("error")
    return f": {str(message)[:200]}" if message else ""
