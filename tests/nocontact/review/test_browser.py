"""The review page and the report in a real browser: Debian's Chromium driven by Playwright.

One browser for the whole session, a fresh context (cookies, storage) per test. These tests
never skip: without /usr/bin/chromium they fail and say how to install it.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from playwright.sync_api import Browser, Page

from nocontact.case import Case
from nocontact.cli import cli
from nocontact.evidence.verification import verify
from nocontact.review import decisions
from nocontact.review.server import ReviewServer, serve
from nocontact.store.hits import list_hits
from tests.nocontact.review_cases import PAYLOADS, hostile_case, photo_case

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
# Anything an injected element could use to run code or fetch something.
_INJECTED = """() => {
  const found = [];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      if (attr.name.startsWith("on")) found.push(`${el.tagName}[${attr.name}]`);
    }
    const tag = el.tagName.toLowerCase();
    if (["iframe", "object", "embed", "frame", "base", "form"].includes(tag)
        && !el.id.startsWith("form-")) found.push(tag);
    const url = el.getAttribute("href") || el.getAttribute("src") || "";
    if (/^\\s*javascript:/i.test(url)) found.push(`${tag} javascript: URL`);
    if (tag === "img" && !url.startsWith("data:")) found.push(`img ${url}`);
  }
  return found;
}"""


@dataclass
class Watch:
    """What a page did: requests it made, dialogs it opened, errors it logged."""

    page: Page
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def assert_inert(self, *, scripts: int) -> None:
        """Nothing injected ran, nothing injected is in the DOM, nothing was blocked."""
        assert self.page.evaluate("window.__xss") == 0
        assert self.dialogs == []
        assert self.errors == []  # a CSP refusal of an injected script is logged as an error
        assert self.page.evaluate(_INJECTED) == []
        assert self.page.locator("script").count() == scripts


@pytest.fixture
def watch(browser: Browser) -> Iterator[Watch]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    context.add_init_script("window.__xss = 0;")
    page = context.new_page()
    watched = Watch(page)
    page.on("request", lambda request: watched.requests.append(request.url))
    page.on("dialog", lambda dialog: (watched.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda m: watched.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: watched.errors.append(str(error)))
    yield watched
    context.close()


@pytest.fixture
def photos(tmp_path: Path) -> Iterator[tuple[Case, ReviewServer]]:
    case = photo_case(tmp_path)
    server = serve(case, open_browser=False)
    yield case, server
    server.stop()


def _statuses(case: Case) -> dict[int, str]:
    with sqlite3.connect(case.db_path) as conn:
        return dict(conn.execute("SELECT id, status FROM hits"))


def _queue(case: Case) -> list[int]:
    with case.store(create=False) as store, store.reading() as conn:
        return [h.id for h in list_hits(conn, status="new")]


def _review_actions(case: Case) -> list[tuple[int, str]]:
    with sqlite3.connect(case.db_path) as conn:
        rows = conn.execute("SELECT payload FROM ledger WHERE action = 'review' ORDER BY seq")
        return [(p["hit_id"], p["action"]) for p in (json.loads(r[0]) for r in rows)]


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / name, full_page=True)


def test_confirm_and_dismiss_by_click_and_by_key(
    photos: tuple[Case, ReviewServer], watch: Watch
) -> None:
    case, server = photos
    page, order = watch.page, _queue(case)
    alias = next(h for h in order if "Nico Bauer" in _display(case, h))
    page.goto(server.url + f"hit/{alias}")
    assert page.locator("#hit img").count() == 2  # avatar beside the reference photo
    assert "EDT (UTC-04:00)" in page.inner_text("#interactions")  # the case's own zone
    _shot(page, "review-hit.png")

    page.goto(server.url)
    assert page.get_attribute("#hit", "data-hit") == str(order[0])
    page.click("#form-confirm button")
    page.wait_for_url(f"**/hit/{order[1]}?done=confirm&hit={order[0]}")
    assert f"Hit {order[0]} confirmed." in page.inner_text("#notice")
    page.keyboard.press("d")
    page.wait_for_url(f"**/hit/{order[2]}?done=dismiss&hit={order[1]}")
    page.keyboard.press("c")
    page.wait_for_url(f"**/hit/{order[3]}?done=confirm&hit={order[2]}")
    page.fill("#dismiss-text", "my cousin's account, not him")
    page.click("#form-dismiss button")
    page.wait_for_url(f"**/{server.token}/?done=dismiss&hit={order[3]}")
    assert page.is_visible("#empty")

    assert _statuses(case) == {
        order[0]: "confirmed",
        order[1]: "dismissed",
        order[2]: "confirmed",
        order[3]: "dismissed",
    }
    assert _review_actions(case) == [
        (order[0], "confirm"),
        (order[1], "dismiss"),
        (order[2], "confirm"),
        (order[3], "dismiss"),
    ]
    first = decisions.history(case, order[3])[0]
    assert (first.action, first.text) == ("dismiss", "my cousin's account, not him")
    assert verify(case).ok
    page.goto(server.url + "list/confirmed")
    _shot(page, "review-confirmed.png")
    assert all(url.startswith(server.origin + "/") for url in watch.requests)
    watch.assert_inert(scripts=1)


def _display(case: Case, hit_id: int) -> str:
    with sqlite3.connect(case.db_path) as conn:
        row = conn.execute(
            "SELECT coalesce(display_name, handle) FROM hits_view WHERE id = ?", (hit_id,)
        ).fetchone()
    return row[0]


def test_note_and_witness_by_keyboard(photos: tuple[Case, ReviewServer], watch: Watch) -> None:
    case, server = photos
    page, hit = watch.page, _queue(case)[1]
    page.goto(server.url + f"hit/{hit}")
    page.keyboard.press("n")
    assert page.evaluate("document.activeElement.id") == "note-text"
    note = "He wrote from a new account <img src=x onerror=window.__xss=9>"
    page.keyboard.type(note)
    page.click("#form-note button")
    page.wait_for_url(f"**/hit/{hit}?done=note&hit={hit}")
    page.keyboard.press("w")
    page.keyboard.type("Sam Doe saw it on my phone")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/hit/{hit}?done=witness&hit={hit}")

    history = page.inner_text("#history")
    assert note in history and "Sam Doe saw it on my phone" in history
    assert [(r.action, r.text) for r in decisions.history(case, hit)] == [
        ("note", note),
        ("witness", "Sam Doe saw it on my phone"),
    ]
    assert _statuses(case)[hit] == "new"  # a note is not a decision
    watch.assert_inert(scripts=1)


def test_move_with_j_k_and_reopen_with_r(photos: tuple[Case, ReviewServer], watch: Watch) -> None:
    case, server = photos
    page, order = watch.page, _queue(case)
    page.goto(server.url)
    page.keyboard.press("j")
    page.wait_for_url(f"**/hit/{order[1]}")
    page.keyboard.press("k")
    page.wait_for_url(f"**/hit/{order[0]}")
    page.keyboard.press("c")
    page.wait_for_url(f"**/hit/{order[1]}?done=confirm&hit={order[0]}")
    page.click("nav >> text=Confirmed")
    page.wait_for_url("**/list/confirmed")
    page.click(f"#hits a[href$='/hit/{order[0]}']")
    page.wait_for_url(f"**/hit/{order[0]}")
    page.keyboard.press("r")
    page.wait_for_url(f"**/hit/{order[0]}?done=reopen&hit={order[0]}")
    assert _statuses(case)[order[0]] == "new"
    assert _review_actions(case) == [(order[0], "confirm"), (order[0], "reopen")]


class _Attacker(BaseHTTPRequestHandler):
    """Another web page open in the same browser, posting a decision to the review page."""

    page = b""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(self.page)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@pytest.mark.parametrize(
    ("host", "csrf"),
    [
        ("127.0.0.1", "leaked"),  # same site: the cookie is sent; only the Origin check stops it
        ("localhost", "guessed"),  # another site: no cookie, wrong token, wrong Origin
    ],
)
def test_forged_post_from_another_page_is_refused(
    photos: tuple[Case, ReviewServer], watch: Watch, host: str, csrf: str
) -> None:
    """Even with the secret address and the form token, another origin cannot decide."""
    case, server = photos
    watch.page.goto(server.url)  # the reviewer's tab: the browser now holds the cookie
    before, ledger = _statuses(case), _review_actions(case)
    token = server.csrf if csrf == "leaked" else "guessed"
    _Attacker.page = (
        f'<form method="post" action="{server.url}hit/{_queue(case)[0]}">'
        f'<input name="csrf" value="{token}"><input name="action" value="confirm">'
        "<button>win a prize</button></form>"
    ).encode()
    attacker = HTTPServer(("127.0.0.1", 0), _Attacker)
    threading.Thread(target=attacker.serve_forever, daemon=True).start()
    try:
        watch.page.goto(f"http://{host}:{attacker.server_port}/")
        with watch.page.expect_response(lambda r: "/hit/" in r.url) as answer:
            watch.page.click("button")
        assert answer.value.status == 403
        # Ports do not separate sites: from 127.0.0.1 the SameSite cookie is sent.
        assert ("cookie" in answer.value.request.all_headers()) == (host == "127.0.0.1")
    finally:
        attacker.shutdown()
        attacker.server_close()
    assert _statuses(case) == before
    assert _review_actions(case) == ledger


def test_hostile_text_is_only_text_in_the_review_page(tmp_path: Path, watch: Watch) -> None:
    case = hostile_case(tmp_path)
    server = serve(case, open_browser=False)
    try:
        for path in ["list/new", *(f"hit/{h}" for h in _queue(case))]:
            watch.page.goto(server.url + path)
            watch.assert_inert(scripts=1)
            if path.startswith("hit/"):
                text = watch.page.inner_text("body")
                for payload in PAYLOADS[:5] + PAYLOADS[6:]:
                    assert payload in text, (path, payload)
                assert "[U+202E]gnp.exe[U+202C] harmless.jpg" in text
        _shot(watch.page, "review-hostile.png")
        assert all(url.startswith(server.origin + "/") for url in watch.requests)
    finally:
        server.stop()


def _report(case: Case, output: Path) -> str:
    result = CliRunner().invoke(cli, ["--case", str(case.root), "report", "-o", str(output)])
    assert result.exit_code == 0, result.output
    return output.resolve().as_uri()


def test_hostile_text_is_only_text_in_the_report(tmp_path: Path, watch: Watch) -> None:
    case = hostile_case(tmp_path)
    for hit in _queue(case)[:4]:
        decisions.decide(case, hit, "confirm")
    decisions.decide(case, _queue(case)[0], "note", PAYLOADS[0])
    url = _report(case, tmp_path / "report.html")
    watch.page.goto(url)
    assert watch.requests == [url]
    watch.assert_inert(scripts=0)
    text = watch.page.inner_text("body")
    for payload in PAYLOADS[:5] + PAYLOADS[6:]:
        assert payload in text, payload
    assert "[U+202E]gnp.exe[U+202C] harmless.jpg" in text  # marked as the review page does


def test_report_opens_offline_with_zero_network_requests(tmp_path: Path, watch: Watch) -> None:
    case = photo_case(tmp_path)
    order = _queue(case)
    decisions.decide(case, order[0], "confirm")
    decisions.decide(case, order[0], "witness", "Sam Doe saw the follow request arrive")
    decisions.decide(case, order[-1], "confirm")
    decisions.decide(case, order[1], "dismiss", "a friend's account")
    url = _report(case, tmp_path / "report.html")
    watch.page.goto(url)
    assert watch.requests == [url]  # the file itself, nothing else: no font, image or script
    assert watch.page.locator("img").count() >= 1
    watch.assert_inert(scripts=0)
    _shot(watch.page, "report.png")
    watch.page.emulate_media(media="print")
    _shot(watch.page, "report-print.png")


@pytest.mark.parametrize("how", ["button", "escape twice"])
def test_leave_quickly_replaces_the_view_with_an_empty_page(
    photos: tuple[Case, ReviewServer], watch: Watch, how: str
) -> None:
    case, server = photos
    page = watch.page
    page.goto(server.url)
    page.goto(f"{server.url}hit/{_queue(case)[0]}")
    page.get_by_role("link", name="To review").click()  # some history to leave behind
    page.wait_for_url(f"{server.url}list/new")
    if how == "button":
        page.get_by_role("button", name="Leave quickly").click()
    else:
        page.keyboard.press("Escape")
        page.keyboard.press("Escape")
    page.wait_for_url(f"{server.origin}/blank")
    assert page.title() == "New Tab"
    assert page.locator("body").inner_text() == ""
    assert server.token not in page.url
    assert page.evaluate("sessionStorage.length + localStorage.length") == 0
    page.go_back()  # the replaced entry is gone: Back skips the page that was left
    assert "list/new" not in page.url
    assert watch.errors == []


def test_one_escape_in_a_text_field_only_leaves_the_field(
    photos: tuple[Case, ReviewServer], watch: Watch
) -> None:
    case, server = photos
    page = watch.page
    page.goto(f"{server.url}hit/{_queue(case)[0]}")
    page.keyboard.press("n")
    page.keyboard.press("Escape")  # the first Escape, right after the page loaded
    assert page.evaluate("document.activeElement === document.body")
    page.wait_for_timeout(1100)  # a second Escape well apart is not a double press
    page.keyboard.press("Escape")
    assert page.url.startswith(server.url)
