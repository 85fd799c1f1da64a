"""Messenger's end-to-end encrypted chats download: detection, owner, times, dedup with Facebook."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from crawlers import exports
from crawlers.archive import Archive
from crawlers.errors import ArchiveError
from crawlers.events import INTERACTION_TYPES, Interaction, Locator
from crawlers.exports import messenger
from tests.helpers import DATA, zip_folder

MS = DATA / "exports" / "messenger" / "2025"
CHAT = "messages/Robert Miller_1.json"
GROUP = "messages/Lake Placid trip_2.json"
EXPECTED = {
    ("message", "in"): 5,  # chat 3 (one media only) + group 2
    ("message", "out"): 1,  # Jane's reply in the 1:1 chat (a group has no single counterpart)
    ("unsent_message", "in"): 1,
    ("reaction", "in"): 1,  # Robert reacting in the group
    ("reaction", "out"): 1,  # Jane reacting to Robert
}


def _parse(source: Path, **options: Any) -> list[Interaction]:
    with Archive(source) as archive:
        return list(messenger.parse(archive, **options))


def _counts(items: list[Interaction]) -> dict[tuple[str, str], int]:
    return dict(Counter((i.type, i.direction) for i in items))


def test_detected_by_content_and_claims_no_other_download(tmp_path: Path) -> None:
    for source in (MS, zip_folder(MS, tmp_path / "messenger.zip")):
        with Archive(source) as archive:
            assert [p.NAME for p in exports.PARSERS if p.detect(archive)] == ["messenger"]
    others = [
        p for p in (DATA / "exports").glob("*/*") if p.is_dir() and p.parent.name != "messenger"
    ]
    assert others
    for folder in others:
        with Archive(folder) as archive:
            assert not messenger.detect(archive), folder


def test_renamed_files_are_still_recognised(tmp_path: Path) -> None:
    copy = tmp_path / "download"
    (copy / "x").mkdir(parents=True)
    shutil.copy(MS / CHAT, copy / "x" / "chat.json")
    (copy / "x" / "notes.json").write_text('{"participants": 3}')
    with Archive(copy) as archive:
        assert messenger.detect(archive)
    assert _counts(_parse(copy))[("message", "in")] == 3


def test_counts_per_type_and_direction() -> None:
    assert _counts(_parse(MS)) == EXPECTED


def test_owner_is_the_first_participant_and_others_are_names_only() -> None:
    items = _parse(MS)
    assert "Jane Doe" not in {i.account.display_name for i in items}
    assert {i.account.display_name for i in items if i.locator.path == CHAT} == {"Robert Miller"}
    assert {i.account.display_name for i in items if i.locator.path == GROUP} == {
        "Mary Miller",
        "Lucía Fernández",
        "Robert Miller",
    }
    assert all(
        i.platform == "facebook" and not (i.account.handle or i.account.user_id) for i in items
    )
    assert all(i.target is None for i in items)


def test_millisecond_times_in_utc() -> None:
    at = {(i.locator.index, i.type): i.occurred_at for i in _parse(MS) if i.locator.path == CHAT}
    assert at[(1, "message")] == datetime(2026, 3, 15, 22, 10, 5, 120000, tzinfo=UTC)
    assert at[(1, "reaction")] == at[(1, "message")]  # reactions carry no time of their own
    assert at[(0, "message")] == datetime(2026, 2, 20, 18, 45, 30, tzinfo=UTC)


def test_unsent_media_and_text() -> None:
    chat = {(i.locator.index, i.type): i for i in _parse(MS) if i.locator.path == CHAT}
    assert chat[(3, "unsent_message")].text is None
    assert chat[(4, "message")].text is None  # a photo only
    assert chat[(2, "message")].direction == "out"
    assert chat[(1, "reaction")].text == "👎" and chat[(1, "reaction")].direction == "out"
    group = [i.text for i in _parse(MS) if i.locator.path == GROUP]
    assert "¿Todo bien, Jane?" in group  # proper UTF-8 is left as it is


def test_raw_round_trips_to_the_record_at_the_locator() -> None:
    for item in _parse(MS):
        document = json.loads((MS / item.locator.path).read_text(encoding="utf-8"))
        assert item.locator.index is not None
        assert json.loads(item.raw) == document["messages"][item.locator.index]


def test_mojibake_is_repaired_if_present(tmp_path: Path) -> None:
    copy = shutil.copytree(MS, tmp_path / "copy")
    group = copy / GROUP
    text = group.read_text(encoding="utf-8")
    meta = json.dumps(json.loads(text.encode("utf-8").decode("latin-1")), ensure_ascii=True)
    group.write_text(meta, encoding="ascii")
    names = {i.account.display_name for i in _parse(copy)}
    assert "Lucía Fernández" in names


def test_malformed_messages_are_skipped(tmp_path: Path) -> None:
    copy = shutil.copytree(MS, tmp_path / "copy")
    chat = json.loads((copy / CHAT).read_text(encoding="utf-8"))
    chat["messages"][1:1] = [{"text": "no sender", "timestamp": 1}, ["not", "a", "message"]]
    chat["messages"].append({"senderName": "Robert Miller", "text": "no time"})
    (copy / CHAT).write_text(json.dumps(chat), encoding="utf-8")
    skipped: list[Locator] = []
    items = _parse(copy, on_skip=lambda loc, why: skipped.append(loc))
    # No sender name: kept, as the thread's unnamed sender; no time: kept, undated.
    assert _counts(items) == {**EXPECTED, ("message", "in"): EXPECTED[("message", "in")] + 2}
    assert skipped == [Locator(CHAT, 2)]
    assert [i.text for i in items if i.occurred_at is None] == ["no time"]
    unnamed = next(i for i in items if i.text == "no sender")
    assert unnamed.account.key == f"scoped:{CHAT}|sender name not given by the archive"


def test_a_cut_off_chat_ends_the_parse(tmp_path: Path) -> None:
    copy = shutil.copytree(MS, tmp_path / "copy")
    text = (copy / CHAT).read_text(encoding="utf-8")
    (copy / CHAT).write_text(text[: len(text) // 2], encoding="utf-8")
    with pytest.raises(ArchiveError, match="Robert Miller_1.json: invalid JSON"):
        _parse(copy)


def test_gaps_are_declared() -> None:
    assert messenger.GAPS
    for gap in messenger.GAPS:
        assert gap.platform == "facebook" and gap.advice
        assert set(gap.kinds) <= set(INTERACTION_TYPES)


def test_a_record_of_wrong_types_is_skipped_with_a_reason_and_the_rest_imported(
    tmp_path: Path,
) -> None:
    """Lists where texts belong (and the reverse) cost that record only."""
    copy = shutil.copytree(MS, tmp_path / "copy")
    chat = json.loads((copy / CHAT).read_text(encoding="utf-8"))
    chat["participants"].insert(1, ["Mary Miller"])
    bad = {"senderName": ["Robert Miller"], "timestamp": {"ms": 1}, "text": ["hi"]}
    chat["messages"].insert(1, bad)
    (copy / CHAT).write_text(json.dumps(chat), encoding="utf-8")
    skipped: dict[Locator, str] = {}
    items = _parse(copy, on_skip=lambda loc, why: skipped.update({loc: why}))
    assert _counts(items) == EXPECTED
    assert set(skipped) == {Locator(CHAT, 1), Locator(CHAT)}
    assert "timestamp" in skipped[Locator(CHAT, 1)]
    assert skipped[Locator(CHAT)].startswith("participant 2 is not a name")


def test_an_owner_entry_that_is_no_name_leaves_the_owner_unknown(tmp_path: Path) -> None:
    """The owner is the first participant: a malformed first entry must not promote the next
    one (the restrained person, often) to owner and turn their messages into the user's."""
    copy = shutil.copytree(MS, tmp_path / "copy")
    chat = json.loads((copy / CHAT).read_text(encoding="utf-8"))
    chat["participants"][0] = {"name": ["Jane Doe"]}
    (copy / CHAT).write_text(json.dumps(chat), encoding="utf-8")
    skipped: dict[Locator, str] = {}
    items = _parse(copy, on_skip=lambda loc, why: skipped.update({loc: why}))
    robert = [
        i for i in items if i.locator.path == CHAT and i.account.display_name == "Robert Miller"
    ]
    assert robert and all(i.direction == "in" for i in robert)
    assert skipped == {
        Locator(CHAT): "participant 1 is not a name; the chat's messages are read all the same"
    }
