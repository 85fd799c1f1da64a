"""Behaviour: new accounts, contact right after a block, bursts, hours and throwaway signs."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest

from matcher import synth
from matcher.behaviour import Timeline, compare, possible
from matcher.types import Candidate

ORDER = date(2026, 3, 2)
BLOCKED = datetime(2026, 3, 11, 12, tzinfo=UTC)


def at(day: int, hour: int = 21) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=UTC)


KNOWN = Candidate(
    "k", "instagram", handle="rob.miller82", times=(at(3), at(5, 22), at(9)), blocked_at=BLOCKED
)
TIMELINE = Timeline.build(ORDER, [("instagram:rob.miller82", KNOWN)])


def one(candidate: Candidate, feature: str) -> float:
    return float(compare(TIMELINE, [candidate]).columns[feature][0])


def test_created_after_the_order_and_just_before_contact() -> None:
    new = Candidate("n", "x", handle="jb", created_at=at(13), times=(at(14),))
    old = Candidate(
        "o", "x", handle="kc", created_at=datetime(2019, 1, 1, tzinfo=UTC), times=(at(14),)
    )
    assert one(new, "created_after_order") == 1.0 and one(old, "created_after_order") == 0.0
    assert one(new, "created_recent") > 0.9 > 0.01 > one(old, "created_recent")
    assert one(Candidate("u", "x", times=(at(14),)), "created_unknown") == 1.0
    reasons = compare(TIMELINE, [new]).reasons[0]
    assert any("after the order (2026-03-02)" in r.text for r in reasons)
    assert any("first contact 1 day after the account was created" in r.text for r in reasons)


def test_first_contact_soon_after_the_block() -> None:
    soon = Candidate("s", "x", times=(BLOCKED + timedelta(days=2),))
    late = Candidate("l", "x", times=(BLOCKED + timedelta(days=120),))
    before = Candidate("b", "x", times=(at(4),))
    values = [one(c, "after_silence") for c in (soon, late, before)]
    assert values[0] > 0.8 and values[1] < 0.01 and values[2] == 0.0
    [reason] = [r for r in compare(TIMELINE, [soon]).reasons[0] if r.feature == "after_silence"]
    assert reason.text == (
        "first contact 2 days after the known account instagram:rob.miller82 was blocked or "
        "fell silent"
    )


def test_bursts_count_contacts_within_one_day() -> None:
    burst = Candidate(
        "b", "x", times=tuple(at(14, 20) + timedelta(minutes=9 * i) for i in range(6))
    )
    spread = Candidate("s", "x", times=tuple(at(12 + 3 * i) for i in range(6)))
    assert one(burst, "burst") == pytest.approx(5 / 9) and one(spread, "burst") == 0.0


def test_hours_of_the_day_compare_with_the_known_accounts() -> None:
    same = Candidate("s", "x", times=tuple(at(14 + i, 21) for i in range(8)))
    shifted = Candidate("t", "x", times=tuple(at(14 + i, 9) for i in range(8)))
    assert one(same, "hours_sim") > 0.5 > 0.1 > one(shifted, "hours_sim")
    assert one(Candidate("few", "x", times=(at(14),)), "hours_sim") < one(same, "hours_sim")


def test_throwaway_signs_need_two_to_be_said() -> None:
    bare = Candidate("t", "x", handle="user84736251", has_avatar=False, followers=2)
    found = compare(TIMELINE, [bare])
    assert found.columns["anonymity"][0] == 1.0
    assert "no display name" in found.reasons[0][0].text
    named = Candidate("n", "x", handle="karen.jones", display_name="Karen Jones", followers=400)
    assert one(named, "anonymity") == 0.0


def test_no_known_activity_gives_no_timing_evidence() -> None:
    empty = Timeline.build(None, [])
    found = compare(empty, [Candidate("c", "x", times=(at(14),), created_at=at(13))])
    assert found.columns["after_silence"][0] == 0 and found.columns["hours_sim"][0] == 0
    assert found.columns["created_after_order"][0] == 0


def test_batch_equals_one_at_a_time() -> None:
    batch = [
        Candidate("a", "x", times=(at(14), at(14, 22)), created_at=at(13)),
        Candidate("b", "x", handle="user9999999", times=(at(20, 3),)),
        Candidate("c", "x"),
    ]
    together = compare(TIMELINE, batch)
    for i, candidate in enumerate(batch):
        alone = compare(TIMELINE, [candidate])
        for name, values in together.columns.items():
            assert values[i] == pytest.approx(alone.columns[name][0])
        assert together.reasons[i] == alone.reasons[0]
    assert np.all(np.isfinite(np.column_stack(list(together.columns.values()))))


def test_what_an_account_lacks_for_a_feature_leaves_it_at_zero() -> None:
    for case in synth.cases("test", 4):
        for timeline in (TIMELINE, Timeline.build(None, [])):
            found = compare(timeline, case.candidates).columns
            for feature, rows in possible(timeline, case.candidates).items():
                assert not found[feature][~rows].any(), feature
    bare = possible(Timeline.build(None, []), [Candidate("1", "x", handle="a", times=(at(3),))])
    assert [f for f, rows in bare.items() if rows[0]] == ["created_unknown", "anonymity"]
