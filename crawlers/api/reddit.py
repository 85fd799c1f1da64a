"""Reddit: comment and post replies, username mentions and private messages, both ways.

Logs in with the user's own "script" app (password grant), then reads the inbox listings.
A Listing pages towards OLDER items with `after` fullnames, so each stream is walked from
the newest item down to the saved high-water mark, like Bluesky. It never marks anything
read: `mark=false` is sent on every listing and `/api/read_message` is never called.
Accounts are keyed by username: Reddit usernames never change and are never reused, and
archives and sent messages name the other person by username only.
"""

from __future__ import annotations

import base64
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from crawlers.api._base import (
    CursorLookup,
    Found,
    Listing,
    ScanPage,
    json_items,
    read_settings,
    walk_down,
)
from crawlers.api._http import ApiClient, Secret, _version, base_url, secret_from_env
from crawlers.errors import AuthError, ScanError, SkipRecord
from crawlers.events import Account, Interaction, Locator
from crawlers.exports._base import from_epoch

NAME = "reddit"
VERSION = "1"
WEB = "https://www.reddit.com"
DEFAULT_OAUTH = "https://oauth.reddit.com"
# Stream -> listing path as PRAW's endpoints spell it (the API redirects other spellings).
STREAMS = {
    "inbox": "/message/inbox/",
    "mentions": "/message/mentions",
    "comments": "/message/comments/",
    "selfreply": "/message/selfreply",
    "messages": "/message/messages/",
    "sent": "/message/sent/",
}
_TYPES = {"comment_reply": "reply", "post_reply": "reply", "username_mention": "mention"}


@dataclass(frozen=True, slots=True)
class Settings:
    """`[scan.reddit]`: the account, the NAMES of the variables holding its secrets."""

    client_id_env: str
    client_secret_env: str
    username: str
    password_env: str
    www_url: str | None = None
    oauth_url: str | None = None


def settings(table: Mapping[str, Any]) -> Settings:
    return read_settings(Settings, NAME, table)


def scan(http: ApiClient, settings: Settings, cursor: CursorLookup) -> Iterator[ScanPage]:
    """Every stream's items newer than its saved mark, one committable page at a time."""
    session = _login(http, settings)
    for stream in STREAMS:
        saved = cursor(session.username, stream)
        yield from walk_down(
            session, session.username, stream, saved, position="after", marked="names"
        )


@dataclass(frozen=True, slots=True)
class _Session:
    http: ApiClient
    username: str
    api: str
    token: Secret
    agent: str

    def listing(self, stream: str, position: str | None) -> Listing:
        params = {"limit": 100, "raw_json": 1, "mark": "false"}
        page = self.http.get(
            f"{self.api}{STREAMS[stream]}",
            params={**params, **({"after": position} if position else {})},
            token=self.token,
            headers={"User-Agent": self.agent},
        )
        items = json_items(page.text, key=("data", "children"))
        return Listing(page, items, (page.json().get("data") or {}).get("after"))

    def records(self, listing: Listing, new: list[tuple[int, str, Any]]) -> Found:
        """A page's records; an unreadable item is reported, never silently dropped."""
        page = listing.page
        records: list[Interaction] = []
        warnings: list[str] = []
        for index, raw, item in new:
            try:
                # A private-message thread carries its later messages nested under `replies`.
                for thing in (item, *_replies(item)):
                    records.append(self._interaction(thing, Locator(page.url, index), raw))
            except (KeyError, TypeError, ValueError, ScanError, SkipRecord) as exc:
                warnings.append(f"{page.url}#{index}: unreadable item skipped ({exc!r})")
        return Found(tuple(records), (), tuple(warnings))

    @staticmethod
    def instant(item: Any) -> float:
        return _when(item)

    @staticmethod
    def ident(item: Any) -> str:
        return item["data"]["name"]

    def _interaction(self, thing: Any, locator: Locator, raw: str) -> Interaction:
        kind, data = thing["kind"], thing["data"]
        mine = str(data.get("author") or "").casefold() == self.username.casefold()
        if kind == "t4":
            kind_, target = "message", f"{WEB}/message/messages/{data['id']}"
        elif kind == "t1":
            kind_ = _TYPES.get(str(data.get("type")), "other")
            context = str(data.get("context") or "").split("?")[0]
            target = f"{WEB}{context}" if context else None
        else:
            raise ScanError(f"unknown kind {kind!r}")
        return Interaction(
            platform=NAME,
            type=kind_,
            direction="out" if mine else "in",
            occurred_at=from_epoch(data["created_utc"]),
            account=_account(data, "dest" if mine else "author"),
            locator=locator,
            raw=raw,
            text=data.get("body") or None,
            target=target,
        )


def _login(http: ApiClient, settings: Settings) -> _Session:
    """Password grant on every scan: the bearer token lives in memory only, never on disk."""
    username = settings.username.strip().removeprefix("/").removeprefix("u/")
    if not username:
        raise ScanError("scan.reddit.username: missing in config.toml")
    client_id = secret_from_env(settings.client_id_env, what="Reddit app client id")
    secret = secret_from_env(settings.client_secret_env, what="Reddit app secret")
    password = secret_from_env(settings.password_env, what="Reddit password")
    for value in (client_id, secret, password):
        http.register(value)
    www = base_url(settings.www_url or WEB, key="scan.reddit.www_url")
    api = base_url(settings.oauth_url or DEFAULT_OAUTH, key="scan.reddit.oauth_url")
    # Reddit asks for "<platform>:<app id>:<version> (by /u/<username>)" and bans disguised ones.
    agent = f"{sys.platform}:nocontact:{_version()} (by /u/{username}; read-only evidence log)"
    pair = f"{client_id.reveal()}:{secret.reveal()}".encode()
    answer = http.request(
        "POST",
        f"{www}/api/v1/access_token",
        headers={"User-Agent": agent, "Authorization": f"Basic {base64.b64encode(pair).decode()}"},
        form={"grant_type": "password", "username": username, "password": password.reveal()},
    ).json()
    token = Secret(str(answer.get("access_token") or ""))
    http.register(token)
    if answer.get("error") or not token.reveal():
        # A wrong password is answered with HTTP 200 and {"error": "invalid_grant"}.
        raise AuthError(
            f"{www}: Reddit refused the login ({answer.get('error', 'no token')}); check the "
            "username, password and app credentials (accounts with two-factor login cannot "
            "be scanned unattended)"
        )
    return _Session(http, username, api, token, agent)


def _replies(item: Any) -> list[Any]:
    replies = item["data"].get("replies")
    return list(replies["data"]["children"]) if isinstance(replies, dict) else []


def _when(item: Any) -> float:
    """When an item last changed: a message thread moves with its newest nested reply."""
    return max(float(t["data"]["created_utc"]) for t in (item, *_replies(item)))


def _account(data: Any, field: str) -> Account:
    name = data.get(field)
    if not name and field == "author" and data.get("subreddit") and not data.get("was_comment"):
        name = f"#{data['subreddit']}"  # a message sent in a subreddit's name has no author
    if not name or name == "[deleted]":
        # No username left: one account per item, never one shared "[deleted]" person.
        return Account(platform=NAME, display_name=f"[deleted author of {data['name']}]")
    if str(name).startswith("#"):  # a message to or from a subreddit's moderators
        return Account(platform=NAME, handle=f"r/{name[1:]}", url=f"{WEB}/r/{name[1:]}")
    return Account(platform=NAME, handle=str(name), url=f"{WEB}/user/{name}")
