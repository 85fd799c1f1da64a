"""Cases for the review page and report tests, built from real-shaped synthetic archives.

`hostile_case`: platform text that is XSS payloads in names, bios, links and messages, in an
archive shaped like a 2025 Instagram JSON export (Meta's mojibake included).
`photo_case`: the 2025 Instagram fixture with reference photos, a stored avatar and a time
zone, so pages show everything they can. The restrained person is "Nicolas Bauer".
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import imagehash
from PIL import Image, ImageDraw

from nocontact.case import Case
from nocontact.intake.archives import import_archive
from nocontact.match.scoring import run_match
from tests.helpers import IG_2025, zip_folder
from tests.nocontact.conftest import CONFIG

# Each sets window.__xss if it ever runs; none may.
PAYLOADS = (
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=2">',
    "javascript:window.__xss=3",
    '"><svg onload="window.__xss=4">',
    "{{7*7}} {% raw %}${7*7}",
    "\u202egnp.exe\u202c harmless.jpg",
    "</textarea><script>window.__xss=5</script>",
    '<a href="javascript:window.__xss=6">click</a>',
    '\'><iframe srcdoc="<script>parent.__xss=7</script>">',
)
HOSTILE_BIO = " ".join(PAYLOADS)
_T0 = 1_775_000_000_000  # 2026-03-31 (after the order), in ms


def _meta(text: str) -> str:
    """Meta's exports write UTF-8 bytes as \\u00XX escapes: reproduce that mojibake."""
    return text.encode("utf-8").decode("latin-1")


def _write(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")


def build_export(folder: Path) -> Path:
    """The hostile Instagram export as a folder with the real inner paths."""
    owner = {"Username": "jane.doe", "Name": "Jane Doe"}
    _write(
        folder / "personal_information/personal_information/personal_information.json",
        {
            "profile_user": [
                {
                    "string_map_data": {
                        k: {"href": "", "value": v, "timestamp": 0} for k, v in owner.items()
                    }
                }
            ]
        },
    )
    _write(
        folder / "connections/followers_and_following/followers_1.json",
        [
            {
                "title": "",
                "media_list_data": [],
                "string_list_data": [
                    {"href": PAYLOADS[2], "value": "nico.bauer", "timestamp": 1_775_000_000}
                ],
            }
        ],
    )
    for i, payload in enumerate(PAYLOADS):
        _thread(folder, i, "Nico Bauer " + payload, [payload, " ".join(PAYLOADS)])
    return folder


def _thread(folder: Path, i: int, sender: str, texts: list[str]) -> None:
    """One message-request thread from a hostile display name, newest message first."""
    name = f"nicobauer_1784140000000001{i}"
    messages = [
        {
            "sender_name": _meta(sender),
            "timestamp_ms": _T0 + (i * 10 + n) * 60_000,
            "content": _meta(text),
        }
        for n, text in enumerate(texts)
    ]
    _write(
        folder / "your_instagram_activity/messages/message_requests" / name / "message_1.json",
        {
            "participants": [{"name": _meta(sender)}, {"name": "Jane Doe"}],
            "messages": messages[::-1],
            "title": _meta(sender),
            "is_still_participant": True,
            "thread_path": f"message_requests/{name}",
            "magic_words": [],
            "is_pending": True,
        },
    )


def hostile_case(tmp_path: Path) -> Case:
    """Import the hostile export, match, and give every hit's account a hostile bio."""
    root = tmp_path / "xss-case"
    root.mkdir()
    (root / "config.toml").write_text(CONFIG, encoding="utf-8")
    case = Case(root)
    archive = zip_folder(build_export(tmp_path / "xss-export"), tmp_path / "instagram-xss.zip")
    import_archive(case, archive)
    run_match(case)
    # Bios come from public profiles (`nocontact enrich`); set one as enrichment would.
    with sqlite3.connect(case.db_path) as conn:
        conn.execute("UPDATE accounts SET bio = ?", (HOSTILE_BIO,))
    return case


def face(path: Path, *, skin: str, hair: str) -> Path:
    """A synthetic portrait (no real person): a drawn head on a plain background."""
    image = Image.new("RGB", (240, 240), "#cbd5e1")
    draw = ImageDraw.Draw(image)
    draw.ellipse((50, 30, 190, 200), fill=skin)
    draw.chord((45, 20, 195, 130), 180, 360, fill=hair)
    for x in (95, 145):
        draw.ellipse((x - 9, 100, x + 9, 116), fill="#1f2937")
    draw.arc((90, 130, 150, 170), 20, 160, fill="#7f1d1d", width=4)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path)
    return path


def photo_case(tmp_path: Path) -> Case:
    """The 2025 Instagram fixture, with a reference photo, an avatar and New York time."""
    root = tmp_path / "photo-case"
    face(root / "photos" / "nico.png", skin="#e0ac69", hair="#4b2e1a")
    config = CONFIG.replace(
        'jurisdiction = "US-NY"', 'jurisdiction = "US-NY"\ntimezone = "America/New_York"'
    ).replace("birth_year = 1990", 'birth_year = 1990\nphotos = ["photos/nico.png"]')
    (root / "config.toml").write_text(config, encoding="utf-8")
    case = Case(root)
    import_archive(case, zip_folder(IG_2025, tmp_path / "instagram-jane.doe-2025.zip"))
    run_match(case)
    _store_avatar(case, "Nico Bauer", face(tmp_path / "avatar.png", skin="#d8a062", hair="#3b2414"))
    return case


def _store_avatar(case: Case, display_name: str, image: Path) -> None:
    """Keep an avatar as `nocontact enrich` does: evidence/avatars/<sha256>.png, its fetch
    in `enrichments` and its hashes in `avatars`."""
    data = image.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    target = case.root / "evidence" / "avatars" / f"{sha}.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    with Image.open(image) as opened:
        hashes = (str(imagehash.phash(opened)), str(imagehash.dhash(opened)))
    with sqlite3.connect(case.db_path) as conn:
        (account_id,) = conn.execute(
            "SELECT id FROM accounts WHERE display_name = ?", (display_name,)
        ).fetchone()
        conn.execute(
            "INSERT INTO enrichments (account_id, platform, fetched_at, status, avatar_sha256,"
            " avatar_path) VALUES (?, 'instagram', '2026-03-10T12:00:00.000Z', 'ok', ?, ?)",
            (account_id, sha, target.relative_to(case.root).as_posix()),
        )
        conn.execute(
            "INSERT INTO avatars (account_id, image_sha256, phash, dhash, quality, is_default)"
            " VALUES (?, ?, ?, ?, 0.6, 0)",
            (account_id, sha, *hashes),
        )
