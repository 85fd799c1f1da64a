"""X archive parser: both archive generations, multi-part files, DMs, ids only, streaming."""

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
from crawlers.exports import instagram, twitter
from tests.helpers import DATA, zip_folder

X = DATA / "exports" / "x"
IG = DATA / "exports" / "instagram"
OWNER = "1400000000000000001"
ROB = "1500000000000000082"  # the restrained person's listed id in the test config
ALIAS = "1790000000000000123"
EXPECTED = {
    "2025": {
        ("follow", "in"): 5,  # three in follower.js, two in follower-part1.js
        ("block", "out"): 1,
        ("other", "out"): 1,  # a mute
        ("message", "in"): 4,
        ("message", "out"): 1,
        ("reaction", "in"): 3,
        ("reaction", "out"): 1,
        ("other", "in"): 4,  # group chat: added you, someone joined, renamed, someone left
    },
    "2018": {  # files at the top of the zip, createdAt as epoch-millisecond strings
        ("follow", "in"): 2,
        ("message", "in"): 1,
        ("message", "out"): 1,
    },
    "2019": {
        ("follow", "in"): 3,
        ("block", "out"): 1,
        ("message", "in"): 1,
        ("message", "out"): 1,
    },
}
DMS = "data/direct-messages.js"
GROUP = "data/direct-messages-group.js"


def _parse(source: Path, **options: Any) -> list[Interaction]:
    with Archive(source) as archive:
        return list(twitter.parse(archive, **options))


def _counts(items: list[Interaction]) -> dict[tuple[str, str], int]:
    return dict(Counter((i.type, i.direction) for i in items))


def _array(path: Path) -> list[Any]:
    """A data file's JSON, read whole and independently of the parser."""
    return json.loads(path.read_text(encoding="utf-8").split("=", 1)[1])


def _record_at(root: Path, locator: Locator) -> Any:
    items = _array(root / locator.path)
    assert locator.index is not None
    if "direct-message" in locator.path:  # the index counts events across conversations
        items = [event for c in items for event in c["dmConversation"]["messages"]]
    return items[locator.index]


@pytest.fixture(params=sorted(EXPECTED))
def variant(request: pytest.FixtureRequest) -> Path:
    return X / request.param


def test_detect_own_archive_only(variant: Path, tmp_path: Path) -> None:
    wrapped = tmp_path / "wrapped.zip"
    with zipfile.ZipFile(wrapped, "w") as zf:
        for item in sorted(p for p in variant.rglob("*") if p.is_file()):
            zf.write(item, f"twitter-2026-10-15-abc123/{item.relative_to(variant).as_posix()}")
    for source in (variant, zip_folder(variant, tmp_path / "twitter.zip"), wrapped):
        with Archive(source) as archive:
            assert [p.NAME for p in exports.detect(archive)] == ["x"]
            assert not instagram.detect(archive)
    for folder in sorted(p for p in IG.iterdir() if p.is_dir()):
        with Archive(folder) as archive:
            assert not twitter.detect(archive), folder


def test_detect_reads_content_not_just_names(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "follower.js").write_text("console.log('not an archive')")
    with Archive(tmp_path) as archive:
        assert not twitter.detect(archive)


def test_counts_per_type_and_direction(variant: Path) -> None:
    assert _counts(_parse(variant)) == EXPECTED[variant.name]


def test_zip_and_folder_give_identical_results(variant: Path, tmp_path: Path) -> None:
    from_zip = _parse(zip_folder(variant, tmp_path / "twitter.zip"))
    from_folder = _parse(variant)
    dm_only = [i for i in from_folder if "direct-message" in i.locator.path]
    # lists carry the archive's creation time; the 2019 archive has none, so the file's is used
    assert [i for i in from_zip if "direct-message" in i.locator.path] == dm_only
    assert _counts(from_zip) == _counts(from_folder)


def test_exact_utc_times() -> None:
    at = {(str(i.locator), i.type): i.occurred_at for i in _parse(X / "2025")}
    # followers carry no date: the manifest's generationDate is not when they followed
    assert at[("data/follower.js#0", "follow")] is None
    assert at[("data/follower-part1.js#1", "follow")] is None
    assert at[(f"{DMS}#0", "message")] == datetime(2026, 9, 21, 7, 15, 42, 318000, tzinfo=UTC)
    assert at[(f"{DMS}#0", "reaction")] == datetime(2026, 9, 21, 7, 20, tzinfo=UTC)
    assert at[(f"{GROUP}#6", "other")] == datetime(2026, 10, 1, 11, 59, tzinfo=UTC)
    old = {str(i.locator): i.occurred_at for i in _parse(X / "2019") if i.type == "message"}
    assert old["data/direct-message.js#1"] == datetime(2019, 7, 14, 20, 29, 59, 1000, tzinfo=UTC)


def test_lists_are_undated_whatever_the_archive_file_says(tmp_path: Path) -> None:
    archive = zip_folder(X / "2019", tmp_path / "twitter.zip")
    follows = [i for i in _parse(archive) if i.type == "follow"]
    assert follows and {i.occurred_at for i in follows} == {None}
    assert all("X records no date" in (i.text or "") for i in follows)


def test_accounts_are_ids_with_their_links() -> None:
    items = _parse(X / "2025")
    follows = [i.account for i in items if i.type == "follow"]
    assert [a.user_id for a in follows] == [ROB, "987654321", ALIAS, "2244668800", "3355779911"]
    assert all(a.platform == "x" and a.handle is None and a.display_name is None for a in follows)
    assert follows[0].url == f"https://twitter.com/intent/user?user_id={ROB}"
    old = [i.account for i in _parse(X / "2019") if i.type == "follow"]  # no userLink in 2019
    assert old[1].user_id == ROB and old[1].url == f"https://twitter.com/intent/user?user_id={ROB}"


def test_direct_message_directions_and_counterparts() -> None:
    thread = [i for i in _parse(X / "2025") if i.target == f"conversation:{OWNER}-{ROB}"]
    assert {i.account.user_id for i in thread} == {ROB}  # never the owner
    by_kind = sorted((i.type, i.direction, i.text) for i in thread)
    assert by_kind == [
        ("message", "in", "Janie-bean, just one coffee? ☕"),
        (
            "message",
            "in",
            "Why did you block my other account? Read this https://t.co/AbCdEf123\n"
            "https://example.com/letter-for-jane",
        ),
        ("message", "out", "Please stop contacting me."),
        ("reaction", "in", "like"),
        ("reaction", "out", "sad"),
    ]


def test_group_chat_events() -> None:
    group = [i for i in _parse(X / "2025") if i.locator.path == GROUP]
    seen = sorted((i.type, i.account.user_id, i.text) for i in group)
    assert seen == [
        ("message", ALIAS, "Everyone say hi to Jane 👋"),
        ("other", ALIAS, "added you to this group chat"),
        ("other", ALIAS, 'renamed this group chat to "Jane\'s friends"'),
        ("other", "2244668800", "left this group chat"),
        ("other", "3355779911", f"joined this group chat (added by account id {ALIAS})"),
        ("reaction", "2244668800", "funny"),
        ("reaction", "3355779911", "agree"),
    ]
    assert {i.target for i in group} == {"conversation:1690000000000000777"}
    # the owner's own group message has no single counterpart and is not recorded
    assert "Who added me here?" not in {i.text for i in group}


def test_locators_point_at_records_and_raw_round_trips(variant: Path) -> None:
    items = _parse(variant)
    with Archive(variant) as archive:
        names = set(archive.names)
    for item in items:
        assert item.locator.path in names
        assert json.loads(item.raw) == _record_at(variant, item.locator)


def test_own_activity_and_headers_are_not_read() -> None:
    paths = {i.locator.path for i in _parse(X / "2025")}
    assert paths == {
        "data/follower.js",
        "data/follower-part1.js",
        "data/block.js",
        "data/mute.js",
        DMS,
        GROUP,
    }


def test_owner_found_from_conversations_when_account_files_are_missing(tmp_path: Path) -> None:
    copy = shutil.copytree(X / "2025", tmp_path / "copy")
    (copy / "data" / "account.js").unlink()
    (copy / "data" / "manifest.js").unlink()
    items = _parse(copy)
    assert _counts(items) == EXPECTED["2025"]
    assert OWNER not in {i.account.user_id for i in items}


def test_malformed_records_are_skipped_and_the_rest_imported(tmp_path: Path) -> None:
    copy = shutil.copytree(X / "2025", tmp_path / "copy")
    followers = copy / "data" / "follower.js"
    records = _array(followers)
    records[1:1] = [{"follower": {}}, "not a record", {"follower": {"accountId": "12x"}}]
    followers.write_text(f"window.YTD.follower.part0 = {json.dumps(records)}")
    dms = copy / "data" / "direct-messages.js"
    conversations = _array(dms)
    messages = conversations[1]["dmConversation"]["messages"]
    messages.append({"messageCreate": {"senderId": "987654321", "createdAt": "yesterday"}})
    messages.append({"typingIndicator": {}})
    messages[0]["messageCreate"]["reactions"] = [{"reactionKey": "like"}]
    dms.write_text(f"window.YTD.direct_messages.part0 = {json.dumps(conversations)}")
    skipped: list[tuple[str, str]] = []
    items = _parse(copy, on_skip=lambda locator, reason: skipped.append((str(locator), reason)))
    assert _counts(items) == EXPECTED["2025"]
    assert [where for where, _ in skipped] == [
        "data/follower.js#1",
        "data/follower.js#2",
        "data/follower.js#3",
        f"{DMS}#3",  # the reaction without a sender; its message is kept
        f"{DMS}#4",
        f"{DMS}#5",
    ]
    assert "unknown conversation event 'typingIndicator'" in skipped[-1][1]


def test_unreadable_file_ends_the_parse_naming_it(tmp_path: Path) -> None:
    copy = shutil.copytree(X / "2025", tmp_path / "copy")
    dms = copy / "data" / "direct-messages.js"
    dms.write_text(dms.read_text(encoding="utf-8")[:400], encoding="utf-8")
    with pytest.raises(ArchiveError, match="direct-messages.js: invalid JSON"):
        _parse(copy)


def test_big_follower_file_streams_in_bounded_memory(tmp_path: Path) -> None:
    folder = tmp_path / "big"
    (folder / "data").mkdir(parents=True)
    link = "https://twitter.com/intent/user?user_id="
    with (folder / "data" / "follower.js").open("w", encoding="utf-8") as fh:
        fh.write("window.YTD.follower.part0 = [ ")
        for n in range(50_000):
            uid = str(1_600_000_000_000_000_000 + n)
            record = {"follower": {"accountId": uid, "userLink": link + uid}}
            fh.write((", " if n else "") + json.dumps(record, indent=2))
        fh.write(" ]")
    size = (folder / "data" / "follower.js").stat().st_size
    tracemalloc.start()
    try:
        with Archive(folder) as opened:
            count = sum(1 for _ in twitter.parse(opened))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 50_000
    # measured: ~0.43 MB peak for a 7.2 MB file; reading it whole would need several times its size
    assert peak < size / 4, f"peak {peak} bytes for a {size}-byte file"


def test_gaps_are_declared() -> None:
    assert {g.platform for g in twitter.GAPS} == {"x"}
    kinds = {k for g in twitter.GAPS for k in g.kinds}
    assert {"like", "reply", "mention", "follow"} <= kinds <= set(INTERACTION_TYPES)
    assert all(g.advice for g in twitter.GAPS)
    assert exports.gaps(["x"]) == list(twitter.GAPS)
