"""Every registered parser against the shapes real downloads take (issue 13).

Each parser gets an empty archive, a record without a time, a record with an impossible time
(year 2516, as found in a real-shaped file), a download missing an optional file, and its own
older layout where one exists. A parser added to `PARSERS` without shapes here fails the suite.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from crawlers import exports
from crawlers.archive import Archive
from crawlers.events import Interaction
from tests.crawlers import bluesky_car
from tests.crawlers import chat_shapes as shapes
from tests.helpers import DATA

EXPORTS = DATA / "exports"
YEAR_2516 = 17232000000  # epoch seconds of 2516-01-23, the impossible date of a real file
Files = dict[str, str | bytes]


def _ig_followers(entry: dict[str, object] | None) -> Files:
    items = [] if entry is None else [{"title": "", "media_list_data": [], **entry}]
    return {"connections/followers_and_following/followers_1.json": json.dumps(items)}


def _ig(value: int | None) -> Files:
    item = {"href": "https://www.instagram.com/rob.m", "value": "rob.m"}
    return _ig_followers(
        {"string_list_data": [item if value is None else {**item, "timestamp": value}]}
    )


def _html(path: str, boxes: list[str], box: str) -> Files:
    body = "".join(
        f'<{box} class="pam _3-95 _2ph- _a6-g uiBoxWhite noborder">{b}</{box}>' for b in boxes
    )
    return {path: f"<html><head><title>x</title></head><body><main>{body}</main></body></html>"}


def _ig_html(date: str | None) -> Files:
    cell = f"<div>{date}</div>" if date else ""
    box = f'<div class="_3-95 _a6-p"><div><div><a href="https://www.instagram.com/rob.m">rob.m</a></div>{cell}</div></div>'
    path = "connections/followers_and_following/followers_1.html"
    return _html(path, [box] if date != "" else [], "div")


def _fb(entries: list[dict[str, object]]) -> Files:
    return {
        "connections/followers/people_who_followed_you.json": json.dumps({"followers_v3": entries})
    }


def _fb_html(date: str | None, *, empty: bool = False) -> Files:
    footer = f'<footer class="_3-94 _a6-o"><div class="_a72d">{date}</div></footer>' if date else ""
    box = f'<h2 class="_2ph_ _a6-h _a6-i">Rob Miller</h2>{footer}'
    return _html(
        "connections/followers/people_who_followed_you.html", [] if empty else [box], "section"
    )


def _messenger(message: dict[str, object] | None) -> Files:
    chat = {"participants": ["Jane Doe", "Robert Miller"], "threadName": "Robert Miller"}
    chat["messages"] = (
        [] if message is None else [{"senderName": "Robert Miller", "text": "hi", **message}]
    )
    return {"messages/Robert Miller_1.json": json.dumps(chat)}


def _x(created: str | None, *, empty: bool = False) -> Files:
    event = {
        "senderId": "1500000000000000082",
        "recipientId": "2950001111",
        "text": "hi",
        "id": "1",
    }
    if created is not None:
        event["createdAt"] = created
    conversation = {
        "conversationId": "1500000000000000082-2950001111",
        "messages": [{"messageCreate": event}],
    }
    body = [] if empty else [{"dmConversation": conversation}]
    return {"data/direct-messages.js": "window.YTD.direct_messages.part0 = " + json.dumps(body)}


def _tiktok(date: str | None, *, empty: bool = False) -> Files:
    fan = {"UserName": "rob.m"} | ({} if date is None else {"Date": date})
    fans = [] if empty else [fan]
    doc = {"Your Activity": {"Follower": {"FansList": fans}}, "Profile": {}}
    return {"user_data_tiktok.json": json.dumps(doc)}


@dataclass(frozen=True)
class Shapes:
    """One parser's archives: each builder writes the files of one case."""

    empty: Files
    undated: Files | None  # None: the format gives every record a time
    impossible: Files
    missing_optional: tuple[Path, tuple[str, ...]]  # a fixture, and the optional files left out
    older: tuple[Path, ...]


SHAPES: dict[str, Shapes] = {
    "instagram": Shapes(
        _ig_followers(None),
        _ig(None),
        _ig(YEAR_2516),
        (
            EXPORTS / "instagram/2025",
            ("personal_information/personal_information/personal_information.json",),
        ),
        (EXPORTS / "instagram/2021",),
    ),
    "instagram_html": Shapes(
        _ig_html(""),
        _ig_html(None),
        _ig_html("Jan 23, 2516 2:40 am"),
        (
            EXPORTS / "instagram/html-2025",
            ("personal_information/personal_information/personal_information.html",),
        ),
        (EXPORTS / "instagram/html-2022",),
    ),
    "facebook": Shapes(
        _fb([]),
        _fb([{"name": "Rob Miller"}]),
        _fb([{"name": "Rob Miller", "timestamp": YEAR_2516}]),
        (
            EXPORTS / "facebook/2025",
            ("personal_information/profile_information/profile_information.json",),
        ),
        (EXPORTS / "facebook/2021", EXPORTS / "facebook/messages-only"),
    ),
    "facebook_html": Shapes(
        _fb_html(None, empty=True),
        _fb_html(None),
        _fb_html("Jan 23, 2516 2:40:00 am"),
        (
            EXPORTS / "facebook/html-2025",
            ("personal_information/profile_information/profile_information.html",),
        ),
        (),
    ),
    "messenger": Shapes(
        _messenger(None),
        _messenger({}),
        _messenger({"timestamp": YEAR_2516 * 1000}),
        (EXPORTS / "messenger/2025", ("messages/Lake Placid trip_2.json",)),
        (),
    ),
    "x": Shapes(
        _x(None, empty=True),
        _x(None),
        _x("2516-01-23T10:40:00.000Z"),
        (EXPORTS / "x/2025", ("data/manifest.js", "data/account.js")),
        (EXPORTS / "x/2019", EXPORTS / "x/2018"),
    ),
    "tiktok": Shapes(
        _tiktok(None, empty=True),
        _tiktok(None),
        _tiktok("2516-01-23 10:40:00"),
        (EXPORTS / "tiktok/2025", ()),  # one file: its Profile section is what may be missing
        (EXPORTS / "tiktok/2022",),
    ),
    "whatsapp": Shapes(
        shapes.whatsapp(None),
        None,  # a line without its date and time continues the message before it
        shapes.whatsapp("23/01/2516, 10:40"),
        (EXPORTS / "whatsapp/android-24h", ()),  # exported without media: nothing else to miss
        (EXPORTS / "whatsapp/ios", EXPORTS / "whatsapp/android-12h-us"),
    ),
    "email": Shapes(
        shapes.mbox(None, empty=True),
        shapes.mbox(None),
        shapes.mbox("Thu, 23 Jan 2516 10:40:00 +0000"),
        (EXPORTS / "email/takeout", ()),  # one mbox: every other mailbox is optional
        (EXPORTS / "email/eml",),
    ),
    "sms": Shapes(
        shapes.sms(None, empty=True),
        shapes.sms(None),
        shapes.sms(YEAR_2516 * 1000),
        (EXPORTS / "sms/android", ("calls-20260420120000.xml",)),
        (),
    ),
    "telegram": Shapes(
        shapes.telegram(None),
        shapes.telegram({}),
        shapes.telegram({"date": "2516-01-23T10:40:00", "date_unixtime": str(YEAR_2516)}),
        (EXPORTS / "telegram/desktop-full", ()),  # media folders are optional; none here
        (EXPORTS / "telegram/desktop-chat-2021",),
    ),
    "snapchat": Shapes(
        shapes.snapchat([]),
        shapes.snapchat([{"Username": "rob.m", "Display Name": "Rob"}]),
        shapes.snapchat(
            [
                {
                    "Username": "rob.m",
                    "Display Name": "Rob",
                    "Creation Timestamp": "2516-01-23 10:40:00 UTC",
                }
            ]
        ),
        (EXPORTS / "snapchat/2024", ("json/account.json",)),
        (EXPORTS / "snapchat/2021",),
    ),
    "linkedin": Shapes(
        shapes.linkedin(None),
        shapes.linkedin(""),
        shapes.linkedin("2516-01-23 10:40:00 UTC"),
        (EXPORTS / "linkedin/2026", ("Invitations.csv", "Connections.csv")),
        (),
    ),
    "reddit": Shapes(
        shapes.reddit(None),
        shapes.reddit(""),
        shapes.reddit("2516-01-23 10:40:00 UTC"),
        (EXPORTS / "reddit/2026", ("statistics.csv", "chat_history.csv")),
        (),
    ),
    "mastodon": Shapes(
        shapes.mastodon(None, empty=True),
        shapes.mastodon(None),
        shapes.mastodon("2516-01-23T10:40:00Z"),
        (EXPORTS / "mastodon/2026", ("likes.json", "bookmarks.json")),
        (),
    ),
    "bluesky": Shapes(
        shapes.bluesky(None, empty=True),
        shapes.bluesky(None),
        shapes.bluesky("2516-01-23T10:40:00.000Z"),
        (EXPORTS / "bluesky/2026", ()),  # the repo is one file
        (),
    ),
}
CONFIG = """
[order]
issued = 2026-03-02

[restrained]
names = ["Robert Miller"]
"""


def _write(root: Path, files: Files) -> Path:
    for name, content in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            (root / name).write_bytes(content)
        else:
            (root / name).write_text(content, encoding="utf-8")
    return root


def _parse(source: Path, name: str) -> tuple[list[Interaction], list[str]]:
    skipped: list[str] = []
    with Archive(source) as archive:
        found = list(exports.get(name).parse(archive, on_skip=lambda loc, why: skipped.append(why)))
    return found, skipped


@pytest.fixture(params=[p.NAME for p in exports.PARSERS])
def name(request: pytest.FixtureRequest) -> str:
    return request.param


def test_every_parser_has_shapes() -> None:
    assert set(SHAPES) == {p.NAME for p in exports.PARSERS}


def test_an_empty_archive_yields_nothing(name: str, tmp_path: Path) -> None:
    assert _parse(_write(tmp_path, SHAPES[name].empty), name) == ([], [])


def test_a_record_without_a_time_is_kept_undated(name: str, tmp_path: Path) -> None:
    undated = SHAPES[name].undated
    if undated is None:
        pytest.skip(f"{name} gives every record a time")
    found, skipped = _parse(_write(tmp_path, undated), name)
    assert skipped == []
    assert [i.occurred_at for i in found] == [None]
    assert not found[0].implausible_time


def test_an_impossible_time_is_kept_and_flagged(name: str, tmp_path: Path) -> None:
    found, skipped = _parse(_write(tmp_path / "archive", SHAPES[name].impossible), name)
    assert skipped == [] and len(found) == 1
    assert found[0].occurred_at.year == 2516 and found[0].implausible_time


def test_a_missing_optional_file_is_no_obstacle(name: str, tmp_path: Path) -> None:
    fixture, optional = SHAPES[name].missing_optional
    copy = shutil.copytree(fixture, tmp_path / "copy")
    for inner in optional:
        (copy / inner).unlink()
    if name == "tiktok":
        data = json.loads((copy / "user_data_tiktok.json").read_text(encoding="utf-8"))
        del data["Profile"]
        (copy / "user_data_tiktok.json").write_text(json.dumps(data), encoding="utf-8")
    found, _ = _parse(copy, name)
    assert found and all(i.occurred_at is None or i.occurred_at.tzinfo for i in found)


def test_its_older_layouts_are_read(name: str) -> None:
    for folder in SHAPES[name].older:
        with Archive(folder) as archive:
            assert exports.get(name).detect(archive), folder
        found, skipped = _parse(folder, name)
        assert found and not skipped, folder


def test_it_says_whose_archive_it_is(name: str) -> None:
    """The owner from the profile or account file, so an import can warn about someone else's."""
    fixture, _ = SHAPES[name].missing_optional
    with Archive(fixture) as archive:
        found = exports.get(name).owners(archive)
        platforms = {i.platform for i in exports.get(name).parse(archive)}
    names = {v for a in found for v in (a.handle, a.display_name, a.user_id) if v}
    if OWNERS[name] is None:  # the format names no owner: none is guessed
        assert found == ()
    assert OWNERS[name] is None or OWNERS[name] in names
    assert {a.platform for a in found} <= platforms


OWNERS = {
    "instagram": "jane.doe",
    "instagram_html": "jane.doe",
    "facebook": "Jane Doe",
    "facebook_html": "Jane Doe",
    "messenger": "Jane Doe",
    "x": "jane_doe_x",
    "tiktok": "jane.doe.tt",
    "whatsapp": None,  # a chat export names the owner only as a sender name
    "email": "jane.doe@example.org",
    "sms": None,  # a backup holds the other side's numbers, never the phone's own
    "telegram": "5100000001",
    "snapchat": "jane.doe",
    "linkedin": "jane-doe-4a1b2c",
    "reddit": "jane_doe_ny",
    "mastodon": "janedoe@mastodon.social",
    "bluesky": bluesky_car.OWNER,
}
