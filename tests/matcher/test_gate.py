"""The gate: the accounts left out of the full comparison are ones the model could not report."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher import gate, model, synth, vectors
from matcher.model import FLOOR
from matcher.types import Candidate, Profile, Subject

CLASSIFIER = model.load(model.MODEL_FILE)
WEIGHTS = CLASSIFIER.weights
assert WEIGHTS is not None
LEAST = gate.least_sum(WEIGHTS, FLOOR)
assert LEAST is not None
KEEP = gate.keep(WEIGHTS, CLASSIFIER.features, FLOOR)
assert KEEP is not None
OPEN = ("after_silence", "burst", "hours_sim", "anonymity", "shared_contact", "shared_url")


def _probability(total: float) -> float:
    """Platt's sigmoid of a sum, as `Weights.probabilities` takes it."""
    return float(1 / (1 + np.exp(WEIGHTS.a * total + WEIGHTS.b)))


def test_least_sum_is_where_the_probability_reaches_the_floor() -> None:
    assert _probability(LEAST - 1e-3) < FLOOR < _probability(LEAST + 1e-3)


@settings(max_examples=50, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_the_bound_is_never_below_the_real_sum(seed: int) -> None:
    rng = np.random.default_rng(seed)
    shape = (256, len(vectors.FEATURES))
    rows = rng.random(shape) * (rng.random(shape) < 0.15)  # sums near the reporting floor
    possible = {name: rng.random(256) < 0.5 for name in OPEN}
    for name, where in possible.items():  # a feature not possible is 0 for certain
        rows[~where, vectors.FEATURES.index(name)] = 0.0
    known = rows.copy()
    for name in OPEN:
        known[:, vectors.FEATURES.index(name)] = 0.0
    prior, parts = CLASSIFIER.contributions(rows)
    real = prior + parts.sum(1)
    assert (KEEP(known, possible) | (real < LEAST)).all()


def test_rows_with_nothing_known_are_bounded_like_any_other() -> None:
    """Rows of zeros (most accounts) skip the ramps: their bound is still the full formula's."""
    rng = np.random.default_rng(3)
    rows = rng.random((64, len(vectors.FEATURES))) * (rng.random((64, 1)) < 0.3)
    for name in OPEN:
        rows[:, vectors.FEATURES.index(name)] = 0.0
    possible = {name: rng.random(64) < 0.3 for name in OPEN}
    prior, parts = CLASSIFIER.contributions(rows)
    features = list(CLASSIFIER.features)
    most = np.clip(WEIGHTS.coef.reshape(len(features), -1), 0.0, None).sum(1)
    bound = prior + parts.sum(1)
    for name, where in possible.items():
        bound = bound + np.where(where, most[features.index(name)], 0.0)
    assert (rows == 0).all(1).sum() > 20
    assert KEEP(rows, possible).tolist() == (bound >= LEAST - gate.MARGIN).tolist()
    assert KEEP(rows[:0], {name: where[:0] for name, where in possible.items()}).size == 0


def test_every_account_the_model_reports_is_compared_in_full_and_alike() -> None:
    for case in synth.cases("test", 6):
        for subject in case.profile.subjects:
            full = vectors.compare(case.profile, subject, case.candidates)
            reported = (CLASSIFIER.probabilities(full.matrix) >= FLOOR) | full.known
            parts = list(vectors.compare_kept(case.profile, subject, case.candidates, KEEP))
            kept = {i for rows, _ in parts for i in rows.tolist()}
            assert set(np.flatnonzero(reported).tolist()) <= kept
            for rows, comparison in parts:
                np.testing.assert_array_equal(comparison.matrix, full.matrix[rows])
                assert comparison.reasons == tuple(full.reasons[i] for i in rows.tolist())


def test_an_account_with_nothing_to_compare_is_left_out() -> None:
    subject = Subject("restrained", "restrained", names=("Robert James Miller",))
    stranger = Candidate("1", "instagram", handle="zz.top77")
    alias = Candidate("2", "instagram", handle="robertjmiller", display_name="Robert Miller")
    (rows, comparison), *_ = vectors.compare_kept(
        Profile(subject), subject, [stranger, alias], KEEP
    )
    assert rows.tolist() == [1]
    assert [s.candidate_key for s in CLASSIFIER.score(Profile(subject), [stranger, alias])] == ["2"]
