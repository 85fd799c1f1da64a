"""Facebook JSON and HTML export parsers: layouts, times, identities, sentences, dedup."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from crawlers import exports
from crawlers.archive import Archive
from crawlers.errors import ArchiveError, SkipRecord
from crawlers.events import INTERACTION_TYPES, NO_SENDER_NAME, Interaction, Locator
from crawlers.exports import facebook, facebook_html
from crawlers.exports._facebook_dates import CLOCK, parse_date
from crawlers.exports._facebook_html_blocks import Head, read_blocks, read_head
from crawlers.exports._facebook_sentences import read_notification
from tests.helpers import DATA, zip_folder

FB = DATA / "exports" / "facebook"
IG = DATA / "exports" / "instagram"
PARSER = {
    "2026": facebook,
    "2025": facebook,
    "2021": facebook,
    "messages-only": facebook,
    "html-2025": facebook_html,
}
INBOX = "your_facebook_activity/messages/inbox/robertmiller_10158812345678901/message_1"
NOTIFICATIONS = "logged_information/notifications/notifications"
EXPECTED_2025 = {
    ("follow_request", "in"): 3,
    ("other", "in"): 3,  # 2 friends + 1 poke received
    ("other", "out"): 1,  # the owner's poke
    ("follow", "in"): 2,
    ("block", "out"): 1,
    ("comment", "in"): 2,
    ("like", "in"): 1,
    ("tag", "in"): 1,
    ("reaction", "in"): 2,  # one from a notification, one inside the inbox thread
    ("mention", "in"): 2,  # one sentence naming two people
    ("message", "in"): 4,  # inbox 2, archived 1, e2ee_cutover 1
    ("message", "out"): 3,
    ("message_request", "in"): 2,  # message_requests + filtered_threads
    ("unsent_message", "in"): 1,
}
EXPECTED = {
    "2026": {
        ("other", "in"): 2,  # friends, one dated in the year 2516
        ("follow", "in"): 3,  # followers_v3 entries carry no time: kept undated
        ("message", "in"): 5,  # 4 with an empty sender_name + 1 from "Facebook User"
        ("message", "out"): 2,  # one to a participant whose name is empty
        ("reaction", "in"): 1,  # written as a message and in reactions[] twice: one act
    },
    "messages-only": {
        ("message", "in"): 2,  # inbox, archived_threads
        ("message", "out"): 2,
        ("message_request", "in"): 2,  # message_requests, filtered_threads
        ("message_request", "out"): 2,
    },
    "2025": EXPECTED_2025,
    "2021": {
        ("follow_request", "in"): 2,
        ("other", "in"): 3,
        ("follow", "in"): 1,
        ("reply", "in"): 1,
        ("tag", "in"): 1,
        ("message", "in"): 1,
        ("message", "out"): 1,
        ("reaction", "out"): 1,
        ("message_request", "in"): 1,
    },
    # the HTML download of the same account, with fewer files chosen
    "html-2025": {
        **{k: v for k, v in EXPECTED_2025.items() if k != ("block", "out")},
        ("follow_request", "in"): 2,
        ("message", "in"): 2,
        ("message", "out"): 1,
        ("message_request", "in"): 1,
    },
}


def _parse(source: Path, parser: ModuleType, **options: Any) -> list[Interaction]:
    with Archive(source) as archive:
        return list(parser.parse(archive, **options))


def _counts(items: list[Interaction]) -> dict[tuple[str, str], int]:
    return dict(Counter((i.type, i.direction) for i in items))


@pytest.fixture(params=sorted(PARSER))
def variant(request: pytest.FixtureRequest) -> Path:
    return FB / request.param


def test_each_format_detects_only_its_own_download(variant: Path, tmp_path: Path) -> None:
    for source in (variant, zip_folder(variant, tmp_path / "facebook-jane.zip")):
        with Archive(source) as archive:
            found = [p.NAME for p in exports.PARSERS if p.detect(archive)]
        assert found == [PARSER[variant.name].NAME]


def test_instagram_and_facebook_never_claim_each_other() -> None:
    instagram_parsers = [p for p in exports.PARSERS if p.NAME.startswith("instagram")]
    for folder in sorted(p for p in IG.iterdir() if p.is_dir()):
        with Archive(folder) as archive:
            assert not facebook.detect(archive) and not facebook_html.detect(archive), folder
    for folder in sorted(p for p in FB.iterdir() if p.is_dir()):
        with Archive(folder) as archive:
            assert not any(p.detect(archive) for p in instagram_parsers), folder


def test_counts_per_type_and_direction(variant: Path) -> None:
    assert _counts(_parse(variant, PARSER[variant.name])) == EXPECTED[variant.name]


def test_zip_wrapping_folder_and_folder_give_the_same_records(
    variant: Path, tmp_path: Path
) -> None:
    parser = PARSER[variant.name]
    from_folder = _parse(variant, parser)
    assert _parse(zip_folder(variant, tmp_path / "export.zip"), parser) == from_folder
    wrapped = tmp_path / "wrapped.zip"
    with zipfile.ZipFile(wrapped, "w") as zf:
        for item in sorted(p for p in variant.rglob("*") if p.is_file()):
            zf.write(item, f"facebook-janedoe-2026-03-20/{item.relative_to(variant).as_posix()}")
    assert _counts(_parse(wrapped, parser)) == EXPECTED[variant.name]


def test_times_are_utc_in_the_unit_each_file_uses() -> None:
    json_items = {(str(i.locator), i.type): i.occurred_at for i in _parse(FB / "2025", facebook)}
    assert json_items[(f"{INBOX}.json#2", "message")] == datetime(
        2026, 3, 9, 21, 2, 13, 512000, tzinfo=UTC
    )  # timestamp_ms: milliseconds
    assert json_items[(f"{NOTIFICATIONS}.json#0", "comment")] == datetime(
        2026, 3, 9, 21, 10, 5, tzinfo=UTC
    )  # timestamp: seconds
    html_items = {
        (str(i.locator), i.type): i.occurred_at for i in _parse(FB / "html-2025", facebook_html)
    }
    # "Mar 09, 2026 1:02:13 pm" read on the UTC-8 clock: the same minute as the JSON message
    assert html_items[(f"{INBOX}.html#2", "message")] == datetime(2026, 3, 9, 21, 2, 13, tzinfo=UTC)
    old = {str(i.locator): i.occurred_at for i in _parse(FB / "2021", facebook)}
    assert old["friends/received_friend_requests.json#0"] == datetime(
        2021, 6, 1, 22, 30, 15, tzinfo=UTC
    )
    for items in (json_items, html_items, old):
        assert all(t.utcoffset() == timedelta(0) and 2019 <= t.year <= 2026 for t in items.values())


def test_other_people_are_known_by_display_name_only(variant: Path) -> None:
    items = _parse(variant, PARSER[variant.name])
    assert all(i.platform == "facebook" for i in items)
    assert all(
        i.account.display_name and not (i.account.handle or i.account.user_id or i.account.url)
        for i in items
    )
    assert "Jane Doe" not in {i.account.display_name for i in items}  # never the owner


def test_inbox_thread_directions_reactions_and_unsent() -> None:
    for source, parser, ext in (
        (FB / "2025", facebook, "json"),
        (FB / "html-2025", facebook_html, "html"),
    ):
        thread = {
            (i.locator.index, i.type): i
            for i in _parse(source, parser)
            if i.locator.path == f"{INBOX}.{ext}"
        }
        assert {i.account.display_name for i in thread.values()} == {"Robert Miller"}
        assert thread[(1, "message")].direction == "out"  # Jane's reply
        assert thread[(1, "reaction")].direction == "in" and thread[(1, "reaction")].text == "😡"
        assert thread[(0, "unsent_message")].text is None  # the placeholder is not content
        assert (
            thread[(3, "message")].text == "Look at this\nhttps://www.facebook.com/photo/?fbid=555"
        )
        assert all(i.target is None for i in thread.values())


def test_mojibake_repaired_and_raw_kept_as_written() -> None:
    items = _parse(FB / "2025", facebook)
    names = {i.account.display_name for i in items}
    texts = " ".join(i.text or "" for i in items)
    assert {"Lucía Fernández", "Ana Sánchez"} <= names
    assert "Jane, por favor contéstame 🙏 ¿Dónde estás?" in texts
    assert "Lucía Fernández comentó tu publicación: “¡Qué bonito! 🌸”" in texts
    assert not any(mark in " ".join(names) + texts for mark in ("Ã", "ð\x9f", "Â"))
    assert any("Ã" in i.raw for i in items)


def _json_record(root: Path, locator: Locator) -> Any:
    document = json.loads((root / locator.path).read_text(encoding="utf-8"))
    assert locator.index is not None
    if isinstance(document, dict) and "participants" in document:
        return document["messages"][locator.index]
    (records,) = [v for v in document.values() if isinstance(v, list)]
    return records[locator.index]


def test_locators_point_at_records_and_raw_round_trips(variant: Path) -> None:
    items = _parse(variant, PARSER[variant.name])
    with Archive(variant) as archive:
        assert {i.locator.path for i in items} <= set(archive.names)
        for path in {i.locator.path for i in items if path_is_html(i)}:
            with archive.open(path) as fh:
                blocks = {b.index: b.raw for b in read_blocks(fh, path)}
            written = (variant / path).read_text(encoding="utf-8")
            for item in (i for i in items if i.locator.path == path):
                assert item.raw == blocks[item.locator.index] and item.raw in written
    for item in items:
        if not path_is_html(item):
            assert json.loads(item.raw) == _json_record(variant, item.locator)


def path_is_html(item: Interaction) -> bool:
    return item.locator.path.endswith(".html")


def test_notifications_keep_the_sentence_and_link(variant: Path) -> None:
    skipped: list[tuple[Locator, str]] = []
    items = _parse(
        variant, PARSER[variant.name], on_skip=lambda loc, why: skipped.append((loc, why))
    )
    notified = [i for i in items if "notifications" in i.locator.path]
    assert all(i.direction == "in" and i.text and i.target for i in notified)
    ext = "html" if variant.name.startswith("html") else "json"
    if variant.name in ("2025", "html-2025"):
        assert [str(loc) for loc, _ in skipped] == [f"{NOTIFICATIONS}.{ext}#6"]
        assert "You have memories" in skipped[0][1]  # not contact: skipped, never guessed


@pytest.mark.parametrize(
    ("sentence", "kind", "actors"),
    [
        ("Robert Miller commented on your post.", "comment", ["Robert Miller"]),
        ("A Robert Miller le gustó tu publicación.", "like", ["Robert Miller"]),
        ("Robert Miller comentó tu publicación.", "comment", ["Robert Miller"]),
        ("Robert Miller te etiquetó en una publicación.", "tag", ["Robert Miller"]),
        ("Robert Miller te mencionó en un comentario.", "mention", ["Robert Miller"]),
        ("Robert Miller y 3 personas más reaccionaron a tu foto.", "reaction", ["Robert Miller"]),
        (
            "Robert Miller, Mary Miller and 4 others commented on your post.",
            "comment",
            ["Robert Miller", "Mary Miller"],
        ),
        ("Robert Miller likes your photo.", "like", ["Robert Miller"]),
        ("Robert Miller replied to your comment.", "reply", ["Robert Miller"]),
        ("Robert Miller respondió a tu comentario.", "reply", ["Robert Miller"]),
        ("Robert Miller replied to your story.", "story_reply", ["Robert Miller"]),
        ("Robert Miller sent you a friend request.", "follow_request", ["Robert Miller"]),
        ("Robert Miller te envió una solicitud de amistad.", "follow_request", ["Robert Miller"]),
        ("Robert Miller shared your post.", "share", ["Robert Miller"]),
        ("Robert Miller compartió tu publicación.", "share", ["Robert Miller"]),
        ("Robert Miller started following you.", "follow", ["Robert Miller"]),
        ("Robert Miller poked you.", "other", ["Robert Miller"]),
        ("Robert Miller te dio un toque.", "other", ["Robert Miller"]),
        ("Robert Miller also commented on Mary Miller's post.", "other", ["Robert Miller"]),
        ("Miller R. commented on your post.", "comment", ["Miller R."]),  # the initial's stop
        ("Ana G. y Liesl S. comentaron en tu publicación.", "comment", ["Ana G.", "Liesl S."]),
        ("Ana Cruz and Robert Miller like your video.", "like", ["Ana Cruz", "Robert Miller"]),
        (
            "Ana Cruz and Robert Miller are now following you.",
            "follow",
            ["Ana Cruz", "Robert Miller"],
        ),
        (
            "Rosario de los Santos Jr. reacted to your status.",
            "reaction",
            ["Rosario de los Santos Jr."],
        ),
        ("José Ortega y Gasset comentó tu publicación.", "comment", ["José Ortega y Gasset"]),
        ("Ana Cruz y Luis Gil comentaron tu publicación.", "comment", ["Ana Cruz", "Luis Gil"]),
        (
            "Evy Coreth von und zu Coredo und Starkenberg reacted to your post.",
            "reaction",
            ["Evy Coreth von und zu Coredo und Starkenberg"],
        ),
    ],
)
def test_notification_sentences_in_english_and_spanish(
    sentence: str, kind: str, actors: list[str]
) -> None:
    notice = read_notification(sentence)
    assert notice is not None and (notice.type, list(notice.actors)) == (kind, actors)


@pytest.mark.parametrize(
    "sentence",
    [
        "You have new posts in Lake Placid Friends.",
        "Tienes recuerdos con Robert Miller para volver a ver hoy.",
        "Du har nye opslag i ITU Students - Jobs & Internships.",  # Danish: not guessed at
        "Your post is getting more views than usual.",
    ],
)
def test_unknown_sentences_name_nobody(sentence: str) -> None:
    assert read_notification(sentence) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mar 09, 2026 9:02:13 pm", datetime(2026, 3, 9, 21, 2, 13)),
        ("Mar 09, 2026 12:02:13 am", datetime(2026, 3, 9, 0, 2, 13)),
        ("9 mar 2026, 21:02", datetime(2026, 3, 9, 21, 2)),
        ("9 de marzo de 2026 a las 21:02", datetime(2026, 3, 9, 21, 2)),
        ("mar. 09, 2026 9:02:13 p. m.", datetime(2026, 3, 9, 21, 2, 13)),
        ("Friday, May 1, 2015 at 9:56AM", datetime(2015, 5, 1, 9, 56)),
        ("1月 19, 2026 6:46:46 PM", datetime(2026, 1, 19, 18, 46, 46)),
        ("09/03/2026, 21:02", datetime(2026, 3, 9, 21, 2)),  # day first
    ],
)
def test_localized_html_dates_on_the_assumed_clock(text: str, expected: datetime) -> None:
    assert parse_date(text, UTC) == expected.replace(tzinfo=UTC)
    assert parse_date(text) == expected.replace(tzinfo=CLOCK)  # no zone named: UTC-8
    assert parse_date(text).utcoffset() == timedelta(0)


def test_a_named_zone_wins_over_the_assumed_clock() -> None:
    at = parse_date("Friday, 28 February 2014 at 15:14 UTC+05:30")
    assert at == datetime(2014, 2, 28, 9, 44, tzinfo=UTC)
    assert parse_date("Mar 09, 2026 9:02 pm UTC") == datetime(2026, 3, 9, 21, 2, tzinfo=UTC)


@pytest.mark.parametrize("text", ["", "yesterday", "Foo 09, 2026 9:02 pm", "Mar 09, 2026 13:02 pm"])
def test_unreadable_dates_skip_the_record(text: str) -> None:
    with pytest.raises(SkipRecord):
        parse_date(text)


def test_malformed_records_are_skipped_and_the_rest_imported(tmp_path: Path) -> None:
    copy = shutil.copytree(FB / "2025", tmp_path / "copy")
    friends = copy / "connections/friends/your_friends.json"
    data = json.loads(friends.read_text())
    data["friends_v2"][1:1] = [{"name": "No Time"}, "not a record", {"timestamp": 1773090000}]
    friends.write_text(json.dumps(data))
    inbox = copy / f"{INBOX}.json"
    thread = json.loads(inbox.read_text())
    thread["messages"].insert(0, {"content": "who sent this?", "timestamp_ms": 1773090000000})
    inbox.write_text(json.dumps(thread))
    skipped: list[Locator] = []
    items = _parse(copy, facebook, on_skip=lambda loc, why: skipped.append(loc))
    # A friend without a time is kept undated; a message without a sender name is kept too.
    expected_counts = {**EXPECTED_2025, ("other", "in"): 4, ("message", "in"): 5}
    assert _counts(items) == expected_counts
    undated = [i for i in items if i.occurred_at is None]
    assert [i.account.display_name for i in undated] == ["No Time"]
    unnamed = next(i for i in items if i.text == "who sent this?")
    assert unnamed.account.display_name == NO_SENDER_NAME
    path = "connections/friends/your_friends.json"
    assert {Locator(path, n) for n in (2, 3)} <= set(skipped)
    assert Locator(path, 1) not in skipped


def test_notifications_of_two_people_and_names_ending_in_jr_keep_everyone(tmp_path: Path) -> None:
    """'A and B like your video.' names two people who liked (the plural verb), and a name
    ending in an abbreviation keeps its full stop: both were lost or altered before."""
    copy = shutil.copytree(FB / "2025", tmp_path / "copy")
    notes = copy / "logged_information/notifications/notifications.json"
    data = json.loads(notes.read_text())
    data["notifications_v2"] += [
        {
            "timestamp": 1773200000,
            "unread": False,
            "href": "https://www.facebook.com/x/videos/1",
            "text": "Erica Flores and Tomas Lind like your video.",
        },
        {
            "timestamp": 1773200100,
            "unread": False,
            "href": "https://www.facebook.com/x/posts/2",
            "text": "Rosario de los Santos Jr. reacted to your status.",
        },
    ]
    notes.write_text(json.dumps(data))
    items = _parse(copy, facebook)
    liked = {i.account.display_name for i in items if i.occurred_at and i.type == "like"}
    assert {"Erica Flores", "Tomas Lind"} <= liked
    names = {i.account.display_name for i in items}
    assert "Rosario de los Santos Jr." in names and "Rosario de los Santos Jr" not in names


OLD_PAGE = """<html><head><title>Robert Miller</title></head><body><div role="main">
<div class="_3b0d">Robert Miller</div><div class="_2lek">Participants: Robert Miller, Jane Doe</div>
<div class="pam _3-95 _2pi0 _2lej uiBoxWhite noborder"><div class="_3-96 _2pio _2lek _2lel">
Robert Miller</div><div class="_3-96 _2let"><div><div></div><div>Hola &amp; adi&oacute;s<br>
bye</div><div></div></div></div><div class="_3-94 _2lem">Jun 06, 2021 10:00:00 am</div></div>
<!-- a comment with <section class="_a6-g"> inside --><script>if (a<b) {}</script>
</div></body></html>"""


def test_pre_2022_html_classes_are_read() -> None:
    head = read_head(io.BytesIO(OLD_PAGE.encode()), "old")
    assert head == Head("Robert Miller", ("Robert Miller", "Jane Doe"))
    (block,) = read_blocks(io.BytesIO(OLD_PAGE.encode()), "old")
    assert (block.header, block.body, block.date) == (
        "Robert Miller",
        "Hola & adiós\nbye",
        "Jun 06, 2021 10:00:00 am",
    )
    assert block.raw.startswith('<div class="pam') and block.raw.endswith("</div></div>")


def test_unreadable_file_ends_the_parse_naming_it(tmp_path: Path) -> None:
    copy = shutil.copytree(FB / "2025", tmp_path / "copy")
    (copy / f"{INBOX}.json").write_text('{"participants": [{"name": "x"}], "messages": [')
    with pytest.raises(ArchiveError, match="message_1.json: invalid JSON"):
        _parse(copy, facebook)
    html = shutil.copytree(FB / "html-2025", tmp_path / "html")
    page = html / f"{INBOX}.html"
    page.write_text(page.read_text(encoding="utf-8")[:1500], encoding="utf-8")
    with pytest.raises(ArchiveError, match="message_1.html: the page ends inside a record"):
        _parse(html, facebook_html)


def test_owner_found_from_threads_when_the_profile_is_missing(
    variant: Path, tmp_path: Path
) -> None:
    copy = shutil.copytree(variant, tmp_path / "copy")
    for profile in copy.rglob("profile_information.*"):
        profile.unlink()
    assert _counts(_parse(copy, PARSER[variant.name])) == EXPECTED[variant.name]


def test_instagram_threads_beside_a_facebook_export_are_not_read(tmp_path: Path) -> None:
    """Both ≤2021 exports hold messages/inbox/…; only Facebook's folder is Facebook's."""
    both = tmp_path / "both"
    shutil.copytree(FB / "2021", both / "facebook-jane")
    shutil.copytree(IG / "2021", both / "instagram-jane")
    items = _parse(both, facebook)
    assert _counts(items) == EXPECTED["2021"]
    assert all(i.locator.path.startswith("facebook-jane/") for i in items)


def test_gaps_are_declared() -> None:
    for parser in (facebook, facebook_html):
        assert parser.GAPS and all(g.platform == "facebook" and g.advice for g in parser.GAPS)
        assert all(set(g.kinds) <= set(INTERACTION_TYPES) for g in parser.GAPS)
    assert any("time zone" in g.advice and "UTC-08:00" in g.advice for g in facebook_html.GAPS)
    assert any("encrypted" in g.advice for g in facebook.GAPS)


def test_a_record_of_wrong_types_is_skipped_with_a_reason_and_the_rest_imported(
    tmp_path: Path,
) -> None:
    """Lists where texts belong (and the reverse) cost that record only, never the thread."""
    copy = shutil.copytree(FB / "2025", tmp_path / "copy")
    inbox = copy / f"{INBOX}.json"
    thread = json.loads(inbox.read_text(encoding="utf-8"))
    thread["participants"].append(["Jane Doe"])
    thread["messages"].insert(
        1,
        {
            "sender_name": {"name": "Robert Miller"},
            "timestamp_ms": ["1773090400000"],
            "content": ["hi"],
            "reactions": "\u00f0\u009f\u0098\u00a1",
        },
    )
    inbox.write_text(json.dumps(thread), encoding="utf-8")
    skipped: dict[Locator, str] = {}
    items = _parse(copy, facebook, on_skip=lambda loc, why: skipped.update({loc: why}))
    assert _counts(items) == EXPECTED_2025
    path = f"{INBOX}.json"
    before: list[Locator] = []  # the fixture's own odd notification
    _parse(FB / "2025", facebook, on_skip=lambda loc, why: before.append(loc))
    assert set(skipped) - set(before) == {Locator(path, 1), Locator(path)}
    assert "timestamp" in skipped[Locator(path, 1)]
    assert skipped[Locator(path)].startswith("participant 3 is not a name")
    robert = {i.account.display_name for i in items if i.locator.path == path}
    assert robert == {"Robert Miller"}  # the thread's other side, as before


def test_a_section_of_the_wrong_shape_is_skipped_with_a_reason_and_the_rest_imported(
    tmp_path: Path,
) -> None:
    copy = shutil.copytree(FB / "html-2025", tmp_path / "copy")
    page = copy / f"{INBOX}.html"
    text = page.read_text(encoding="utf-8")
    second = text.index('<section class="_a6-g">', text.index('<section class="_a6-g">') + 1)
    hostile = (
        '<section class="_a6-g"><h2 class="_2ph_ _a6-h _a6-i"><ul><li>Robert</li><li>Miller'
        '</li></ul></h2><div class="_2ph_ _a6-p"><table><tr><td>["hi"]</td></tr></table></div>'
        '<footer class="_3-94 _a6-o"><div class="_a72d"><ul><li>[1773090400000]</li></ul>'
        "</div></footer></section>\n"
    )
    page.write_text(text[:second] + hostile + text[second:], encoding="utf-8")
    skipped: dict[Locator, str] = {}
    items = _parse(copy, facebook_html, on_skip=lambda loc, why: skipped.update({loc: why}))
    assert _counts(items) == _counts(_parse(FB / "html-2025", facebook_html))
    before: list[Locator] = []  # the fixture's own odd notification
    _parse(FB / "html-2025", facebook_html, on_skip=lambda loc, why: before.append(loc))
    assert set(skipped) - set(before) == {Locator(f"{INBOX}.html", 1)}
    assert "[1773090400000]" in skipped[Locator(f"{INBOX}.html", 1)]
