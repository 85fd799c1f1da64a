"""Instagram HTML export parser: layouts, times, identities, text, provenance, JSON parity."""

from __future__ import annotations

import shutil
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import lxml.html
import pytest

from crawlers import exports
from crawlers.archive import Archive
from crawlers.errors import ArchiveError, SkipRecord
from crawlers.events import INTERACTION_TYPES, Interaction, Locator
from crawlers.exports import instagram, instagram_html
from crawlers.exports._meta_html import parse_date
from tests.helpers import DATA, contact_key, zip_folder

IG = DATA / "exports" / "instagram"
PAIRS = {"html-2025": "2025", "html-2022": "2021"}  # each HTML fixture mirrors a JSON one
ZOE = "your_instagram_activity/messages/inbox/zoelefevre_17841400000000001/message_1.html"
MATEO = "messages/inbox/mateogarcia_b3k9x2q7ld/message_1.html"
FOLLOWERS = "connections/followers_and_following/followers_1.html"
BOX = '<div class="pam _3-95 _2ph- _a6-g uiBoxWhite noborder">'
EXPECTED = {
    "html-2025": {
        ("instagram", "follow", "in"): 3,
        ("instagram", "follow_request", "in"): 2,
        ("instagram", "block", "out"): 2,
        ("instagram", "restrict", "out"): 1,
        ("threads", "follow", "in"): 2,
        ("threads", "follow_request", "in"): 1,
        ("instagram", "message", "in"): 4,  # 3 in the inbox thread + 1 reported conversation
        ("instagram", "message", "out"): 2,
        ("instagram", "unsent_message", "in"): 1,
        ("instagram", "reaction", "in"): 1,
        ("instagram", "reaction", "out"): 1,
        ("instagram", "story_reply", "in"): 1,
        ("instagram", "message_request", "in"): 1,
    },
    "html-2022": {
        ("instagram", "follow", "in"): 3,
        ("instagram", "follow_request", "in"): 1,
        ("instagram", "block", "out"): 1,
        ("instagram", "restrict", "out"): 1,
        ("instagram", "message", "in"): 2,
        ("instagram", "message", "out"): 1,
        ("instagram", "unsent_message", "in"): 1,
        ("instagram", "reaction", "out"): 1,
        ("instagram", "message_request", "in"): 1,
    },
}


def _parse(source: Path, **options: Any) -> list[Interaction]:
    with Archive(source) as archive:
        return list(instagram_html.parse(archive, **options))


def _counts(items: list[Interaction]) -> dict[tuple[str, str, str], int]:
    return dict(Counter((i.platform, i.type, i.direction) for i in items))


def _box_text(root: Path, locator: Locator) -> str:
    """The text of the index-th outermost record box, found by lxml independently."""
    page = lxml.html.fromstring((root / locator.path).read_text(encoding="utf-8"))
    boxes = page.xpath(
        "//*[contains(@class, '_a6-g')][not(ancestor::*[contains(@class, '_a6-g')])]"
    )
    assert locator.index is not None
    return boxes[locator.index].text_content()


@pytest.fixture(params=sorted(PAIRS))
def variant(request: pytest.FixtureRequest) -> Path:
    return IG / request.param


def test_detect_zip_and_folder(variant: Path, tmp_path: Path) -> None:
    for source in (variant, zip_folder(variant, tmp_path / "export.zip")):
        with Archive(source) as archive:
            assert instagram_html.detect(archive)
            assert not instagram.detect(archive)  # the JSON parser leaves it alone


def test_json_exports_are_not_claimed() -> None:
    for name in PAIRS.values():
        with Archive(IG / name) as archive:
            assert instagram.detect(archive) and not instagram_html.detect(archive)


def test_detect_refuses_facebook_html(tmp_path: Path) -> None:
    for inner in (
        "your_facebook_activity/messages/inbox/robmiller_1/message_1.html",
        "messages/inbox/robmiller_1/message_1.html",  # Facebook's ≤2021 layout
        "connections/friends/your_friends.html",
        "personal_information/profile_information/profile_information.html",
    ):
        (tmp_path / inner).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / inner).write_text("<html><body><main></main></body></html>")
    with Archive(tmp_path) as archive:
        assert not instagram_html.detect(archive)
        assert not instagram.detect(archive)


def test_counts_per_type_and_direction(variant: Path, tmp_path: Path) -> None:
    assert _counts(_parse(variant)) == EXPECTED[variant.name]
    assert _parse(zip_folder(variant, tmp_path / "export.zip")) == _parse(variant)


def test_same_records_as_the_json_export(variant: Path) -> None:
    """Type, direction, account, minute, target and text agree, so the store keeps one copy."""
    with Archive(IG / PAIRS[variant.name]) as archive:
        from_json = Counter(contact_key(i) for i in instagram.parse(archive))
    assert Counter(contact_key(i) for i in _parse(variant)) == from_json


def test_times_are_aware_utc_read_on_the_html_clock(variant: Path) -> None:
    items = _parse(variant)
    assert all(i.occurred_at.utcoffset() == timedelta(0) for i in items)
    assert all(i.occurred_at.second == 0 for i in items)  # the HTML shows minutes only
    by_key = {(str(i.locator), i.type): i.occurred_at for i in _parse(IG / "html-2025")}
    # "Jun 03, 2025 6:05 am" on the UTC-8 clock; the JSON says 14:05:09 UTC
    assert by_key[(f"{FOLLOWERS}#0", "follow")] == datetime(2025, 6, 3, 14, 5, tzinfo=UTC)
    assert by_key[(f"{ZOE}#1", "message")] == datetime(2025, 9, 20, 18, 0, tzinfo=UTC)
    # the reaction's own time, "(Sep 19, 2025 1:31 am)", not its message's
    assert by_key[(f"{ZOE}#3", "reaction")] == datetime(2025, 9, 19, 9, 31, tzinfo=UTC)
    old = {str(i.locator): i.occurred_at for i in _parse(IG / "html-2022") if i.type == "follow"}
    assert old["followers_and_following/followers.html#2"] == datetime(
        2021, 5, 22, 23, 59, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("shown", "expected"),
    [
        ("Mar 09, 2026 9:02 pm", datetime(2026, 3, 10, 5, 2, tzinfo=UTC)),
        ("Mar 9, 2026, 9:02 PM", datetime(2026, 3, 10, 5, 2, tzinfo=UTC)),  # before 2023
        ("Jan 01, 2026 12:30 am", datetime(2026, 1, 1, 8, 30, tzinfo=UTC)),  # midnight
        ("Jan 01, 2026 12:30 pm", datetime(2026, 1, 1, 20, 30, tzinfo=UTC)),  # noon
        ("jun. 07, 2024 5:44 am", datetime(2024, 6, 7, 13, 44, tzinfo=UTC)),  # Spanish
        ("ago 07, 2026 8:17 da tarde/noite", datetime(2026, 8, 8, 4, 17, tzinfo=UTC)),
        ("03. Sept. 2026, 21:33", datetime(2026, 9, 4, 5, 33, tzinfo=UTC)),  # day first
        ("Jun 26, 2026 9:05:20 am", datetime(2026, 6, 26, 17, 5, 20, tzinfo=UTC)),
        ("Aug 19, 2026 4:33 PM UTC+02:00", datetime(2026, 8, 19, 14, 33, tzinfo=UTC)),
        ("Aug 29, 2026 08:10 UTC", datetime(2026, 8, 29, 8, 10, tzinfo=UTC)),
    ],
)
def test_localized_dates(shown: str, expected: datetime) -> None:
    """Read on the fixed UTC-8 clock unless the text names its zone."""
    assert parse_date(shown, instagram_html.CLOCK) == expected


@pytest.mark.parametrize("shown", ["", "yesterday", "Xyz 26, 2026 9:05 am", "Feb 30, 2026 1:00"])
def test_unreadable_dates_are_refused(shown: str) -> None:
    with pytest.raises(SkipRecord):
        parse_date(shown, instagram_html.CLOCK)


def test_identities() -> None:
    items = _parse(IG / "html-2025")
    dms = [i for i in items if i.locator.path == ZOE]
    assert {i.account.display_name for i in dms} == {"Zoë Lefèvre"}
    assert all(i.account.handle is None and i.account.user_id is None for i in dms)
    assert {i.target for i in dms} == {"thread:zoelefevre_17841400000000001"}
    outgoing = sorted((i.type, i.text) for i in dms if i.direction == "out")
    assert outgoing == [
        ("message", "Hi Zoë! Café on Friday?"),
        ("message", "See you there!"),
        ("reaction", "❤️"),  # Jane reacted to Zoë's message
    ]
    follows = {(i.platform, i.account.handle): i.account.url for i in items if i.type == "follow"}
    assert follows[("instagram", "zoe.lefevre")] == "https://www.instagram.com/zoe.lefevre"
    assert follows[("threads", "kai.waves")] == "https://www.threads.net/@kai.waves"
    blocks = {i.account.handle for i in items if i.type == "block"}
    assert blocks == {"spam.deals.4u", "noisy.neighbor"}  # heading-only and link-only
    reported = [i for i in items if i.target == "reported:Deals Daily"]
    assert [i.account.display_name for i in reported] == ["Deals Daily"]


def test_entities_decoded_and_mojibake_repaired(tmp_path: Path) -> None:
    texts = {i.text for i in _parse(IG / "html-2025")}
    assert "Hi Zoë! Café on Friday?" in texts  # written as Zo&euml; and Caf&#233;
    old = {i.account.display_name for i in _parse(IG / "html-2022")}
    assert {"Mateo García", "Søren Holm"} <= old
    copy = shutil.copytree(IG / "html-2025", tmp_path / "copy")
    page = copy / ZOE
    # Meta's JSON-style mojibake (each UTF-8 byte as its own character), should a page carry it
    page.write_text(page.read_text(encoding="utf-8").encode().decode("latin-1"), "utf-8")
    items = [i for i in _parse(copy) if i.locator.path == ZOE]
    assert {i.account.display_name for i in items} == {"Zoë Lefèvre"}
    assert {"Look at this 😍", "❤️", "😂"} <= {(i.text or "").split("\n")[0] for i in items}


def test_locators_point_at_boxes_and_raw_is_the_box_as_written(variant: Path) -> None:
    items = _parse(variant)
    for item in items:
        source = (variant / item.locator.path).read_text(encoding="utf-8")
        assert item.raw in source and item.raw.startswith("<div") and item.raw.endswith("</div>")
        assert lxml.html.fragment_fromstring(item.raw).text_content() == _box_text(
            variant, item.locator
        )
    if variant.name == "html-2025":
        assert any("Zo&euml;" in i.raw for i in items)  # raw keeps entities exactly as written


def test_unsent_share_and_story_reply_kinds() -> None:
    kinds = {i.locator.index: i for i in _parse(IG / "html-2025") if i.locator.path == ZOE}
    assert kinds[2].type == "unsent_message" and kinds[2].text is None
    assert kinds[1].text == (
        "Look at this 😍\nSunset at the pier\nhttps://www.instagram.com/p/Cxyz123/"
    )
    assert kinds[5].type == "story_reply"
    share = [i for i in _parse(IG / "html-2022") if str(i.locator) == f"{MATEO}#1"]
    assert [i.text for i in share] == ["https://www.instagram.com/p/CPabc987/"]


def test_own_activity_is_not_inbound() -> None:
    paths = {i.locator.path for i in _parse(IG / "html-2025")}
    assert not any("story_interactions" in p or p.endswith("following.html") for p in paths)


def test_owner_found_from_threads_when_profile_is_missing(variant: Path, tmp_path: Path) -> None:
    copy = shutil.copytree(variant, tmp_path / "copy")
    for profile in copy.rglob("personal_information.html"):
        profile.unlink()
    assert _counts(_parse(copy)) == EXPECTED[variant.name]


def test_group_thread_has_no_single_counterpart(tmp_path: Path) -> None:
    copy = shutil.copytree(IG / "html-2025", tmp_path / "copy")
    group = copy / "your_instagram_activity/messages/inbox/bookclub_17841400000000009"
    group.mkdir()
    page = (copy / ZOE).read_text(encoding="utf-8").split("\n")
    header = (
        f'{BOX}<h2 class="_3-95 _2pim _a6-h _a6-i">Participants: Ana, Ben and Jane Doe</h2></div>'
    )
    boxes = [
        header,
        page[1].replace("See you there!", "Hello club"),  # Jane's: to no one person
        page[6].replace("Zoë Lefèvre", "Ana").replace("Reacted 🔥 to your story", "Hi!"),
    ]
    (group / "message_1.html").write_text("\n".join([page[0], *boxes, *page[-2:]]), "utf-8")
    items = [i for i in _parse(copy) if "bookclub" in i.locator.path]
    assert [(i.type, i.direction, i.account.display_name) for i in items] == [
        ("message", "in", "Ana")
    ]
    assert items[0].locator.index == 2


def test_malformed_boxes_are_skipped_and_the_rest_imported(tmp_path: Path) -> None:
    copy = shutil.copytree(IG / "html-2025", tmp_path / "copy")
    page = copy / FOLLOWERS
    lines = page.read_text(encoding="utf-8").split("\n")
    no_date = lines[1].replace("Jun 03, 2025 6:05 am", "sometime")
    no_name = (
        f'{BOX}<div class="_3-95 _a6-p"><div><div>Jun 03, 2025 6:05 am</div></div></div></div>'
    )
    page.write_text("\n".join([lines[0], lines[1], no_date, *lines[2:4], no_name, *lines[4:]]))
    skipped: list[Locator] = []
    items = _parse(copy, on_skip=lambda locator, reason: skipped.append(locator))
    key = ("instagram", "follow", "in")
    assert _counts(items) == {**EXPECTED["html-2025"], key: EXPECTED["html-2025"][key] + 1}
    assert [i.locator for i in items if i.occurred_at is None] == [Locator(FOLLOWERS, 1)]
    assert skipped == [Locator(FOLLOWERS, 4)]


def test_cut_off_file_ends_the_parse_naming_it(tmp_path: Path) -> None:
    """A truncated page is not silently shortened: the import must fail and change nothing."""
    copy = shutil.copytree(IG / "html-2025", tmp_path / "copy")
    broken = copy / ZOE.replace("message_1", "message_2")
    text = broken.read_text(encoding="utf-8")
    broken.write_text(text[: text.index("Merci")], encoding="utf-8")
    with pytest.raises(ArchiveError, match="message_2.html: cut off inside a record"):
        _parse(copy)


def test_gaps_are_declared_with_the_clock() -> None:
    assert set(instagram.GAPS) < set(instagram_html.GAPS)
    for gap in instagram_html.GAPS:
        assert gap.platform in {"instagram", "threads"}
        assert gap.advice and set(gap.kinds) <= set(INTERACTION_TYPES)
    assert any("UTC-8" in gap.advice and "JSON" in gap.advice for gap in instagram_html.GAPS)


def test_gaps_of_both_formats_are_told_once() -> None:
    told = exports.gaps(["instagram", "instagram_html"])
    assert len(told) == len(set(told)) == len(instagram_html.GAPS)


def test_a_box_of_the_wrong_shape_is_skipped_with_a_reason_and_the_rest_imported(
    tmp_path: Path,
) -> None:
    """Lists and tables where a name, a text or a date belongs cost that box only."""
    copy = shutil.copytree(IG / "html-2025", tmp_path / "copy")
    hostile = {
        ZOE: f'{BOX}<h2 class="_3-95 _2pim _a6-h _a6-i"><ul><li>Zoë</li><li>Lefèvre</li></ul>'
        '</h2><div class="_3-95 _a6-p"><table><tr><td>["hi", "there"]</td></tr></table></div>'
        '<div class="_3-94 _a6-o"><ul><li>[1758391300000]</li></ul></div></div>',
        FOLLOWERS: f'{BOX}<div class="_3-95 _a6-p"><div><div><table><tr><td><a href="">'
        "</a></td></tr></table></div><div><div>Jun 03, 2025</div><div>6:05 am</div></div>"
        "</div></div></div>",
    }
    for path, box in hostile.items():
        page = (copy / path).read_text(encoding="utf-8")
        first = page.index(BOX, page.index(BOX) + 1)  # the second box
        (copy / path).write_text(page[:first] + box + "\n" + page[first:], encoding="utf-8")
    skipped: dict[Locator, str] = {}
    items = _parse(copy, on_skip=lambda locator, reason: skipped.update({locator: reason}))
    assert _counts(items) == EXPECTED["html-2025"]
    assert set(skipped) == {Locator(ZOE, 1), Locator(FOLLOWERS, 1)}
    assert skipped[Locator(ZOE, 1)] == "unreadable date '[1758391300000]'"
    assert skipped[Locator(FOLLOWERS, 1)] == "no username in link, heading or table"
