"""Mastodon (any server): notifications, filtered-notification requests and direct messages.

Read-only REST calls with the user's own token. Notifications are paged forward from the
saved id with `min_id`, always with `include_filtered=true`: since 4.3 a server's filtering
policy hides notifications from new or unknown accounts, which is exactly how a restrained
person's new accounts arrive. A `drop` policy deletes them before any API can see them, so
the scan warns about it. Handles are stored fully qualified (`user@server`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from crawlers.api._base import (
    CursorLookup,
    ScanPage,
    html_text,
    json_items,
    parse_time,
    read_settings,
)
from crawlers.api._http import ApiClient, Fetched, Secret, base_url, secret_from_env
from crawlers.errors import ScanError
from crawlers.events import Account, Interaction, Locator

NAME = "mastodon"
VERSION = "1"
_TYPES = {
    "follow": "follow",
    "follow_request": "follow_request",
    "favourite": "like",
    "reblog": "repost",
    "mention": "mention",
    "quote": "quote",
}
# Server events about polls, moderation and admin work, not contact from another account.
_NOT_CONTACT = frozenset(
    {"poll", "admin.sign_up", "admin.report", "severed_relationships", "moderation_warning"}
)
_POLICY = {
    "for_not_following": "people you do not follow",
    "for_not_followers": "people who do not follow you",
    "for_new_accounts": "accounts created in the last 30 days",
    "for_private_mentions": "private mentions from strangers",
    "for_limited_accounts": "accounts limited by moderators",
}
_Convert = Callable[[Any, Locator, str], list[Interaction]]


@dataclass(frozen=True, slots=True)
class Settings:
    """`[scan.mastodon]`: the user's server and the NAME of the token's variable."""

    instance: str
    token_env: str


def settings(table: Mapping[str, Any]) -> Settings:
    return read_settings(Settings, NAME, table)


def scan(http: ApiClient, settings: Settings, cursor: CursorLookup) -> Iterator[ScanPage]:
    """Everything new since the saved cursors, one committable page at a time."""
    instance = base_url(settings.instance, key="scan.mastodon.instance")
    token = secret_from_env(settings.token_env, what="Mastodon access token")
    http.register(token)
    session = _Session(http, instance, token)
    yield session.open()
    yield from session.forward("notifications", cursor(session.account, "notifications"))
    yield from session.requests()
    yield from session.forward("conversations", cursor(session.account, "conversations"))


class _Session:
    def __init__(self, http: ApiClient, instance: str, token: Secret) -> None:
        self.http, self.instance, self.token = http, instance, token
        self.me, self.domain, self.account = "", "", ""

    def _get(self, path: str, params: Mapping[str, Any] | None = None, **kw: Any) -> Fetched:
        url = path if "://" in path else f"{self.instance}{path}"
        return self.http.get(url, params=params, token=self.token, **kw)

    def open(self) -> ScanPage:
        """Who the token belongs to, the server's domain, and the filtering-policy check."""
        me = self._get("/api/v1/accounts/verify_credentials")
        server = self._get("/api/v1/instance")
        policy = self._get("/api/v2/notifications/policy", allow=(404,))
        who, about = me.json(), server.json()
        self.me = str(who["id"])
        domain = str(about.get("uri") or about.get("domain") or "")  # v1 `uri` is the domain
        self.domain = (urlsplit(domain).hostname if "://" in domain else domain) or (
            urlsplit(self.instance).hostname or ""
        )
        self.account = f"{who['username']}@{self.domain}"
        warnings = _policy_warnings(policy.json(), self.account) if policy.status == 200 else ()
        return ScanPage(self.account, "setup", responses=(me, server, policy), warnings=warnings)

    def forward(self, stream: str, since: str | None) -> Iterator[ScanPage]:
        """Pages newer than the saved id, oldest first, so each page can advance the cursor."""
        fixed = {"limit": 80, "include_filtered": "true"}
        convert, newest = self._notification, _item_id
        if stream == "conversations":
            fixed = {"limit": 40}
            convert, newest = self._conversation, _last_status_id
        url, params = f"/api/v1/{stream}", {**fixed, "min_id": since or "0"}
        while True:
            page = self._get(url, params)
            items = json_items(page.text)
            if not items:
                yield ScanPage(self.account, stream, responses=(page,))
                return
            records, warnings = _convert(page, items, convert)
            top = max((newest(item) for _, item in items), key=_id_order)
            yield ScanPage(self.account, stream, records, top, (page,), warnings)
            if since and _id_order(top) <= _id_order(since):
                return  # the server did not move forward: stop rather than loop
            since = top
            url, params = self._next(page, "prev", url, {**fixed, "min_id": top})

    def requests(self) -> Iterator[ScanPage]:
        """Filtered-notification requests: read whole each time (few; they change in place)."""
        url, params = "/api/v1/notifications/requests", {"limit": 80}
        while True:
            page = self._get(url, params, allow=(404,))
            items = json_items(page.text) if page.status == 200 else []
            records, warnings = _convert(page, items, self._request)
            yield ScanPage(self.account, "notification_requests", records, None, (page,), warnings)
            link = page.links.get("next")
            if not items or not link or not self._same_server(link):
                return
            url, params = self._next(page, "next", url, {"limit": 80})

    def _next(
        self, page: Fetched, rel: str, url: str, fixed: dict[str, Any]
    ) -> tuple[str, dict[str, Any]]:
        """Follow the Link header, but only to this server and never dropping our parameters."""
        link = page.links.get(rel)
        if not link or not self._same_server(link):
            return url, fixed
        parts = urlsplit(link)
        return f"{parts.scheme}://{parts.netloc}{parts.path}", {
            **dict(parse_qsl(parts.query)),
            **fixed,
        }

    def _same_server(self, link: str) -> bool:
        ours, theirs = urlsplit(self.instance), urlsplit(link)
        return (ours.scheme, ours.netloc) == (theirs.scheme, theirs.netloc)

    def _notification(self, item: Any, locator: Locator, raw: str) -> list[Interaction]:
        kind, who = item["type"], item["account"]
        if kind in _NOT_CONTACT or str(who["id"]) == self.me:
            return []
        status = item.get("status")
        if status and kind not in ("favourite", "reblog"):
            return [self._post(status, who, locator, raw, kind=kind)]
        return [
            Interaction(
                platform=NAME,
                type=_TYPES.get(kind, "other"),
                direction="in",
                occurred_at=parse_time(item["created_at"]),
                account=self._account(who),
                locator=locator,
                raw=raw,
                target=_status_url(status),
            )
        ]

    def _request(self, item: Any, locator: Locator, raw: str) -> list[Interaction]:
        # A request groups one account's filtered notifications; its individual ones come
        # through include_filtered, so only its last post is recorded (same key: stored once).
        status = item.get("last_status")
        return [self._post(status, item["account"], locator, raw, kind="mention")] if status else []

    def _conversation(self, item: Any, locator: Locator, raw: str) -> list[Interaction]:
        status = item.get("last_status")
        if not status:
            return []
        if str(status["account"]["id"]) != self.me:
            return [self._post(status, status["account"], locator, raw, kind="mention")]
        return [
            self._post(status, other, locator, raw, kind="mention", direction="out")
            for other in item.get("accounts", [])
        ]

    def _post(
        self, status: Any, who: Any, locator: Locator, raw: str, *, kind: str, direction: str = "in"
    ) -> Interaction:
        """A post that is the contact itself; the same post read from any stream is one record."""
        edited = kind == "update" and status.get("edited_at")
        return Interaction(
            platform=NAME,
            type=self._post_type(kind, status),
            direction=direction,
            occurred_at=parse_time(status["edited_at"] if edited else status["created_at"]),
            account=self._account(who),
            locator=locator,
            raw=raw,
            text=html_text(status.get("content")),
            target=_status_url(status),
        )

    def _post_type(self, kind: str, status: Any) -> str:
        if kind != "mention":
            return _TYPES.get(kind, "other")
        if status.get("visibility") == "direct":
            return "message"
        return "reply" if str(status.get("in_reply_to_account_id")) == self.me else "mention"

    def _account(self, data: Any) -> Account:
        acct = str(data["acct"])
        return Account(
            platform=NAME,
            handle=acct if "@" in acct else f"{acct}@{self.domain}",
            user_id=str(data["id"]),
            display_name=data.get("display_name") or None,
            url=data.get("url"),
            avatar_url=data.get("avatar"),
            bio=html_text(data.get("note")),
            created_at=parse_time(data["created_at"]) if data.get("created_at") else None,
        )


def _convert(
    page: Fetched, items: list[tuple[str, Any]], convert: _Convert
) -> tuple[tuple[Interaction, ...], tuple[str, ...]]:
    """Records of a page; an unreadable item is reported, never silently dropped."""
    records: list[Interaction] = []
    warnings: list[str] = []
    for index, (raw, item) in enumerate(items):
        try:
            records += convert(item, Locator(page.url, index), raw)
        except (KeyError, TypeError, ValueError, ScanError) as exc:
            warnings.append(f"{page.url}#{index}: unreadable item skipped ({exc!r})")
    return tuple(records), tuple(warnings)


def _policy_warnings(policy: Any, account: str) -> tuple[str, ...]:
    dropped = [label for key, label in _POLICY.items() if policy.get(key) == "drop"]
    dropped += [
        k for k, v in policy.items() if k.startswith("for_") and k not in _POLICY and v == "drop"
    ]
    if not dropped:
        return ()
    return (
        f"mastodon {account}: your notification policy DROPS notifications from "
        f"{', '.join(dropped)}. Dropped notifications are never created, so neither you nor "
        "nocontact can see them; a restrained person's new accounts fall exactly there. In "
        "Mastodon, open Notifications > filter settings and change each 'Ignore' to "
        "'Filter' (kept out of your list, still recorded here) or 'Accept'.",
    )


def _status_url(status: Any) -> str | None:
    return (status.get("url") or status.get("uri")) if status else None


def _item_id(item: Any) -> str:
    return str(item["id"])


def _last_status_id(item: Any) -> str:
    # Conversations page by their last post's id, not by their own id.
    return str((item.get("last_status") or {}).get("id") or "0")


def _id_order(value: str) -> tuple[int, str]:
    """Mastodon ids are decimal strings: longer means larger."""
    return len(value), value
