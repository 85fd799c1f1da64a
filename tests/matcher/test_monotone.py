"""No evidence can lower a score: every evidence feature enters with a non-decreasing curve."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher import dataset, model, synth, synth_b, vectors
from matcher.model import Classifier
from matcher.monotone import MonotoneLogit
from matcher.types import Candidate, Profile, Subject

EVIDENCE = model.evidence_features(model.model_features())


@pytest.fixture(scope="module")
def small() -> Classifier:
    """A model fitted on a few cases of both generators: the constraint, not the data, holds."""
    rows = dataset.pooled(
        dataset.rows(synth.cases("train", 10)), dataset.rows(synth_b.cases("train", 6))
    )
    return model.train(rows)


@pytest.fixture(scope="module")
def committed() -> Classifier:
    return model.load(model.MODEL_FILE, estimator=True)


def test_every_model_feature_but_context_is_evidence() -> None:
    assert set(model.model_features()) - set(EVIDENCE) == set(model.CONTEXT)
    for name in (
        "burst",
        "keywords",
        "shared_contact",
        "after_silence",
        "avatar_sim",
        "rule_floor",
    ):
        assert name in EVIDENCE


def test_weights_on_evidence_are_never_negative(small: Classifier, committed: Classifier) -> None:
    for classifier in (small, committed):
        pipeline = classifier.model.calibrated_classifiers_[0].estimator
        weights = pipeline.named_steps["logit"].coef_[0].reshape(len(classifier.features), -1)
        for feature, row in zip(classifier.features, weights, strict=True):
            if feature not in model.CONTEXT:
                assert (row >= 0).all(), feature
        assert classifier.model.calibrated_classifiers_[0].calibrators[0].a_ < 0


_ROW = st.lists(
    st.floats(0, 1, allow_nan=False), min_size=len(vectors.FEATURES), max_size=len(vectors.FEATURES)
)


@settings(max_examples=300, deadline=None)
@given(row=_ROW, feature=st.sampled_from(EVIDENCE), rise=st.floats(0, 1, allow_nan=False))
def test_raising_any_evidence_feature_never_lowers_a_score(
    small: Classifier, committed: Classifier, row: list[float], feature: str, rise: float
) -> None:
    before = np.array([row])
    after = before.copy()
    column = vectors.FEATURES.index(feature)
    after[0, column] = min(1.0, after[0, column] + rise)
    for classifier in (small, committed):
        assert classifier.log_odds(after)[0] >= classifier.log_odds(before)[0] - 1e-9
        assert classifier.probabilities(after)[0] >= classifier.probabilities(before)[0] - 1e-12


def test_the_bound_holds_where_the_data_say_otherwise() -> None:
    """Rows where more of a feature means innocence: the free fit would weigh it negatively."""
    x = np.array([[0.0, 0.0], [0.1, 1.0], [0.9, 0.0], [1.0, 1.0]] * 10)
    y = np.array([1, 1, 0, 0] * 10)
    bounded = MonotoneLogit().fit(x, y)
    free = MonotoneLogit(free=(0,)).fit(x, y)
    assert bounded.coef_[0, 0] == 0.0 and free.coef_[0, 0] < 0


def test_a_burst_from_a_look_alike_scores_at_least_as_high_as_two_messages(
    committed: Classifier,
) -> None:
    """Twelve messages in one day are harassment, not a sign of a chatty friend."""
    subject = Subject("restrained", "restrained", names=("Richard Paul Heaffy",))
    start = datetime(2025, 3, 4, 18, tzinfo=UTC)

    def look_alike(key: str, count: int) -> Candidate:
        times = tuple(start + timedelta(minutes=20 * i) for i in range(count))
        texts = ("answer me",) * count
        return Candidate(
            key, "x", handle="heaffy_r", display_name="Rick Heaffy", times=times, texts=texts
        )

    profile = Profile(subject, order_issued=datetime(2025, 1, 1, tzinfo=UTC).date())
    scores = {
        s.candidate_key: s.score
        for s in committed.score(profile, [look_alike("2", 2), look_alike("12", 12)])
    }
    assert scores["12"] >= scores["2"] > 0
