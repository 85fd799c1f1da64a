"""Write inbound contact as the platforms' own downloads (zip or extracted folder).

Layouts follow ../shared/PLATFORMS.md and the redacted real samples beside it: Instagram
and Facebook JSON (Meta's byte-per-escape mojibake included), X's `window.YTD` files with
ids only, TikTok's single `user_data_tiktok.json`. Nothing here reads the importer.
"""

from __future__ import annotations

import json
import random
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


@dataclass
class Event:
    """One inbound (or owner's reply) record: what kind, when, and the words if any."""

    kind: str  # follow, follow_request, message, message_request, friend_request, friend,
    # notification, dm (x/tiktok), owner_reply
    at: datetime
    text: str = ""


@dataclass
class Contact:
    """One account as the archive shows it, with everything it did."""

    platform: str
    value: str  # handle, display name or numeric id, exactly as written in the archive
    events: list[Event] = field(default_factory=list)


def _meta(obj: Any) -> Any:
    """Meta writes each UTF-8 byte as its own \\u00XX escape: reproduce that."""
    if isinstance(obj, str):
        return obj.encode("utf-8").decode("latin-1")
    if isinstance(obj, list):
        return [_meta(x) for x in obj]
    if isinstance(obj, dict):
        return {k: _meta(v) for k, v in obj.items()}
    return obj


def _ms(t: datetime) -> int:
    return int(t.timestamp() * 1000)


def _s(t: datetime) -> int:
    return int(t.timestamp())


def _write(files: dict[str, str], dest: Path, as_zip: bool) -> Path:
    """A zip as downloaded, or the folder the user extracted it into."""
    if as_zip:
        with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as z:
            for name, text in files.items():
                z.writestr(name, text)
        return dest
    root = dest.with_suffix("")
    for name, text in files.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return root


def _folder(name: str, rng: random.Random) -> str:
    base = "".join(c for c in name.lower() if c.isascii() and c.isalnum()) or "instagramuser"
    return f"{base}_{rng.randrange(10**16, 10**17)}"


def _thread(owner: str, c: Contact, box: str, folder: str, inbound: list[Event]) -> str:
    msgs = []
    for e in sorted(c.events, key=lambda e: e.at, reverse=True):  # newest first
        if e.kind not in ("message", "message_request", "owner_reply"):
            continue
        sender = owner if e.kind == "owner_reply" else c.value
        msgs.append(
            {
                "sender_name": sender,
                "timestamp_ms": _ms(e.at),
                "content": e.text,
                "is_geoblocked_for_viewer": False,
            }
        )
    doc = {
        "participants": [{"name": c.value}, {"name": owner}],
        "messages": msgs,
        "title": c.value,
        "is_still_participant": True,
        "thread_path": f"{box}/{folder}",
        "magic_words": [],
    }
    return json.dumps(_meta(doc), indent=2)


def instagram(
    owner_handle: str,
    owner_name: str,
    contacts: list[Contact],
    dest_dir: Path,
    rng: random.Random,
    made: datetime,
    as_zip: bool = True,
) -> Path:
    """Instagram 'Download your information', JSON, 2024+ layout."""
    files: dict[str, str] = {}
    info = {
        "profile_user": [
            {
                "media_map_data": {},
                "string_map_data": {
                    "Email": {"href": "", "value": f"{owner_handle}@example.org", "timestamp": 0},
                    "Name": {"href": "", "value": owner_name, "timestamp": 0},
                    "Username": {"href": "", "value": owner_handle, "timestamp": 0},
                },
            }
        ]
    }
    files["personal_information/personal_information/personal_information.json"] = json.dumps(
        _meta(info), indent=2
    )
    rel = "connections/followers_and_following/"
    followers, requests = [], []
    for c in contacts:
        for e in c.events:
            entry = {
                "title": "",
                "media_list_data": [],
                "string_list_data": [
                    {
                        "href": f"https://www.instagram.com/{c.value}",
                        "value": c.value,
                        "timestamp": _s(e.at),
                    }
                ],
            }
            if e.kind == "follow":
                followers.append(entry)
            elif e.kind == "follow_request":
                requests.append(entry)
    files[rel + "followers_1.json"] = json.dumps(followers, indent=2, ensure_ascii=False)
    files[rel + "follow_requests_you've_received.json"] = json.dumps(
        {"relationships_follow_requests_received": requests}, indent=2
    )
    files[rel + "following.json"] = json.dumps({"relationships_following": []}, indent=2)
    for c in contacts:
        kinds = {e.kind for e in c.events}
        box = "message_requests" if "message_request" in kinds else "inbox"
        inbound = [e for e in c.events if e.kind in ("message", "message_request")]
        if not inbound:
            continue
        folder = _folder(c.value, rng)
        path = f"your_instagram_activity/messages/{box}/{folder}/message_1.json"
        files[path] = _thread(owner_name, c, box, folder, inbound)
    tag = "".join(
        rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789") for _ in range(6)
    )
    return _write(files, dest_dir / f"instagram-{owner_handle}-{made:%Y-%m-%d}-{tag}.zip", as_zip)


_NOTE_EN = {
    "comment": "{n} commented on your post.",
    "reply": "{n} replied to your comment.",
    "like": "{n} likes your photo.",
    "reaction": "{n} reacted to your post.",
    "mention": "{n} mentioned you in a comment.",
    "tag": "{n} tagged you in a post.",
    "share": "{n} shared your post.",
}
_NOTE_ES = {
    "comment": "{n} comentó tu publicación.",
    "reply": "{n} respondió a tu comentario.",
    "like": "A {n} le gusta tu foto.",
    "reaction": "{n} reaccionó a tu publicación.",
    "mention": "{n} te mencionó en un comentario.",
    "tag": "{n} te etiquetó en una publicación.",
    "share": "{n} compartió tu publicación.",
}


def facebook(
    owner_name: str,
    contacts: list[Contact],
    dest_dir: Path,
    rng: random.Random,
    made: datetime,
    lang: str = "en",
    as_zip: bool = True,
) -> Path:
    """Facebook 'Download your information', JSON, 2024+ layout."""
    first, _, last = owner_name.partition(" ")
    files: dict[str, str] = {}
    prof = {
        "profile_v2": {
            "name": {
                "full_name": owner_name,
                "first_name": first,
                "middle_name": "",
                "last_name": last,
            }
        }
    }
    files["personal_information/profile_information/profile_information.json"] = json.dumps(
        _meta(prof), indent=2
    )
    req, friends, follows, notes = [], [], [], []
    words = _NOTE_ES if lang == "es" else _NOTE_EN
    for c in contacts:
        for e in c.events:
            if e.kind == "friend_request":
                req.append({"name": c.value, "timestamp": _s(e.at)})
            elif e.kind == "friend":
                friends.append({"name": c.value, "timestamp": _s(e.at)})
            elif e.kind == "follow":
                follows.append({"name": c.value})  # 2026 followers carry no timestamp
            elif e.kind.startswith("note_"):
                what = e.kind[5:]
                notes.append(
                    {
                        "timestamp": _s(e.at),
                        "unread": rng.random() < 0.3,
                        "href": f"https://www.facebook.com/{rng.randrange(10**14, 10**15)}",
                        "text": words[what].format(n=c.value),
                    }
                )
    notes.sort(key=lambda n: -n["timestamp"])
    files["connections/friends/received_friend_requests.json"] = json.dumps(
        _meta({"received_requests_v2": req}), indent=2
    )
    files["connections/friends/your_friends.json"] = json.dumps(
        _meta({"friends_v2": friends}), indent=2
    )
    files["connections/followers/people_who_followed_you.json"] = json.dumps(
        _meta({"followers_v3": follows}), indent=2
    )
    files["logged_information/notifications/notifications.json"] = json.dumps(
        _meta({"notifications_v2": notes}), indent=2
    )
    for c in contacts:
        kinds = {e.kind for e in c.events}
        if not kinds & {"message", "message_request"}:
            continue
        box = "message_requests" if "message_request" in kinds else "inbox"
        if box == "message_requests" and rng.random() < 0.3:
            box = "filtered_threads"
        folder = _folder(c.value, rng)
        inbound = [e for e in c.events if e.kind in ("message", "message_request")]
        files[f"your_facebook_activity/messages/{box}/{folder}/message_1.json"] = _thread(
            owner_name, c, box, folder, inbound
        )
    slugged = "".join(ch for ch in owner_name.lower() if ch.isascii() and ch.isalpha())
    tag = rng.randrange(10**6, 10**7)
    return _write(files, dest_dir / f"facebook-{slugged}-{made:%Y-%m-%d}-{tag}.zip", as_zip)


def _ytd(name: str, records: list[Any]) -> str:
    return f"window.YTD.{name}.part0 = " + json.dumps(records, indent=2, ensure_ascii=False)


def x(
    owner_id: str,
    owner_handle: str,
    owner_name: str,
    contacts: list[Contact],
    dest_dir: Path,
    rng: random.Random,
    made: datetime,
    as_zip: bool = True,
) -> Path:
    """X 'Download an archive of your data': ids only, DMs newest first."""
    iso = made.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    manifest = {
        "userInfo": {"accountId": owner_id, "userName": owner_handle, "displayName": owner_name},
        "archiveInfo": {
            "sizeBytes": "482113",
            "generationDate": iso,
            "isPartialArchive": False,
            "maxPartSizeBytes": "53687091200",
        },
    }
    files = {"data/manifest.js": "window.__THAR_CONFIG = " + json.dumps(manifest, indent=2)}
    files["data/account.js"] = _ytd(
        "account",
        [
            {
                "account": {
                    "email": f"{owner_handle}@example.org",
                    "createdVia": "web",
                    "username": owner_handle,
                    "accountId": owner_id,
                    "createdAt": "2014-05-02T10:11:12.000Z",
                    "accountDisplayName": owner_name,
                }
            }
        ],
    )
    followers, convs = [], []
    for c in contacts:
        if any(e.kind == "follow" for e in c.events):
            followers.append(
                {
                    "follower": {
                        "accountId": c.value,
                        "userLink": f"https://twitter.com/intent/user?user_id={c.value}",
                    }
                }
            )
        msgs = []
        for e in sorted(c.events, key=lambda e: e.at, reverse=True):
            if e.kind not in ("message", "owner_reply"):
                continue
            sender, recip = (owner_id, c.value) if e.kind == "owner_reply" else (c.value, owner_id)
            msgs.append(
                {
                    "messageCreate": {
                        "recipientId": recip,
                        "reactions": [],
                        "urls": [],
                        "text": e.text,
                        "mediaUrls": [],
                        "senderId": sender,
                        "id": str(rng.randrange(10**18, 10**19)),
                        "createdAt": e.at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.")
                        + f"{e.at.microsecond // 1000:03d}Z",
                        "editHistory": [],
                    }
                }
            )
        if msgs:
            a, b = sorted([owner_id, c.value], key=int)
            convs.append({"dmConversation": {"conversationId": f"{a}-{b}", "messages": msgs}})
    files["data/follower.js"] = _ytd("follower", followers)
    files["data/direct-messages.js"] = _ytd("direct_messages", convs)
    files["data/direct-messages-group.js"] = _ytd("direct_messages_group", [])
    files["Your archive.html"] = "<!DOCTYPE html><html><body>Your archive</body></html>"
    tag = "".join(rng.choice("0123456789abcdef") for _ in range(64))
    return _write(files, dest_dir / f"twitter-{made:%Y-%m-%d}-{tag}.zip", as_zip)


def _tt(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def tiktok(
    owner_handle: str, contacts: list[Contact], dest_dir: Path, made: datetime, as_zip: bool = True
) -> Path:
    """TikTok 'Download your data', JSON, 2024+ vocabulary, one file."""
    fans, chats = [], {}
    for c in contacts:
        fans += [{"Date": _tt(e.at), "UserName": c.value} for e in c.events if e.kind == "follow"]
        chat = [
            {
                "Date": _tt(e.at),
                "From": owner_handle if e.kind == "owner_reply" else c.value,
                "Content": e.text,
            }
            for e in sorted(c.events, key=lambda e: e.at, reverse=True)
            if e.kind in ("message", "owner_reply")
        ]
        if chat:
            chats[f"Chat History with {c.value}:"] = chat
    fans.sort(key=lambda f: f["Date"], reverse=True)
    doc = {
        "Profile": {
            "Profile Info": {
                "ProfileMap": {
                    "userName": owner_handle,
                    "bioDescription": "",
                    "birthDate": "01-Jan-1995",
                    "likesReceived": "1203",
                    "profilePhoto": "",
                    "emailAddress": "",
                }
            }
        },
        "Your Activity": {
            "Follower": {"App": 1, "IsFastLane": False, "FansList": fans},
            "Following": {"App": 1, "IsFastLane": False, "Following": []},
            "Like List": {"ItemFavoriteList": []},
        },
        "Direct Message": {
            "Direct Messages": {"App": 1, "IsFastLane": False, "ChatHistory": chats}
        },
        "Comment": {"Comments": {"App": 1, "IsFastLane": False, "CommentsList": []}},
        "App Settings": {"Block List": {"BlockList": []}},
    }
    files = {"user_data_tiktok.json": json.dumps(doc, indent=2, ensure_ascii=False)}
    return _write(files, dest_dir / f"tiktok-{owner_handle}-{made:%Y%m%d}.zip", as_zip)
