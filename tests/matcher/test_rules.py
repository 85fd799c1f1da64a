"""Evidence floors: decisive evidence decided apart from the model, precise on look-alikes."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from matcher import rules, synth
from matcher.types import Candidate, Profile, Reason, Score, Subject
from tests.matcher.faker_people import faker_cases

RESTRAINED = Subject(
    "restrained",
    "restrained",
    names=("Richard Michael Smith",),
    handles={"instagram": ("rick.smith.85",)},
    user_ids={"x": ("1500000000000000082",)},
    birth_year=1985,
    keywords=("Janie-bean", "Lake Placid", "the cabin"),
    emails=("rick.smith85@example.com",),
    phones=("+1 212 555 0147",),
    urls=("https://linktr.ee/ricks",),
)
PROFILE = Profile(RESTRAINED, (Subject("Mary Walsh", "associate", names=("Mary Walsh",)),))


def _floor(**fields: object) -> rules.Floor | None:
    candidate = Candidate("c", str(fields.pop("platform", "instagram")), **fields)  # type: ignore[arg-type]
    found = rules.floors(PROFILE, [candidate])
    return max(found, key=lambda f: f.score) if found else None  # as the account's best


def test_each_floor_sets_its_kind_and_says_its_rule() -> None:
    cases = {
        "known": dict(platform="x", user_id="1500000000000000082"),
        "name": dict(display_name="Rick Smith"),
        "handle": dict(handle="smithr85"),
        "contact": dict(bio="DM me or text +1-212-555-0147"),
        "keyword": dict(texts=("remember Lake Placid, janie bean?",)),
    }
    for rule, fields in cases.items():
        floor = _floor(**fields)
        assert floor is not None and floor.rules[0] == rule, rule
        assert floor.kind == ("known" if rule == "known" else "alias")
        assert floor.score >= rules.HIT
        assert floor.reasons[0].text.startswith(f"{rule} rule:" if rule != "known" else "user id")
    associate = _floor(display_name="Mary Walsh")
    assert associate is not None and associate.kind == "third_party"


def test_a_common_keyword_needs_a_second_signal() -> None:
    assert _floor(handle="daisy_b", texts=("see you at the cabin",)) is None
    assert _floor(handle="rick_b", texts=("see you at the cabin",)) is None  # a given name only
    assert _floor(handle="rick_s", texts=("see you at the cabin",)) is not None
    assert _floor(handle="daisy85", texts=("see you at the cabin",)) is not None
    assert _floor(handle="daisy_b", texts=("the cabin. janie-bean",)) is not None


def test_a_place_or_name_keyword_alone_needs_a_second_sign_and_a_coined_one_does_not() -> None:
    assert _floor(handle="daisy_b", texts=("anyone been to Lake Placid lately?",)) is None
    assert _floor(handle="smith.r", texts=("anyone been to Lake Placid lately?",)) is not None
    coined = _floor(handle="daisy_b", texts=("miss you janiebean",))
    assert coined is not None and coined.rules == ("keyword",)


def test_decisive_facts_score_as_high_as_the_model_s_surest_and_others_just_above_the_hit() -> None:
    decisive = {
        "phone": dict(texts=("new number (212) 555-0147",)),
        "e-mail": dict(bio="write to rick.smith85@example.com"),
        "two keywords, one private": dict(texts=("remember Lake Placid, janie bean?",)),
    }
    for what, fields in decisive.items():
        floor = _floor(handle="daisy_b", **fields)
        assert floor is not None and floor.score >= rules.DECISIVE, what
    for fields in (dict(display_name="Rick Smith"), dict(handle="smithr85")):
        floor = _floor(**fields)
        assert floor is not None and rules.HIT <= floor.score <= rules.HIT + rules.SPAN


def test_an_associate_s_account_that_speaks_of_the_restrained_person_is_a_relay() -> None:
    relay = _floor(display_name="Mary Walsh", texts=("Richard asked me to tell you he is sorry",))
    assert relay is not None and relay.kind == "third_party" and relay.rules[0] == "relay"
    assert relay.score >= rules.DECISIVE
    assert relay.reasons[0].text.startswith("relay rule: an account under associate Mary Walsh's")
    plain = _floor(display_name="Mary Walsh", texts=("are you coming to yoga?",))
    assert plain is not None and plain.rules == ("name",) and plain.score < rules.DECISIVE
    # from an unrelated name, passing on contact for his given name is a lead, not decisive
    lead = _floor(display_name="Tom Jenkins", texts=("Richard asked me to say hi",))
    assert lead is not None and lead.kind == "third_party" and lead.score < rules.DECISIVE
    assert _floor(display_name="Tom Jenkins", texts=("Richard is at yoga",)) is None


def test_innocent_look_alikes_get_no_floor() -> None:
    for fields in (
        dict(display_name="Richard Okafor"),
        dict(display_name="Sarah Smith"),
        dict(display_name="Michael Smith"),
        dict(handle="rick.smithson.85"),
        dict(handle="smithj85"),
        dict(handle="rsmith"),
        dict(bio="call 212 555 0199", texts=("my mail is rick.smith86@example.com",)),
        dict(texts=("lake days", "a placid afternoon", "janie's bean soup")),
        dict(bio="linktr.ee/rickshaw"),
    ):
        assert _floor(**fields) is None, fields


def test_the_threshold_is_the_least_a_floor_scores() -> None:
    candidate = Candidate("c", "instagram", display_name="Smith R.")
    (floor,) = rules.floors(PROFILE, [candidate], min_score=0.9)
    assert floor.score == 0.9


SCORES = st.floats(0.0, 1.0, allow_nan=False)


@given(
    model=st.lists(SCORES, min_size=1, max_size=6), floors=st.lists(SCORES, min_size=1, max_size=6)
)
def test_a_floor_raises_a_score_and_never_lowers_one(
    model: list[float], floors: list[float]
) -> None:
    reason = Reason("f", "f", "floor", 1.0)
    scores = [Score(str(i), "restrained", "alias", s, {}, ()) for i, s in enumerate(model)]
    found = [
        rules.Floor(str(i), "restrained", "alias", max(f, 0.5), ("name",), (reason,))
        for i, f in enumerate(floors)
    ]
    result = {s.candidate_key: s.score for s in rules.apply(scores, found)}
    for i in range(max(len(model), len(floors))):
        expected = max(
            model[i] if i < len(model) else 0.0, max(floors[i], 0.5) if i < len(floors) else 0.0
        )
        assert result[str(i)] == expected


def _false_hits(cases: list) -> tuple[int, int, Counter[str]]:  # type: ignore[type-arg]
    innocents, hit, by_kind = 0, 0, Counter()
    for case in cases:
        found = rules.floor_subject(case.profile.restrained, case.candidates)
        for label, floor in zip(case.labels, found, strict=True):
            if label.role == "innocent":
                innocents += 1
                hit += floor is not None
                by_kind[label.kinds[0]] += floor is not None
    return innocents, hit, by_kind


def test_floors_alone_rarely_flag_the_synthetic_innocents() -> None:
    innocents, hit, by_kind = _false_hits(synth.cases("test", 12))
    assert innocents >= 700
    assert hit / innocents <= 0.005, by_kind
    assert by_kind["same_first_name"] + by_kind["same_surname"] + by_kind["similar_handle"] <= 1


def test_floors_alone_rarely_flag_innocents_written_with_faker_in_other_locales() -> None:
    innocents, hit, by_kind = _false_hits(faker_cases(seed=7))
    assert innocents >= 300
    assert hit / innocents <= 0.005, by_kind


def test_a_handle_or_id_that_is_the_listed_phone_or_e_mail_is_known_and_look_alikes_are_not() -> (
    None
):
    for fields in (
        dict(handle="Rick.Smith85@example.com"),
        dict(handle="rick.smith85+ig@example.com"),  # a sub-address of the same mailbox
        dict(handle="2125550147"),
        dict(platform="sms", user_id="+1 (212) 555-0147"),
    ):
        floor = _floor(**fields)
        assert floor is not None and floor.rules[0] == "known", fields
    for fields in (dict(handle="rick.smith85"), dict(handle="212555"), dict(user_id="a@b")):
        floor = _floor(**fields)
        assert floor is None or floor.rules[0] != "known", fields


def test_floor_columns_are_the_floors_subject_by_subject() -> None:
    candidates = [
        Candidate("1", "instagram", display_name="Rick Smith"),
        Candidate("2", "instagram", display_name="Mary Walsh"),
        Candidate("3", "instagram", display_name="Dana Cole"),
    ]
    columns = rules.floor_columns(PROFILE, candidates)
    assert [[f is not None for f in column] for column in columns] == [
        [True, False, False],
        [False, True, False],
    ]
    assert rules.flattened(columns) == rules.floors(PROFILE, candidates)


@given(
    st.text(alphabet="rickRICKsmith0123456789._-@$ ", max_size=16),
    st.none() | st.text(alphabet="RickSmithWalsh 8519.", max_size=16),
)
def test_an_account_ruled_out_by_its_letters_has_no_name_or_handle_floor(
    handle: str, display_name: str | None
) -> None:
    """`_floor` skips the name and handle rules where `_may_be_named` says no: they would
    have found nothing."""
    candidate = Candidate("1", "instagram", handle=handle, display_name=display_name)
    for subject in PROFILE.subjects:
        prepared = rules._prepare(subject)
        if not rules._may_be_named(prepared, candidate):
            assert rules._names(prepared, candidate) == []
            assert rules._handle(prepared, candidate) is None
