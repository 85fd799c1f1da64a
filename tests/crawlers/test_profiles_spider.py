"""The profile spider against a loopback server: fields, raw bodies, avatars, robots.txt."""

from __future__ import annotations

import hashlib
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crawlers.spiders import runner
from crawlers.spiders.profiles import read_profile, settings
from crawlers.spiders.records import Avatar, ProfileResult, Target
from tests.profile_server import (
    DEFAULT_AVATAR,
    LENA_AVATAR,
    MIRA_AVATAR,
    NICO_AVATAR,
    OAK_AVATAR,
    ProfileServer,
    avatar_media,
    serving,
)

UA = "nocontact/0.0-test (+local evidence tool; no login)"
TOMASZ_DID = "did:plc:t7omaszw3k9x1vq5bn2cd8fh"


@pytest.fixture(scope="module")
def crawl(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[ProfileServer, dict[str, ProfileResult], Path]:
    spool, home = tmp_path_factory.mktemp("spool"), tmp_path_factory.mktemp("home")
    media = avatar_media()
    with serving(media) as server, pytest.MonkeyPatch.context() as env:
        env.setenv("HOME", str(home))  # to see that nothing is written outside the spool
        env.setenv("XDG_STATE_HOME", str(home / "state"))
        base = server.base
        targets = [
            Target("mastodon", "nico", base, handle=f"nico_b@{server.netloc}"),
            Target("mastodon", "lena", base, handle="@lena.k@remote.example"),
            Target("mastodon", "mo", base, handle="mo_default"),
            Target("mastodon", "ghost", base, handle="ghost"),
            Target("bluesky", "mira", base, handle="mira-h.bsky.social"),
            Target("bluesky", "tomasz", base, user_id=TOMASZ_DID, handle="old-handle.example"),
            Target("bluesky", "oak", base, handle="oak-and-pine.bsky.social"),
            Target("bluesky", "quiet", base, handle="quiet-one.bsky.social"),
            Target("bluesky", "odd", base, handle="odd-avatar.bsky.social"),
            Target("bluesky", "nobody", base, handle="nobody.bsky.social"),
        ]
        found = runner.fetch(targets, spool, cache_dir=spool / "cache", user_agent=UA, delay=0)
    assert not any(home.iterdir())
    server.media = media
    return server, {r.key: r for r in found}, spool


def test_one_result_per_target_with_profile_fields(crawl: tuple) -> None:
    server, results, _ = crawl
    assert len(results) == 10
    nico = results["nico"]
    assert (nico.status, nico.user_id, nico.display_name) == (
        "ok",
        "113882044170512345",
        "N. B. 🌲",
    )
    assert nico.bio == "just here for the lakes & trails\nnothing else\nDMs open"
    assert nico.created_at == datetime(2026, 3, 10, tzinfo=UTC)
    assert nico.avatar_url == server.base + NICO_AVATAR
    mira = results["mira"]
    assert mira.user_id == "did:plc:q4mira7hxk2vb3ld9wz6ty1e"
    assert mira.created_at == datetime(2026, 6, 14, 8, 20, 41, 907000, tzinfo=UTC)
    assert mira.profile_url == "https://bsky.app/profile/did:plc:q4mira7hxk2vb3ld9wz6ty1e"
    assert results["quiet"].display_name is None and results["quiet"].avatar is None


def test_raw_body_kept_exactly_as_served(crawl: tuple) -> None:
    server, results, _ = crawl
    assert results["nico"].raw == server.body("mastodon", "nico_b")
    assert results["lena"].raw == server.body("mastodon", "lena.k@remote.example")
    assert results["tomasz"].raw == server.body("bluesky", TOMASZ_DID)


def test_bluesky_asks_by_did_when_known(crawl: tuple) -> None:
    server, results, _ = crawl
    assert results["tomasz"].handle == "tomasz-w.bsky.social"
    assert not any("old-handle" in path for path in server.paths)


def test_avatar_spooled_under_its_sha256_and_private(crawl: tuple) -> None:
    server, results, spool = crawl
    for key, path in (("nico", NICO_AVATAR), ("mira", MIRA_AVATAR)):
        avatar = results[key].avatar
        served = server.media[path][1]
        assert avatar.sha256 == hashlib.sha256(served).hexdigest()
        stored = spool / avatar.file
        assert stored.read_bytes() == served
        assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert results["nico"].avatar.file.endswith(".png")
    assert results["mira"].avatar.file.endswith(".jpg")


def test_robots_txt_obeyed(crawl: tuple) -> None:
    server, results, _ = crawl
    assert server.paths.count("/robots.txt") == 1
    assert not any(path.startswith("/private/") for path in server.paths)
    assert LENA_AVATAR.startswith("/private/")
    assert results["lena"].status == "ok"
    assert results["lena"].avatar.reason == "Forbidden by robots.txt"
    assert results["lena"].avatar.file is None


def test_non_image_and_oversized_avatars_not_kept(crawl: tuple) -> None:
    _, results, spool = crawl
    tomasz, oak = results["tomasz"].avatar, results["oak"].avatar
    assert tomasz.reason == "not an image (content type text/html)" and tomasz.file is None
    assert oak.reason.startswith("larger than 4194304 bytes") and oak.file is None
    assert not oak.transient
    kept = {p.name for p in spool.iterdir() if p.suffix in (".png", ".jpg")}
    assert kept == {results["nico"].avatar.file, results["mira"].avatar.file}


def test_default_and_non_http_avatars_never_requested(crawl: tuple) -> None:
    server, results, _ = crawl
    assert DEFAULT_AVATAR not in server.paths
    assert results["mo"].avatar.reason == "the platform's default avatar; not fetched"
    assert results["odd"].avatar == Avatar(
        url="file:///etc/passwd", reason="not an http(s) address; not fetched"
    )


def test_unknown_accounts_are_not_found(crawl: tuple) -> None:
    _, results, _ = crawl
    assert (results["ghost"].status, results["ghost"].reason) == (
        "not_found",
        "HTTP 404: Record not found",
    )
    assert results["nobody"].status == "not_found"
    assert results["nobody"].raw == '{"error":"InvalidRequest","message":"Profile not found"}'


def test_every_request_names_the_tool(crawl: tuple) -> None:
    server, _, _ = crawl
    assert {agent for _, agent in server.log} == {UA}
    assert OAK_AVATAR in server.paths  # asked, then stopped at the size limit


def test_http_cache_stays_private(crawl: tuple) -> None:
    _, _, spool = crawl
    cached = [p for p in (spool / "cache").rglob("*") if p.is_file()]
    assert cached
    assert all(stat.S_IMODE(p.stat().st_mode) & 0o077 == 0 for p in cached)


def test_mastodon_lookup_url_encodes_acct() -> None:
    target = Target("mastodon", "k", "https://social.example/", handle="@lena.k@remote.example")
    assert target.url == (
        "https://social.example/api/v1/accounts/lookup?acct=lena.k%40remote.example"
    )


def test_targets_refuse_what_cannot_be_asked() -> None:
    with pytest.raises(ValueError, match="no public profile lookup"):
        Target("instagram", "k", "https://instagram.com", handle="someone")
    with pytest.raises(ValueError, match="needs a handle"):
        Target("mastodon", "k", "https://social.example", user_id="123")
    with pytest.raises(ValueError, match="not an http"):
        Target("bluesky", "k", "file:///tmp", handle="a.bsky.social")


def test_read_profile_rejects_other_shapes() -> None:
    with pytest.raises(ValueError, match="not a JSON object"):
        read_profile("mastodon", ["not", "an", "account"])
    with pytest.raises(ValueError, match="no DID"):
        read_profile("bluesky", {"handle": "a.bsky.social"})


def test_result_survives_the_process_boundary(crawl: tuple) -> None:
    _, results, _ = crawl
    for result in results.values():
        assert ProfileResult.from_json(result.to_json()) == result


def test_settings_are_polite_and_quiet(tmp_path: Path) -> None:
    chosen = settings(user_agent=UA, cache_dir=tmp_path)
    assert chosen["ROBOTSTXT_OBEY"] and chosen["AUTOTHROTTLE_ENABLED"]
    assert 1 <= chosen["CONCURRENT_REQUESTS_PER_DOMAIN"] <= 2
    assert chosen["HTTPCACHE_ENABLED"] and chosen["HTTPCACHE_DIR"] == str(tmp_path)
    assert not chosen["TELNETCONSOLE_ENABLED"] and not chosen["REMOTE_CONTROL_ENABLED"]
    assert chosen["LOG_LEVEL"] == "WARNING" and chosen["USER_AGENT"] == UA
