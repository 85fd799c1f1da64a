"""The second generator: reproducible, disjoint splits, and the tactics the first one lacks."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from datetime import date

import pytest

from matcher import dataset, synth_b
from matcher.links import Identifiers
from matcher.synth import Case
from matcher.synth_b.accounts import INNOCENT_KINDS, TACTICS, pattern_handles
from matcher.synth_b.people import draw_person, nicknames_of


@pytest.fixture(scope="module")
def train() -> list[Case]:
    return synth_b.cases("train", 12)


def test_cases_are_reproducible(train: list[Case]) -> None:
    again = synth_b.cases("train", 2)
    assert again[0].candidates == train[0].candidates and again[1].labels == train[1].labels


def test_splits_share_no_person_and_no_face() -> None:
    train, test = synth_b.cases("train", 3), synth_b.cases("test", 3)
    names = [{c.profile.restrained.names for c in cases} for cases in (train, test)]
    assert not names[0] & names[1]
    faces = [
        {c.avatar_hash for case in cases for c in case.candidates if c.avatar_hash}
        for cases in (train, test)
    ]
    # only shared stock scenes and placeholders may appear in both
    assert len(faces[0] & faces[1]) <= synth_b.accounts.STOCK + 10


def test_inboxes_differ_in_size_and_hold_hard_innocents(train: list[Case]) -> None:
    sizes = {len(case.candidates) for case in train}
    assert len(sizes) > 3 and min(sizes) >= 15
    kinds = Counter(
        label.kinds[0] for case in train for label in case.labels if label.role == "innocent"
    )
    assert set(kinds) <= set(INNOCENT_KINDS) and kinds["same_surname"] and kinds["chatty"]


def test_tactics_vary_and_relays_belong_to_an_associate(train: list[Case]) -> None:
    alts = [(case, label) for case in train for label in case.labels if label.role == "alt"]
    used = {t for _, label in alts for t in label.kinds}
    assert used <= set(TACTICS) and len(used) >= len(TACTICS) - 2
    for case, label in alts:
        associates = {s.label for s in case.profile.associates}
        if "associate_relay" in label.kinds:
            assert label.owner in associates and "name" in label.traces
        else:
            assert label.owner == "restrained"


def test_relays_are_compared_with_their_associate(train: list[Case]) -> None:
    case = next(c for c in train if any(lab.owner != "restrained" for lab in c.labels))
    rows = dataset.rows([case])
    assert [s.kind for s in rows.subjects] == ["restrained", "associate"]
    relay = rows.labels & (rows.cases == 1)
    assert relay.any() and not (rows.labels & (rows.cases == 0) & relay).any()
    innocents = sum(lab.role == "innocent" for lab in case.labels)
    assert ((rows.cases == 1) & ~rows.labels).sum() == innocents


def test_handles_from_name_patterns_and_birth_date() -> None:
    person = replace(
        draw_person(random.Random(3), 0),
        given="Richard",
        middle=None,
        surname="Smith",
        born=date(1985, 6, 9),
    )
    found = set(pattern_handles(person))
    assert {"smithr85", "rsmith1985", "smith.r.85", "richard.smith85", "richardsmith0906"} <= found


def test_nicknames_include_diminutives_beyond_english() -> None:
    assert "paco" in nicknames_of("Francisco") and "bill" in nicknames_of("William")
    assert "kasia" in nicknames_of("Katarzyna")


def test_phones_are_listed_internationally_and_written_locally() -> None:
    people = [draw_person(random.Random(n), n) for n in range(40)]
    assert all(p.phone.startswith("+") and not p.phone_local.startswith("+") for p in people)
    for person in people:
        digits = "".join(c for c in person.phone_local if c.isdigit())
        assert "".join(c for c in person.phone if c.isdigit()).endswith(digits)
        assert Identifiers.find([f"call me {person.phone_local}"]).phones


def test_innocents_and_evaders_both_burst(train: list[Case]) -> None:
    """Many messages in one day come from friends and from evaders: no side owns bursts."""

    def bursts(role: str) -> int:
        return sum(
            max(
                (sum(0 <= (u - t).total_seconds() < 86400 for u in c.times) for t in c.times),
                default=0,
            )
            >= 6
            for case in train
            for c, label in zip(case.candidates, case.labels, strict=True)
            if label.role == role
        )

    assert bursts("innocent") > 0 and bursts("alt") > 0
