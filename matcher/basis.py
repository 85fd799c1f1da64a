"""A piecewise-linear basis per feature, so a logistic sum can bend each feature's effect.

Every feature the matcher makes lies in 0..1 and 0 means "no evidence". Hat functions at
fixed knots, none at 0, keep that meaning: a feature at 0 adds exactly nothing, and the
contribution of each feature is the sum of its own columns' weights, which `explain()` uses.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

KNOTS = (0.1, 0.25, 0.5, 0.75, 1.0)


class HatBasis(TransformerMixin, BaseEstimator):
    """Expand each column x into hat functions at `knots` (plus the implicit knot 0).

    >>> HatBasis(knots=(0.5, 1.0)).fit_transform(np.array([[0.0], [0.25], [0.5], [1.0]]))
    array([[0. , 0. ],
           [0.5, 0. ],
           [1. , 0. ],
           [0. , 1. ]])
    """

    def __init__(self, knots: tuple[float, ...] = KNOTS) -> None:
        self.knots = knots

    def fit(self, matrix: np.ndarray, labels: object = None) -> HatBasis:
        self.n_features_in_ = np.asarray(matrix).shape[1]
        return self

    def transform(self, matrix: np.ndarray) -> np.ndarray:
        """Columns of feature 0 first (one per knot), then feature 1, and so on."""
        x = np.clip(np.asarray(matrix, dtype=float), 0.0, None)[:, :, None]
        points = np.array((0.0, *self.knots))
        at, left = points[1:], points[:-1]
        right = np.append(points[2:], points[-1] + 1.0)
        rising = np.clip((x - left) / (at - left), 0.0, 1.0)
        falling = np.clip((right - x) / (right - at), 0.0, 1.0)
        falling[..., -1] = 1.0  # the last hat stays up: no extrapolating past the top knot
        hats = np.where(x <= at, rising, falling)
        return hats.reshape(len(x), -1)
