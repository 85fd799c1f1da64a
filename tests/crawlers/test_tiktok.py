"""TikTok export parser: both key vocabularies, chats both ways, zone-less dates, streaming."""

from __future__ import annotations

import json
import shutil
import tracemalloc
import zipfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from crawlers import exports
from crawlers.archive import Archive
from crawlers.errors import ArchiveError
from crawlers.events import INTERACTION_TYPES, Interaction, Locator
from crawlers.exports import instagram, tiktok
from tests.helpers import DATA, zip_folder

TT = DATA / "exports" / "tiktok"
IG = DATA / "exports" / "instagram"
FILE = {"2025": "user_data_tiktok.json", "2022": "user_data.json"}
EXPECTED = {
    "2025": {("follow", "in"): 3, ("block", "out"): 1, ("message", "in"): 2, ("message", "out"): 2},
    "2022": {("follow", "in"): 2, ("block", "out"): 1, ("message", "in"): 1, ("message", "out"): 1},
}


def _parse(source: Path, **options: Any) -> list[Interaction]:
    with Archive(source) as archive:
        return list(tiktok.parse(archive, **options))


def _counts(items: list[Interaction]) -> dict[tuple[str, str], int]:
    return dict(Counter((i.type, i.direction) for i in items))


def _get(data: dict[str, Any], *names: str) -> Any:
    """The first of several alternative keys present (new vocabulary, then old)."""
    return next(data[name] for name in names if name in data)


def _record_at(document: dict[str, Any], item: Interaction) -> Any:
    """The record a locator names, found independently of the parser: the list by type."""
    index = item.locator.index
    assert index is not None
    if item.type == "follow":
        activity = _get(document, "Your Activity", "Activity")
        return _get(activity, "Follower", "Follower List")["FansList"][index]
    if item.type == "block":
        return _get(document["App Settings"], "Block List", "Block")["BlockList"][index]
    chats = _get(
        _get(document, "Direct Message", "Direct Messages"), "Direct Messages", "Chat History"
    )
    assert item.target is not None and item.target.startswith("chat:")
    return chats["ChatHistory"][f"Chat History with {item.target[5:]}:"][index]


@pytest.fixture(params=sorted(EXPECTED))
def variant(request: pytest.FixtureRequest) -> Path:
    return TT / request.param


def test_detect_own_export_only(variant: Path, tmp_path: Path) -> None:
    for source in (variant, zip_folder(variant, tmp_path / "TikTok_Data.zip")):
        with Archive(source) as archive:
            assert [p.NAME for p in exports.detect(archive)] == ["tiktok"]
            assert not instagram.detect(archive)
    for folder in sorted(p for p in IG.iterdir() if p.is_dir()):
        with Archive(folder) as archive:
            assert not tiktok.detect(archive), folder


@pytest.mark.parametrize(
    "content", ['{"name": "some other app"}', '[{"Date": "2025-01-01"}]', '"Your Activity"', "x"]
)
def test_detect_refuses_other_files_of_that_name(tmp_path: Path, content: str) -> None:
    (tmp_path / "user_data.json").write_text(content)
    with Archive(tmp_path) as archive:
        assert not tiktok.detect(archive)


def test_counts_per_type_and_direction(variant: Path) -> None:
    assert _counts(_parse(variant)) == EXPECTED[variant.name]


def test_zip_and_folder_give_identical_results(variant: Path, tmp_path: Path) -> None:
    assert _parse(zip_folder(variant, tmp_path / "TikTok_Data.zip")) == _parse(variant)


def test_zone_less_dates_are_read_as_utc() -> None:
    at = {(i.type, i.account.handle, i.text): i.occurred_at for i in _parse(TT / "2025")}
    assert at[("follow", "r0b.m1ller", None)] == datetime(2026, 10, 1, 9, 31, 12, tzinfo=UTC)
    assert at[("block", "rob.miller82", None)] == datetime(2026, 4, 2, 21, 24, 35, tzinfo=UTC)
    said = ("message", "robmiller_1982", "Who is this?")
    assert at[said] == datetime(2026, 9, 17, 19, 2, 10, tzinfo=UTC)
    old = {(i.type, i.direction): i.occurred_at for i in _parse(TT / "2022")}
    assert old[("message", "in")] == datetime(2022, 5, 4, 22, 10, tzinfo=UTC)


def test_chat_directions_and_partners() -> None:
    chats = sorted(
        (i.target, i.direction, i.account.handle, i.text)
        for i in _parse(TT / "2025")
        if i.type == "message"
    )
    rob = "chat:robmiller_1982"
    assert chats == [
        ("chat:mia.k_reads", "out", "mia.k_reads", "Loved your video! 🎉"),
        (rob, "in", "robmiller_1982", "Hey Janie-bean, remember Lake Placid?"),
        (rob, "in", "robmiller_1982", "https://www.tiktokv.com/share/video/7400000000000000001/"),
        (rob, "out", "robmiller_1982", "Who is this?"),
    ]


def test_accounts_are_usernames_only(variant: Path) -> None:
    accounts = {i.account for i in _parse(variant)}
    assert all(a.platform == "tiktok" and a.handle for a in accounts)
    assert all(a.user_id is None and a.url is None and a.display_name is None for a in accounts)
    follows = [i.account.handle for i in _parse(variant) if i.type == "follow"]
    expected = {"2025": ["r0b.m1ller", "mia.k_reads", "robmiller_1982"]}
    assert follows == expected.get(variant.name, ["bobby.m.82", "sam_the_baker"])


def test_locators_point_at_records_and_raw_round_trips(variant: Path) -> None:
    document = json.loads((variant / FILE[variant.name]).read_text(encoding="utf-8"))
    for item in _parse(variant):
        assert item.locator.path == FILE[variant.name]
        assert json.loads(item.raw) == _record_at(document, item)


def test_own_comments_likes_and_following_are_not_inbound(variant: Path) -> None:
    items = _parse(variant)
    assert {i.type for i in items} == {"follow", "block", "message"}
    assert "So cute!" not in {i.text for i in items}


def test_lowercase_key_variants_read_alike(variant: Path, tmp_path: Path) -> None:
    def lower(value: Any) -> Any:
        if isinstance(value, dict):
            return {k.lower(): lower(v) for k, v in value.items()}
        return [lower(v) for v in value] if isinstance(value, list) else value

    name = FILE[variant.name]
    document = json.loads((variant / name).read_text(encoding="utf-8"))
    (tmp_path / name).write_text(json.dumps(lower(document)), encoding="utf-8")
    as_read = [(i.type, i.direction, i.account, i.occurred_at, i.text) for i in _parse(variant)]
    lowered = _parse(tmp_path)
    assert [(i.type, i.direction, i.account, i.occurred_at, i.text) for i in lowered] == as_read


def test_a_third_sender_in_a_chat_is_inbound_from_them(tmp_path: Path) -> None:
    copy = shutil.copytree(TT / "2022", tmp_path / "copy")
    path = copy / "user_data.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    chat = document["Direct Messages"]["Chat History"]["ChatHistory"][
        "Chat History with bobby.m.82:"
    ]
    chat.append({"Date": "2022-05-04 22:20:00", "From": "sam_the_baker", "Content": "hi all"})
    path.write_text(json.dumps(document), encoding="utf-8")
    last = _parse(copy)[-1]
    assert (last.direction, last.account.handle, last.target) == (
        "in",
        "sam_the_baker",
        "chat:bobby.m.82",
    )


def test_without_a_profile_the_partners_messages_are_still_inbound(tmp_path: Path) -> None:
    copy = shutil.copytree(TT / "2025", tmp_path / "copy")
    path = copy / "user_data_tiktok.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    del document["Profile"]
    path.write_text(json.dumps(document), encoding="utf-8")
    assert _counts(_parse(copy)) == EXPECTED["2025"]


def test_malformed_records_are_skipped_and_the_rest_imported(tmp_path: Path) -> None:
    copy = shutil.copytree(TT / "2025", tmp_path / "copy")
    path = copy / "user_data_tiktok.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    fans = document["Your Activity"]["Follower"]["FansList"]
    fans[1:1] = [{"Date": "last Tuesday", "UserName": "x"}, "not a record", {"Date": "2026-01-01"}]
    chat = document["Direct Message"]["Direct Messages"]["ChatHistory"][
        "Chat History with mia.k_reads:"
    ]
    chat.append({"Date": "2026-07-01 08:16:00", "Content": "no sender"})
    path.write_text(json.dumps(document), encoding="utf-8")
    skipped: list[Locator] = []
    items = _parse(copy, on_skip=lambda locator, reason: skipped.append(locator))
    assert _counts(items) == EXPECTED["2025"]
    name = "user_data_tiktok.json"
    assert skipped == [Locator(name, 1), Locator(name, 1), Locator(name, 2), Locator(name, 3)]


def test_unreadable_file_ends_the_parse_naming_it(tmp_path: Path) -> None:
    text = (TT / "2025" / "user_data_tiktok.json").read_text(encoding="utf-8")
    (tmp_path / "user_data_tiktok.json").write_text(text[: len(text) // 2], encoding="utf-8")
    with pytest.raises(ArchiveError, match="user_data_tiktok.json: invalid JSON"):
        _parse(tmp_path)


def test_big_export_streams_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "user_data_tiktok.json"
    with path.open("w", encoding="utf-8") as fh:
        fh.write('{"Your Activity": {"Watch History": {"VideoList": [')
        link = "https://www.tiktokv.com/share/video/"
        fh.write(
            ",".join(
                f'{{"Date": "2025-01-01 00:00:00", "Link": "{link}{n}/"}}' for n in range(5_000)
            )
        )
        fh.write(']}, "Follower": {"App": 1, "IsFastLane": false, "FansList": [')
        for n in range(30_000):
            record = {"Date": f"2025-{1 + n % 12:02d}-01 10:00:00", "UserName": f"fan_{n}"}
            fh.write(("," if n else "") + json.dumps(record, indent=2))
        fh.write("]}}}")
    size = path.stat().st_size
    archive = tmp_path / "TikTok_Data.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(path, path.name)
    tracemalloc.start()
    try:
        with Archive(archive) as opened:
            count = sum(1 for _ in tiktok.parse(opened))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 30_000
    # measured: ~0.37 MB peak for a 2.3 MB file (zipped); loading it whole takes many times that
    assert peak < size / 4, f"peak {peak} bytes for a {size}-byte file"


def test_gaps_are_declared() -> None:
    assert {g.platform for g in tiktok.GAPS} == {"tiktok"}
    kinds = {k for g in tiktok.GAPS for k in g.kinds}
    assert {"comment", "like", "follow", "message"} <= kinds <= set(INTERACTION_TYPES)
    assert any("UTC" in g.advice for g in tiktok.GAPS)
