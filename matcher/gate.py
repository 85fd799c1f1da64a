"""Which accounts the model could report at all, known before comparing them in full.

The model's sum is additive: each feature adds its ramps times their weights, nothing when
it is 0, and never more than its positive weights together. With the families that are
cheap to know filled in (names, avatars, style, the evidence floors) and every other feature
counted at its most wherever an account may have it at all (`behaviour.possible`,
`links.possible`), a sum is an upper bound on the real one. An account whose bound stays
below the reporting floor gets no score from the full comparison either, so it is left out
of it: at 100,000 followers, almost all of them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING

import numpy as np

from matcher.vectors import FEATURES, Keep

if TYPE_CHECKING:
    from matcher.weights import Weights

# Log-odds the bound keeps in hand against rounding: the real sum is computed in another
# order (a matrix product), so it may differ from the bound in its last bits.
MARGIN = 1e-6


def keep(weights: Weights | None, features: Sequence[str], floor: float) -> Keep | None:
    """What `vectors.compare_kept` compares in full for a model with these `weights` over
    `features`: the rows whose bound may reach `floor`; None (every row) without weights."""
    if weights is None or (least := least_sum(weights, floor)) is None:
        return None
    return partial(may_reach, weights, tuple(features), least)


def least_sum(weights: Weights, floor: float) -> float | None:
    """The sum before calibration below which the probability is under `floor`; None when
    calibration does not rise with the sum (no bound can be read off then).

    >>> from matcher.weights import Weights
    >>> falling = Weights(np.array([1.0]), np.array([1.0]), np.float64(0), np.float64(-2), 1.0)
    >>> rising = Weights(np.array([1.0]), np.array([1.0]), np.float64(0), np.float64(2), 1.0)
    >>> least_sum(falling, 0.5), least_sum(rising, 0.5)
    (0.5, None)
    """
    if not weights.a < 0:
        return None
    return float((np.log(1 / floor - 1) - weights.b) / weights.a)


def may_reach(
    weights: Weights,
    features: Sequence[str],
    least: float,
    matrix: np.ndarray,
    possible: Mapping[str, np.ndarray],
) -> np.ndarray:
    """Rows whose sum may reach `least`: `matrix` (rows x `vectors.FEATURES`) holds the
    features known exactly and 0 for those in `possible`, which says per feature the rows
    where it may be nonzero."""
    known = matrix[:, [FEATURES.index(f) for f in features]]
    some = known.any(1)  # most rows: nothing known at all, nothing added to the intercept
    sums = np.zeros(len(known))
    if some.any():
        sums[some] = weights.contributions(known[some], len(features)).sum(1)
    bound = weights.intercept + sums
    most = np.clip(weights.coef.reshape(len(features), -1), 0.0, None).sum(1)
    for name, rows in possible.items():
        if name in features:
            bound = bound + np.where(rows, most[features.index(name)], 0.0)
    return bound >= least - MARGIN
