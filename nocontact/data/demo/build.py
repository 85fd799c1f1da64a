"""Build the demo case's Instagram export and reference photo, deterministically.

Run `python nocontact/data/demo/build.py` from the repository root. Every person, handle and
message here is invented. The export uses Instagram's real inner paths (2025 layout) and
Meta's encoding.
"""

from __future__ import annotations

import json
import random
import shutil
import unicodedata
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
ROOT = HERE / "archive" / "instagram-jane.doe-2026-11-01-Demo01"
PHOTO = HERE / "photos" / "rob1.jpg"
OWNER = "Jane Doe"
FF = "connections/followers_and_following/"
MSG = "your_instagram_activity/messages/"

# (when, sender or None for the owner, content or None for an unsent message, extras)
Line = tuple[str, str | None, str | None, dict[str, Any]]

RESTRAINED_THREADS: list[tuple[str, str, str, list[Line]]] = [
    (
        "inbox",
        "Robert Miller",
        "robmiller82_17842591230045871",
        [
            (
                "2026-03-09 21:02",
                "Robert Miller",
                "Jane I know you said not to message but hear me out",
                {},
            ),
            (
                "2026-03-09 21:03",
                "Robert Miller",
                "I got the papers. This is all a misunderstanding",
                {},
            ),
            ("2026-03-09 21:05", "Robert Miller", None, {}),
            ("2026-03-09 21:09", "Robert Miller", "Remember Lake Placid? We were happy there", {}),
            (
                "2026-03-09 21:30",
                None,
                "Do not contact me. There is a court order.",
                {"reactions": [("👎", "Robert Miller", "2026-03-09 21:31")]},
            ),
            ("2026-03-09 21:33", "Robert Miller", "You can't just cut me off 😡", {}),
        ],
    ),
    (
        "message_requests",
        "Bobby Miller",
        "bobbymiller_17845120934478120",
        [
            ("2026-04-02 19:12", "Bobby Miller", "hey Janie-bean 🙂", {}),
            ("2026-04-02 19:13", "Bobby Miller", "you look happy in your new photos", {}),
            ("2026-04-02 19:20", "Bobby Miller", "please don't ignore this one, Janie-bean", {}),
        ],
    ),
    (
        "message_requests",
        "Miller Robert",
        "millerrobert_17846003318852214",
        [
            ("2026-05-20 23:47", "Miller Robert", "I just want five minutes to talk", {}),
            ("2026-05-20 23:48", "Miller Robert", None, {}),
            ("2026-05-20 23:52", "Miller Robert", "Answer me. You owe me that much", {}),
        ],
    ),
    (
        "inbox",
        "Mary Miller",
        "marymiller_17843377120568341",
        [
            ("2026-03-21 10:05", "Mary Miller", "Hi Jane, it's Mary", {}),
            ("2026-03-21 10:06", "Mary Miller", "Rob says he's sorry and wants to talk", {}),
            ("2026-03-21 12:40", None, "Mary, please don't pass on messages from him.", {}),
            ("2026-03-21 12:44", "Mary Miller", "ok. he just misses you", {}),
        ],
    ),
]

# Innocent conversations: (folder kind, display name, lines as (sender is owner, text, extras)).
INNOCENT_THREADS: list[tuple[str, str, list[tuple[bool, str | None, dict[str, Any]]]]] = [
    (
        "inbox",
        "Robert Chen",
        [
            (False, "Are you coming to the team lunch on Friday?", {}),
            (True, "Yes! Save me a seat", {}),
        ],
    ),
    (
        "inbox",
        "Rob Martinez",
        [
            (False, "Climbing gym Thursday at 7?", {}),
            (True, "Count me in 🧗", {"reactions": [("👍", False)]}),
        ],
    ),
    (
        "inbox",
        "Karen Miller",
        [
            (False, "The plumber is coming Tuesday between 9 and 11", {}),
            (True, "Thanks Karen, I'll leave the side door open", {}),
        ],
    ),
    (
        "inbox",
        "Mary Jenkins",
        [
            (False, "Book club moved to the library this month 📚", {}),
            (True, "Perfect, see you there", {}),
        ],
    ),
    (
        "inbox",
        "Millie Roberts",
        [(False, "Grandma's birthday photos are up!", {}), (True, "So cute ❤️", {})],
    ),
    (
        "inbox",
        "Zoë Lefèvre",
        [
            (False, "Tu viens au marché samedi ?", {"reactions": [("❤️", True)]}),
            (True, "Oui ! À samedi", {}),
        ],
    ),
    (
        "inbox",
        "Siobhán O'Neill",
        [
            (False, "Did you get home ok after the concert?", {}),
            (True, "Yes, thanks for the ride!", {}),
        ],
    ),
    (
        "inbox",
        "Łukasz Nowak",
        [
            (
                False,
                "Here's the recipe I promised",
                {
                    "share": {
                        "link": "https://www.instagram.com/p/DmoPierogi01/",
                        "share_text": "Pierogi ruskie, step by step",
                    }
                },
            )
        ],
    ),
    (
        "inbox",
        "Chloé Bernard",
        [
            (
                False,
                "Regarde ça 😂",
                {
                    "share": {
                        "link": "https://www.instagram.com/reel/DmoCat0042/",
                        "share_text": "cat vs. box",
                    }
                },
            ),
            (True, "hahaha", {"reactions": [("😂", False)]}),
        ],
    ),
    (
        "inbox",
        "Aisha Khan",
        [(False, "Reacted 😍 to your story", {}), (True, "Thank you! It was a lovely day", {})],
    ),
    (
        "inbox",
        "Kenji Takeda",
        [
            (False, "Can you send me the slides from Tuesday?", {}),
            (True, "Sent to your email", {}),
            (False, None, {}),
        ],
    ),
    (
        "inbox",
        "Priya Shah 🍰",
        [(False, "Cake tasting is confirmed for Saturday!", {}), (True, "Can't wait 🎂", {})],
    ),
    (
        "inbox",
        "José Ramírez",
        [
            (False, "¿Me pasas el número del veterinario?", {}),
            (True, "Claro: it's on the fridge magnet, 555-0142", {}),
        ],
    ),
    ("message_requests", "Bobby Alvarez", [(False, "Hi! Is the blue bike still for sale?", {})]),
    (
        "message_requests",
        "Roberta Lang",
        [(False, "Hello, I'm a photographer. Could I feature your garden photo in my zine?", {})],
    ),
    ("message_requests", "Renée Dubois", [(False, "Bonjour, we met at the pottery class 🙂", {})]),
    ("message_requests", "Tomás Herrera", [(False, "Hi, I think we went to the same college", {})]),
    ("message_requests", "Linh Nguyen", [(False, "Is your spare room still available?", {})]),
    ("message_requests", "Camille Laurent", [(False, "Love your embroidery! Do you sell it?", {})]),
]

LOOKALIKE_FOLLOWERS = [
    "robert.chen.nyc",
    "rob.martin84",
    "robin.miles",
    "miller.family.farm",
    "bob.alvarez",
    "mary.jenkins",
    "robinhood_fan",
    "the_real_bob",
    "millertime_brewing",
]
OTHER_FOLLOWERS = [
    "lena.k.photo",
    "hannah.okafor",
    "dev.patel.runs",
    "sofia_reyes",
    "tomasz.wolski",
    "amara.nwosu",
    "kenji.takeda",
    "priya.s.bakes",
    "liam.oconnor_",
    "noor.haddad",
    "elena.petrova.art",
    "marcus.lee.fit",
    "yuki.tanaka_",
    "fatima.zahra.b",
    "oscar.lindqvist",
    "chloe.bernard.paris",
    "diego.alvarez.mx",
    "ines.ferreira",
    "grace.kim.design",
    "samir.benali",
    "olivia.hart",
    "nate.brooks",
    "ava.johansson",
    "ethan.wright.music",
    "maya.cohen",
    "lucas.silva_br",
    "zara.ahmed",
    "felix.schmidt",
    "isla.mcdonald",
    "hugo.moreau",
    "nina.rossi.travel",
    "theo.novak",
    "leila.karimi",
    "jonas.berg",
    "ruth.adeyemi",
]
STORY_FOLLOWERS = [
    ("r0b_m1ll3r", "2026-03-14 02:17"),
    ("mary.m.miller", "2026-03-20 18:40"),
    ("bob.miller.82", "2026-06-01 01:05"),
]


def meta(value: Any) -> Any:
    """Encode like Meta: every UTF-8 byte of a string becomes its own code point."""
    if isinstance(value, str):
        return value.encode("utf-8").decode("latin-1")
    if isinstance(value, list):
        return [meta(item) for item in value]
    if isinstance(value, dict):
        return {key: meta(item) for key, item in value.items()}
    return value


def write(rel: str, document: Any) -> None:
    path = ROOT / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(meta(document), ensure_ascii=True, indent=2) + "\n"
    path.write_text(text, encoding="ascii")


def at(when: str) -> datetime:
    return datetime.strptime(when, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)


def random_time(rng: random.Random) -> datetime:
    """A time between September 2025 and late October 2026, so before and after the order."""
    start, days = datetime(2025, 9, 1, tzinfo=UTC), 419
    return start + timedelta(days=rng.randrange(days), minutes=rng.randrange(7, 23 * 60))


def relation(handle: str, moment: datetime, *, in_title: bool = False) -> dict[str, Any]:
    """A list entry; block lists since 2023 carry the handle in `title`, not `value`."""
    item: dict[str, Any] = {"href": f"https://www.instagram.com/{handle}"}
    if not in_title:
        item["value"] = handle
    item["timestamp"] = int(moment.timestamp())
    return {"title": handle if in_title else "", "media_list_data": [], "string_list_data": [item]}


def newest_first(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(entries, key=lambda e: -e["string_list_data"][0]["timestamp"])


def connections(rng: random.Random) -> None:
    followers = [relation(h, random_time(rng)) for h in OTHER_FOLLOWERS + LOOKALIKE_FOLLOWERS]
    followers += [relation(h, at(when)) for h, when in STORY_FOLLOWERS]
    write(FF + "followers_1.json", newest_first(followers))
    requests = [relation("rob.miller82", at("2026-03-10 21:14"))]
    requests += [
        relation(h, random_time(rng))
        for h in ("ben.carter.photo", "sunny.days.club", "ingrid.sorensen")
    ]
    write(
        FF + "follow_requests_you've_received.json",
        {"relationships_follow_requests_received": newest_first(requests)},
    )
    blocked = [
        relation("rob.miller82", at("2026-03-11 08:02"), in_title=True),
        relation("win.free.iphone.now", at("2025-11-05 13:20"), in_title=True),
    ]
    write(FF + "blocked_profiles.json", {"relationships_blocked_users": blocked})
    write(
        FF + "restricted_profiles.json",
        {"relationships_restricted_users": [relation("gossip.gale.22", at("2025-12-12 17:45"))]},
    )
    friends = ["lena.k.photo", "hannah.okafor", "kenji.takeda", "priya.s.bakes", "maya.cohen"]
    following = [relation(h, random_time(rng), in_title=True) for h in friends]
    write(FF + "following.json", {"relationships_following": newest_first(following)})
    threads = [relation(h, random_time(rng)) for h in ("lena.k.photo", "kenji.takeda")]
    for entry in threads:
        entry["string_list_data"][0]["href"] = entry["string_list_data"][0]["href"].replace(
            "www.instagram.com/", "www.threads.net/@"
        )
    write(
        "your_instagram_activity/threads/followers.json",
        {"text_post_app_text_post_app_followers": threads},
    )


def message(
    sender: str, moment: datetime, content: str | None, extras: dict[str, Any], other: str
) -> dict[str, Any]:
    """One DM as the 2025 export writes it; unsent messages keep no content."""
    record: dict[str, Any] = {"sender_name": sender, "timestamp_ms": int(moment.timestamp()) * 1000}
    if content is None:
        record["is_unsent"] = True
    else:
        record["content"] = content
    if "share" in extras:
        record["share"] = extras["share"]
    reactions = []
    for emoji, actor, *when in extras.get("reactions", []):
        who = actor if isinstance(actor, str) else (OWNER if actor else other)
        later = at(when[0]) if when else moment + timedelta(minutes=3)
        reactions.append({"reaction": emoji, "actor": who, "timestamp": int(later.timestamp())})
    if reactions:
        record["reactions"] = reactions
    record["is_geoblocked_for_viewer"] = False
    record["is_unsent_image_by_messenger_kid_parent"] = False
    return record


def thread_file(kind: str, other: str, folder: str, records: list[dict[str, Any]]) -> None:
    document = {
        "participants": [{"name": other}, {"name": OWNER}],
        "messages": sorted(records, key=lambda r: -r["timestamp_ms"]),
        "title": other,
        "is_still_participant": True,
        "thread_path": f"{kind}/{folder}",
        "magic_words": [],
    }
    if kind == "message_requests":
        document["is_pending"] = True
    write(f"{MSG}{kind}/{folder}/message_1.json", document)


def slug(name: str) -> str:
    name = name.translate(str.maketrans("Łł", "Ll"))
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "".join(ch for ch in ascii_name.lower() if ch.isalnum())


def threads(rng: random.Random) -> None:
    for kind, other, folder, lines in RESTRAINED_THREADS:
        records = [message(s or OWNER, at(w), c, x, other) for w, s, c, x in lines]
        thread_file(kind, other, folder, records)
    for kind, other, lines in INNOCENT_THREADS:
        moment = random_time(rng)
        records = []
        for mine, content, extras in lines:
            moment += timedelta(minutes=rng.randrange(1, 90))
            records.append(message(OWNER if mine else other, moment, content, extras, other))
        thread_file(kind, other, f"{slug(other)}_1784{rng.randrange(10**12, 10**13)}", records)


def own_files(rng: random.Random) -> None:
    """The owner's profile and own activity (which the parser must not read as inbound)."""
    likes = [
        {"title": h, "string_list_data": [{"timestamp": int(random_time(rng).timestamp())}]}
        for h in ("lena.k.photo", "maya.cohen", "kenji.takeda")
    ]
    write(
        "your_instagram_activity/story_interactions/story_likes.json",
        {"story_activities_story_likes": likes},
    )
    fields = {
        "Email": "jane.doe@example.org",
        "Username": "jane.doe",
        "Name": OWNER,
        "Bio": "Gardens, books & tea 🍵",
        "Private Account": "True",
    }
    profile = {
        "string_map_data": {k: {"href": "", "value": v, "timestamp": 0} for k, v in fields.items()}
    }
    write(
        "personal_information/personal_information/personal_information.json",
        {"profile_user": [profile]},
    )


def photo() -> None:
    """A cartoon face drawn from shapes: a stand-in reference photo, not a real person."""
    image = Image.new("RGB", (256, 256), (168, 196, 222))
    draw = ImageDraw.Draw(image)
    draw.rectangle((58, 206, 198, 256), fill=(52, 84, 122))
    draw.rectangle((112, 176, 144, 214), fill=(222, 184, 150))
    draw.ellipse((68, 44, 188, 194), fill=(230, 192, 158))
    draw.chord((64, 30, 192, 130), 180, 360, fill=(88, 58, 38))
    draw.ellipse((96, 100, 114, 114), fill=(255, 255, 255))
    draw.ellipse((142, 100, 160, 114), fill=(255, 255, 255))
    draw.ellipse((101, 102, 111, 112), fill=(60, 90, 60))
    draw.ellipse((147, 102, 157, 112), fill=(60, 90, 60))
    draw.line((128, 116, 122, 142, 132, 142), fill=(170, 120, 100), width=3)
    draw.arc((104, 140, 152, 170), 20, 160, fill=(150, 60, 60), width=4)
    draw.rectangle((92, 162, 164, 196), fill=(120, 82, 56))  # beard
    draw.arc((104, 150, 152, 176), 20, 160, fill=(150, 60, 60), width=4)
    PHOTO.parent.mkdir(parents=True, exist_ok=True)
    image.save(PHOTO, "JPEG", quality=85)


def main() -> None:
    rng = random.Random(20260302)
    shutil.rmtree(ROOT, ignore_errors=True)
    connections(rng)
    threads(rng)
    own_files(rng)
    photo()


if __name__ == "__main__":
    main()
