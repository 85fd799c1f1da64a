"""Issue 13, items 1–6: records the parsers lost on real-shaped downloads of 2018–2026."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from crawlers import exports
from crawlers.archive import Archive
from crawlers.events import NO_SENDER_NAME, Interaction
from tests.helpers import DATA, zip_folder

FB = DATA / "exports" / "facebook"
ROBERT = "your_facebook_activity/messages/inbox/robertmiller_10158812345678901/message_1.json"


def _parse(source: Path) -> list[Interaction]:
    with Archive(source) as archive:
        return [i for parser in exports.detect(archive) for i in parser.parse(archive)]


def test_1_facebook_followers_without_dates_are_kept_undated() -> None:
    follows = [i for i in _parse(FB / "2026") if i.type == "follow"]
    assert len(follows) == 3
    assert all(i.occurred_at is None and not i.implausible_time for i in follows)
    assert {i.account.display_name for i in follows} == {
        "Rob M1ller",
        "Lucía Fernández",
        "Facebook User",
    }


def test_2_a_messages_only_facebook_download_is_recognised(tmp_path: Path) -> None:
    folder = FB / "messages-only"
    for source in (folder, zip_folder(folder, tmp_path / "facebook-messages.zip")):
        with Archive(source) as archive:
            assert [p.NAME for p in exports.detect(archive)] == ["facebook"]
    boxes = {i.locator.path.split("/")[1] for i in _parse(folder)}
    assert boxes == {"inbox", "message_requests", "filtered_threads", "archived_threads"}


def test_3_x_2018_archive_with_top_level_files_and_millisecond_strings(tmp_path: Path) -> None:
    source = zip_folder(DATA / "exports" / "x" / "2018", tmp_path / "twitter-2018-08-20.zip")
    with Archive(source) as archive:
        assert [p.NAME for p in exports.detect(archive)] == ["x"]
    items = _parse(source)
    received = next(i for i in items if i.type == "message" and i.direction == "in")
    assert received.occurred_at == datetime(2018, 8, 13, 5, 36, 7, 670000, tzinfo=UTC)
    assert received.account.user_id == "1500000000000000082"
    sent = next(i for i in items if i.direction == "out")
    assert sent.account.user_id == "1500000000000000082"  # the owner is read from account.js
    follows = [i for i in items if i.type == "follow"]
    assert len(follows) == 2 and {i.occurred_at for i in follows} == {None}


def test_4_a_reaction_written_as_a_message_and_in_reactions_is_one_act() -> None:
    fb = [i for i in _parse(FB / "2026") if i.type == "reaction"]
    assert [(i.account.display_name, i.text) for i in fb] == [("Robert Miller", "❤")]
    ig = [i for i in _parse(DATA / "exports" / "instagram" / "2026") if i.type == "reaction"]
    assert [(i.account.display_name, i.text) for i in ig] == [("Instagram User", "😡")]


def test_5_messages_with_an_empty_sender_name_are_contact_keyed_by_thread() -> None:
    items = _parse(FB / "2026")
    unnamed = [i for i in items if i.account.display_name == NO_SENDER_NAME]
    in_robert = [i for i in unnamed if i.locator.path == ROBERT]
    assert [i.text for i in in_robert] == [
        "You can't ignore me forever",
        "Answer me Janie-bean",
        "Are you there?",
    ]
    assert all(i.direction == "in" for i in in_robert)
    key = "scoped:inbox/robertmiller_10158812345678901|sender name not given by the archive"
    assert {i.account.key for i in in_robert} == {key}
    # a thread whose other participant's name is empty: both sides' messages are kept
    other = sorted((i.direction, i.text) for i in unnamed if i.locator.path != ROBERT)
    assert other == [("in", "guess who"), ("out", "Who is this?")]
    assert len({i.account.key for i in unnamed}) == 2  # one account per thread


def test_6_placeholder_names_are_one_account_per_thread() -> None:
    items = _parse(DATA / "exports" / "instagram" / "2026")
    keys = {i.account.key for i in items if i.account.display_name == "Instagram User"}
    assert keys == {
        "scoped:thread:instagramuser_17841400000000001|Instagram User",
        "scoped:thread:instagramuser_17841400000000002|Instagram User",
    }
    fb = {i.account.key for i in _parse(FB / "2026") if i.account.display_name == "Facebook User"}
    assert len(fb) == 2  # the follower and the thread: two people, as far as anyone can tell


_BOX = '<div class="pam _3-95 _2ph- _a6-g uiBoxWhite noborder">'
_IG_HTML_THREAD = f"""<html><head><title>Instagram User</title></head><body><main>
{_BOX}<h2 class="_3-95 _2pim _a6-h _a6-i">Instagram User</h2><div class="_3-95 _a6-p"><div>
<div></div><div>Reacted 😡 to your message</div><div></div><div></div></div></div>
<div class="_3-94 _a6-o">Mar 30, 2026 4:05 pm</div></div>
{_BOX}<h2 class="_3-95 _2pim _a6-h _a6-i">Jane Doe</h2><div class="_3-95 _a6-p"><div>
<div></div><div>Do not contact me.</div><div></div><div><ul class="_a6-q">
<li><span>😡Instagram User</span></li><li><span>😡Instagram User</span></li></ul></div></div></div>
<div class="_3-94 _a6-o">Mar 30, 2026 4:04 pm</div></div>
</main></body></html>"""


def test_4_the_html_download_counts_the_same_reaction_once(tmp_path: Path) -> None:
    page = tmp_path / "your_instagram_activity/messages/inbox/instagramuser_1/message_1.html"
    page.parent.mkdir(parents=True)
    page.write_text(_IG_HTML_THREAD, encoding="utf-8")
    reactions = [i for i in _parse(tmp_path) if i.type == "reaction"]
    assert [(i.account.display_name, i.text, i.direction) for i in reactions] == [
        ("Instagram User", "😡", "in")
    ]
