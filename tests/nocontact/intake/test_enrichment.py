"""`nocontact enrich` against a loopback Mastodon instance and AppView: store, ledger, CLI."""

from __future__ import annotations

import hashlib
import io
import json
import logging
import sqlite3
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawlers.events import Account
from matcher import drawing
from matcher.avatars import AvatarHash
from nocontact.case import Case
from nocontact.cli import cli
from nocontact.evidence.verification import verify
from nocontact.intake import enrichment
from nocontact.store.writes import upsert_account
from tests.nocontact.conftest import CONFIG
from tests.profile_server import (
    DEFAULT_AVATAR,
    FLAKY,
    MIRA_AVATAR,
    NICO_AVATAR,
    ProfileServer,
    avatar_media,
    serving,
)

TOMASZ_DID = "did:plc:t7omaszw3k9x1vq5bn2cd8fh"
OAK_CREATED = datetime(2024, 12, 1, tzinfo=UTC)


@dataclass
class Run:
    case: Case
    server: ProfileServer
    result: enrichment.EnrichResult
    logs: list[str]


@pytest.fixture(scope="module")
def server() -> Iterator[ProfileServer]:
    with serving(avatar_media()) as running:
        yield running


def _case(root: Path, server: ProfileServer, *, mastodon: bool = True) -> Case:
    """A case whose store already holds accounts the way archives and scans leave them."""
    root.mkdir()
    instance = (
        f'[scan.mastodon]\ninstance = "{server.base}"\ntoken_env = "NOCONTACT_MASTODON_TOKEN"\n'
    )
    settings = f'[enrich]\nappview = "{server.base}"\ndelay = 0\n'
    (root / "config.toml").write_text(
        CONFIG + (instance if mastodon else "") + settings, encoding="utf-8"
    )
    case = Case(root)
    accounts = [
        Account("mastodon", handle=f"nico_b@{server.netloc}", display_name="Nico"),
        Account("mastodon", handle="lena.k@remote.example"),
        Account("mastodon", handle=f"mo_default@{server.netloc}"),
        Account("mastodon", handle=f"ghost@{server.netloc}"),
        Account("bluesky", handle="mira-h.bsky.social"),
        Account("bluesky", user_id=TOMASZ_DID),
        Account("bluesky", handle="oak-and-pine.bsky.social", created_at=OAK_CREATED),
        Account("bluesky", handle="quiet-one.bsky.social"),
        Account("bluesky", handle=FLAKY),
        Account("instagram", handle="nico.bauer"),
    ]
    with case.store() as store, store.transaction() as conn:
        for account in accounts:
            upsert_account(conn, account)
    return case


def _enrich(case: Case, **options: object) -> tuple[enrichment.EnrichResult, list[str]]:
    """Run enrich and keep what it logged (module fixtures cannot use caplog)."""
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    log = logging.getLogger("nocontact.intake.enrichment")
    log.addHandler(handler)
    try:
        result = enrichment.enrich(case, **options)
    finally:
        log.removeHandler(handler)
    return result, [record.getMessage() for record in records]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory, server: ProfileServer) -> Run:
    case = _case(tmp_path_factory.mktemp("enrich") / "case", server)
    result, logs = _enrich(case)
    return Run(case, server, result, logs)


def _db(case: Case) -> sqlite3.Connection:
    return sqlite3.connect(case.db_path)


def _account(case: Case, platform: str, key: str) -> dict[str, object]:
    conn = _db(case)
    conn.row_factory = sqlite3.Row
    row = conn.execute(
        "SELECT * FROM accounts WHERE platform = ? AND key = ?", (platform, key)
    ).fetchone()
    return dict(row)


def test_fills_unknown_fields_and_keeps_recorded_ones(run: Run) -> None:
    nico = _account(run.case, "mastodon", f"handle:nico_b@{run.server.netloc}")
    assert nico["display_name"] == "Nico"  # the archive's value stays
    assert nico["created_at"] == "2026-03-10T00:00:00.000Z"
    assert nico["bio"] == "just here for the lakes & trails\nnothing else\nDMs open"
    assert nico["avatar_url"] == run.server.base + NICO_AVATAR
    assert nico["user_id"] == "113882044170512345"
    oak = _account(run.case, "bluesky", "handle:oak-and-pine.bsky.social")
    assert oak["created_at"] == "2024-12-01T00:00:00.000Z"  # recorded before: not overwritten
    assert oak["display_name"] == "oak & pine"
    tomasz = _account(run.case, "bluesky", f"id:{TOMASZ_DID}")
    assert tomasz["handle"] == "tomasz-w.bsky.social"
    assert _account(run.case, "instagram", "handle:nico.bauer")["created_at"] is None


def test_profile_names_kept_as_history(run: Run) -> None:
    nico_id = _account(run.case, "mastodon", f"handle:nico_b@{run.server.netloc}")["id"]
    names = set(
        _db(run.case).execute(
            "SELECT field, value FROM account_names WHERE account_id = ?", (nico_id,)
        )
    )
    assert ("display_name", "Nico") in names and ("display_name", "N. B. 🌲") in names


def test_avatars_stored_privately_under_their_sha256(run: Run) -> None:
    media = avatar_media()
    rows = _db(run.case).execute(
        "SELECT accounts.handle, image_sha256, phash, dhash, quality, is_default"
        " FROM avatars JOIN accounts ON accounts.id = avatars.account_id ORDER BY handle"
    )
    stored = {handle: rest for handle, *rest in rows}
    assert set(stored) == {f"nico_b@{run.server.netloc}", "mira-h.bsky.social"}
    folder = run.case.root / "evidence" / "avatars"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for handle, path, ext in (
        (f"nico_b@{run.server.netloc}", NICO_AVATAR, "png"),
        ("mira-h.bsky.social", MIRA_AVATAR, "jpg"),
    ):
        sha, phash, dhash, quality, is_default = stored[handle]
        assert sha == hashlib.sha256(media[path][1]).hexdigest()
        file = folder / f"{sha}.{ext}"
        assert file.read_bytes() == media[path][1]
        assert stat.S_IMODE(file.stat().st_mode) == 0o600
        assert len(phash) == len(dhash) == 16 and 0 < quality <= 1 and is_default == 0


def test_robots_txt_and_default_avatars_respected(run: Run) -> None:
    assert not any(path.startswith("/private/") for path in run.server.paths)
    assert DEFAULT_AVATAR not in run.server.paths
    assert not any("nico.bauer" in path for path in run.server.paths)  # no Instagram lookup


def test_skipped_avatars_logged_with_reason(run: Run) -> None:
    assert "bluesky account did:plc:t7omaszw3k9x1vq5bn2cd8fh: avatar not kept: not an image" in (
        "\n".join(run.logs)
    )
    assert any("oak-and-pine" in line and "larger than 4194304 bytes" in line for line in run.logs)
    assert any("lena.k@remote.example" in line and "robots.txt" in line for line in run.logs)
    (not_kept,) = (
        _db(run.case)
        .execute("SELECT count(*) FROM enrichments WHERE avatar_reason IS NOT NULL")
        .fetchone()
    )
    assert not_kept == run.result.avatars_not_kept == 4  # lena, mo (default), tomasz, oak


def test_summary_counts(run: Run) -> None:
    assert run.result.looked_up == 9
    assert (run.result.found, run.result.unavailable, run.result.failed) == (7, 1, 1)
    assert run.result.avatars_stored == 2
    assert run.result.summary().startswith("enrich: 9 profiles looked up (7 found")


def test_ledger_lists_each_fetch_and_verifies(run: Run) -> None:
    action, payload = (
        _db(run.case)
        .execute("SELECT action, payload FROM ledger ORDER BY seq DESC LIMIT 1")
        .fetchone()
    )
    fetches = json.loads(payload)["fetches"]
    assert action == "enrich" and len(fetches) == 9
    urls = {fetch["url"] for fetch in fetches}
    assert f"{run.server.base}/api/v1/accounts/lookup?acct=lena.k%40remote.example" in urls
    assert all(fetch["fetched_at"].endswith("Z") for fetch in fetches)
    raw = dict(_db(run.case).execute("SELECT fetch_url, raw FROM enrichments"))
    assert raw[f"{run.server.base}/xrpc/app.bsky.actor.getProfile?actor=mira-h.bsky.social"] == (
        run.server.body("bluesky", "mira-h.bsky.social")
    )
    assert verify(run.case).ok


def test_second_run_fetches_only_what_failed(tmp_path: Path, server: ProfileServer) -> None:
    case = _case(tmp_path / "case", server)
    first, _ = _enrich(case)
    assert first.failed == 1
    before = len(server.log)
    with case.store() as store:
        counts = store.counts()
    second, _ = _enrich(case)
    asked = server.paths[before:]
    assert second.looked_up == 1 and second.found == 0
    assert asked and all(FLAKY in path for path in asked if path != "/robots.txt")
    with case.store() as store:
        after = store.counts()
    assert after["accounts"] == counts["accounts"] and after["avatars"] == counts["avatars"]
    assert after["enrichments"] == counts["enrichments"] + 1


def test_nothing_due_asks_nothing(tmp_path: Path, server: ProfileServer) -> None:
    case = _case(tmp_path / "case", server)
    _enrich(case, platform="mastodon")
    before = len(server.log)
    with case.store() as store:
        counts = store.counts()
    again, _ = _enrich(case, platform="mastodon")
    assert again.looked_up == 0 and len(server.log) == before
    assert again.summary() == "enrich: nothing to look up"
    with case.store() as store:
        assert store.counts() == counts


def test_mastodon_waits_for_an_instance(tmp_path: Path, server: ProfileServer) -> None:
    case = _case(tmp_path / "case", server, mastodon=False)
    result, _ = _enrich(case, platform="mastodon")
    assert result.looked_up == 0 and result.no_instance == 4
    assert "4 mastodon accounts waiting for [scan.mastodon] instance" in result.summary()


def test_tampered_avatar_or_profile_fails_verify(tmp_path: Path, server: ProfileServer) -> None:
    case = _case(tmp_path / "case", server)
    _enrich(case, platform="bluesky")
    (avatar,) = (case.root / "evidence" / "avatars").iterdir()
    avatar.write_bytes(b"swapped")
    assert any("does not match sha256" in p for p in verify(case).problems)
    conn = _db(case)
    conn.execute("UPDATE enrichments SET raw = replace(raw, 'Mira', 'Mara')")
    conn.commit()
    assert any("profile record does not match" in p for p in verify(case).problems)


def test_cli_enrich_one_account(tmp_path: Path, server: ProfileServer) -> None:
    case = _case(tmp_path / "case", server)
    done = CliRunner().invoke(
        cli, ["--case", str(case.root), "enrich", "--platform", "bluesky", "--limit", "1"]
    )
    assert done.exit_code == 0, done.output
    assert done.stdout.startswith("enrich: 1 profiles looked up")
    assert "enrich: looking up 1 public profiles" in done.stderr  # progress, on stderr
    rows = _db(case).execute("SELECT platform, status FROM enrichments").fetchall()
    assert len(rows) == 1 and rows[0][0] == "bluesky"


def test_cli_rejects_a_bad_delay(tmp_path: Path, server: ProfileServer) -> None:
    case = _case(tmp_path / "case", server)
    text = case.config_path.read_text(encoding="utf-8").replace("delay = 0", 'delay = "fast"')
    case.config_path.write_text(text, encoding="utf-8")
    done = CliRunner().invoke(cli, ["--case", str(case.root), "enrich"])
    assert done.exit_code == 1
    assert "enrich.delay: expected seconds from 0 to 60" in done.output


def test_fetched_avatars_hashed_as_the_matcher_hashes_them() -> None:
    """One hashing for stored and compared pictures; placeholders are stored as such."""
    photo, egg = io.BytesIO(), io.BytesIO()
    drawing.face(7).save(photo, "PNG")
    drawing.egg("#8ed4f5").save(egg, "PNG")
    phash, dhash, quality, is_default = enrichment._describe(photo.getvalue())
    assert f"{phash}:{dhash}" == str(AvatarHash.of(drawing.face(7))) and not is_default
    assert 0 < quality <= 1
    assert enrichment._describe(egg.getvalue())[3] is True
    assert enrichment._describe(b"<html>not a picture</html>").startswith("not a readable image")
