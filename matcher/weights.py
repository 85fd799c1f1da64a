"""A fitted model's numbers, applied with numpy exactly as the scikit-learn pipeline applies them.

Scoring reads them from a plain `.npz` beside the model file (`matcher.model`): no skops, no
scikit-learn or SciPy estimator classes to import, a second or more of every `match`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from sklearn.calibration import CalibratedClassifierCV


@dataclass(frozen=True, slots=True)
class Weights:
    """A fitted model's numbers (ramp knots, logistic weights, Platt's a and b), applied in
    the very operations the scikit-learn pipeline performs, so scores are equal bit for bit."""

    knots: np.ndarray  # (knots,)
    coef: np.ndarray  # (features x knots,)
    intercept: np.float64
    a: np.float64
    b: np.float64

    @classmethod
    def of(cls, model: CalibratedClassifierCV) -> Weights | None:
        """The numbers of a model fitted by `_pipeline`; None for any other shape."""
        if len(model.calibrated_classifiers_) != 1:
            return None
        (calibrated,) = model.calibrated_classifiers_
        if len(calibrated.calibrators) != 1 or type(calibrated.calibrators[0]).__name__ != (
            "_SigmoidCalibration"
        ):
            return None
        steps = calibrated.estimator.named_steps
        basis, logit = steps["basis"], steps["logit"]
        a, b = calibrated.calibrators[0].a_, calibrated.calibrators[0].b_
        return cls(
            np.array(basis.knots, dtype=float),
            np.array(logit.coef_[0], dtype=float),
            np.float64(logit.intercept_[0]),
            np.float64(a),
            np.float64(b),
        )

    def ramps(self, rows: np.ndarray) -> np.ndarray:
        """`RampBasis.transform` with these knots."""
        x = np.asarray(rows, dtype=float)[:, :, None]
        points = np.array((0.0, *self.knots.tolist()))
        return np.clip((x - points[:-1]) / np.diff(points), 0.0, 1.0).reshape(len(x), -1)

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        """`CalibratedClassifierCV.predict_proba(rows)[:, 1]`: Platt's sigmoid of the sum."""
        found = self.ramps(rows) @ self.coef + self.intercept
        return expit(-(self.a * found + self.b))

    def contributions(self, rows: np.ndarray, features: int) -> np.ndarray:
        """Each feature's log-odds: its ramps times their weights."""
        columns = self.ramps(rows).reshape(len(rows), features, -1)
        return (columns * self.coef.reshape(features, -1)).sum(-1)


def expit(values: np.ndarray) -> np.ndarray:
    """`scipy.special.expit`, which computes 1 / (1 + exp(-x)) with the C library's `exp`;
    `math.exp` is that very function, and SciPy's special functions take a fifth of a second
    to import. Used on the rows a model scores, a few thousand in a match.

    >>> expit(np.array([0.0, 800.0, -800.0])).tolist()
    [0.5, 1.0, 0.0]
    """
    found = np.asarray(values, dtype=float)
    return np.array([_expit(x) for x in found.ravel().tolist()], dtype=float).reshape(found.shape)


def _expit(x: float) -> float:
    try:
        return 1 / (1 + math.exp(-x))
    except OverflowError:  # exp(-x) beyond a double: the C library gives inf, the sigmoid 0
        return 0.0
