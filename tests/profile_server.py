"""A loopback stand-in for a Mastodon instance, the Bluesky AppView and their media hosts.

It serves the real-shaped fixtures under tests/data/api/*/profiles/ (the placeholder host
`127.0.0.1:PORT` in them becomes the server's address), a robots.txt that disallows
/private/, and whatever avatar bodies the test hands it; it logs every request.
"""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from PIL import Image, ImageOps

from crawlers.spiders.records import MAX_AVATAR_BYTES
from tests.helpers import DATA

ROBOTS = "User-agent: *\nDisallow: /private/\n"
PLACEHOLDER = "127.0.0.1:PORT"
FLAKY = "flaky.bsky.social"  # always answers 503, as an overloaded AppView would
_MASTODON_MEDIA = "/system/accounts/avatars/113/882/044/170/512/345/original/"
NICO_AVATAR = _MASTODON_MEDIA + "3f9c0e1a7b2d4c58.png"
LENA_AVATAR = (
    "/private/cache/accounts/avatars/113/901/377/250/367/890/original/a41e66b0c2f35d97.jpg"
)
DEFAULT_AVATAR = "/avatars/original/missing.png"
_CDN = "/img/avatar/plain/"
MIRA_AVATAR = (
    _CDN + "did:plc:q4mira7hxk2vb3ld9wz6ty1e/"
    "bafkreib3mira2avatar7jpegq5xw4k6c2n8d1h9tzr0vy3ulp5e@jpeg"
)
TOMASZ_AVATAR = (
    _CDN + "did:plc:t7omaszw3k9x1vq5bn2cd8fh/bafkreid2tomasz5avatar1jpegr7w3e9q4k6m8n0b2v5c1x@jpeg"
)
OAK_AVATAR = (
    _CDN + "did:plc:b1gav4tar8zz2qq6ww3ee5rr/bafkreie9oakpine3avatar6jpegt2y8u4i0o6p1a3s5d7f@jpeg"
)


def avatar_media() -> dict[str, tuple[str, bytes]]:
    """Small real images made with Pillow, a web page posing as an avatar, one too large."""
    return {
        NICO_AVATAR: ("image/png", _image(Image.radial_gradient("L"), "PNG")),
        LENA_AVATAR: ("image/jpeg", _image(Image.linear_gradient("L"), "JPEG")),
        DEFAULT_AVATAR: ("image/png", _image(Image.new("L", (64, 64), 200), "PNG")),
        MIRA_AVATAR: ("image/jpeg", _image(Image.linear_gradient("L").rotate(90), "JPEG")),
        TOMASZ_AVATAR: ("text/html; charset=utf-8", b"<html><body>Log in to see</body></html>"),
        OAK_AVATAR: ("image/jpeg", b"\xff\xd8\xff\xe0" + bytes(MAX_AVATAR_BYTES)),
    }


def _image(gray: Image.Image, kind: str) -> bytes:
    out = io.BytesIO()
    ImageOps.colorize(gray.resize((96, 96)), "navy", "orange").save(out, kind)
    return out.getvalue()


class ProfileServer:
    def __init__(self, media: dict[str, tuple[str, bytes]]) -> None:
        self.media = media
        self.log: list[tuple[str, str]] = []  # (path with query, User-Agent)
        self.base = self.netloc = ""
        self._mastodon: dict[str, str] = {}
        self._bluesky: dict[str, str] = {}

    @property
    def paths(self) -> list[str]:
        return [path for path, _ in self.log]

    def load(self, netloc: str) -> None:
        for path in sorted((DATA / "api" / "mastodon" / "profiles").glob("*.json")):
            text = _serve_text(path, netloc)
            self._mastodon[json.loads(text)["acct"]] = text
        for path in sorted((DATA / "api" / "bluesky" / "profiles").glob("*.json")):
            text = _serve_text(path, netloc)
            body = json.loads(text)
            self._bluesky[body["did"]] = self._bluesky[body["handle"]] = text

    def body(self, platform: str, actor: str) -> str:
        """What the server answers for an actor, to compare with the stored raw record."""
        return (self._mastodon if platform == "mastodon" else self._bluesky)[actor]

    def answer(self, path: str, query: dict[str, list[str]]) -> tuple[int, str, bytes]:
        if path == "/robots.txt":
            return 200, "text/plain", ROBOTS.encode()
        if path == "/api/v1/accounts/lookup":
            # Like Mastodon, "user@<this server>" means the local account "user".
            acct = query.get("acct", [""])[0].removesuffix("@" + self.netloc)
            found = self._mastodon.get(acct)
            if found is None:
                return 404, "application/json", b'{"error":"Record not found"}'
            return 200, "application/json; charset=utf-8", found.encode()
        if path == "/xrpc/app.bsky.actor.getProfile":
            actor = query.get("actor", [""])[0]
            if actor == FLAKY:
                return 503, "application/json", b'{"error":"InternalServerError"}'
            found = self._bluesky.get(actor)
            if found is None:
                body = b'{"error":"InvalidRequest","message":"Profile not found"}'
                return 400, "application/json", body
            return 200, "application/json; charset=utf-8", found.encode()
        if path in self.media:
            content_type, data = self.media[path]
            return 200, content_type, data
        return 404, "text/html", b"<h1>Not Found</h1>"


def _serve_text(path: Path, netloc: str) -> str:
    return path.read_text(encoding="utf-8").replace(PLACEHOLDER, netloc)


@contextmanager
def serving(media: dict[str, tuple[str, bytes]]) -> Iterator[ProfileServer]:
    """Start the server on 127.0.0.1 and a free port for the duration of the block."""
    state = ProfileServer(media)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.log.append((self.path, self.headers.get("User-Agent", "")))
            parts = urlsplit(self.path)
            status, content_type, body = state.answer(unquote(parts.path), parse_qs(parts.query))
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            # The client stops an oversized download early, as it should.
            with suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            """Quiet: the test reads `state.log` instead."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    netloc = f"127.0.0.1:{server.server_address[1]}"
    state.base, state.netloc = f"http://{netloc}", netloc
    state.load(netloc)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
