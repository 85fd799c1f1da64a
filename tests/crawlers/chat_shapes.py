"""Files of one case each for the chat, mail and social parsers (`test_every_parser.SHAPES`).

Synthetic people in each format's real layout: Rob Miller writes to Jane Doe, the owner.
"""

from __future__ import annotations

import json

from tests.crawlers import bluesky_car

Files = dict[str, str | bytes]


def whatsapp(stamp: str | None) -> Files:
    line = "" if stamp is None else f"{stamp} - Rob Miller: hi\n"
    return {"WhatsApp Chat with Rob Miller.txt": line}


def mbox(date: str | None, *, empty: bool = False) -> Files:
    dated = "" if date is None else f"Date: {date}\n"
    message = (
        "From 1790000000000000001@xxx Thu Jan 23 10:40:00 +0000 2026\nX-Gmail-Labels: Inbox\n"
        f"{dated}From: Rob Miller <rob.miller82@example.com>\nTo: jane.doe@example.org\n"
        "Subject: hi\nMessage-ID: <a1@example.com>\n\nhi\n"
    )
    return {"Takeout/Mail/All mail Including Spam and Trash.mbox": "" if empty else message}


def sms(date: int | None, *, empty: bool = False) -> Files:
    dated = "" if date is None else f' date="{date}"'
    record = (
        f'<sms protocol="0" address="+15550100100"{dated} type="1" subject="null" body="hi" '
        'service_center="null" read="1" status="-1" locked="0" contact_name="Rob Miller" />'
    )
    body = "" if empty else record
    head = "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n"
    return {"sms-20260420120000.xml": f'{head}<smses count="{int(not empty)}">{body}</smses>\n'}


def telegram(message: dict[str, object] | None) -> Files:
    sent = {"id": 1, "type": "message", "from": "Rob Miller", "from_id": "user5100000082"}
    messages = [] if message is None else [{**sent, "text": "hi", **message}]
    chat = {"name": "Rob Miller", "type": "personal_chat", "id": 5100000082, "messages": messages}
    return {"ChatExport_2026-04-20/result.json": json.dumps(chat)}


def snapchat(entries: list[dict[str, object]]) -> Files:
    return {"json/friends.json": json.dumps({"Friends": entries, "Blocked Users": []})}


def linkedin(date: str | None) -> Files:
    head = (
        '"CONVERSATION ID","CONVERSATION TITLE","FROM","SENDER PROFILE URL","TO",'
        '"RECIPIENT PROFILE URLS","DATE","SUBJECT","CONTENT","FOLDER","ATTACHMENTS"\n'
    )
    row = (
        '"2-QUJDRA==","","Robert Miller","https://www.linkedin.com/in/robert-miller-82",'
        f'"Jane Doe","https://www.linkedin.com/in/jane-doe-4a1b2c","{date}","","hi","INBOX",""\n'
    )
    return {"messages.csv": head + ("" if date is None else row)}


def reddit(date: str | None) -> Files:
    head = "id,permalink,thread_id,date,ip,from,to,subject,body\n"
    row = f"2a1b3c,https://www.reddit.com/message/messages/2a1b3c,2a1b3c,{date},,rob_m_1982,jane_doe_ny,hey,hi\n"
    return {"messages.csv": head + ("" if date is None else row)}


def mastodon(published: str | None, *, empty: bool = False) -> Files:
    jane, rob = "https://mastodon.social/users/janedoe", "https://mastodon.social/users/rob_m"
    note = {
        "id": f"{jane}/statuses/1",
        "type": "Note",
        "inReplyTo": None,
        "content": "<p>@rob_m hi</p>",
        "to": [rob],
        "cc": [],
        "tag": [{"type": "Mention", "href": rob, "name": "@rob_m"}],
    } | ({} if published is None else {"published": published})
    activity = {
        "id": f"{jane}/statuses/1/activity",
        "type": "Create",
        "actor": jane,
        "object": note,
    }
    items = [] if empty else [activity]
    outbox = {"id": "outbox.json", "type": "OrderedCollection", "orderedItems": items}
    actor = {"id": jane, "type": "Person", "preferredUsername": "janedoe", "outbox": "outbox.json"}
    return {"outbox.json": json.dumps(outbox), "actor.json": json.dumps(actor)}


def bluesky(created: str | None, *, empty: bool = False) -> Files:
    block = {"$type": "app.bsky.graph.block", "subject": bluesky_car.ROB}
    record = block | ({} if created is None else {"createdAt": created})
    return {"repo.car": bluesky_car.build([] if empty else [("app.bsky.graph.block/3lq1", record)])}
