"""Fake Mastodon, Bluesky, Reddit and YouTube APIs replaying real-shaped fixtures, with faults.

One app object answers both `httpx.MockTransport` (replay tests) and a real HTTP server on
127.0.0.1 (end-to-end tests). Every request is logged; `faults[path]` queues "429", "503",
"drop" (connection closed without an answer) or "ok" for the next requests to that path.
`media[path]` serves picture bytes without credentials, as a media host does. Served on
127.0.0.1, every avatar address in an answer points to the server itself, so that no test
ever downloads from the internet (a path not in `media` answers 404).
"""

from __future__ import annotations

import base64
import json
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from tests.helpers import DATA

MASTODON = DATA / "api" / "mastodon" / "scan"
MEDIA_PATHS = ("/system/", "/avatars/", "/img/", "/ytc/")  # where the fixtures' pictures live
_AVATAR_HOST = re.compile(r'("(?:avatar|avatar_static|authorProfileImageUrl)": ?")https://[^/"]+')
BLUESKY = DATA / "api" / "bluesky" / "scan"


@dataclass(frozen=True, slots=True)
class Seen:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes = b""

    def param(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None


@dataclass(slots=True)
class Reply:
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


class Dropped(Exception):
    """The fault "drop": the server closes the connection without answering."""


class FakeApi:
    """Shared plumbing: request log, fault queue, JSON bodies, both transports."""

    def __init__(self) -> None:
        self.log: list[Seen] = []
        self.faults: dict[str, list[str]] = {}
        self.base = "http://127.0.0.1"
        self.lock = threading.Lock()
        self.media: dict[str, tuple[str, bytes]] = {}  # path: (content type, body)
        self.local_media = False  # avatar addresses in answers point to this server

    def answer(self, seen: Seen) -> Reply:
        raise NotImplementedError

    def handle(self, seen: Seen) -> tuple[int, dict[str, str], bytes]:
        with self.lock:
            self.log.append(seen)
            queued = self.faults.get(seen.path)
            fault = queued.pop(0) if queued else None
            if fault == "drop":
                raise Dropped
            if fault == "429":
                return 429, {"Retry-After": "3", "X-RateLimit-Remaining": "0"}, b"{}"
            if fault == "503":
                return 503, {}, b'{"error": "busy"}'
            # any other queued word (e.g. "ok") lets that request through unharmed
            if seen.path in self.media:
                content_type, data = self.media[seen.path]
                return 200, {"Content-Type": content_type}, data
            if self.local_media and seen.path.startswith(MEDIA_PATHS):
                return 404, {"Content-Type": "text/html"}, b"<h1>Not Found</h1>"
            reply = self.answer(seen)
        body = reply.body if isinstance(reply.body, str) else json.dumps(reply.body, indent=1)
        if self.local_media:
            body = _AVATAR_HOST.sub(lambda m: m.group(1) + self.base, body)
        headers = {"Content-Type": "application/json; charset=utf-8", **reply.headers}
        return reply.status, headers, body.encode("utf-8")

    def calls(self, path: str) -> list[Seen]:
        return [seen for seen in self.log if seen.path == path]

    def transport(self) -> httpx.MockTransport:
        def respond(request: httpx.Request) -> httpx.Response:
            seen = Seen(
                request.method,
                request.url.path,
                parse_qs(request.url.query.decode()),
                {k.lower(): v for k, v in request.headers.items()},
                request.content,
            )
            try:
                status, headers, body = self.handle(seen)
            except Dropped:
                raise httpx.RemoteProtocolError("Server disconnected", request=request) from None
            return httpx.Response(status, headers=headers, content=body)

        return httpx.MockTransport(respond)


@contextmanager
def serve(app: FakeApi) -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 (a free port) answering with `app`, in a thread."""

    class Handler(BaseHTTPRequestHandler):
        def _any(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            seen = Seen(
                self.command,
                parts.path,
                parse_qs(parts.query),
                {k.lower(): v for k, v in self.headers.items()},
                self.rfile.read(length) if length else b"",
            )
            try:
                status, headers, body = app.handle(seen)
            except Dropped:
                self.close_connection = True
                return
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _any

        def log_message(self, *args: object) -> None:
            """Quiet: the app keeps its own log."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    app.base = f"http://127.0.0.1:{server.server_address[1]}"
    app.local_media = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield app.base
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _load(path: Any) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


class MastodonApi(FakeApi):
    """A Mastodon server's notification, request and conversation endpoints."""

    def __init__(self, token: str, *, page_size: int = 4, policy: str = "policy.json") -> None:
        super().__init__()
        self.token, self.page_size = token, page_size
        self.notifications = _load(MASTODON / "notifications.json")
        self.requests = _load(MASTODON / "notification_requests.json")
        self.conversations = _load(MASTODON / "conversations.json")
        self.fixed = {
            "/api/v1/accounts/verify_credentials": _load(MASTODON / "verify_credentials.json"),
            "/api/v1/instance": _load(MASTODON / "instance.json"),
            "/api/v2/notifications/policy": _load(MASTODON / policy) if policy else None,
        }

    def add_new(self) -> None:
        self.notifications += _load(MASTODON / "notifications_new.json")

    def answer(self, seen: Seen) -> Reply:
        if seen.headers.get("authorization") != f"Bearer {self.token}":
            return Reply(401, {"error": "The access token is invalid"})
        if seen.path in self.fixed:
            body = self.fixed[seen.path]
            return Reply(404, {"error": "Record not found"}) if body is None else Reply(200, body)
        lists: dict[str, tuple[list[Any], Callable[[Any], int]]] = {
            "/api/v1/notifications": (self.notifications, lambda n: int(n["id"])),
            "/api/v1/notifications/requests": (self.requests, lambda n: int(n["id"])),
            "/api/v1/conversations": (self.conversations, lambda c: int(c["last_status"]["id"])),
        }
        if seen.path not in lists:
            return Reply(404, {"error": "Record not found"})
        items, key = lists[seen.path]
        return self._page(seen, items, key)

    def _page(self, seen: Seen, items: list[Any], key: Callable[[Any], int]) -> Reply:
        """Mastodon's id paging: min_id pages forward (newer), max_id backward; newest first."""
        limit = min(int(seen.param("limit") or 40), self.page_size)
        ordered = sorted(items, key=key)
        if seen.param("min_id") is not None:
            chosen = [i for i in ordered if key(i) > int(seen.param("min_id"))][:limit][::-1]
        else:
            upper = int(seen.param("max_id") or 10**30)
            chosen = [i for i in reversed(ordered) if key(i) < upper][:limit]
        headers = {}
        if chosen:
            url = f"{self.base}{seen.path}"
            headers["Link"] = (
                f'<{url}?max_id={key(chosen[-1])}>; rel="next", '
                f'<{url}?min_id={key(chosen[0])}>; rel="prev"'
            )
        headers["X-RateLimit-Limit"] = "300"
        headers["X-RateLimit-Remaining"] = "299"
        return Reply(200, json.dumps(chosen, indent=2, ensure_ascii=False), headers)


class BlueskyApi(FakeApi):
    """An entryway + PDS + AppView + chat service in one: session, notifications, profiles, DMs.

    `convos.json` holds one real `listConvos` answer per `status`; `chat_messages.json` one
    real `getMessages` answer per conversation. Chat queries need the `atproto-proxy` header,
    as the real PDS does; anything else under `chat.bsky.` (e.g. updateRead) is accepted and
    logged, for the tests to check it was never called.
    """

    CHAT_PROXY = "did:web:api.bsky.chat#bsky_chat"

    def __init__(self, password: str, *, access: str = "access-jwt-0", page_size: int = 3) -> None:
        super().__init__()
        self.password, self.access, self.page_size = password, access, page_size
        self.notifications = _load(BLUESKY / "notifications.json")["notifications"]
        self.profiles = {p["did"]: p for p in _load(BLUESKY / "profiles.json")["profiles"]}
        self.convos = {k: v["convos"] for k, v in _load(BLUESKY / "convos.json").items()}
        self.messages = {k: v["messages"] for k, v in _load(BLUESKY / "chat_messages.json").items()}
        self.chat_refused: int | None = None  # e.g. 401: an app password without DM access

    def add_new_messages(self) -> None:
        """New messages arrive: listed first, and each conversation's last message moves."""
        for convo_id, body in _load(BLUESKY / "chat_messages_new.json").items():
            self.messages[convo_id] = body["messages"] + self.messages[convo_id]
            for convo in (c for convos in self.convos.values() for c in convos):
                if convo["id"] == convo_id:
                    convo["lastMessage"] = body["messages"][0]
                    convo["rev"] = body["messages"][0]["rev"]

    def add_new(self) -> None:
        self.notifications = _load(BLUESKY / "notifications_new.json")["notifications"] + (
            self.notifications
        )

    def answer(self, seen: Seen) -> Reply:
        method = seen.path.removeprefix("/xrpc/")
        if method == "com.atproto.server.createSession":
            return self._session(json.loads(seen.body or b"{}"))
        if seen.headers.get("authorization") != f"Bearer {self.access}":
            return Reply(401, {"error": "InvalidToken", "message": "Bad token"})
        if method == "app.bsky.notification.listNotifications":
            return self._notifications(seen)
        if method in ("chat.bsky.convo.listConvos", "chat.bsky.convo.getMessages"):
            return self._chat(method, seen)
        if method == "app.bsky.actor.getProfiles":
            actors = seen.query.get("actors", [])
            if len(actors) > 25:
                return Reply(400, {"error": "InvalidRequest", "message": "actors: max 25"})
            return Reply(
                200, {"profiles": [self.profiles[a] for a in actors if a in self.profiles]}
            )
        return Reply(200, {})  # e.g. updateSeen: accepted, and logged for the tests to check

    def _session(self, body: dict[str, Any]) -> Reply:
        if body.get("password") != self.password:
            return Reply(
                401,
                {"error": "AuthenticationRequired", "message": "Invalid identifier or password"},
            )
        session = json.loads(
            (BLUESKY / "createSession.json")
            .read_text(encoding="utf-8")
            .replace("PDS_URL", self.base)
        )
        session.update(accessJwt=self.access, refreshJwt=f"{self.access}-refresh")
        return Reply(200, session)

    def _chat(self, method: str, seen: Seen) -> Reply:
        """listConvos per status and getMessages per conversation, paged by an offset cursor."""
        if seen.headers.get("atproto-proxy") != self.CHAT_PROXY:
            return Reply(404, {"error": "XRPCNotSupported", "message": "XRPCNotSupported"})
        if self.chat_refused:
            return Reply(self.chat_refused, {"error": "InvalidToken", "message": "Bad token scope"})
        if method.endswith("listConvos"):
            items, key = self.convos.get(seen.param("status") or "accepted", []), "convos"
        else:
            items, key = self.messages.get(seen.param("convoId") or "", []), "messages"
        start = int(seen.param("cursor") or 0)
        limit = min(int(seen.param("limit") or 50), self.page_size)
        body: dict[str, Any] = {key: items[start : start + limit]}
        if start + limit < len(items):
            body["cursor"] = str(start + limit)
        return Reply(200, json.dumps(body, indent=2, ensure_ascii=False))

    def _notifications(self, seen: Seen) -> Reply:
        """Newest first; the cursor points at the last item given and pages towards older."""
        limit = min(int(seen.param("limit") or 50), self.page_size)
        ordered = sorted(self.notifications, key=lambda n: (n["indexedAt"], n["cid"]), reverse=True)
        cursor = seen.param("cursor")
        if cursor:
            at, cid = cursor.split("::")
            ordered = [n for n in ordered if (n["indexedAt"], n["cid"]) < (at, cid)]
        chosen = ordered[:limit]
        body: dict[str, Any] = {"notifications": chosen, "priority": False}
        if chosen:
            body["cursor"] = f"{chosen[-1]['indexedAt']}::{chosen[-1]['cid']}"
        headers = {"RateLimit-Limit": "3000", "RateLimit-Remaining": "2999"}
        return Reply(200, json.dumps(body, indent=2, ensure_ascii=False), headers)


REDDIT = DATA / "api" / "reddit" / "scan"


class RedditApi(FakeApi):
    """www.reddit.com's token endpoint and oauth.reddit.com's inbox listings in one."""

    STREAMS = ("inbox", "mentions", "comments", "selfreply", "messages", "sent")

    def __init__(
        self, client_id: str, secret: str, password: str, *, access: str, page_size: int = 2
    ) -> None:
        super().__init__()
        self.client_id, self.secret, self.password = client_id, secret, password
        self.access, self.page_size = access, page_size
        self.listings = {s: _load(REDDIT / f"{s}.json")["data"]["children"] for s in self.STREAMS}

    def add_new(self) -> None:
        for stream in ("inbox", "comments", "messages"):
            self.listings[stream] += _load(REDDIT / f"{stream}_new.json")["data"]["children"]

    def answer(self, seen: Seen) -> Reply:
        if seen.path == "/api/v1/access_token":
            return self._token(seen)
        if seen.headers.get("authorization") != f"Bearer {self.access}":
            return Reply(401, {"message": "Unauthorized", "error": 401})
        stream = seen.path.strip("/").removeprefix("message/")
        if stream not in self.listings:
            return Reply(200, {})  # e.g. /api/read_message: accepted, and logged for the tests
        return self._listing(seen, self.listings[stream])

    def _token(self, seen: Seen) -> Reply:
        basic = base64.b64encode(f"{self.client_id}:{self.secret}".encode()).decode()
        if seen.headers.get("authorization") != f"Basic {basic}":
            return Reply(401, {"message": "Unauthorized", "error": 401})
        form = {k: v[0] for k, v in parse_qs(seen.body.decode()).items()}
        if form.get("grant_type") != "password" or form.get("password") != self.password:
            return Reply(200, {"error": "invalid_grant"})  # Reddit's answer really is a 200
        body = _load(REDDIT / "access_token.json")
        body["access_token"] = self.access
        return Reply(200, body)

    def _listing(self, seen: Seen, children: list[Any]) -> Reply:
        """Newest first by last activity; `after` names the last item given, paging older."""

        def when(item: Any) -> float:
            replies = item["data"].get("replies") or {"data": {"children": []}}
            nested = [r["data"]["created_utc"] for r in replies["data"]["children"]]
            return max([item["data"]["created_utc"], *nested])

        ordered = sorted(children, key=when, reverse=True)
        after = seen.param("after")
        if after:
            names = [item["data"]["name"] for item in ordered]
            ordered = ordered[names.index(after) + 1 :] if after in names else []
        limit = min(int(seen.param("limit") or 25), self.page_size)
        chosen = ordered[:limit]
        more = len(ordered) > limit
        body = {
            "kind": "Listing",
            "data": {
                "after": chosen[-1]["data"]["name"] if more else None,
                "dist": len(chosen),
                "modhash": None,
                "geo_filter": "",
                "children": chosen,
                "before": None,
            },
        }
        headers = {
            "X-Ratelimit-Remaining": "99.0",
            "X-Ratelimit-Reset": "60",
            "X-Ratelimit-Used": "1",
        }
        return Reply(200, json.dumps(body, indent=1, ensure_ascii=False), headers)


YOUTUBE = DATA / "api" / "youtube" / "scan"


class YouTubeApi(FakeApi):
    """The YouTube Data API's commentThreads.list and comments.list for one channel."""

    def __init__(self, *, key: str = "", token: str = "", page_size: int = 2) -> None:
        super().__init__()
        self.key, self.token, self.page_size = key, token, page_size
        self.threads = _load(YOUTUBE / "comment_threads.json")["items"]
        self.replies = _load(YOUTUBE / "comments.json")["items"]
        self.held: list[Any] = []

    def add_new(self) -> None:
        self.threads += _load(YOUTUBE / "comment_threads_new.json")["items"]

    def answer(self, seen: Seen) -> Reply:
        keyed = self.key and seen.headers.get("x-goog-api-key") == self.key
        if not keyed and seen.headers.get("authorization") != f"Bearer {self.token}":
            error = {"code": 400, "message": "API key not valid. Please pass a valid API key."}
            return Reply(400, {"error": {**error, "errors": [{"reason": "badRequest"}]}})
        if seen.path.endswith("/commentThreads"):
            held = seen.param("moderationStatus") == "heldForReview"
            return self._page(seen, self.held if held else self.threads, "commentThread")
        if seen.path.endswith("/comments"):
            parent = seen.param("parentId")
            found = [c for c in self.replies if c["snippet"]["parentId"] == parent]
            return self._page(seen, found, "comment")
        return Reply(404, {"error": {"code": 404, "message": "Not Found"}})

    def _page(self, seen: Seen, items: list[Any], kind: str) -> Reply:
        """Newest activity first; `pageToken` is an opaque offset."""

        def when(thread: Any) -> str:
            comments = [thread.get("snippet", {}).get("topLevelComment", thread)]
            comments += (thread.get("replies") or {}).get("comments", [])
            return max(c["snippet"]["publishedAt"] for c in comments)

        ordered = sorted(items, key=when, reverse=kind == "commentThread")
        start = int((seen.param("pageToken") or "QUFB0").removeprefix("QUFB"))
        limit = min(int(seen.param("maxResults") or 20), self.page_size)
        body: dict[str, Any] = {"kind": f"youtube#{kind}ListResponse", "etag": "etag-page"}
        if start + limit < len(ordered):
            body["nextPageToken"] = f"QUFB{start + limit}"
        body["pageInfo"] = {"totalResults": len(ordered), "resultsPerPage": limit}
        body["items"] = ordered[start : start + limit]
        return Reply(200, json.dumps(body, indent=1, ensure_ascii=False))
