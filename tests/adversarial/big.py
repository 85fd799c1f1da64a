"""A large synthetic Instagram export (2025 layout), written at test time: synthetic people.

Used where a command must run long enough to be killed at many moments, and to measure
time and memory on big inputs.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from tests.helpers import IG_2025

_T0 = 1_775_000_000  # 2026-03-31, after the fixtures' order date
_FOLLOWERS = "connections/followers_and_following/followers_1.json"
_INBOX = "your_instagram_activity/messages/inbox"


def instagram(
    target: Path, *, followers: int, threads: int, messages: int, word: str = "", rob: int = 0
) -> Path:
    """The 2025 fixture plus `followers` followers and `threads` chats of `messages` each.

    `word`, when given, is written into the first chat's second message (one sent to you);
    the first `rob` chats come from "Robert James Miller" (the restrained person of
    `outcome.CONFIG`), who then also follows from his listed handle.
    """
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for item in sorted(p for p in IG_2025.rglob("*") if p.is_file()):
            name = item.relative_to(IG_2025).as_posix()
            if name != _FOLLOWERS:
                zf.write(item, name)
        with zf.open(_FOLLOWERS, "w") as fh:
            fh.write(b"[")
            for n in range(followers):
                handle = "rob.miller82" if rob and n == 0 else f"follower.{n}"
                record = {
                    "title": "",
                    "media_list_data": [],
                    "string_list_data": [
                        {
                            "href": f"https://www.instagram.com/{handle}",
                            "value": handle,
                            "timestamp": _T0 + n,
                        }
                    ],
                }
                fh.write((b"," if n else b"") + json.dumps(record).encode())
            fh.write(b"]")
        for t in range(threads):
            sender = "Robert James Miller" if t < rob else f"Sender Number{t}"
            data = _thread(t, sender, messages, word)
            zf.writestr(f"{_INBOX}/sender{t}_178414{t:011d}/message_1.json", data)
    return target


def _thread(t: int, sender: str, messages: int, word: str) -> bytes:
    return json.dumps(
        {
            "participants": [{"name": sender}, {"name": "Jane Doe"}],
            "messages": [
                {
                    "sender_name": sender if m % 3 else "Jane Doe",
                    "timestamp_ms": (_T0 + t * 10_000 + m) * 1000,
                    "content": word
                    if (t, m) == (0, 1) and word
                    else f"message {m} of chat {t}, hello",
                }
                for m in range(messages)
            ],
        }
    ).encode()
