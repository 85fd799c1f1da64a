"""`scan --notify` downloads new accounts' avatars and scores with them: real loopback Mastodon.

The account below is known only by its picture, a mirrored and cropped copy of the restrained
person's reference photo, and it reaches the user only as a filtered notification (Mastodon
4.3+ notification requests: the server keeps it out of the user's list).
"""

from __future__ import annotations

import copy
import hashlib
import io
import json
import os
import stat
import struct
import uuid
import zlib
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from PIL import Image, ImageOps

from matcher import drawing
from nocontact.case import Case
from nocontact.cli import cli
from nocontact.evidence import verification
from nocontact.intake import scan_avatars, scans
from tests.api_servers import MastodonApi, serve
from tests.nocontact.intake.test_scans import quiet, rows

TOKEN_ENV = "NC_TEST_MASTODON_TOKEN"
HERON = "heron_watch@fresh.example"
AVATAR_PATH = "/system/accounts/avatars/113/460/000/000/000/009/original/5e7a.jpg"
REQUEST_ID = "113450000000000901"
MARY_AVATAR = "/system/accounts/avatars/110/200/000/000/000/300/original/dd44.jpg"


def reference_photo() -> Image.Image:
    """A drawn portrait standing in for the restrained person's photo (no real person)."""
    return drawing.face(5, size=320)


def mirrored_crop() -> bytes:
    """What an evader posts: the photo mirrored, cropped to 90%, resized and re-compressed."""
    edited = ImageOps.mirror(reference_photo()).crop((16, 16, 304, 304)).resize((400, 400))
    return drawing.to_bytes(edited, fmt="JPEG", quality=85)


def heron_request() -> dict[str, object]:
    """A filtered-notification request (GET /api/v1/notifications/requests), real field names."""
    account = {
        "id": "113460000000000009",
        "username": "heron_watch",
        "acct": HERON,
        "display_name": "Blue Heron",
        "locked": False,
        "bot": False,
        "discoverable": None,
        "group": False,
        "created_at": "2026-11-02T00:00:00.000Z",
        "note": "<p>birds, mostly</p>",
        "url": "https://fresh.example/@heron_watch",
        "uri": "https://fresh.example/users/heron_watch",
        "avatar": f"https://fresh.example{AVATAR_PATH}",
        "avatar_static": f"https://fresh.example{AVATAR_PATH}",
        "header": "https://social.example/headers/original/missing.png",
        "header_static": "https://social.example/headers/original/missing.png",
        "followers_count": 0,
        "following_count": 1,
        "statuses_count": 1,
        "last_status_at": "2026-11-04",
        "emojis": [],
        "fields": [],
    }
    status = {
        "id": "113460000000000301",
        "created_at": "2026-11-04T08:15:02.410Z",
        "in_reply_to_id": None,
        "in_reply_to_account_id": None,
        "sensitive": False,
        "spoiler_text": "",
        "visibility": "direct",
        "language": "en",
        "uri": "https://fresh.example/users/heron_watch/statuses/113460000000000301",
        "url": "https://fresh.example/@heron_watch/113460000000000301",
        "content": '<p><span class="h-card"><a href="https://social.example/@jane_doe" '
        'class="u-url mention">@<span>jane_doe</span></a></span> lovely photo today</p>',
        "filtered": [],
        "reblog": None,
        "account": account,
        "media_attachments": [],
        "mentions": [],
        "tags": [],
        "emojis": [],
    }
    return {
        "id": REQUEST_ID,
        "created_at": "2026-11-04T08:15:02.600Z",
        "updated_at": "2026-11-04T08:15:02.600Z",
        "notifications_count": "1",
        "account": account,
        "last_status": status,
    }


@pytest.fixture
def mastodon(monkeypatch: pytest.MonkeyPatch) -> Iterator[MastodonApi]:
    app = MastodonApi(f"mtok-{uuid.uuid4().hex}")
    monkeypatch.setenv(TOKEN_ENV, app.token)
    app.requests.append(heron_request())
    with serve(app):
        yield app


def make_case(tmp_path: Path, app: MastodonApi) -> Case:
    """A case whose config holds the restrained person's reference photo."""
    root = tmp_path / "case"
    (root / "photos").mkdir(parents=True)
    reference_photo().save(root / "photos" / "rob.png")
    (root / "config.toml").write_text(
        '[order]\nissued = 2026-03-02\n\n[restrained]\nnames = ["Robert James Miller"]\n'
        'handles = { mastodon = ["robmiller@social.example"] }\nphotos = ["photos/rob.png"]\n\n'
        f'[scan.mastodon]\ninstance = "{app.base}"\ntoken_env = "{TOKEN_ENV}"\n',
        encoding="utf-8",
    )
    return Case(root)


def run(case: Case, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--case", str(case.root), *args])


def heron_hit(case: Case) -> list[tuple]:
    return rows(
        case,
        "SELECT h.kind, h.score, h.reasons FROM hits h JOIN accounts a ON a.id = h.account_id"
        " WHERE a.handle = ?",
        HERON,
    )


def test_an_account_known_only_by_a_mirrored_cropped_photo_is_a_hit_after_scan_notify(
    tmp_path: Path, mastodon: MastodonApi
) -> None:
    picture = mirrored_crop()
    mastodon.media[AVATAR_PATH] = ("image/jpeg", picture)
    case = make_case(tmp_path, mastodon)
    result = run(case, "scan", "--notify")
    assert result.exit_code == 0, result.output
    assert (
        "avatars of new accounts:" in result.output
        and "accounts: 1 stored, 5 not kept" in result.output
    )
    assert f"mastodon {HERON}: 1 new (message); suspected new account" in result.output
    ((kind, score, reasons),) = heron_hit(case)
    assert kind == "alias" and score >= 0.5
    assert "avatar is" in reasons and "reference photo 1 (mirrored" in reasons
    fetched = [seen for seen in mastodon.log if seen.path == AVATAR_PATH]
    assert len(fetched) == 1 and "authorization" not in fetched[0].headers  # no token sent
    sha = hashlib.sha256(picture).hexdigest()
    kept = case.root / "evidence" / "avatars" / f"{sha}.jpg"
    assert kept.read_bytes() == picture and stat.S_IMODE(os.stat(kept).st_mode) == 0o600
    (entry,) = [
        json.loads(p) for (p,) in rows(case, "SELECT payload FROM ledger WHERE action = 'enrich'")
    ]
    heron = next(f for f in entry["fetches"] if f["avatar_sha256"] == sha)
    assert heron["avatar_url"] == f"{mastodon.base}{AVATAR_PATH}"
    assert entry["scan_source_id"] == rows(case, "SELECT id FROM sources")[0][0]
    assert verification.verify(case).ok
    mastodon.log.clear()
    again = run(case, "scan", "--notify")
    assert again.exit_code == 0 and "avatars of new accounts" not in again.output
    assert not [seen for seen in mastodon.log if seen.path == AVATAR_PATH]  # fetched once


def test_without_its_picture_the_same_account_is_no_hit(
    tmp_path: Path, mastodon: MastodonApi
) -> None:
    """The control: the picture is what makes the account a suspect, nothing else about it."""
    case = make_case(tmp_path, mastodon)  # the media host answers 404 for the avatar
    result = run(case, "scan", "--notify")
    assert result.exit_code == 0, result.output
    assert heron_hit(case) == []
    assert rows(case, "SELECT avatar_reason FROM enrichments WHERE avatar_url LIKE ?", "%5e7a.jpg")
    assert rows(case, "SELECT count(*) FROM avatars") == [(0,)]


def _bomb_png(side: int) -> bytes:
    """A valid PNG header claiming side x side pixels: tiny on the wire, huge if decoded."""
    head = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    chunk = b"IHDR" + head
    ihdr = struct.pack(">I", len(head)) + chunk + struct.pack(">I", zlib.crc32(chunk))
    data = zlib.compress(b"\x00" * 1024)
    idat = (
        struct.pack(">I", len(data))
        + b"IDAT"
        + data
        + struct.pack(">I", zlib.crc32(b"IDAT" + data))
    )
    end = struct.pack(">I", 0) + b"IEND" + struct.pack(">I", zlib.crc32(b"IEND"))
    return b"\x89PNG\r\n\x1a\n" + ihdr + idat + end


@pytest.mark.parametrize(
    ("content_type", "body", "reason"),
    [
        ("image/jpeg", b"\xff\xd8\xff\xe0" + bytes(3 * 1024 * 1024), "larger than 2097152 bytes"),
        (
            "text/html; charset=utf-8",
            b"<html>log in</html>",
            "not an image (content type text/html)",
        ),
        ("image/png", b"<html>log in</html>", "content is not a PNG image"),
        ("image/png", _bomb_png(20_000), "too large to decode safely"),
    ],
)
def test_a_picture_out_of_bounds_is_skipped_with_its_reason_and_the_scan_succeeds(
    tmp_path: Path, mastodon: MastodonApi, content_type: str, body: bytes, reason: str
) -> None:
    mastodon.media[AVATAR_PATH] = (content_type, body)
    case = make_case(tmp_path, mastodon)
    (result,) = scans.run_scan(case, http=quiet()[0])
    assert result.error is None and "0 stored" in (result.avatars or "")
    ((said,),) = rows(
        case, "SELECT avatar_reason FROM enrichments WHERE avatar_url LIKE ?", "%5e7a.jpg"
    )
    assert reason in said
    assert rows(case, "SELECT count(*) FROM avatars") == [(0,)]
    assert not (case.root / "evidence" / "avatars").exists() or not any(
        (case.root / "evidence" / "avatars").iterdir()
    )
    assert verification.verify(case).ok


def test_a_server_error_is_asked_again_later_and_a_scan_fetches_at_most_its_share(
    tmp_path: Path, mastodon: MastodonApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    mastodon.faults[AVATAR_PATH] = ["503"]
    mastodon.faults[MARY_AVATAR] = ["503"]
    mastodon.media[AVATAR_PATH] = ("image/jpeg", mirrored_crop())
    case = make_case(tmp_path, mastodon)
    scans.run_scan(case, http=quiet()[0])
    failed = "SELECT count(*) FROM enrichments WHERE status = 'error'"
    assert rows(case, failed) == [(2,)]
    with case.store() as store:
        # not asked again at once: a failure for a passing reason waits RETRY_AFTER
        nothing = scan_avatars.fetch_new(case, store, "mastodon", quiet()[0], scan_source=None)
        assert nothing == scan_avatars.AvatarFetches()
        monkeypatch.setattr(scan_avatars, "RETRY_AFTER", timedelta(0))
        first = scan_avatars.fetch_new(
            case, store, "mastodon", quiet()[0], scan_source=None, limit=1
        )
        assert (first.asked, first.waiting) == (1, True)  # the cap leaves the other for later
        rest = scan_avatars.fetch_new(case, store, "mastodon", quiet()[0], scan_source=None)
        assert (rest.asked, rest.waiting) == (1, False)
    assert rows(case, "SELECT count(*) FROM avatars") == [(1,)]  # heron's; mary's is a 404
    assert verification.verify(case).ok


def test_a_changed_avatar_address_is_fetched_again(tmp_path: Path, mastodon: MastodonApi) -> None:
    mastodon.media[AVATAR_PATH] = ("image/jpeg", mirrored_crop())
    case = make_case(tmp_path, mastodon)
    scans.run_scan(case, http=quiet()[0])
    changed = copy.deepcopy(heron_request())
    new_path = AVATAR_PATH.replace("5e7a", "77b0")
    changed["account"]["avatar"] = f"https://fresh.example{new_path}"  # type: ignore[index]
    changed["last_status"]["account"] = changed["account"]  # type: ignore[index]
    mastodon.requests[-1] = changed
    other = io.BytesIO()
    drawing.face(8).save(other, "PNG")
    mastodon.media[new_path] = ("image/png", other.getvalue())
    scans.run_scan(case, http=quiet()[0])
    assert [p for p in (s.path for s in mastodon.log) if "avatars/113/460" in p] == [
        AVATAR_PATH,
        new_path,
    ]
    assert rows(case, "SELECT count(*) FROM avatars") == [(2,)]
