"""A logistic regression whose weights on evidence columns cannot go below zero.

scikit-learn's `LogisticRegression` has no bounds on its coefficients, so a model trained on
one generator's joint distributions can learn that some sign of identity or harassment (a
burst of messages, say) means innocence, because that generator's friends happened to chat in
bursts. Here every column is held at a non-negative weight unless it is listed as free
(context such as "creation date unknown", which is no evidence either way). Over the ramp
basis, non-negative slopes make each feature's curve non-decreasing, so raising any evidence
feature never lowers the sum. The same penalised log-loss as `LogisticRegression` (L2 on the
weights, none on the intercept) is minimised with L-BFGS-B, which takes bounds.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit, log_expit
from sklearn.base import BaseEstimator, ClassifierMixin


class MonotoneLogit(ClassifierMixin, BaseEstimator):
    """Binary logistic regression with `coef_ >= 0` except on the `free` columns.

    >>> x = np.array([[0.0], [0.2], [0.8], [1.0]])
    >>> fitted = MonotoneLogit().fit(x, [1, 1, 0, 0])  # the data say "more is innocent"
    >>> float(fitted.coef_[0, 0])  # the weight stays at its bound instead
    0.0
    """

    def __init__(self, C: float = 1.0, free: tuple[int, ...] = (), max_iter: int = 5000) -> None:
        self.C = C
        self.free = free
        self.max_iter = max_iter

    def fit(self, matrix: np.ndarray, labels: np.ndarray) -> MonotoneLogit:
        x = np.asarray(matrix, dtype=float)
        self.classes_ = np.unique(labels)
        y = (np.asarray(labels) == self.classes_[-1]).astype(float)
        columns = x.shape[1]
        self.n_features_in_ = columns
        free = set(self.free)
        bounds = [(None, None) if j in free else (0.0, None) for j in range(columns)]
        bounds.append((None, None))  # the intercept

        def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
            w, b = theta[:-1], theta[-1]
            z = x @ w + b
            value = -(y * log_expit(z) + (1 - y) * log_expit(-z)).sum()
            residual = expit(z) - y
            gradient = np.append(self.C * (x.T @ residual) + w, self.C * residual.sum())
            return self.C * value + 0.5 * float(w @ w), gradient

        prior = np.clip(y.mean(), 1e-6, 1 - 1e-6)
        start = np.append(np.zeros(columns), np.log(prior / (1 - prior)))
        found = minimize(
            loss,
            start,
            jac=True,
            method="L-BFGS-B",
            bounds=bounds,
            options={"maxiter": self.max_iter},
        )
        self.coef_ = found.x[None, :-1]
        self.intercept_ = found.x[-1:]
        self.n_iter_ = np.array([found.nit])
        return self

    def decision_function(self, matrix: np.ndarray) -> np.ndarray:
        return np.asarray(matrix, dtype=float) @ self.coef_[0] + self.intercept_[0]

    def predict_proba(self, matrix: np.ndarray) -> np.ndarray:
        p = expit(self.decision_function(matrix))
        return np.stack([1 - p, p], axis=1)

    def predict(self, matrix: np.ndarray) -> np.ndarray:
        return self.classes_[(self.decision_function(matrix) > 0).astype(int)]
