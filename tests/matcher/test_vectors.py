"""All families together: the classifier's rows, references from known accounts, batch rules."""

from __future__ import annotations

from datetime import UTC, date, datetime

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher import avatars, drawing, rules, vectors
from matcher.avatars import AvatarHash
from matcher.types import Candidate, Profile, Subject

PHOTO = drawing.face(5)
SUBJECT = Subject(
    "restrained",
    "restrained",
    names=("Robert James Miller",),
    handles={"instagram": ("rob.miller82",)},
    photos=(drawing.to_bytes(PHOTO),),
    writing_samples=("i miss you Janie-bean, for real tho...",),
    keywords=("Janie-bean",),
    emails=("rob.miller82@example.com",),
)
SISTER = Subject("Mary Miller", "associate", ("Mary Miller",), {"instagram": ("mary.m.miller",)})
PROFILE = Profile(SUBJECT, (SISTER,), order_issued=date(2026, 3, 2))
KNOWN = Candidate(
    "k",
    "instagram",
    handle="rob.miller82",
    times=(datetime(2026, 3, 5, 21, tzinfo=UTC),),
    blocked_at=datetime(2026, 3, 11, tzinfo=UTC),
    connections=("friend.001",),
)


def test_every_family_fills_its_columns() -> None:
    alt = Candidate(
        "a",
        "instagram",
        handle="night.owl",
        avatar_hash=str(AvatarHash.of(PHOTO.rotate(4))),
        created_at=datetime(2026, 3, 12, tzinfo=UTC),
        times=(datetime(2026, 3, 13, 21, tzinfo=UTC),),
        texts=(
            "i miss you Janie-bean, for real tho...",
            "i miss you Janie-bean... write me at rob.miller82@example.com",
            "for real tho, i miss you Janie-bean...",
        ),
        connections=("mary.m.miller", "friend.001"),
    )
    comparison = vectors.compare(PROFILE, SUBJECT, [KNOWN, alt])
    assert comparison.known.tolist() == [True, False]
    row = dict(zip(vectors.FEATURES, comparison.matrix[1], strict=True))
    for feature in (
        "avatar_sim",
        "created_after_order",
        "created_recent",
        "after_silence",
        "style_sim",
        "keywords",
        "shared_contact",
        "shared_connections",
        "rule_floor",  # the e-mail in its words: a decisive floor
    ):
        assert row[feature] > 0, feature
    assert row["handle_sim"] == row["name_sim"] == row["name_strong"] == 0
    said = " ".join(r.text for r in comparison.reasons[1])
    assert "reference photo 1" in said and "rob.miller82@example.com" in said


def test_the_floors_verdict_is_a_column_with_its_reason_and_relays_count_for_associates() -> None:
    relay = Candidate("r", "instagram", display_name="Mary Miller", texts=("Robert says sorry",))
    plain = Candidate("p", "instagram", display_name="Dana Cole", texts=("see you at yoga",))
    column = vectors.FEATURES.index("rule_floor")
    sister = vectors.compare(PROFILE, SISTER, [relay, plain])
    assert sister.matrix[0, column] >= 0.96 and sister.matrix[1, column] == 0.0
    assert [r.feature for r in sister.reasons[0]][-1] == "rule_floor"
    assert sister.reasons[0][-1].text.startswith("relay rule:")
    assert not any(r.feature == "rule_floor" for r in sister.reasons[1])
    restrained = vectors.compare(PROFILE, SUBJECT, [relay, plain]).matrix[:, column]
    assert restrained.tolist() == [0.0, 0.0]


def test_unknown_avatar_and_missing_avatar_differ() -> None:
    unknown, none = Candidate("u", "x"), Candidate("n", "x", has_avatar=False)
    matrix = vectors.compare(PROFILE, SUBJECT, [unknown, none]).matrix
    column = vectors.FEATURES.index("avatar_none")
    assert matrix[:, column].tolist() == [0.0, 1.0]


def test_photos_left_unexpanded_change_nothing_for_accounts_without_a_picture() -> None:
    """A match whose accounts have no picture skips the photos' variants: same features and
    reasons, as `compare_kept` relies on."""
    shown = [None, vectors.avatar_of(Candidate("n", "x", has_avatar=False))]
    full = vectors.reference(PROFILE, SUBJECT, [KNOWN])
    bare = vectors.reference(PROFILE, SUBJECT, [KNOWN], pictures=False)
    assert len(bare.pictures.labels) == 0 < len(full.pictures.labels)
    ours, theirs = avatars.compare(bare.pictures, shown), avatars.compare(full.pictures, shown)
    assert ours.reasons == theirs.reasons
    assert all(np.array_equal(ours.columns[k], theirs.columns[k]) for k in theirs.columns)


def test_unreadable_avatar_bytes_count_as_unknown() -> None:
    assert vectors.avatar_of(Candidate("b", "x", avatar=b"GIF89a broken")) is None


HANDLES = st.sampled_from(["r0b_m1ll3r", "karen.chen", "user1234567", "mary.m.miller", None])
CANDIDATES = st.builds(
    Candidate,
    key=st.uuids().map(str),
    platform=st.just("instagram"),
    handle=HANDLES,
    created_at=st.none() | st.just(datetime(2026, 3, 20, tzinfo=UTC)),
    times=st.lists(
        st.datetimes(
            min_value=datetime(2026, 1, 1), max_value=datetime(2026, 9, 1), timezones=st.just(UTC)
        ),
        max_size=4,
    ).map(tuple),
    connections=st.sampled_from([(), ("friend.001",), ("mary.m.miller", "x")]),
)


@settings(max_examples=25, deadline=None)
@given(st.lists(CANDIDATES, min_size=1, max_size=6, unique_by=lambda c: c.key))
def test_batch_rows_equal_one_at_a_time_where_no_text_or_avatar_is_shared(
    candidates: list[Candidate],
) -> None:
    """Only style (n-gram weights) and stock-avatar counts depend on the batch: none here."""
    reference = vectors.reference(PROFILE, SUBJECT, [KNOWN])
    together = vectors.compare(PROFILE, SUBJECT, candidates, prepared=reference).matrix
    alone = np.vstack(
        [vectors.compare(PROFILE, SUBJECT, [c], prepared=reference).matrix for c in candidates]
    )
    assert np.allclose(together, alone)


def test_style_does_not_depend_on_candidate_order() -> None:
    texts = ["miss you Janie-bean", "great photo!!", "where was this taken", "for real tho"]
    batch = [Candidate(str(i), "x", texts=(t,)) for i, t in enumerate(texts)]
    forward = vectors.compare(PROFILE, SUBJECT, batch).matrix
    backward = vectors.compare(PROFILE, SUBJECT, batch[::-1]).matrix[::-1]
    assert np.allclose(forward, backward)


def test_floors_found_once_give_the_rows_found_afresh_at_any_threshold() -> None:
    """The match reuses the floors it found at its own threshold for the `rule_floor` column."""
    candidates = [
        KNOWN,
        Candidate("r", "instagram", display_name="Mary Miller", texts=("Robert says sorry",)),
        Candidate("e", "instagram", handle="x.y", texts=("mail rob.miller82@example.com",)),
        Candidate("m", "instagram", handle="millerr82", texts=("remember Janie-bean",)),
        Candidate("p", "instagram", display_name="Dana Cole", texts=("see you at yoga",)),
    ]
    afresh = [
        c for s in PROFILE.subjects for _, c in vectors.compare_in_parts(PROFILE, s, candidates)
    ]
    columns = rules.floor_columns(PROFILE, candidates, min_score=0.8)
    assert any(f is not None for column in columns for f in column)
    reused = [
        c
        for s, found in zip(PROFILE.subjects, columns, strict=True)
        for _, c in vectors.compare_in_parts(PROFILE, s, candidates, found=found)
    ]
    for a, b in zip(afresh, reused, strict=True):
        assert np.array_equal(a.matrix, b.matrix) and a.reasons == b.reasons


def test_given_floors_make_the_rule_floor_column() -> None:
    candidates = [Candidate("e", "instagram", texts=("mail rob.miller82@example.com",))]
    column = vectors.FEATURES.index("rule_floor")
    assert vectors.compare(PROFILE, SUBJECT, candidates).matrix[0, column] > 0
    (_, given_none), *_ = vectors.compare_in_parts(PROFILE, SUBJECT, candidates, found=[None])
    assert given_none.matrix[0, column] == 0.0
