"""Bluesky (AT Protocol): likes, reposts, follows, mentions, replies, quotes and direct messages.

Logs in with the handle and an app password, then reads `listNotifications`, whose cursor
pages towards OLDER items: the scan walks from the newest item down to the saved high-water
mark. `priority=false` is always sent, because the server otherwise applies the user's
"priority notifications" preference and returns only accounts they follow. It never calls
`updateSeen`: the user's unread markers stay as they were. Authors' profiles (avatar,
`createdAt`, description) come from `getProfiles`, 25 accounts per call. Direct messages
are read after the notifications (see `_bluesky_chat`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from crawlers.api import _bluesky_chat
from crawlers.api._base import (
    CursorLookup,
    Found,
    Listing,
    ScanPage,
    json_items,
    parse_time,
    read_settings,
    walk_down,
)
from crawlers.api._http import ApiClient, Fetched, Secret, base_url, secret_from_env
from crawlers.errors import AuthError, ScanError
from crawlers.events import Account, Interaction, Locator

NAME = "bluesky"
VERSION = "1"
DEFAULT_SERVICE = "https://bsky.social"
_TYPES = {
    "like": "like",
    "like-via-repost": "like",
    "repost": "repost",
    "repost-via-repost": "repost",
    "follow": "follow",
    "mention": "mention",
    "reply": "reply",
    "quote": "quote",
}
_NOT_CONTACT = frozenset({"verified", "unverified"})  # a verifier's badge, not contact
_PROFILES_PER_CALL = 25
_STREAM = "notifications"


@dataclass(frozen=True, slots=True)
class Settings:
    """`[scan.bluesky]`: the handle, the NAME of the app password's variable, the server."""

    handle: str
    app_password_env: str
    service: str | None = None


def settings(table: Mapping[str, Any]) -> Settings:
    return read_settings(Settings, NAME, table)


def scan(http: ApiClient, settings: Settings, cursor: CursorLookup) -> Iterator[ScanPage]:
    """Everything newer than the saved high-water mark, one committable page at a time."""
    service = base_url(settings.service or DEFAULT_SERVICE, key="scan.bluesky.service")
    password = secret_from_env(settings.app_password_env, what="Bluesky app password")
    http.register(password)
    session = _login(http, service, settings.handle.lstrip("@"), password)
    saved = cursor(session.did, _STREAM)
    yield from walk_down(session, session.did, _STREAM, saved, position="cursor", marked="uris")
    yield from _bluesky_chat.scan(session, cursor)


@dataclass(frozen=True, slots=True)
class _Session:
    http: ApiClient
    did: str
    server: str
    token: Secret

    def listing(self, stream: str, position: str | None) -> Listing:
        params = {"limit": 100, "priority": "false", **({"cursor": position} if position else {})}
        page = self.get("app.bsky.notification.listNotifications", params)
        return Listing(page, json_items(page.text, key="notifications"), page.json().get("cursor"))

    def records(self, listing: Listing, new: list[tuple[int, str, Any]]) -> Found:
        """A page's records with their authors' profiles (looked up in batches)."""
        authors = (str(item.get("author", {}).get("did")) for _, _, item in new)
        profiles, looked_up = self.profiles(authors)
        records, warnings = self._records(listing.page, new, profiles)
        if listing.page.json().get("priority") is True:
            warnings += ("bluesky: the server applied 'priority notifications' anyway",)
        return Found(records, looked_up, warnings)

    @staticmethod
    def account(did: str, shown: Mapping[str, Any], seen: Mapping[str, Any]) -> Account:
        """An account from its full profile (`shown`) or the basic view a record carried."""
        return Account(
            platform=NAME,
            handle=shown.get("handle") or seen.get("handle"),
            user_id=did,
            display_name=shown.get("displayName") or None,
            url=f"https://bsky.app/profile/{did}",
            avatar_url=shown.get("avatar"),
            bio=shown.get("description") or None,
            created_at=parse_time(shown["createdAt"]) if shown.get("createdAt") else None,
        )

    @staticmethod
    def instant(item: Any) -> str:
        """ISO text of a UTC instant: ordered like time, as the saved mark holds it."""
        return parse_time(item["indexedAt"]).isoformat()

    @staticmethod
    def ident(item: Any) -> str | None:
        return item.get("uri")

    def get(
        self,
        method: str,
        params: Mapping[str, Any],
        *,
        headers: Mapping[str, str] | None = None,
        allow: tuple[int, ...] = (),
    ) -> Fetched:
        """A read-only XRPC query on the account's own server (GET: it never writes)."""
        url = f"{self.server}/xrpc/{method}"
        return self.http.get(url, params=params, token=self.token, headers=headers, allow=allow)

    def profiles(self, actors: Iterable[str]) -> tuple[dict[str, Any], tuple[Fetched, ...]]:
        """Full profiles (avatar, createdAt, description) by DID, 25 per call."""
        dids = list(dict.fromkeys(actors))
        found: dict[str, Any] = {}
        pages: list[Fetched] = []
        for start in range(0, len(dids), _PROFILES_PER_CALL):
            page = self.get(
                "app.bsky.actor.getProfiles", {"actors": dids[start : start + _PROFILES_PER_CALL]}
            )
            pages.append(page)
            found.update({p["did"]: p for p in page.json().get("profiles", []) if "did" in p})
        return found, tuple(pages)

    def _records(
        self, page: Fetched, new: list[tuple[int, str, Any]], profiles: dict[str, Any]
    ) -> tuple[tuple[Interaction, ...], tuple[str, ...]]:
        records: list[Interaction] = []
        warnings: list[str] = []
        for index, raw, item in new:
            try:
                if item["reason"] in _NOT_CONTACT or item["author"]["did"] == self.did:
                    continue
                profile = profiles.get(item["author"]["did"])
                records.append(_interaction(item, profile, Locator(page.url, index), raw))
            except (KeyError, TypeError, ValueError, ScanError) as exc:
                warnings.append(f"{page.url}#{index}: unreadable item skipped ({exc!r})")
        return tuple(records), tuple(warnings)


def _login(http: ApiClient, service: str, handle: str, password: Secret) -> _Session:
    """createSession on every scan: the session tokens live in memory only, never on disk."""
    if not handle:
        raise ScanError("scan.bluesky.handle: missing in config.toml")
    answer = http.request(
        "POST",
        f"{service}/xrpc/com.atproto.server.createSession",
        json_body={"identifier": handle, "password": password.reveal()},
    ).json()
    token = Secret(str(answer.get("accessJwt", "")))
    http.register(token)
    http.register(str(answer.get("refreshJwt", "")))
    if not token.reveal() or not answer.get("did"):
        raise AuthError(f"{service}: the login answer has no session")
    return _Session(http, str(answer["did"]), _server(answer.get("didDoc"), service), token)


def _server(did_doc: Any, service: str) -> str:
    """The account's own server (PDS) from its DID document, else the login server."""
    for entry in (did_doc or {}).get("service", []):
        if str(entry.get("id", "")).endswith("#atproto_pds") and entry.get("serviceEndpoint"):
            return base_url(entry["serviceEndpoint"], key="the account's server (didDoc)")
    return service


def _interaction(item: Any, profile: Any, locator: Locator, raw: str) -> Interaction:
    author, record = item["author"], item.get("record") or {}
    shown = profile or author
    text = record.get("text")
    return Interaction(
        platform=NAME,
        type=_TYPES.get(item["reason"], "other"),
        direction="in",
        occurred_at=parse_time(item["indexedAt"]),
        account=_Session.account(str(author["did"]), shown, author),
        locator=locator,
        raw=raw,
        text=text or None,
        target=item.get("reasonSubject") or (item.get("uri") if text is not None else None),
    )
