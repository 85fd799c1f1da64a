"""A calibrated logistic classifier over every feature family, its skops file and explanations.

A piecewise-linear basis per feature feeding a logistic regression (an additive model) keeps
each feature's contribution exact and additive in log-odds, so
`explain()` can draw a waterfall (prior, each feature, calibration, final) and the reasons a
person reads are the features that moved the score most. Platt scaling, fitted on
cross-validated predictions, turns the sum into a probability that means what it says.
"""

from __future__ import annotations

import logging
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

import numpy as np
import skops.io as sio
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from matcher import dataset, vectors
from matcher.basis import RampBasis
from matcher.explain import reasons_for
from matcher.types import Candidate, Profile, Score, Subject

logger = logging.getLogger(__name__)

# Shipped as package data; the application passes the path it wants to `load()`.
MODEL_FILE = Path(str(resources.files("matcher") / "models" / "matcher.skops"))
SEED = 20260302
FLOOR = 0.05  # pairs scoring below this are not reported as similar at all
TRUSTED = [  # every type the model file may contain besides builtins and numpy
    "sklearn.calibration.CalibratedClassifierCV",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.pipeline.Pipeline",
    "matcher.basis.RampBasis",
]


class ModelFileError(Exception):
    """The model file is missing pieces, untrusted or made for other features."""


@dataclass(frozen=True, slots=True)
class Step:
    """One bar of a waterfall: what a feature (or the prior, or calibration) added."""

    label: str
    log_odds: float  # this step's contribution
    total: float  # log-odds after this step
    probability: float  # probability after this step


def _pipeline(seed: int) -> CalibratedClassifierCV:
    """Splines per feature, then a logistic sum: each feature's effect may bend, never mix."""
    logit = LogisticRegression(C=1.0, max_iter=5000, random_state=seed)
    pipeline = Pipeline([("basis", RampBasis()), ("logit", logit)])
    return CalibratedClassifierCV(pipeline, method="sigmoid", cv=5, ensemble=False)


@dataclass(frozen=True, slots=True)
class Classifier:
    """A fitted model with the feature names it expects and a version for the record."""

    model: CalibratedClassifierCV
    features: tuple[str, ...]
    version: str

    @classmethod
    def fit(
        cls,
        matrix: np.ndarray,
        labels: np.ndarray,
        *,
        features: Sequence[str],
        version: str,
        seed: int = SEED,
    ) -> Classifier:
        """Fit on rows whose columns are `features` (a subset of `vectors.FEATURES`)."""
        return cls(_pipeline(seed).fit(matrix, labels), tuple(features), version)

    def _columns(self, matrix: np.ndarray) -> np.ndarray:
        """Pick this model's columns out of a full `vectors.FEATURES` matrix."""
        if matrix.shape[1] == len(self.features):
            return matrix
        return matrix[:, [vectors.FEATURES.index(f) for f in self.features]]

    def probabilities(self, matrix: np.ndarray) -> np.ndarray:
        """Calibrated probability that each row is an account of the subject."""
        if not len(matrix):
            return np.zeros(0)
        return self.model.predict_proba(self._columns(matrix))[:, 1]

    def log_odds(self, matrix: np.ndarray) -> np.ndarray:
        """The additive sum before calibration: ranks accounts without saturating near 1."""
        prior, parts = self.contributions(matrix)
        return prior + parts.sum(1)

    def contributions(self, matrix: np.ndarray) -> tuple[float, np.ndarray]:
        """The prior (log-odds of an account with no evidence) and each feature's log-odds."""
        pipeline = self.model.calibrated_classifiers_[0].estimator
        basis, logit = pipeline.named_steps["basis"], pipeline.named_steps["logit"]
        rows = self._columns(matrix)
        weights = logit.coef_[0].reshape(len(self.features), -1)
        columns = basis.transform(rows).reshape(len(rows), len(self.features), -1)
        return float(logit.intercept_[0]), (columns * weights).sum(-1)

    def explain(self, row: np.ndarray) -> list[Step]:
        """Waterfall records for one feature row: prior, each moving feature, calibration."""
        prior, parts = self.contributions(row[None, :])
        steps = [Step("prior", prior, prior, _sigmoid(prior))]
        total = prior
        for index in np.argsort(-np.abs(parts[0])):
            if abs(parts[0, index]) >= 0.01:
                total += float(parts[0, index])
                steps.append(
                    Step(self.features[index], float(parts[0, index]), total, _sigmoid(total))
                )
        final = float(self.probabilities(row[None, :])[0])
        calibrated = float(np.log(final / (1 - final))) if 0 < final < 1 else total
        steps.append(Step("calibration", calibrated - total, calibrated, final))
        return steps

    def score(self, profile: Profile, candidates: Sequence[Candidate]) -> list[Score]:
        """Every candidate against every subject; like `score_all`, with the model's score."""
        columns = [self._score_subject(profile, s, candidates) for s in profile.subjects]
        return [s for row in zip(*columns, strict=True) for s in row if s is not None]

    def _score_subject(
        self, profile: Profile, subject: Subject, candidates: Sequence[Candidate]
    ) -> list[Score | None]:
        comparison = vectors.compare(profile, subject, candidates)
        found = self.probabilities(comparison.matrix)
        _, parts = self.contributions(comparison.matrix)
        known = comparison.known
        scores: list[Score | None] = []
        for i, candidate in enumerate(candidates):
            rule = comparison.rules[i]
            if known[i] and rule is not None:
                scores.append(replace(rule, model_version=self.version))
                continue
            if found[i] < FLOOR:
                scores.append(None)
                continue
            features = dict(zip(vectors.FEATURES, comparison.matrix[i].tolist(), strict=True))
            reasons = reasons_for(self.features, parts[i], rule, comparison.reasons[i], subject)
            kind = "alias" if subject.kind == "restrained" else "third_party"
            value = round(min(float(found[i]), 0.99), 4)
            scores.append(
                Score(candidate.key, subject.label, kind, value, features, reasons, self.version)
            )
        return scores


def _sigmoid(value: float) -> float:
    return float(1 / (1 + np.exp(-value)))


def save(classifier: Classifier, path: Path) -> None:
    """Write the model with skops (no pickle): a plain dict of the estimator and its facts."""
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "model": classifier.model,
        "features": list(classifier.features),
        "version": classifier.version,
    }
    sio.dump(document, path, compression=8)


def load(path: Path = MODEL_FILE) -> Classifier:
    """Read a model file, refusing any type outside `TRUSTED` and any other feature list."""
    try:
        untrusted = sorted(set(sio.get_untrusted_types(file=path)) - set(TRUSTED))
        if untrusted:
            raise ModelFileError(f"{path}: refusing untrusted types {', '.join(untrusted)}")
        document = sio.load(path, trusted=TRUSTED)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        raise ModelFileError(f"{path}: not a readable skops file ({exc})") from None
    if not isinstance(document, dict):
        raise ModelFileError(f"{path}: not a matcher model file")
    features = tuple(document.get("features", ()))
    if not isinstance(document.get("model"), CalibratedClassifierCV):
        raise ModelFileError(f"{path}: not a calibrated matcher model")
    if not set(features) <= set(vectors.FEATURES):
        raise ModelFileError(f"{path}: made for other features; retrain with `nocontact train`")
    return Classifier(document["model"], features, str(document["version"]))


TRAIN_CASES = 400
VERSION = "gam-1"


def model_features(family: str | None = None) -> list[str]:
    """The columns a model uses: all families, or one; never `known` (config lists decide it)."""
    pool = vectors.FAMILIES[family] if family else vectors.FEATURES
    return [f for f in pool if f != "known"]


def train(rows: dataset.Rows, *, family: str | None = None, seed: int = SEED) -> Classifier:
    """Fit on synthetic rows: every family, or one family alone (a baseline)."""
    features = model_features(family)
    columns = [vectors.FEATURES.index(f) for f in features]
    version = VERSION if family is None else f"{VERSION}-{family}-only"
    return Classifier.fit(
        rows.matrix[:, columns], rows.labels, features=features, version=version, seed=seed
    )
