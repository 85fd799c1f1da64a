"""X (`window.YTD.*` files) and TikTok (`user_data_tiktok.json` / `user_data.json`) archives."""

from __future__ import annotations

import json
import random
from datetime import datetime
from typing import Any

from .accounts import Acct
from .people import Case

Files = dict[str, bytes]
REPLIES = ["ok", "lol", "thanks", "see you", "👍", "haha"]


def _ytd(name: str, records: list[Any]) -> bytes:
    body = json.dumps(records, ensure_ascii=False, indent=2, separators=(",", " : "))
    return f"window.YTD.{name}.part0 = {body}".encode()


def _iso(t: datetime, rng: random.Random) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{rng.randrange(1000):03d}Z"


def x(case: Case, accts: list[Acct], layout: str, rng: random.Random) -> Files:
    """Layouts: 2025 (`data/`, manifest, ISO dates) and 2018 (top level, epoch-ms strings)."""
    me = case.owner_x_id
    handle = case.owner_handles["x"]
    old = layout == "2018"
    fol = []
    for a in accts:
        if any(e.kind == "follow" for e in a.events):
            rec: dict[str, Any] = {"accountId": a.value}
            if not old:
                rec["userLink"] = f"https://twitter.com/intent/user?user_id={a.value}"
            fol.append({"follower": rec})
    rng.shuffle(fol)
    convs = []
    n = 0
    for a in accts:
        msgs = []
        for e in a.events:
            if e.kind != "message":
                continue
            evs = [(e.ts, a.value, me, e.text)]
            if rng.random() < (0.3 if a.label == "innocent" else 0.04):
                evs.append((e.ts.replace(second=59), me, a.value, rng.choice(REPLIES)))
            for ts, frm, to, text in evs:
                n += 1
                created = str(int(ts.timestamp() * 1000)) if old else _iso(ts, rng)
                mc = {
                    "recipientId": to,
                    "reactions": [],
                    "urls": [],
                    "text": text,
                    "mediaUrls": [],
                    "senderId": frm,
                    "id": str(10**18 + rng.randrange(10**17)),
                    "createdAt": created,
                }
                if not old:
                    mc["editHistory"] = []
                msgs.append({"messageCreate": mc})
        if msgs:
            msgs.sort(key=lambda m: m["messageCreate"]["createdAt"], reverse=True)
            conv = "-".join(sorted([me, a.value], key=int))
            convs.append({"dmConversation": {"conversationId": conv, "messages": msgs}})
    account = [
        {
            "account": {
                "email": f"{handle}@example.com",
                "createdVia": "web",
                "username": handle,
                "accountId": me,
                "createdAt": "2014-05-02T10:00:00.000Z",
                "accountDisplayName": case.owner.full,
            }
        }
    ]
    pre = "" if old else "data/"
    files: Files = {
        f"{pre}account.js": _ytd("account", account),
        f"{pre}follower.js": _ytd("follower", fol),
        f"{pre}{'direct-message' if old else 'direct-messages'}.js": _ytd(
            "direct_message" if old else "direct_messages", convs
        ),
    }
    if not old:
        manifest = {
            "userInfo": {"accountId": me, "userName": handle, "displayName": case.owner.full},
            "archiveInfo": {
                "sizeBytes": str(sum(len(v) for v in files.values())),
                "generationDate": _iso(case.export, rng),
                "isPartialArchive": False,
            },
        }
        body = json.dumps(manifest, ensure_ascii=False, indent=2, separators=(",", " : "))
        files["data/manifest.js"] = f"window.__THAR_CONFIG = {body}".encode()
        files["Your archive.html"] = b"<!DOCTYPE html><html><body>Your archive</body></html>"
    return files


def _d(t: datetime) -> str:
    return t.strftime("%Y-%m-%d %H:%M:%S")


def tiktok(case: Case, accts: list[Acct], layout: str, rng: random.Random) -> Files:
    """Layouts: 2025 (`user_data_tiktok.json`, "Your Activity") and 2022 (`user_data.json`)."""
    me = case.owner_handles["tiktok"]
    fans = [
        {"Date": _d(e.ts), "UserName": a.value}
        for a in accts
        for e in a.events
        if e.kind == "follow"
    ]
    fans.sort(key=lambda f: f["Date"], reverse=True)
    chats: dict[str, list[dict[str, str]]] = {}
    for a in accts:
        lines = []
        for e in a.events:
            if e.kind != "message":
                continue
            lines.append({"Date": _d(e.ts), "From": a.value, "Content": e.text})
            if rng.random() < (0.3 if a.label == "innocent" else 0.04):
                lines.append(
                    {
                        "Date": _d(e.ts.replace(second=59)),
                        "From": me,
                        "Content": rng.choice(REPLIES),
                    }
                )
        if lines:
            chats[f"Chat History with {a.value}:"] = lines
    profile = {
        "userName": me,
        "displayName": case.owner.given,
        "bioDescription": "",
        "likesReceived": str(rng.randint(0, 900)),
    }
    if layout == "2022":
        doc: dict[str, Any] = {
            "Activity": {
                "Follower List": {"FansList": fans},
                "Following List": {"Following": []},
                "Like List": {"ItemFavoriteList": []},
            },
            "App Settings": {"Block": {"BlockList": []}},
            "Comment": {"Comments": {"CommentsList": []}},
            "Direct Messages": {"Chat History": {"ChatHistory": chats}},
            "Profile": {"Profile Information": {"ProfileMap": profile}},
        }
        name = "user_data.json"
    else:
        doc = {
            "Your Activity": {
                "Follower": {"App": 1, "IsFastLane": False, "FansList": fans},
                "Following": {"App": 1, "IsFastLane": False, "Following": []},
                "Like List": {"App": 1, "ItemFavoriteList": []},
            },
            "Direct Message": {"Direct Messages": {"ChatHistory": chats}},
            "Comment": {"Comments": {"App": 1, "CommentsList": []}},
            "App Settings": {"Block List": {"App": 1, "BlockList": []}},
            "Income Plus Wallet Transactions": {"Transaction History": {"TransactionsList": None}},
            "Profile": {"Profile Info": {"App": 1, "ProfileMap": profile}},
        }
        name = "user_data_tiktok.json"
    return {name: json.dumps(doc, ensure_ascii=False, indent=2).encode()}
