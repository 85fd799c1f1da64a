"""The review server without a browser: secrets, CSRF, loopback only, decisions in the ledger."""

from __future__ import annotations

import json
import logging
import re
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from nocontact.case import Case
from nocontact.cli import cli
from nocontact.errors import NocontactError
from nocontact.evidence.verification import verify
from nocontact.intake.archives import import_archive
from nocontact.match.scoring import run_match
from nocontact.review import pages
from nocontact.review.server import ReviewServer, serve
from nocontact.store.hits import list_hits


@pytest.fixture
def server(case: Case, ig_zip: Path) -> Iterator[ReviewServer]:
    import_archive(case, ig_zip)
    run_match(case)
    running = serve(case, open_browser=False)
    yield running
    running.stop()


@pytest.fixture
def client(server: ReviewServer) -> Iterator[httpx.Client]:
    """A client that loaded the page first, as the browser does (it holds the cookie)."""
    with httpx.Client(trust_env=False, follow_redirects=False) as http:
        assert http.get(server.url).status_code == 200
        yield http


def state(case: Case) -> tuple[list[tuple], list[tuple], int]:
    """Hit statuses, reviews and ledger length: what a refused POST must leave alone."""
    with sqlite3.connect(case.db_path) as conn:
        return (
            conn.execute("SELECT id, status FROM hits ORDER BY id").fetchall(),
            conn.execute("SELECT * FROM reviews ORDER BY id").fetchall(),
            conn.execute("SELECT count(*) FROM ledger").fetchone()[0],
        )


def form(server: ReviewServer, **fields: str) -> dict[str, str]:
    return {"csrf": server.csrf, "action": "confirm"} | fields


def test_pages_need_the_secret_token(server: ReviewServer) -> None:
    with httpx.Client(trust_env=False) as http:
        for url in (
            server.origin + "/",
            server.origin + "/list/new",
            server.origin + "/" + "x" * len(server.token) + "/",
            server.url.rstrip("/"),  # the token alone, not as a folder
        ):
            refused = http.get(url)
            assert refused.status_code == 403, url
            assert "set-cookie" not in refused.headers  # the CSRF token is not handed out
        page = http.get(server.url)
    assert page.status_code == 200
    assert "Hit " in page.text


def test_pages_carry_a_strict_csp_and_load_nothing_from_elsewhere(
    server: ReviewServer, client: httpx.Client
) -> None:
    for path in ("", "list/new", "list/confirmed", "hit/1"):
        page = client.get(server.url + path)
        csp = page.headers["content-security-policy"]
        assert page.status_code == 200
        assert csp.startswith("default-src 'none';")
        assert "img-src data:;" in csp and "unsafe-inline" not in csp
        nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
        assert re.findall(r"<(?:script|style)\b[^>]*>", page.text) == [
            f'<style nonce="{nonce}">',
            f'<script nonce="{nonce}">',
        ]
        links = re.findall(r'(?:src|href|action)="([^"]*)"', page.text)
        assert links and all(link.startswith((server.base, "data:")) for link in links), links
        assert page.headers["referrer-policy"] == "same-origin"


def test_a_click_confirms_moves_on_and_is_sealed(
    case: Case, server: ReviewServer, client: httpx.Client
) -> None:
    answer = client.post(server.url + "hit/1", data=form(server), headers={"Origin": server.origin})
    assert answer.status_code == 303
    assert answer.headers["location"] == f"{server.base}hit/2?done=confirm&hit=1"
    statuses, reviews, _ = state(case)
    assert statuses[0] == (1, "confirmed")
    assert [(r[1], r[2]) for r in reviews] == [(1, "confirm")]
    with sqlite3.connect(case.db_path) as conn:
        action, payload = conn.execute(
            "SELECT action, payload FROM ledger ORDER BY seq DESC LIMIT 1"
        ).fetchone()
    assert action == "review"
    assert (
        json.loads(payload).items()
        >= {
            "hit_id": 1,
            "action": "confirm",
            "text": None,
            "previous_status": "new",
            "review_id": 1,
        }.items()
    )
    assert verify(case).ok
    shown = client.get(server.origin + answer.headers["location"])
    assert "Hit 1 confirmed." in shown.text


def test_deciding_further_down_the_queue_moves_to_the_hit_below(
    case: Case, server: ReviewServer, client: httpx.Client
) -> None:
    with case.store(create=False) as store, store.reading() as conn:
        queue = [h.id for h in list_hits(conn, status="new")]  # the order the page shows
    third, below, last = queue[2], queue[3], queue[-1]
    origin = {"Origin": server.origin}
    answer = client.post(
        server.url + f"hit/{third}", data=form(server, action="dismiss"), headers=origin
    )
    assert answer.headers["location"] == f"{server.base}hit/{below}?done=dismiss&hit={third}"
    answer = client.post(server.url + f"hit/{last}", data=form(server), headers=origin)
    assert answer.headers["location"] == f"{server.base}?done=confirm&hit={last}"
    top = client.get(server.origin + answer.headers["location"])
    assert f'data-hit="{queue[0]}"' in top.text and f"Hit {last} confirmed." in top.text


@pytest.mark.parametrize(
    ("problem", "path", "data", "headers"),
    [
        ("no CSRF token", "hit/1", {"action": "confirm"}, {}),
        ("wrong CSRF token", "hit/1", {"csrf": "guessed", "action": "confirm"}, {}),
        ("other origin", "hit/1", None, {"Origin": "http://127.0.0.1:1"}),
        ("other site", "hit/1", None, {"Origin": "https://evil.example"}),
        ("no origin", "hit/1", None, {"Origin": None}),
        ("no secret token", "/hit/1", None, {}),
        ("wrong host", "hit/1", None, {"Host": "evil.example"}),
        ("not a form", "hit/1", None, {"Content-Type": "text/plain"}),
    ],
)
def test_forged_posts_are_refused_and_change_nothing(
    case: Case,
    server: ReviewServer,
    client: httpx.Client,
    problem: str,
    path: str,
    data: dict[str, str] | None,
    headers: dict[str, str | None],
) -> None:
    before = state(case)
    url = server.origin + path if path.startswith("/") else server.url + path
    sent = {"Origin": server.origin, "Content-Type": "application/x-www-form-urlencoded"}
    body = httpx.QueryParams(form(server) if data is None else data)
    sent = {name: value for name, value in (sent | headers).items() if value is not None}
    answer = client.post(url, content=str(body), headers=sent)
    assert answer.status_code == 403, problem
    assert state(case) == before


def test_a_post_without_the_pages_cookie_is_refused(case: Case, server: ReviewServer) -> None:
    """Another page in the browser never gets the SameSite=Strict cookie, so even a leaked
    form token is not enough."""
    before = state(case)
    with httpx.Client(trust_env=False) as http:
        answer = http.post(
            server.url + "hit/1", data=form(server), headers={"Origin": server.origin}
        )
    assert answer.status_code == 403
    assert state(case) == before


def test_an_empty_note_is_refused_with_the_reason(
    case: Case, server: ReviewServer, client: httpx.Client
) -> None:
    before = state(case)
    answer = client.post(
        server.url + "hit/2",
        data=form(server, action="note", text="   "),
        headers={"Origin": server.origin},
    )
    assert answer.status_code == 400
    assert "a note needs text" in answer.text
    assert state(case) == before


def test_note_witness_and_reopen_stay_on_the_hit(
    case: Case, server: ReviewServer, client: httpx.Client
) -> None:
    for action, text in (("dismiss", "my cousin"), ("note", "<b>bold?</b>"), ("witness", "Sam")):
        answer = client.post(
            server.url + "hit/3",
            data=form(server, action=action, text=text),
            headers={"Origin": server.origin},
        )
        assert answer.status_code == 303
    answer = client.post(
        server.url + "hit/3", data=form(server, action="reopen"), headers={"Origin": server.origin}
    )
    assert answer.headers["location"] == f"{server.base}hit/3?done=reopen&hit=3"
    statuses, reviews, _ = state(case)
    assert dict(statuses)[3] == "new"
    assert [(r[2], r[3]) for r in reviews] == [
        ("dismiss", "my cousin"),
        ("note", "<b>bold?</b>"),
        ("witness", "Sam"),
        ("reopen", None),
    ]
    page = client.get(server.url + "hit/3").text
    assert "&lt;b&gt;bold?&lt;/b&gt;" in page and "<b>bold?" not in page


def test_the_page_speaks_spanish(case: Case, ig_zip: Path) -> None:
    import_archive(case, ig_zip)
    run_match(case)
    running = serve(case, open_browser=False, lang="es")
    try:
        with httpx.Client(trust_env=False) as http:
            page = http.get(running.url).text
    finally:
        running.stop()
    assert '<html lang="es">' in page
    for words in ("Por revisar: 1 de 4", "Vínculo sospechado con", "Confirmar", "Añadir testigo"):
        assert words in page, words
    assert "el nombre de usuario" in page and "listed in config" not in page  # the reasons


def test_unknown_pages_and_hits_are_404(server: ReviewServer, client: httpx.Client) -> None:
    for path in ("hit/999", "hit/abc", "list/everything", "report"):
        assert client.get(server.url + path).status_code == 404, path
    answer = client.post(
        server.url + "hit/999",
        data=form(server, action="<script>x</script>"),
        headers={"Origin": server.origin},
    )
    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("text/plain")
    assert "<script>" not in answer.text


def test_only_loopback_binding(case: Case, ig_zip: Path) -> None:
    import_archive(case, ig_zip)
    for host in ("0.0.0.0", "::", "192.168.1.10", "localhost"):
        with pytest.raises(NocontactError, match="127.0.0.1 only"):
            serve(case, host=host, open_browser=False)
    running = serve(case, open_browser=False)
    try:
        assert running.server_address[0] == "127.0.0.1"
        assert running.server_port > 0
    finally:
        running.stop()


def test_tokens_never_reach_the_log(
    server: ReviewServer, client: httpx.Client, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    client.get(server.url + "hit/1")
    client.get(server.origin + "/wrong/")
    client.post(server.url + "hit/1", data={"csrf": server.csrf}, headers={"Origin": "x"})
    ours = " ".join(r.getMessage() for r in caplog.records if r.name.startswith("nocontact"))
    assert "refused a POST request" in ours
    assert server.token not in ours and server.csrf not in ours


def _as_background_job() -> None:
    """What a shell does to a job started with '&': Ctrl-C (SIGINT) set to be ignored."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@pytest.mark.parametrize("background", [False, True], ids=["terminal", "SIGINT ignored"])
def test_review_command_serves_until_ctrl_c(case: Case, ig_zip: Path, background: bool) -> None:
    import_archive(case, ig_zip)
    command = [sys.executable, "-m", "nocontact", "--case", str(case.root)]
    process = subprocess.Popen(
        [*command, "review", "--no-browser"],
        stdout=subprocess.PIPE,
        text=True,
        preexec_fn=_as_background_job if background else None,
    )
    try:
        line = process.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/[\w-]{40,}/", line).group()
        with httpx.Client(trust_env=False) as http:
            assert http.get(url).status_code == 200
        process.send_signal(signal.SIGINT)
        out, _ = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 0
    assert out == "review page stopped\n"


def test_review_command_without_a_database_is_one_line(case: Case) -> None:
    result = CliRunner().invoke(cli, ["--case", str(case.root), "review", "--no-browser"])
    assert result.exit_code == 1
    assert result.output.startswith("error: ") and "nocontact import" in result.output


def test_long_lists_come_in_pages(server: ReviewServer, client: httpx.Client) -> None:
    small = ReviewServer(server.case, page_size=3).start()
    try:
        with httpx.Client(trust_env=False, follow_redirects=False) as http:
            first = http.get(small.url + "list/new").text
            assert "To review (4)" in first and "Hits 1 to 3 of 4" in first
            assert first.count('href="' + small.base + "hit/") == 3 and 'id="next-page"' in first
            assert 'id="previous-page"' not in first
            second = http.get(small.url + "list/new?page=2").text
            assert "Hits 4 to 4 of 4" in second and second.count(small.base + "hit/") == 1
            assert 'id="previous-page"' in second and 'id="next-page"' not in second
            assert http.get(small.url + "list/new?page=3").status_code == 404
            assert "Hits 1 to 3 of 4" in http.get(small.url + "list/new?page=x").text
    finally:
        small.stop()
    assert 'id="paging"' not in client.get(server.url + "list/new").text  # one page: no pager


def test_every_review_page_message_has_a_spanish_translation() -> None:
    from babel.messages.extract import extract_from_file

    from nocontact.language.catalogues import translations

    templates = Path(pages.__file__).parent.parent / "templates"
    options = {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true"}
    messages = {
        message if isinstance(message, str) else message[0]
        for name in ("review_base.html.j2", "review_hit.html.j2", "review_list.html.j2")
        for _, message, _, _ in extract_from_file(
            "jinja2.ext:babel_extract", templates / name, options=options
        )
    }
    spanish = translations("es").gettext
    assert len(messages) > 30
    assert sorted(m for m in messages if spanish(m) == m) == []
