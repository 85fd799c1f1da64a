"""The order's terms: in force or not, a violation or not, who started each conversation."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nocontact.config import Order, load
from nocontact.errors import ConfigError
from nocontact.evidence import hit_records, terms
from tests.nocontact.evidence_case import THREAD, ig_case

ORDER = Order(issued=date(2026, 3, 2), expires=date(2027, 3, 2), timezone="Europe/Madrid")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        ("2026-03-01T22:59:00", terms.BEFORE),  # 23:59 on 1 March in Madrid
        ("2026-03-01T23:00:00", terms.IN_FORCE),  # midnight starting 2 March in Madrid
        ("2027-03-02T22:59:00", terms.IN_FORCE),  # the whole expiry day is covered
        ("2027-03-02T23:00:00", terms.AFTER),
    ],
)
def test_standing_is_judged_by_the_date_in_the_case_time_zone(moment: str, expected: str) -> None:
    assert terms.standing(ORDER, at(moment)) == expected


def test_an_order_without_expiry_never_ends() -> None:
    order = Order(issued=date(2026, 3, 2))
    assert terms.standing(order, at("2099-01-01T00:00:00")) == terms.IN_FORCE


@pytest.mark.parametrize(
    ("kind", "direction", "moment", "covers", "violation", "reason"),
    [
        ("alias", "in", "2026-04-01T10:00:00", True, True, "violation"),
        ("known", "out", "2026-04-01T10:00:00", True, False, "from_you"),
        ("known", "in", "2026-01-01T10:00:00", True, False, terms.BEFORE),
        ("known", "in", "2028-01-01T10:00:00", True, False, terms.AFTER),
        ("third_party", "in", "2026-04-01T10:00:00", True, True, "violation"),
        ("third_party", "in", "2026-04-01T10:00:00", False, False, "third_party_not_covered"),
        ("alias", "in", "2026-04-01T10:00:00", False, True, "violation"),
    ],
)
def test_assess(
    kind: str, direction: str, moment: str, covers: bool, violation: bool, reason: str
) -> None:
    order = Order(issued=ORDER.issued, expires=ORDER.expires, covers_third_parties=covers)
    result = terms.assess(order, kind=kind, direction=direction, at=at(moment))
    assert (result.violation, result.reason) == (violation, reason)
    assert result.reason in terms.REASONS


def test_conversation_key_falls_back_to_the_account_for_untargeted_messages() -> None:
    assert terms.conversation_key("thread:x_1", 7, "message") == "thread:x_1"
    assert terms.conversation_key(None, 7, "message") == "account:7"
    assert terms.conversation_key(None, 7, "follow") is None


def test_thread_start_is_the_earliest_record_whoever_sent_it() -> None:
    starts = terms.thread_starts(
        [
            ("thread:a", "in", at("2026-04-01T10:05:00")),
            ("thread:a", "out", at("2026-04-01T10:00:00")),
            ("thread:b", "in", at("2026-04-02T09:00:00")),
            ("thread:b", "out", at("2026-04-02T09:30:00")),
            (None, "in", at("2020-01-01T00:00:00")),
        ]
    )
    assert {k: s.by for k, s in starts.items()} == {"thread:a": "you", "thread:b": "them"}
    assert starts["thread:a"].at == at("2026-04-01T10:00:00")


@given(st.lists(st.tuples(st.integers(1, 4), st.integers(0, 10**6)), max_size=30))
def test_ordinals_count_each_account_from_one_and_overall_without_gaps(
    items: list[tuple[int, int]],
) -> None:
    moments = [(key, datetime.fromtimestamp(s, UTC)) for key, s in items]
    numbered = terms.ordinals(moments)
    assert [n for n, _, _, _ in numbered] == list(range(1, len(items) + 1))
    assert [m for _, _, _, m in numbered] == sorted(m for _, m in moments)
    for key in {k for k, _ in items}:
        assert [k for _, k, kk, _ in numbered if kk == key] == list(
            range(1, sum(1 for k, _ in items if k == key) + 1)
        )


def _contacts(tmp_path: Path, **options: object) -> dict[str, list[hit_records.Contact]]:
    case = ig_case(tmp_path, **options)
    with case.store(create=False) as store, store.reading() as conn:
        found = hit_records.load(conn, case.config(), case.root)
    return {r.hit.handle or r.hit.display_name: list(r.contacts) for r in found}


def test_records_before_the_order_are_marked_outside_it(tmp_path: Path) -> None:
    contacts = _contacts(tmp_path, issued="2026-03-02")
    nico = contacts["Nico Bauer"]
    old = [c for c in nico if c.at < at("2026-03-02T00:00:00")]
    new = [c for c in nico if c.at >= at("2026-03-02T00:00:00")]
    assert old and all(c.assessment.reason == terms.BEFORE for c in old)
    assert not any(c.assessment.violation for c in old)
    assert [c.assessment.violation for c in new if c.direction == "in"] == [True, True]
    assert all(c.assessment.standing == terms.BEFORE for c in contacts["Zoë Lefèvre"])


def test_third_party_hits_count_only_when_the_order_covers_them(tmp_path: Path) -> None:
    covered = _contacts(tmp_path / "a", covers=True)["Zoë Lefèvre"]
    uncovered = _contacts(tmp_path / "b", covers=False)["Zoë Lefèvre"]
    assert any(c.assessment.violation for c in covered)
    inbound = [c for c in uncovered if c.direction == "in"]
    assert inbound and not any(c.assessment.violation for c in inbound)
    assert {c.assessment.reason for c in inbound} == {"third_party_not_covered"}


def test_a_thread_the_protected_person_started_is_marked_as_theirs(tmp_path: Path) -> None:
    nico = _contacts(tmp_path)["Nico Bauer"]
    ours = [c for c in nico if c.target == f"thread:{THREAD}"]
    assert len(ours) == 3 and {c.thread.by for c in ours if c.thread} == {"you"}
    first = min(ours, key=lambda c: c.at)
    assert first.direction == "out" and first.assessment.reason == "from_you"
    assert not first.assessment.violation
    other = [c for c in nico if c.target and c.target != f"thread:{THREAD}"]
    assert other and {c.thread.by for c in other if c.thread} == {"them"}


def test_order_timezone_is_validated_and_defaults_to_utc(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    base = '[order]\nissued = 2026-03-02\n{extra}\n[restrained]\nnames = ["A B"]\n'
    path.write_text(base.format(extra=""), encoding="utf-8")
    assert load(path).order.timezone == "UTC"
    path.write_text(base.format(extra='timezone = "Europe/Madrid"'), encoding="utf-8")
    assert load(path).order.timezone == "Europe/Madrid"
    path.write_text(base.format(extra='timezone = "Mars/Olympus"'), encoding="utf-8")
    with pytest.raises(ConfigError, match="order.timezone: 'Mars/Olympus' is not a time zone"):
        load(path)


@pytest.mark.parametrize("kind", ["known", "alias", "third_party"])
def test_an_undated_or_implausible_record_is_placed_neither_inside_nor_outside(kind: str) -> None:
    undated = terms.assess(ORDER, kind=kind, direction="in", at=None)
    assert undated == terms.Assessment(terms.UNDATED, False, terms.UNDATED)
    wild = terms.assess(
        ORDER, kind=kind, direction="in", at=at("2516-01-23T10:40:00"), implausible=True
    )
    assert wild == terms.Assessment(terms.IMPLAUSIBLE, False, terms.IMPLAUSIBLE)
    mine = terms.assess(ORDER, kind=kind, direction="out", at=None)
    assert mine == terms.Assessment(terms.UNDATED, False, "from_you")
    assert {undated.reason, wild.reason} <= set(terms.REASONS)
