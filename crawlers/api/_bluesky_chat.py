"""Bluesky direct messages: `chat.bsky.convo.*` through the user's own server, read only.

Chat lives on a separate service the user's PDS forwards to when a request carries the
header `atproto-proxy: did:web:api.bsky.chat#bsky_chat`. Only two queries are used:
`listConvos` (every conversation, message requests and accepted ones, newest activity
first) and `getMessages` (one conversation's messages, newest first, the cursor paging
towards older ones). Nothing that writes is ever called: not `updateRead` (unread markers
stay as they were), not `acceptConvo`, `muteConvo` or `deleteMessageForSelf`.

Each conversation is its own stream (`chat:<convo id>`) walked down to its saved mark like
the notifications; a conversation whose last message is not newer than that mark costs no
request. Messages the user sent are not recorded; messages the other member sent are
`message` (in a conversation the user accepted) or `message_request` (one still waiting in
the requests folder). A `deletedMessageView` keeps only who and when: recorded without text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from crawlers.api._base import (
    CursorLookup,
    Found,
    Listing,
    ScanPage,
    json_items,
    parse_time,
    walk_down,
)
from crawlers.api._http import Fetched
from crawlers.errors import ScanError
from crawlers.events import Account, Interaction, Locator

PROXY = {"atproto-proxy": "did:web:api.bsky.chat#bsky_chat"}
STREAM = "chat"  # the conversation list; each conversation is "chat:<id>"
_STATUSES = ("request", "accepted")
_DELETED = "chat.bsky.convo.defs#deletedMessageView"
_NO_ACCESS = (
    "bluesky: direct messages were not read: the chat service refused (HTTP {status}). "
    "Create the app password with 'Allow access to your direct messages' ticked and put it "
    "in the same variable; notifications were read as usual."
)


class Session(Protocol):
    """What the Bluesky scanner's logged-in session offers this module."""

    did: str

    def get(
        self,
        method: str,
        params: Mapping[str, Any],
        *,
        headers: Mapping[str, str] | None = None,
        allow: tuple[int, ...] = (),
    ) -> Fetched: ...

    def profiles(self, actors: Iterable[str]) -> tuple[dict[str, Any], tuple[Fetched, ...]]: ...

    @staticmethod
    def account(did: str, shown: Mapping[str, Any], seen: Mapping[str, Any]) -> Account: ...


def scan(session: Session, cursor: CursorLookup) -> Iterator[ScanPage]:
    """The conversation list, then every conversation with messages past its saved mark."""
    convos, pages, refused = _convos(session)
    warnings = (_NO_ACCESS.format(status=refused),) if refused else ()
    yield ScanPage(session.did, STREAM, responses=pages, warnings=warnings)
    for convo in convos:
        stream = f"{STREAM}:{convo['id']}"
        saved = cursor(session.did, stream)
        if _has_news(convo, saved):
            walk = _Convo(session, convo)
            yield from walk_down(walk, session.did, stream, saved, position="cursor", marked="ids")


def _convos(session: Session) -> tuple[list[Any], tuple[Fetched, ...], int | None]:
    """Every conversation once (requests and accepted), the answers read, a refusal status."""
    found: dict[str, Any] = {}
    pages: list[Fetched] = []
    for status in _STATUSES:
        position: str | None = None
        while True:
            params = {"limit": 100, "status": status, **({"cursor": position} if position else {})}
            page = session.get(
                "chat.bsky.convo.listConvos", params, headers=PROXY, allow=(400, 401, 403)
            )
            pages.append(page)
            if page.status != 200:
                return [], tuple(pages), page.status
            items = json_items(page.text, key="convos")
            found.update((item["id"], item) for _, item in items if item.get("id"))
            position = page.json().get("cursor")
            if not items or not position:
                break
    return list(found.values()), tuple(pages), None


def _has_news(convo: Any, saved: str | None) -> bool:
    """Whether the last message is past the saved mark (or a walk was left unfinished)."""
    state = json.loads(saved or "{}")
    last, seen = convo.get("lastMessage"), state.get("seen")
    if state.get("walk") or (last and not seen):
        return True
    if not last:
        return False
    try:
        at, ident = _Convo.instant(last), _Convo.ident(last)
    except (KeyError, TypeError, ScanError):
        return True
    return at > seen["at"] or (at == seen["at"] and ident not in seen["ids"])


@dataclass(frozen=True, slots=True)
class _Convo:
    """One conversation as a newest-first listing of its messages."""

    session: Session
    convo: Any

    def listing(self, stream: str, position: str | None) -> Listing:
        params = {"convoId": self.convo["id"], "limit": 100}
        page = self.session.get(
            "chat.bsky.convo.getMessages",
            {**params, **({"cursor": position} if position else {})},
            headers=PROXY,
        )
        return Listing(page, json_items(page.text, key="messages"), page.json().get("cursor"))

    @staticmethod
    def instant(item: Any) -> str:
        return parse_time(item["sentAt"]).isoformat()

    @staticmethod
    def ident(item: Any) -> str:
        return str(item["id"])

    def records(self, listing: Listing, new: list[tuple[int, str, Any]]) -> Found:
        """The other member's messages on this page, with their full profiles."""
        me = self.session.did
        inbound = [(i, raw, item) for i, raw, item in new if _sender(item) != me]
        senders = (did for _, _, item in inbound if (did := _sender(item)))
        profiles, looked_up = self.session.profiles(senders)
        members = {m.get("did"): m for m in self.convo.get("members", [])}
        kind = "message_request" if self.convo.get("status") == "request" else "message"
        records: list[Interaction] = []
        warnings: list[str] = []
        for index, raw, item in inbound:
            try:
                did = str(item["sender"]["did"])
                seen = members.get(did, {})
                records.append(
                    Interaction(
                        platform="bluesky",
                        type=kind,
                        direction="in",
                        occurred_at=parse_time(item["sentAt"]),
                        account=self.session.account(did, profiles.get(did) or seen, seen),
                        locator=Locator(listing.page.url, index),
                        raw=raw,
                        text=None if item.get("$type") == _DELETED else item.get("text") or None,
                        target=f"bluesky chat {self.convo['id']}",
                    )
                )
            except (KeyError, TypeError, ValueError, ScanError) as exc:
                warnings.append(f"{listing.page.url}#{index}: unreadable item skipped ({exc!r})")
        return Found(tuple(records), looked_up, tuple(warnings))


def _sender(item: Any) -> str | None:
    sender = item.get("sender") if isinstance(item, dict) else None
    return str(sender.get("did")) if isinstance(sender, dict) else None
