"""Small real-shaped archives for matching tests: a stored fixture export plus new threads.

Each builder copies a platform's fixture folder (so detection, owner names and layout are the
real ones), adds the DMs or followers a test needs in that platform's own shape, and zips it.
"""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.helpers import DATA, IG_2025, zip_folder

OWNER = "Jane Doe"
X_OWNER_ID = "1400000000000000001"  # the fixture archive's own account
START = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def _copy(source: Path, tmp_path: Path, name: str) -> Path:
    folder = tmp_path / f"{name}-src"
    shutil.copytree(source, folder)
    return folder


def instagram(
    tmp_path: Path,
    dms: dict[str, list[str]] | None = None,
    followers: list[str] = (),  # type: ignore[assignment]
) -> Path:
    """The 2025 Instagram fixture plus one inbox thread per sender and extra followers."""
    folder = _copy(IG_2025, tmp_path, "instagram")
    inbox = folder / "your_instagram_activity" / "messages" / "inbox"
    for n, (sender, texts) in enumerate((dms or {}).items()):
        thread = inbox / f"{''.join(c for c in sender.lower() if c.isalnum())}_1784150000{n:07d}"
        thread.mkdir(parents=True)
        _write_json(thread / "message_1.json", _meta_thread(sender, texts))
    if followers:
        path = folder / "connections" / "followers_and_following" / "followers_1.json"
        records = json.loads(path.read_text(encoding="utf-8"))
        for n, handle in enumerate(followers):
            at = int((START + timedelta(hours=n)).timestamp())
            href = f"https://www.instagram.com/{handle}"
            item = {"href": href, "value": handle, "timestamp": at}
            records.append({"title": "", "media_list_data": [], "string_list_data": [item]})
        _write_json(path, records)
    return zip_folder(folder, tmp_path / "instagram-jane.doe-2026-11-01-Floors.zip")


def facebook(tmp_path: Path, dms: dict[str, list[str]]) -> Path:
    """The 2025 Facebook fixture plus one Messenger inbox thread per sender."""
    folder = _copy(DATA / "exports" / "facebook" / "2025", tmp_path, "facebook")
    inbox = folder / "your_facebook_activity" / "messages" / "inbox"
    for n, (sender, texts) in enumerate(dms.items()):
        thread = inbox / f"{''.join(c for c in sender.lower() if c.isalnum())}_1016{n:013d}"
        thread.mkdir(parents=True)
        _write_json(thread / "message_1.json", _meta_thread(sender, texts))
    return zip_folder(folder, tmp_path / "facebook-janedoe-2026-11-01.zip")


def _meta_thread(sender: str, texts: list[str]) -> dict[str, object]:
    """A Meta DM thread: newest message first, times in milliseconds."""
    messages = [
        {
            "sender_name": sender,
            "timestamp_ms": int((START + timedelta(minutes=n)).timestamp() * 1000),
            "content": text,
            "is_geoblocked_for_viewer": False,
        }
        for n, text in enumerate(texts)
    ]
    return {"participants": [{"name": sender}, {"name": OWNER}], "messages": messages[::-1]}


def x(tmp_path: Path, dms: dict[str, list[str]]) -> Path:
    """The 2025 X fixture with its one-to-one DMs replaced: sender id -> texts."""
    folder = _copy(DATA / "exports" / "x" / "2025", tmp_path, "x")
    conversations = []
    for n, (sender, texts) in enumerate(dms.items()):
        messages = [
            {
                "messageCreate": {
                    "recipientId": X_OWNER_ID,
                    "reactions": [],
                    "urls": [],
                    "text": text,
                    "mediaUrls": [],
                    "senderId": sender,
                    "id": f"19000000000000{n:02d}{i:03d}",
                    "createdAt": (START + timedelta(minutes=i)).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                    "editHistory": [],
                }
            }
            for i, text in enumerate(texts)
        ]
        conversation = {"conversationId": f"{X_OWNER_ID}-{sender}", "messages": messages[::-1]}
        conversations.append({"dmConversation": conversation})
    text = "window.YTD.direct_messages.part0 = " + json.dumps(conversations, indent=2)
    (folder / "data" / "direct-messages.js").write_text(text, encoding="utf-8")
    return zip_folder(folder, tmp_path / "twitter-2026-11-01-floors.zip")


def tiktok(tmp_path: Path, dms: dict[str, list[str]], followers: list[str] = ()) -> Path:  # type: ignore[assignment]
    """The 2025 TikTok fixture plus chats (username -> texts) and followers."""
    folder = _copy(DATA / "exports" / "tiktok" / "2025", tmp_path, "tiktok")
    path = folder / "user_data_tiktok.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    chats = data["Direct Message"]["Direct Messages"]["ChatHistory"]
    for user, texts in dms.items():
        chats[f"Chat History with {user}:"] = [
            {
                "Date": (START + timedelta(minutes=i)).strftime("%Y-%m-%d %H:%M:%S"),
                "From": user,
                "Content": t,
            }
            for i, t in enumerate(texts)
        ]
    fans = data["Your Activity"]["Follower"]["FansList"]
    for n, user in enumerate(followers):
        fans.append(
            {"Date": (START + timedelta(hours=n)).strftime("%Y-%m-%d %H:%M:%S"), "UserName": user}
        )
    _write_json(path, data)
    return zip_folder(folder, tmp_path / "tiktok-floors.zip")


def _write_json(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
