"""A model's weights: the sigmoid they end with is SciPy's, bit for bit."""

from __future__ import annotations

import numpy as np
from scipy.special import expit as scipy_expit

from matcher.weights import Weights, expit


def test_expit_is_scipys_bit_for_bit() -> None:
    rng = np.random.default_rng(7)
    values = np.concatenate(
        [
            rng.normal(0, 4, 200_000),
            rng.uniform(-750, 750, 10_000),
            [0.0, -0.0, 709.0, 710.0, -745.0, -746.0, 1e308, -1e308, np.inf, -np.inf],
        ]
    )
    assert np.array_equal(expit(values), scipy_expit(values))
    assert np.isnan(expit(np.array([np.nan]))[0])
    assert expit(values.reshape(-1, 2)).shape == (len(values) // 2, 2)


def test_probabilities_are_the_sigmoid_of_the_ramps_sum() -> None:
    weights = Weights(
        np.array([0.5, 1.0]), np.array([2.0, 1.0]), np.float64(-1.0), np.float64(-1.5), 0.25
    )
    rows = np.array([[0.0], [0.25], [1.0]])
    sums = np.array([-1.0, 0.0, 2.0])  # intercept, plus half a ramp of 2, plus both ramps
    assert np.array_equal(weights.contributions(rows, 1).ravel(), sums + 1.0)
    assert np.array_equal(weights.probabilities(rows), scipy_expit(-(-1.5 * sums + 0.25)))
