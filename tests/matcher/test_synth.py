"""Synthetic cases: reproducible, disjoint in people, and carrying every tactic and hard kind."""

from __future__ import annotations

from collections import Counter

import pytest

from matcher import synth
from matcher.synth_accounts import (
    INNOCENT_KINDS,
    NAME_TACTICS,
    TACTICS,
    TRACES,
    cyrillic,
    homoglyphs,
    leet,
)
from matcher.synth_people import first_names


@pytest.fixture(scope="module")
def train() -> list[synth.Case]:
    return synth.cases("train", 12)


def test_cases_are_reproducible(train: list[synth.Case]) -> None:
    again = synth.cases("train", 2)
    assert again[0].candidates == train[0].candidates and again[1].labels == train[1].labels


def test_splits_share_no_person_and_no_face() -> None:
    train, test = synth.people("train", 40), synth.people("test", 40)
    assert not {(p.first, p.last) for p in train} & {(p.first, p.last) for p in test}
    assert not {p.face for p in train} & {p.face for p in test}
    hashes = {
        split: {c.avatar_hash for case in synth.cases(split, 3) for c in case.candidates}
        for split in ("train", "test")
    }
    assert hashes["train"] & hashes["test"] <= {None} | _stock_and_placeholders()


def _stock_and_placeholders() -> set[str | None]:
    from matcher import drawing
    from matcher.avatars import AvatarHash
    from matcher.synth_people import STOCK

    pictures = [*(drawing.scene(i) for i in range(STOCK)), *drawing.defaults().values()]
    return {str(AvatarHash.of(p)) for p in pictures}


def test_every_case_has_a_known_account_innocents_and_alts(train: list[synth.Case]) -> None:
    for case in train:
        roles = Counter(label.role for label in case.labels)
        assert roles == {"known": 1, "innocent": synth.INNOCENTS, "alt": synth.ALTS}
        assert case.profile.order_issued is not None
        assert len({c.key for c in case.candidates}) == len(case.candidates)


def test_tactics_and_hard_negatives_all_occur() -> None:
    cases = synth.cases("train", 40)
    tactics = {
        t for case in cases for label in case.labels if label.role == "alt" for t in label.kinds
    }
    kinds = {label.kinds[0] for case in cases for label in case.labels if label.role == "innocent"}
    assert tactics == set(TACTICS)
    assert kinds == set(INNOCENT_KINDS)


def test_archive_cases_hide_what_archives_do_not_show(train: list[synth.Case]) -> None:
    plain = [case for case in train if not case.rich]
    assert plain and any(case.rich for case in train)
    for case in plain:
        assert all(c.avatar_hash is None and c.created_at is None for c in case.candidates)


def test_names_come_from_the_nicknames_list() -> None:
    names = first_names()
    assert len(names) > 300 and "robert" in names


def test_evasion_spellings() -> None:
    assert leet("robert_miller") == "r0b3r7_m1ll3r"
    assert cyrillic("Rob Miller") == "Роб Миллер"
    import random

    assert homoglyphs(random.Random(1), "Rob Miller") != "Rob Miller"


def test_alts_record_what_they_carry_of_the_person(train: list[synth.Case]) -> None:
    alts = [
        (case, c, label)
        for case in train
        for c, label in zip(case.candidates, case.labels, strict=True)
        if label.role == "alt"
    ]
    for case, account, label in alts:
        named = any(t in NAME_TACTICS and t != "unrelated_handle" for t in label.kinds)
        assert ("name" in label.traces) == named
        assert ("writing" in label.traces) == bool(account.texts)
        assert ("photo" in label.traces) <= case.rich  # archives show no avatars
        mutual = set(account.connections) & set(case.person.friends)
        assert ("friends" in label.traces) >= bool(mutual)
    shown = Counter(t for _, _, label in alts for t in label.traces)
    assert set(shown) == set(TRACES)
    assert any(not label.traces for _, _, label in alts)  # some show only when they act
    others = [label for case in train for label in case.labels if label.role != "alt"]
    assert all(label.traces == () for label in others)


def test_usernames_and_initials_stand_alone_among_name_tactics(train: list[synth.Case]) -> None:
    seen: Counter[str] = Counter()
    for case in train:
        person = case.person
        for account, label in zip(case.candidates, case.labels, strict=True):
            names = set(label.kinds) & set(NAME_TACTICS)
            if "username_pattern" in names:
                assert names == {"username_pattern"}
                assert person.first[0].lower() in account.handle  # built on the given name
                seen["username"] += 1
            if "initial_and_surname" in names:
                assert names == {"initial_and_surname"}
                assert person.last.title() in account.display_name
                assert f"{person.first[0].upper()}." in account.display_name
                seen["initials"] += 1
    assert seen["username"] and seen["initials"]
