"""Scores flag disguised accounts of the people an order names, and leave namesakes alone."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from unidecode import unidecode

from matcher.features import FEATURES, listed_reasons, name_rows, score_all, score_subject
from matcher.types import Candidate, Profile, Score, Subject

FLAG = 0.5
RESTRAINED = Subject(
    label="restrained",
    kind="restrained",
    names=("Robert James Miller",),
    handles={"instagram": ("rob.miller82",), "x": ("robmiller",)},
    user_ids={"x": ("1234567890",)},
    birth_year=1982,
)
SISTER = Subject(
    label="Mary Miller",
    kind="associate",
    names=("Mary Miller",),
    handles={"instagram": ("mary.m.miller",)},
    relation="sister",
)
PROFILE = Profile(RESTRAINED, (SISTER,))


def account(
    *,
    handle: str | None = None,
    name: str | None = None,
    user_id: str | None = None,
    platform: str = "instagram",
) -> Candidate:
    key = f"{platform}:{handle or name or user_id}"
    return Candidate(key, platform, handle=handle, display_name=name, user_id=user_id)


def score_of(candidate: Candidate, subject: str = "restrained") -> Score | None:
    return next((s for s in score_all(PROFILE, [candidate]) if s.subject == subject), None)


def value(score: Score | None) -> float:
    return score.score if score else 0.0


FLAGGED = [
    pytest.param(account(handle="r0b_m1ll3r"), id="leet-handle"),
    pytest.param(account(handle="rob.miller82"), id="known-handle"),
    pytest.param(account(name="Bobby Miller"), id="nickname"),
    pytest.param(account(name="Miller Robert"), id="reversed"),
    pytest.param(account(name="Rоbert Мiller"), id="cyrillic-look-alikes"),
    pytest.param(account(handle="robertmiller_1982"), id="full-name-and-birth-year"),
    pytest.param(account(handle="bob.miller.82"), id="nickname-handle-and-year"),
    pytest.param(account(name="R. J. Miller"), id="initials"),
    pytest.param(account(name="ROBERT MILLER"), id="upper-case"),
    pytest.param(account(handle="m1ll3r.r0b"), id="reversed-leet-nickname"),
    pytest.param(account(handle="rjmiller82"), id="initials-handle-and-year"),
    pytest.param(account(name="Robért Millér"), id="accents"),
    pytest.param(account(handle="robbie_miller"), id="nickname-spelling"),
    pytest.param(account(name="Роберт Миллер"), id="cyrillic-script"),
    pytest.param(account(user_id="1234567890", platform="x"), id="known-user-id"),
    pytest.param(account(name="𝐑𝐨𝐛𝐞𝐫𝐭 𝐌𝐢𝐥𝐥𝐞𝐫"), id="maths-letters"),
    pytest.param(account(handle="the.real.robmiller"), id="contains-listed-handle"),
    pytest.param(account(handle="rob.miller82", platform="tiktok"), id="listed-elsewhere"),
    pytest.param(account(handle="robmiler"), id="typo-of-listed-handle"),
    pytest.param(account(name="Robert Millar"), id="surname-near-miss"),
]
NOT_FLAGGED = [
    pytest.param(account(name="Robert Chen"), id="same-first-name"),
    pytest.param(account(name="Rob Martinez"), id="same-nickname"),
    pytest.param(account(name="Karen Miller"), id="same-surname"),
    pytest.param(account(name="Bobby Alvarez"), id="nickname-other-surname"),
    pytest.param(account(name="Roberta Lang"), id="similar-first-name"),
    pytest.param(account(name="Mary Jenkins"), id="sisters-first-name"),
    pytest.param(account(name="Millie Roberts"), id="anagram-ish"),
    pytest.param(account(name="James Miller"), id="middle-name-and-surname"),
    pytest.param(account(handle="robert.chen.nyc"), id="handle-same-first-name"),
    pytest.param(account(handle="rob.martin84"), id="handle-nickname-other-surname"),
    pytest.param(account(handle="robin.miles"), id="handle-rob-inside-robin"),
    pytest.param(account(handle="miller.family.farm"), id="handle-surname-business"),
    pytest.param(account(handle="bob.alvarez"), id="handle-nickname-only"),
    pytest.param(account(handle="mary.jenkins"), id="handle-other-mary"),
    pytest.param(account(handle="robinhood_fan"), id="handle-robin"),
    pytest.param(account(handle="the_real_bob"), id="handle-bob-only"),
    pytest.param(account(handle="millertime_brewing"), id="handle-miller-prefix"),
    pytest.param(account(handle="jamie.m"), id="handle-middle-nickname"),
    pytest.param(account(handle="roberto.mill.art"), id="handle-two-near-misses"),
    pytest.param(account(handle="millerrobotics"), id="handle-miller-rob-prefix"),
    pytest.param(account(handle="rmiller"), id="handle-initial-only"),
    pytest.param(account(handle="karen.miller82"), id="handle-surname-and-year"),
    pytest.param(account(handle="robert82"), id="handle-first-name-and-year"),
]


@pytest.mark.parametrize("candidate", FLAGGED)
def test_flags_the_restrained_person(candidate: Candidate) -> None:
    score = score_of(candidate)
    assert score is not None and score.score >= FLAG, score


@pytest.mark.parametrize("candidate", NOT_FLAGGED)
def test_does_not_flag_namesakes(candidate: Candidate) -> None:
    assert value(score_of(candidate)) < FLAG


@pytest.mark.parametrize("candidate", NOT_FLAGGED)
def test_namesakes_of_the_restrained_person_are_not_the_sister(candidate: Candidate) -> None:
    assert value(score_of(candidate, "Mary Miller")) < FLAG


@pytest.mark.parametrize(
    ("candidate", "kind"),
    [
        pytest.param(account(handle="rob.miller82"), "known", id="listed-handle"),
        pytest.param(account(handle="@Rob.Miller82"), "known", id="listed-handle-case-and-at"),
        pytest.param(account(user_id="1234567890", platform="x"), "known", id="listed-user-id"),
        pytest.param(account(handle="robmiller", platform="x"), "known", id="listed-on-x"),
        pytest.param(account(handle="robmiller"), "alias", id="x-handle-on-instagram"),
        pytest.param(account(name="Bobby Miller"), "alias", id="alias"),
    ],
)
def test_known_accounts_score_one(candidate: Candidate, kind: str) -> None:
    score = score_of(candidate)
    assert score is not None and score.kind == kind
    assert (score.score == 1.0) == (kind == "known")
    assert (score.features["known"] == 1.0) == (kind == "known")


@pytest.mark.parametrize(
    ("candidate", "expected"),
    [
        pytest.param(account(handle="mary.m.miller"), 1.0, id="known"),
        pytest.param(account(name="Mary Miller"), 0.9, id="same-name"),
        pytest.param(account(name="Mаry Мiller"), 0.9, id="look-alikes"),
        pytest.param(account(handle="marymiller"), 0.9, id="name-as-handle"),
        pytest.param(account(name="Molly Miller"), 0.8, id="nickname"),
    ],
)
def test_flags_the_sister_as_third_party(candidate: Candidate, expected: float) -> None:
    score = score_of(candidate, "Mary Miller")
    assert score is not None and score.kind == "third_party"
    assert score.score == pytest.approx(expected)


@pytest.mark.parametrize(
    ("candidate", "level", "words"),
    [
        pytest.param(
            account(name="Bobby Miller"),
            "nickname",
            "display name 'Bobby Miller' ≈ 'Robert James Miller': Bobby is a nickname of Robert",
            id="nickname",
        ),
        pytest.param(
            account(name="R0bert M1ller"),
            "exact",
            "display name 'R0bert M1ller' ≈ 'Robert James Miller' after leetspeak",
            id="leetspeak",
        ),
        pytest.param(
            account(name="Rоbert Мiller"),
            "exact",
            "after replacing look-alike characters",
            id="confusable",
        ),
        pytest.param(
            account(handle="r0b_m1ll3r"),
            "known handle",
            "handle 'r0b_m1ll3r' ≈ listed handle 'rob.miller82' after leetspeak",
            id="listed-handle",
        ),
        pytest.param(
            account(handle="rob.miller82"),
            "known",
            "handle 'rob.miller82' is listed in config as the restrained person's "
            "instagram account",
            id="known",
        ),
        pytest.param(account(name="Miller Robert"), "reordered", "surname first", id="reordered"),
        pytest.param(account(name="Karen Miller"), "surname only", "only the surname", id="else"),
    ],
)
def test_reasons_say_why(candidate: Candidate, level: str, words: str) -> None:
    score = score_of(candidate)
    assert score is not None
    assert score.reasons[0].level == level
    assert words in score.reasons[0].text


def test_birth_year_adds_a_weighted_reason() -> None:
    score = score_of(account(handle="bob.miller.82"))
    assert score is not None
    birth = [r for r in score.reasons if r.feature == "birth_year"]
    assert len(birth) == 1 and "'82'" in birth[0].text and "1982" in birth[0].text
    assert score.features["birth_year"] == 1.0
    assert sum(r.weight for r in score.reasons) == pytest.approx(score.score)


def test_both_fields_are_reported_and_the_best_one_counts() -> None:
    score = score_of(account(handle="rmiller", name="Robert Miller"))
    assert score is not None and score.score == pytest.approx(0.9)
    assert [r.feature for r in score.reasons] == ["display_name", "handle"]
    assert [r.weight for r in score.reasons] == [0.9, 0.0]
    assert score.features["handle_sim"] == pytest.approx(0.45)
    assert score.features["name_sim"] == pytest.approx(0.9)


def test_every_reason_quotes_the_text_it_is_about() -> None:
    every = [c.values[0] for c in FLAGGED + NOT_FLAGGED]
    scores = score_all(PROFILE, every)
    assert scores
    by_key = {c.key: c for c in every}
    for score in scores:
        candidate = by_key[score.candidate_key]
        quoted = {f"'{t}'" for t in (candidate.handle, candidate.display_name, candidate.user_id)}
        assert score.reasons
        assert all(any(q in r.text for q in quoted) for r in score.reasons), score.reasons
        assert set(score.features) == set(FEATURES)
        assert 0.0 < score.score <= 1.0


def test_one_score_per_resembling_pair_in_candidate_order() -> None:
    candidates = [account(name="Bobby Miller"), account(name="Nobody Here"), account(name="Mary")]
    scores = score_all(PROFILE, candidates)
    assert [(s.candidate_key, s.subject) for s in scores] == [
        ("instagram:Bobby Miller", "restrained"),
        ("instagram:Bobby Miller", "Mary Miller"),
        ("instagram:Mary", "Mary Miller"),
    ]


def test_empty_inputs() -> None:
    assert score_all(PROFILE, []) == []
    assert score_all(PROFILE, [account(handle="", name="🎸")]) == []
    bare = Profile(Subject(label="restrained", kind="restrained"))
    assert score_all(bare, [account(name="Robert Miller")]) == []


def test_a_subject_with_several_names_keeps_them_apart() -> None:
    subject = Subject(label="restrained", kind="restrained", names=("Robert Miller", "John Smith"))
    scores = score_all(Profile(subject), [account(name="John Smith"), account(name="Robert Smith")])
    assert [round(s.score, 2) for s in scores] == [0.9, 0.3]


NAMEISH = st.sampled_from(
    ["Robert Miller", "Bobby Miller", "r0b_m1ll3r", "Rоbert", "Mary Miller", "rjmiller82"]
    + ["Miller Robert", "R. J. Miller", "robin.miles", "Роберт", "bob", "", "82"]
)
TEXTS = st.none() | NAMEISH | st.text(max_size=30)
CANDIDATES = st.builds(
    Candidate,
    key=st.uuids().map(str),
    platform=st.sampled_from(["instagram", "x", "tiktok"]),
    handle=TEXTS,
    display_name=TEXTS,
    user_id=st.none() | st.just("1234567890"),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(CANDIDATES, max_size=8, unique_by=lambda c: c.key))
def test_batch_scores_equal_one_at_a_time(candidates: list[Candidate]) -> None:
    alone = [s for c in candidates for s in score_all(PROFILE, [c])]
    assert score_all(PROFILE, candidates) == alone


@settings(max_examples=60, deadline=None)
@given(st.lists(CANDIDATES, max_size=8, unique_by=lambda c: c.key))
def test_name_rows_are_the_scores_features(candidates: list[Candidate]) -> None:
    """The gate's rows (no reasons written) hold each score's features and score, zeros where
    the names give no score."""
    for subject in PROFILE.subjects:
        scores = score_subject(subject, candidates)
        rows, values = name_rows(subject, candidates, listed_reasons(subject, candidates))
        for score, row, value in zip(scores, rows.tolist(), values.tolist(), strict=True):
            assert row == ([score.features[f] for f in FEATURES] if score else [0.0] * len(row))
            assert value == (score.score if score else 0.0)


@pytest.mark.parametrize(
    ("name", "written"),
    [
        ("Cole Kevin Wood", "Коле Воод"),
        ("Ryan Rodney Adams", "Рйан Адамс"),
        ("Charlie Ann Chavez", "Кхарлие Кхавез"),
        ("Jeffery Mae Fisher", "Джефферй Фисхер"),
    ],
)
def test_names_written_letter_by_letter_in_cyrillic_are_read_back(name: str, written: str) -> None:
    subject = Subject("restrained", "restrained", names=(name,))
    [found] = score_all(Profile(subject), [account(name=written)])
    assert found.score >= 0.9 and found.features["transliteration"] == 1.0
    assert "after transliteration" in found.reasons[0].text
    latin = score_all(Profile(subject), [account(name=unidecode(written))])
    assert value(latin[0] if latin else None) < FLAG  # in Latin script 'Kole Vood' is another name


def test_a_handle_that_is_a_listed_phone_or_email_is_known_however_written() -> None:
    """The quick test before `listed_contact` lets every configured phone and e-mail through."""
    rob = Subject(
        "restrained", "restrained", emails=(" Rob@Example.com",), phones=("+1 555 010 0100",)
    )
    accounts = [
        Candidate("1", "sms", handle="(555) 010-0100"),
        Candidate("2", "email", handle="ROB@example.com "),
        Candidate("3", "whatsapp", user_id="+15550100100"),
        Candidate("4", "sms", handle="010-0100"),  # too few digits for the listed number
    ]
    found = {s.candidate_key: s for s in score_all(Profile(rob), accounts)}
    assert {k for k, s in found.items() if s.kind == "known"} == {"1", "2", "3"}
    assert found["2"].reasons[0].feature == "known_email"
