"""`nocontact review`: a private page in the user's browser to confirm or dismiss hits.

What it guards against: other users and programs on the machine (127.0.0.1 only, and a
per-run secret in every URL), web pages open in the same browser forging a decision (a
per-run CSRF token in each form, a SameSite=Strict cookie and an Origin check), DNS
rebinding (Host check), and platform text written as HTML by whoever sent it (autoescape,
a strict Content-Security-Policy with a per-response nonce, nothing loaded from elsewhere).
"""

from __future__ import annotations

import hmac
import logging
import secrets
import threading
import webbrowser
from dataclasses import replace
from http import HTTPStatus
from http.cookies import CookieError, SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from nocontact.case import Case
from nocontact.errors import NocontactError
from nocontact.review import decisions
from nocontact.review.pages import PAGE_SIZE, Pages
from nocontact.store.hits import STATUSES

logger = logging.getLogger(__name__)

LOOPBACK = "127.0.0.1"
_MAX_BODY = 64 * 1024
_FORM = "application/x-www-form-urlencoded"
NEUTRAL_PATH = "/blank"
# What "leave quickly" shows instead of the case: an empty page as a new browser tab looks.
_NEUTRAL_PAGE = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>New Tab</title>'
    '<link rel="icon" href="data:,"></head><body></body></html>'
)
DECISION_WAIT = 600.0  # seconds a decision waits for another command's write to end


class ReviewServer(ThreadingHTTPServer):
    """The review web app for one case, bound to 127.0.0.1 with fresh secrets for this run."""

    daemon_threads = True

    def __init__(
        self,
        case: Case,
        *,
        host: str = LOOPBACK,
        port: int = 0,
        lang: str = "en",
        page_size: int = PAGE_SIZE,
    ) -> None:
        if host != LOOPBACK:
            raise NocontactError(
                f"the review page listens on {LOOPBACK} only, not {host!r}: "
                "it shows private messages and must not be reachable from other machines"
            )
        # A decision sent while another command writes (a `match`) waits for it, never lost.
        self.case = replace(case, command="review", lock_wait=DECISION_WAIT)
        self.pages = Pages(case, lang, page_size=page_size)
        self.token = secrets.token_urlsafe(32)
        self.csrf = secrets.token_urlsafe(32)
        self.opened = False
        self._thread: threading.Thread | None = None
        super().__init__((host, port), _Handler)

    @property
    def origin(self) -> str:
        return f"http://{LOOPBACK}:{self.server_port}"

    @property
    def base(self) -> str:
        """Path prefix of every page: the secret token is part of it."""
        return f"/{self.token}/"

    @property
    def url(self) -> str:
        return self.origin + self.base

    @property
    def cookie(self) -> str:
        return f"nocontact_csrf_{self.server_port}"

    def start(self) -> ReviewServer:
        """Serve in a background thread; `stop()` ends it."""
        self._thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.1}, name="nocontact-review"
        )
        self._thread.daemon = True
        self._thread.start()
        return self

    def wait(self) -> None:
        """Block until stopped (Ctrl-C in the terminal raises KeyboardInterrupt here)."""
        if self._thread is not None:
            self._thread.join()

    def stop(self) -> None:
        """Stop serving and free the port."""
        self.shutdown()
        self.server_close()
        if self._thread is not None:
            self._thread.join()


def serve(
    case: Case,
    *,
    port: int = 0,
    open_browser: bool = True,
    lang: str = "en",
    host: str = LOOPBACK,
) -> ReviewServer:
    """Start the review server on a free loopback port and open the user's browser at it."""
    server = ReviewServer(case, host=host, port=port, lang=lang).start()
    if open_browser:
        server.opened = webbrowser.open(server.url)
    logger.info("review page serving on %s (Ctrl-C to stop)", server.origin)
    return server


class _Forbidden(Exception):
    """A request that fails a check: answered 403 with the reason logged, never shown."""


class _Handler(BaseHTTPRequestHandler):
    server: ReviewServer
    server_version = "nocontact"
    sys_version = ""

    def do_GET(self) -> None:
        if self.path == NEUTRAL_PATH:  # "leave quickly" lands here: no token, nothing of the case
            nonce = secrets.token_urlsafe(16)
            return self._send(HTTPStatus.OK, _NEUTRAL_PAGE, nonce, html=True, cookie=False)
        try:
            route, query = self._route()
        except _Forbidden as exc:
            return self._forbid(exc)
        nonce = secrets.token_urlsafe(16)
        page = {"base": self.server.base, "csrf": self.server.csrf, "nonce": nonce}
        page |= _notice(query)
        pages = self.server.pages
        html: str | None = None
        if route == []:
            html = pages.home(**page)
        elif len(route) == 2 and route[0] == "list" and route[1] in STATUSES:
            html = pages.listing(route[1], _page_number(query), **page)
        elif len(route) == 2 and route[0] == "hit" and route[1].isdigit():
            html = pages.hit(int(route[1]), **page)
        if html is None:
            return self._send(HTTPStatus.NOT_FOUND, "no such page", nonce)
        self._send(HTTPStatus.OK, html, nonce, html=True)

    def do_POST(self) -> None:
        try:
            route, _ = self._route()
            form = self._checked_form()
        except _Forbidden as exc:
            return self._forbid(exc)
        nonce = secrets.token_urlsafe(16)
        if len(route) != 2 or route[0] != "hit" or not route[1].isdigit():
            return self._send(HTTPStatus.NOT_FOUND, "no such page", nonce)
        hit_id, action = int(route[1]), form.get("action", "")
        text = form.get("text", "").strip() or None
        place = self.server.pages.place(hit_id)  # before deciding: where to go next
        try:
            decisions.decide(self.server.case, hit_id, action, text)
        except NocontactError as exc:
            page = {"base": self.server.base, "csrf": self.server.csrf, "nonce": nonce}
            html = self.server.pages.hit(hit_id, error=str(exc), **page)
            if html is None:
                return self._send(HTTPStatus.NOT_FOUND, "no such hit", nonce)
            return self._send(HTTPStatus.BAD_REQUEST, html, nonce, html=True)
        self._redirect(self._after(hit_id, action, place))

    def _after(self, hit_id: int, action: str, place: tuple[str, int | None] | None) -> str:
        """Confirming or dismissing moves on to the next hit of the queue; else stay."""
        target: int | None = hit_id
        if action in ("confirm", "dismiss") and place and place[0] == "new":
            target = place[1]  # None after the last: the top of what is left
        where = "" if target is None else f"hit/{target}"
        return f"{self.server.base}{where}?done={action}&hit={hit_id}"

    def _route(self) -> tuple[list[str], dict[str, list[str]]]:
        """Check Host and the secret token; return the path after the token, and the query."""
        expected = {f"{LOOPBACK}:{self.server.server_port}", f"localhost:{self.server.server_port}"}
        if self.headers.get("Host") not in expected:
            raise _Forbidden("unexpected Host header (DNS rebinding?)")
        parts = urlsplit(self.path)
        segments = parts.path.split("/")
        given = segments[1] if len(segments) > 2 and segments[0] == "" else ""
        if not hmac.compare_digest(given.encode(), self.server.token.encode()):
            raise _Forbidden("missing or wrong secret token")
        return [s for s in segments[2:] if s], parse_qs(parts.query)

    def _checked_form(self) -> dict[str, str]:
        """The POSTed form, only if it comes from our own page (Origin, cookie, CSRF token)."""
        if self.headers.get("Origin") != self.server.origin:
            raise _Forbidden("POST from another origin")
        if self.headers.get("Content-Type", "").split(";")[0].strip() != _FORM:
            raise _Forbidden("POST is not a form")
        declared = self.headers.get("Content-Length", "")
        length = int(declared) if declared.isdigit() else 0
        if not 0 < length <= _MAX_BODY:
            raise _Forbidden("form missing or too large")
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        form = {k: v[0] for k, v in parse_qs(body, keep_blank_values=True).items()}
        expected = self.server.csrf.encode()
        if not hmac.compare_digest(form.get("csrf", "").encode(), expected):
            raise _Forbidden("missing or wrong CSRF token")
        if not hmac.compare_digest(self._cookie().encode(), expected):
            raise _Forbidden("missing or wrong CSRF cookie")
        return form

    def _cookie(self) -> str:
        try:
            jar = SimpleCookie(self.headers.get("Cookie", ""))
        except CookieError:
            return ""
        morsel = jar.get(self.server.cookie)
        return morsel.value if morsel else ""

    def _forbid(self, reason: Exception) -> None:
        logger.warning("review page refused a %s request: %s", self.command, reason)
        self._send(HTTPStatus.FORBIDDEN, "forbidden", secrets.token_urlsafe(16))

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.SEE_OTHER)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self._security_headers(secrets.token_urlsafe(16))
        self.end_headers()

    def _send(
        self, status: HTTPStatus, body: str, nonce: str, *, html: bool = False, cookie: bool = True
    ) -> None:
        """A page (with the CSRF cookie, only ever after the token was checked) or plain text."""
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", f"text/{'html' if html else 'plain'}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self._security_headers(nonce)
        if html and cookie:
            self.send_header(
                "Set-Cookie",
                f"{self.server.cookie}={self.server.csrf}; Path={self.server.base};"
                " SameSite=Strict; HttpOnly",
            )
        self.end_headers()
        self.wfile.write(data)

    def _security_headers(self, nonce: str) -> None:
        self.send_header(
            "Content-Security-Policy",
            f"default-src 'none'; style-src 'nonce-{nonce}'; script-src 'nonce-{nonce}';"
            " img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        )
        # Not "no-referrer": it makes Chromium send "Origin: null" on our own forms.
        self.send_header("Referrer-Policy", "same-origin")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Cross-Origin-Opener-Policy", "same-origin")
        self.send_header("Cross-Origin-Resource-Policy", "same-origin")
        self.send_header("Cache-Control", "no-store")

    def log_message(self, format: str, *args: object) -> None:
        """http.server would log each request line, secret token included: log none of it."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        logger.debug("review page: %s -> %s", self.command, code)


def _page_number(query: dict[str, list[str]]) -> int:
    """`?page=N` of a list, 1 when absent or not a plain number."""
    text = query.get("page", ["1"])[0]
    return int(text) if text.isdigit() and 0 < len(text) < 7 else 1


def _notice(query: dict[str, list[str]]) -> dict[str, object]:
    """The outcome of the last action, from the redirect's query (known words only)."""
    action = query.get("done", [""])[0]
    hit = query.get("hit", [""])[0]
    if action in decisions.ACTIONS and hit.isdigit():
        return {"done": action, "done_hit": int(hit)}
    return {}
