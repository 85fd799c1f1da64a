"""Instagram export parser: both layouts, zip or folder, times, directions, repair, provenance."""

from __future__ import annotations

import json
import shutil
import zipfile
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from crawlers.archive import Archive
from crawlers.errors import ArchiveError
from crawlers.events import INTERACTION_TYPES, Interaction, Locator
from crawlers.exports import instagram
from tests.helpers import DATA, zip_folder

IG = DATA / "exports" / "instagram"
VARIANTS = ("2021", "2025", "2026")
EXPECTED = {
    "2026": {  # two "Instagram User" threads; a reaction written both ways
        ("instagram", "follow", "in"): 1,
        ("instagram", "message", "in"): 2,
        ("instagram", "message", "out"): 1,
        ("instagram", "reaction", "in"): 1,
    },
    "2025": {
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
    "2021": {
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
ZOE_THREAD = "your_instagram_activity/messages/inbox/zoelefevre_17841400000000001/message_1.json"


def _parse(source: Path, **options: Any) -> list[Interaction]:
    with Archive(source) as archive:
        return list(instagram.parse(archive, **options))


def _counts(items: list[Interaction]) -> dict[tuple[str, str, str], int]:
    return dict(Counter((i.platform, i.type, i.direction) for i in items))


def _record_at(root: Path, locator: Locator) -> Any:
    """The record a locator names, read independently of the parser."""
    document = json.loads((root / locator.path).read_text(encoding="utf-8"))
    assert locator.index is not None
    if isinstance(document, list):
        return document[locator.index]
    if "participants" in document:
        return document["messages"][locator.index]
    if len(document) == 1 and isinstance(next(iter(document.values())), list):
        return next(iter(document.values()))[locator.index]
    assert locator.index == 0  # a file holding a single record as an object
    return document


@pytest.fixture(params=VARIANTS)
def variant(request: pytest.FixtureRequest) -> Path:
    return IG / request.param


def test_detect_zip_and_folder(variant: Path, tmp_path: Path) -> None:
    for source in (variant, zip_folder(variant, tmp_path / "export.zip")):
        with Archive(source) as archive:
            assert instagram.detect(archive)


def test_detect_refuses_other_exports(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "follower.js").write_text("window.YTD.follower.part0 = []")
    inbox = tmp_path / "your_facebook_activity" / "messages" / "inbox" / "x_1"
    inbox.mkdir(parents=True)
    (inbox / "message_1.json").write_text('{"participants": [], "messages": []}')
    with Archive(tmp_path) as archive:
        assert not instagram.detect(archive)


def test_zip_folder_and_wrapping_folder_give_identical_results(
    variant: Path, tmp_path: Path
) -> None:
    from_folder = _parse(variant)
    assert _parse(zip_folder(variant, tmp_path / "export.zip")) == from_folder
    wrapped = tmp_path / "wrapped.zip"
    with zipfile.ZipFile(wrapped, "w") as zf:
        for item in sorted(p for p in variant.rglob("*") if p.is_file()):
            zf.write(
                item, f"instagram-jane.doe-2026-01-01-x/{item.relative_to(variant).as_posix()}"
            )
    assert _counts(_parse(wrapped)) == _counts(from_folder)


def test_counts_per_type_and_direction(variant: Path) -> None:
    assert _counts(_parse(variant)) == EXPECTED[variant.name]


def test_times_are_aware_utc_in_the_right_unit(variant: Path) -> None:
    items = _parse(variant)
    assert all(i.occurred_at.utcoffset() == timedelta(0) for i in items)
    assert all(2020 <= i.occurred_at.year <= 2026 for i in items)


def test_exact_times() -> None:
    by_key = {(str(i.locator), i.type): i.occurred_at for i in _parse(IG / "2025")}
    followers = "connections/followers_and_following/followers_1.json"
    assert by_key[(f"{followers}#0", "follow")] == datetime(2025, 6, 3, 14, 5, 9, tzinfo=UTC)
    assert by_key[(f"{ZOE_THREAD}#1", "message")] == datetime(2025, 9, 20, 18, 0, tzinfo=UTC)
    assert by_key[(f"{ZOE_THREAD}#3", "reaction")] == datetime(2025, 9, 19, 9, 31, tzinfo=UTC)
    old = {str(i.locator): i.occurred_at for i in _parse(IG / "2021") if i.type == "follow"}
    assert old["followers_and_following/followers.json#2"] == datetime(
        2021, 5, 22, 23, 59, 59, tzinfo=UTC
    )


def test_directions_and_counterparts() -> None:
    items = [i for i in _parse(IG / "2025") if i.locator.path == ZOE_THREAD]
    outgoing = sorted((i.type, i.text) for i in items if i.direction == "out")
    assert outgoing == [
        ("message", "Hi Zoë! Café on Friday?"),
        ("message", "See you there!"),
        ("reaction", "❤️"),  # Jane reacted to Zoë's message
    ]
    assert ("reaction", "😂") in [(i.type, i.text) for i in items if i.direction == "in"]
    # the other side of every DM interaction is Zoë, never the owner
    assert {i.account.display_name for i in items} == {"Zoë Lefèvre"}
    assert all(i.account.handle is None and i.account.user_id is None for i in items)
    assert {i.target for i in items} == {"thread:zoelefevre_17841400000000001"}
    blocks = {i.account.handle: i for i in _parse(IG / "2025") if i.type == "block"}
    assert set(blocks) == {"spam.deals.4u", "noisy.neighbor"}  # title-only and href-only


def test_mojibake_repaired_in_names_and_text(variant: Path) -> None:
    items = _parse(variant)
    names = {i.account.display_name for i in items if i.account.display_name}
    texts = " ".join(i.text or "" for i in items)
    if variant.name == "2025":
        assert "Zoë Lefèvre" in names
        assert "Look at this 😍" in texts and "🎉" in texts
    elif variant.name == "2026":
        assert names == {"Instagram User"} and "😡" in texts
    else:
        assert {"Mateo García", "Søren Holm"} <= names
        assert "¡Hola Jane! ¿Qué tal? 🌮" in texts
    assert not any(mark in " ".join(names) + texts for mark in ("Ã", "ð\x9f", "Â"))


def test_locators_point_at_records_and_raw_round_trips(variant: Path) -> None:
    items = _parse(variant)
    with Archive(variant) as archive:
        names = set(archive.names)
    for item in items:
        assert item.locator.path in names
        assert json.loads(item.raw) == _record_at(variant, item.locator)
    # raw keeps the text exactly as Meta wrote it
    assert any("Ã" in i.raw or "ð" in i.raw for i in items)


def test_own_activity_is_not_inbound() -> None:
    paths = {i.locator.path for i in _parse(IG / "2025")}
    assert not any("story_interactions" in p or p.endswith("following.json") for p in paths)


def test_unsent_share_and_story_reply_kinds() -> None:
    kinds = {i.locator.index: i for i in _parse(IG / "2025") if i.locator.path == ZOE_THREAD}
    assert kinds[2].type == "unsent_message" and kinds[2].text is None
    assert kinds[1].text is not None and "https://www.instagram.com/p/Cxyz123/" in kinds[1].text
    assert kinds[5].type == "story_reply"


def test_gaps_are_declared() -> None:
    assert instagram.GAPS
    for gap in instagram.GAPS:
        assert gap.platform in {"instagram", "threads"}
        assert gap.advice and set(gap.kinds) <= set(INTERACTION_TYPES)
    assert {"comment", "like"} <= {k for g in instagram.GAPS for k in g.kinds}


def test_owner_found_from_threads_when_profile_is_missing(variant: Path, tmp_path: Path) -> None:
    copy = shutil.copytree(variant, tmp_path / "copy")
    for profile in copy.rglob("personal_information.json"):
        profile.unlink()
    assert _counts(_parse(copy)) == EXPECTED[variant.name]


def test_malformed_records_are_skipped_and_the_rest_imported(tmp_path: Path) -> None:
    copy = shutil.copytree(IG / "2025", tmp_path / "copy")
    followers = copy / "connections/followers_and_following/followers_1.json"
    records = json.loads(followers.read_text())
    records.insert(1, {"title": "", "string_list_data": [{"value": "no.time"}]})
    records.insert(3, "not a record")
    followers.write_text(json.dumps(records))
    skipped: list[Locator] = []
    items = _parse(copy, on_skip=lambda locator, reason: skipped.append(locator))
    follows = EXPECTED["2025"][("instagram", "follow", "in")] + 1  # no time: kept undated
    assert _counts(items) == {**EXPECTED["2025"], ("instagram", "follow", "in"): follows}
    assert [i.account.handle for i in items if i.occurred_at is None] == ["no.time"]
    path = "connections/followers_and_following/followers_1.json"
    assert skipped == [Locator(path, 3)]


def test_unreadable_file_ends_the_parse_naming_it(tmp_path: Path) -> None:
    """A cut-off file is not silently skipped: the import must fail and change nothing."""
    copy = shutil.copytree(IG / "2025", tmp_path / "copy")
    broken = copy / ZOE_THREAD.replace("message_1", "message_2")
    broken.write_text('{"participants": [{"name": "x"}], "messages": [')
    with pytest.raises(ArchiveError, match="message_2.json: invalid JSON"):
        _parse(copy)


def test_demo_archive_parses_cleanly() -> None:
    demo = Path(__file__).resolve().parents[2] / "nocontact" / "data" / "demo" / "archive"
    skipped: list[Locator] = []
    items = _parse(next(demo.iterdir()), on_skip=lambda locator, reason: skipped.append(locator))
    assert not skipped
    handles = {i.account.handle for i in items}
    names = {i.account.display_name for i in items}
    assert {"rob.miller82", "r0b_m1ll3r", "bob.miller.82", "mary.m.miller"} <= handles
    assert {"Robert Miller", "Bobby Miller", "Miller Robert", "Mary Miller"} <= names
    assert len({i.account.key for i in items}) >= 63


def test_a_record_of_wrong_types_is_skipped_with_a_reason_and_the_rest_imported(
    tmp_path: Path,
) -> None:
    """Lists where texts belong (and the reverse) cost that record only, never the archive."""
    copy = shutil.copytree(IG / "2025", tmp_path / "copy")
    profile = copy / "personal_information/personal_information/personal_information.json"
    data = json.loads(profile.read_text(encoding="utf-8"))
    data["profile_user"][0]["string_map_data"]["Username"]["value"] = ["jane.doe"]
    profile.write_text(json.dumps(data), encoding="utf-8")
    thread = json.loads((copy / ZOE_THREAD).read_text(encoding="utf-8"))
    thread["participants"].append({"name": ["Jane Doe"]})
    thread["messages"].insert(
        1,
        {
            "sender_name": ["Zo\u00c3\u00ab Lef\u00c3\u00a8vre"],
            "timestamp_ms": [1758391300000],
            "content": {"text": "hello"},
            "reactions": "\u00e2\u009d\u00a4",
        },
    )
    (copy / ZOE_THREAD).write_text(json.dumps(thread), encoding="utf-8")
    skipped: dict[Locator, str] = {}
    items = _parse(copy, on_skip=lambda locator, reason: skipped.update({locator: reason}))
    assert _counts(items) == EXPECTED["2025"]
    assert set(skipped) == {Locator(ZOE_THREAD, 1), Locator(ZOE_THREAD)}
    assert "timestamp" in skipped[Locator(ZOE_THREAD, 1)]
    assert skipped[Locator(ZOE_THREAD)].startswith("participant 3 is not a name")
    zoe = {i.account.display_name for i in items if i.locator.path == ZOE_THREAD}
    assert zoe == {"Zoë Lefèvre"}  # the thread's other side, as before
