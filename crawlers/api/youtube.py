"""YouTube Data API v3: comments and replies on every video of the user's channel.

`commentThreads.list` with `allThreadsRelatedToChannelId` and `order=time` pages from the
newest thread towards older ones with `pageToken`, so the scan walks down to the saved
high-water mark, like Bluesky and Reddit. A thread carries only some of its replies; when it
has more, `comments.list` fetches the rest. Each call costs 1 quota unit. The API key goes
in the `X-Goog-Api-Key` header, never in the URL, because request URLs are stored as
locators. With an OAuth token, comments held for review are read too.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from crawlers.api._base import (
    CursorLookup,
    Found,
    Listing,
    ScanPage,
    html_text,
    json_items,
    parse_time,
    read_settings,
    walk_down,
)
from crawlers.api._http import ApiClient, Fetched, Secret, base_url, secret_from_env
from crawlers.errors import ScanError
from crawlers.events import Account, Interaction, Locator

NAME = "youtube"
VERSION = "1"
DEFAULT_API = "https://www.googleapis.com/youtube/v3"
WATCH = "https://www.youtube.com/watch"
# Stream -> extra parameters. Held comments are visible to the channel's owner only (OAuth).
STREAMS = {"published": {}, "held": {"moderationStatus": "heldForReview"}}


@dataclass(frozen=True, slots=True)
class Settings:
    """`[scan.youtube]`: the channel, and the NAME of the variable holding a key or token."""

    channel_id: str
    api_key_env: str | None = None
    token_env: str | None = None
    api_url: str | None = None


def settings(table: Mapping[str, Any]) -> Settings:
    return read_settings(Settings, NAME, table)


def scan(http: ApiClient, settings: Settings, cursor: CursorLookup) -> Iterator[ScanPage]:
    """Every thread with activity newer than the saved mark, one committable page at a time."""
    session = _session(http, settings)
    streams = STREAMS if session.token else {"published": {}}
    for stream in streams:
        saved = cursor(session.channel, stream)
        yield from walk_down(session, session.channel, stream, saved, position="page", marked="ids")


@dataclass(frozen=True, slots=True)
class _Session:
    http: ApiClient
    api: str
    channel: str
    token: Secret | None
    key: Secret | None

    def _get(self, method: str, params: Mapping[str, Any]) -> Fetched:
        headers = {"X-Goog-Api-Key": self.key.reveal()} if self.key else None
        return self.http.get(
            f"{self.api}/{method}", params=params, token=self.token, headers=headers
        )

    def listing(self, stream: str, position: str | None) -> Listing:
        params = {
            "part": "snippet,replies",
            "allThreadsRelatedToChannelId": self.channel,
            "order": "time",
            "maxResults": 100,
            **STREAMS[stream],
            **({"pageToken": position} if position else {}),
        }
        page = self._get("commentThreads", params)
        return Listing(page, json_items(page.text, key="items"), page.json().get("nextPageToken"))

    def records(self, listing: Listing, new: list[tuple[int, str, Any]]) -> Found:
        """A page's records; an unreadable thread is reported, never silently dropped."""
        page = listing.page
        records: list[Interaction] = []
        pages: list[Fetched] = []
        warnings: list[str] = []
        for index, raw, thread in new:
            try:
                top = thread["snippet"]["topLevelComment"]
                found = [(top, Locator(page.url, index), raw)]
                found += self._replies(thread, Locator(page.url, index), raw, pages)
                records += [self._interaction(c, top, loc, text) for c, loc, text in found]
            except (KeyError, TypeError, ValueError, ScanError) as exc:
                warnings.append(f"{page.url}#{index}: unreadable item skipped ({exc!r})")
        return Found(tuple(r for r in records if r), tuple(pages), tuple(warnings))

    @staticmethod
    def instant(thread: Any) -> str:
        return _when(thread)

    @staticmethod
    def ident(thread: Any) -> str | None:
        return thread.get("id")

    def _replies(
        self, thread: Any, locator: Locator, raw: str, pages: list[Fetched]
    ) -> list[tuple[Any, Locator, str]]:
        """The thread's replies; all of them through comments.list when it holds only some."""
        included = (thread.get("replies") or {}).get("comments", [])
        if int(thread["snippet"].get("totalReplyCount") or 0) <= len(included):
            return [(reply, locator, raw) for reply in included]
        found: list[tuple[Any, Locator, str]] = []
        token: str | None = None
        while True:
            params = {"part": "snippet", "parentId": thread["id"], "maxResults": 100}
            page = self._get("comments", {**params, **({"pageToken": token} if token else {})})
            pages.append(page)
            items = json_items(page.text, key="items")
            found += [(item, Locator(page.url, i), text) for i, (text, item) in enumerate(items)]
            token = page.json().get("nextPageToken")
            if not token or not items:
                return found

    def _interaction(
        self, comment: Any, top: Any, locator: Locator, raw: str
    ) -> Interaction | None:
        snippet = comment["snippet"]
        is_reply = comment is not top
        mine = _author_id(snippet) == self.channel
        if mine and not is_reply:
            return None  # the owner's own comment on their own video is not contact
        # The owner's reply goes to whoever started the thread.
        other = top["snippet"] if mine else snippet
        return Interaction(
            platform=NAME,
            type="reply" if is_reply else "comment",
            direction="out" if mine else "in",
            occurred_at=parse_time(snippet["publishedAt"]),
            account=_account(other),
            locator=locator,
            raw=raw,
            text=snippet.get("textOriginal") or html_text(snippet.get("textDisplay")),
            target=f"{WATCH}?v={snippet['videoId']}&lc={comment['id']}",
        )


def _session(http: ApiClient, settings: Settings) -> _Session:
    api = base_url(settings.api_url or DEFAULT_API, key="scan.youtube.api_url")
    channel = settings.channel_id.strip()
    token = key = None
    if settings.token_env:
        token = secret_from_env(settings.token_env, what="YouTube OAuth access token")
        http.register(token)
    elif settings.api_key_env:
        key = secret_from_env(settings.api_key_env, what="YouTube API key")
        http.register(key)
    else:
        raise ScanError("scan.youtube: set api_key_env or token_env in config.toml")
    return _Session(http, api, channel, token, key)


def _comments(thread: Any) -> list[Any]:
    replies = (thread.get("replies") or {}).get("comments", [])
    return [thread["snippet"]["topLevelComment"], *replies]


def _when(thread: Any) -> str:
    """When a thread last changed: its newest comment or reply it carries (ISO, comparable)."""
    return max(parse_time(c["snippet"]["publishedAt"]) for c in _comments(thread)).isoformat()


def _author_id(snippet: Any) -> str | None:
    return (snippet.get("authorChannelId") or {}).get("value")


def _account(snippet: Any) -> Account:
    shown = snippet.get("authorDisplayName") or None
    handle = shown if shown and shown.startswith("@") else None
    return Account(
        platform=NAME,
        handle=handle,
        user_id=_author_id(snippet),
        display_name=None if handle else shown,
        url=snippet.get("authorChannelUrl"),
        avatar_url=snippet.get("authorProfileImageUrl"),
    )
