"""Instagram and Facebook "Download your information" JSON, in Meta's mojibake."""

from __future__ import annotations

import json
import random
from datetime import datetime
from typing import Any

from .accounts import Acct, Ev
from .people import Case
from .variants import slug

Files = dict[str, bytes]
OWNER_REPLIES = ["ok", "haha yes", "thanks!", "👍", "see you then", "merci !", "dank je", "❤️"]
STOP = ["Stop contacting me.", "Leave me alone.", "Do not contact me again."]
OBJECTS = ["post", "photo", "status", "video"]


def meta_json(obj: Any) -> bytes:
    """JSON as Meta writes it: every UTF-8 byte of a non-ASCII character as its own \\u00XX."""
    text = json.dumps(obj, ensure_ascii=False, indent=2)
    out = []
    for ch in text:
        if ord(ch) < 0x80:
            out.append(ch)
        else:
            out.extend(f"\\u00{b:02x}" for b in ch.encode("utf-8"))
    return "".join(out).encode("ascii")


def _s(t: datetime) -> int:
    return int(t.timestamp())


def _ms(t: datetime) -> int:
    return int(t.timestamp() * 1000)


def _thread(case: Case, a: Acct, owner: str, rng: random.Random, box: str, path: str) -> Files:
    msgs: list[dict[str, Any]] = []
    replies = STOP if a.label != "innocent" else OWNER_REPLIES
    for e in a.events:
        if e.kind not in ("message", "message_request"):
            continue
        msgs.append(
            {
                "sender_name": a.value,
                "timestamp_ms": _ms(e.ts),
                "content": e.text,
                "is_geoblocked_for_viewer": False,
            }
        )
        if box == "inbox" and rng.random() < (0.35 if a.label == "innocent" else 0.05):
            t = _ms(e.ts) + rng.randint(60, 7200) * 1000
            msgs.append(
                {
                    "sender_name": owner,
                    "timestamp_ms": t,
                    "content": rng.choice(replies),
                    "is_geoblocked_for_viewer": False,
                }
            )
    if not msgs:
        return {}
    msgs.sort(key=lambda m: -m["timestamp_ms"])  # newest first, as Meta writes
    folder = f"{(slug(a.value) or 'user')[:22]}_{a.uid}"
    doc = {
        "participants": [{"name": a.value}, {"name": owner}],
        "messages": msgs,
        "title": a.value,
        "is_still_participant": True,
        "thread_path": f"{box}/{folder}",
        "magic_words": [],
    }
    return {f"{path}/{box}/{folder}/message_1.json": meta_json(doc)}


def _entry(handle: str, t: datetime | None) -> dict[str, Any]:
    item: dict[str, Any] = {"href": f"https://www.instagram.com/{handle}", "value": handle}
    if t is not None:
        item["timestamp"] = _s(t)
    return {"title": "", "media_list_data": [], "string_list_data": [item]}


def instagram(case: Case, accts: list[Acct], layout: str, rng: random.Random) -> Files:
    """Layouts: 2025 (connections/, your_instagram_activity/), 2022, 2021 (older paths)."""
    owner = case.owner.full
    handle = case.owner_handles["instagram"]
    files: Files = {}
    followers = [(a.value, e.ts) for a in accts for e in a.events if e.kind == "follow"]
    requests = [(a.value, e.ts) for a in accts for e in a.events if e.kind == "follow_request"]
    followers.sort(key=lambda x: -_s(x[1]))
    requests.sort(key=lambda x: -_s(x[1]))
    profile = {
        "profile_user": [
            {
                "media_map_data": {},
                "string_map_data": {
                    "Username": {"href": "", "value": handle, "timestamp": 0},
                    "Name": {"href": "", "value": owner, "timestamp": 0},
                },
            }
        ]
    }
    fol = [_entry(h, t) for h, t in followers]
    req = {"relationships_follow_requests_received": [_entry(h, t) for h, t in requests]}
    if layout == "2025":
        rel, msgs = "connections/followers_and_following", "your_instagram_activity/messages"
        files["personal_information/personal_information/personal_information.json"] = meta_json(
            profile
        )
        for i in range(0, max(len(fol), 1), 40):
            files[f"{rel}/followers_{i // 40 + 1}.json"] = meta_json(fol[i : i + 40])
    elif layout == "2022":
        rel, msgs = "followers_and_following", "messages"
        files["personal_information/personal_information.json"] = meta_json(profile)
        files[f"{rel}/followers_1.json"] = meta_json(fol)
    else:
        rel, msgs = "followers_and_following", "messages"
        files["account_information/personal_information.json"] = meta_json(profile)
        files[f"{rel}/followers.json"] = meta_json({"relationships_followers": fol})
    files[f"{rel}/follow_requests_you've_received.json"] = meta_json(req)
    following = [_entry(h, None) for h, _ in followers[: len(followers) // 2]]
    files[f"{rel}/following.json"] = meta_json({"relationships_following": following})
    for a in accts:
        if a.field != "display_name":
            continue
        box = "message_requests" if any(e.kind == "message_request" for e in a.events) else "inbox"
        files |= _thread(case, a, owner, rng, box, msgs)
    return files


def _sentence(name: str, e: Ev, rng: random.Random) -> str:
    obj = rng.choice(OBJECTS)
    if e.kind == "comment":
        return (
            f"{name} commented on your {obj}: “{e.text}”"
            if e.text
            else (f"{name} commented on your {obj}.")
        )
    return {
        "like": f"{name} {rng.choice(['likes', 'liked'])} your {obj}.",
        "reaction": f"{name} reacted to your {obj}.",
        "tag": f"{name} tagged you in a {obj}.",
        "mention": f"{name} mentioned you in a comment.",
    }[e.kind]


def facebook(case: Case, accts: list[Acct], layout: str, rng: random.Random) -> Files:
    """Layouts: 2025 (connections/, your_facebook_activity/), 2026 (undated followers), 2021."""
    owner = case.owner.full
    files: Files = {}
    ev = [(a, e) for a in accts for e in a.events]
    reqs = [{"name": a.value, "timestamp": _s(e.ts)} for a, e in ev if e.kind == "follow_request"]
    friends = [{"name": a.value, "timestamp": _s(e.ts)} for a, e in ev if e.kind == "friend"]
    fols = [{"name": a.value, "timestamp": _s(e.ts)} for a, e in ev if e.kind == "follow"]
    pokes = [
        {"poker": a.value, "pokee": owner, "rank": i + 1, "timestamp": _s(e.ts)}
        for i, (a, e) in enumerate((a, e) for a, e in ev if e.kind == "poke")
    ]
    notes = []
    pending: list[tuple[Acct, Ev]] = []
    for a, e in ev:
        if e.kind == "like" and rng.random() < 0.3 and all(p[0] is not a for p in pending):
            pending.append((a, e))
            if len(pending) == 2:
                (a1, e1), (a2, _) = pending
                verb = rng.choice(["like", "liked", "reacted to"])
                text = f"{a1.value} and {a2.value} {verb} your {rng.choice(OBJECTS)}."
                notes.append((e1.ts, text))
                pending = []
            continue
        if e.kind in ("comment", "like", "reaction", "tag", "mention"):
            text = _sentence(a.value, e, rng)
            if e.kind == "reaction" and rng.random() < 0.3:
                text = f"{a.value} and {rng.randint(2, 9)} others reacted to your photo."
            notes.append((e.ts, text))
    for a, e in pending:
        notes.append((e.ts, _sentence(a.value, e, rng)))
    notes.sort(key=lambda x: -_s(x[0]))
    base = f"https://www.facebook.com/{slug(owner)}"
    ntf = {
        "notifications_v2": [
            {
                "timestamp": _s(t),
                "unread": rng.random() < 0.3,
                "href": f"{base}/posts/pfbid0{rng.randint(10**8, 10**9)}",
                "text": text,
            }
            for t, text in notes
        ]
    }
    first, _, last = owner.partition(" ")
    profile = {
        "profile_v2": {
            "name": {"full_name": owner, "first_name": first, "middle_name": "", "last_name": last},
            "registration_timestamp": 1333387205,
            "profile_uri": f"https://www.facebook.com/{case.owner_handles['facebook']}",
        }
    }
    if layout == "2021":
        files["profile_information/profile_information.json"] = meta_json(profile)
        files["friends/received_friend_requests.json"] = meta_json({"received_requests_v2": reqs})
        files["friends/friends.json"] = meta_json({"friends_v2": friends})
        files["following_and_followers/followers.json"] = meta_json({"followers_v2": fols})
        files["notifications/notifications.json"] = meta_json(ntf)
        files["other_activity/pokes.json"] = meta_json({"pokes_v2": pokes})
        msgs = "messages"
    else:
        if layout == "2026":
            fols = [{"name": f["name"]} for f in fols]
        files["personal_information/profile_information/profile_information.json"] = meta_json(
            profile
        )
        files["connections/friends/received_friend_requests.json"] = meta_json(
            {"received_requests_v2": reqs}
        )
        files["connections/friends/your_friends.json"] = meta_json({"friends_v2": friends})
        files["connections/followers/people_who_followed_you.json"] = meta_json(
            {"followers_v3": fols}
        )
        files["logged_information/notifications/notifications.json"] = meta_json(ntf)
        files["your_facebook_activity/other_activity/pokes.json"] = meta_json({"pokes_v2": pokes})
        msgs = "your_facebook_activity/messages"
    for a in accts:
        kinds = {e.kind for e in a.events}
        if "message_request" in kinds:
            box = rng.choice(["message_requests", "message_requests", "filtered_threads"])
        else:
            box = "inbox"
        files |= _thread(case, a, owner, rng, box, msgs)
    return files
