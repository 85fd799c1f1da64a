"""A calibrated logistic classifier over every feature family, its skops file and explanations.

A piecewise-linear basis per feature feeding a logistic regression (an additive model) keeps
each feature's contribution exact and additive in log-odds, so
`explain()` can draw a waterfall (prior, each feature, calibration, final) and the reasons a
person reads are the features that moved the score most. Every evidence feature's ramps take
non-negative weights (`matcher.monotone`), so no sign of identity or harassment can lower a
score; only context columns (`CONTEXT`) may take either sign. Platt scaling, fitted on
cross-validated predictions with a positive slope, turns the sum into a probability.
"""

from __future__ import annotations

import hashlib
import logging
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from matcher import gate, rules, vectors
from matcher.explain import reasons_for
from matcher.types import Candidate, Profile, Score, Subject
from matcher.weights import Weights

if TYPE_CHECKING:
    from sklearn.calibration import CalibratedClassifierCV

    from matcher import dataset

logger = logging.getLogger(__name__)

# Shipped as package data; the application passes the path it wants to `load()`.
MODEL_FILE = Path(str(resources.files("matcher") / "models" / "matcher.skops"))
SEED = 20260302
FLOOR = 0.05  # pairs scoring below this are not reported as similar at all
ROWS = 8192  # rows the model reads at a time
TRUSTED = [  # every type the model file may contain besides builtins and numpy
    "sklearn.calibration.CalibratedClassifierCV",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "sklearn.pipeline.Pipeline",
    "matcher.basis.RampBasis",
    "matcher.monotone.MonotoneLogit",
]
# Columns that say what is known rather than what resembles: they may shift the baseline
# either way. Every other feature is evidence and enters with a non-decreasing curve.
CONTEXT = ("created_unknown",)
# Flags that say how a name was normalised or how loosely it matched, not how much it resembles:
# diacritics folded ("Théo"), digits dropped, a near miss, a contained or a partial match. With
# weights held at zero or above they could only add, so a near miss would outscore an exact
# match; the name scores already discount them. Trained on generator A alone, "transliteration"
# weighed 4.6 log-odds because only A's evaders had non-ASCII names, and every accented
# innocent of generator B became a hit. They stay in each score's features and reasons.
NOT_EVIDENCE = ("unicode", "transliteration", "digits", "fuzzy", "contains", "partial")


class ModelFileError(Exception):
    """The model file is missing pieces, untrusted or made for other features."""


@dataclass(frozen=True, slots=True)
class Step:
    """One bar of a waterfall: what a feature (or the prior, or calibration) added."""

    label: str
    log_odds: float  # this step's contribution
    total: float  # log-odds after this step
    probability: float  # probability after this step


def _pipeline(features: Sequence[str]) -> CalibratedClassifierCV:
    """Ramps per feature, then a logistic sum: each effect may bend, never mix, never fall."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.pipeline import Pipeline

    from matcher.basis import KNOTS, RampBasis
    from matcher.monotone import MonotoneLogit

    free = tuple(
        i * len(KNOTS) + k
        for i, name in enumerate(features)
        if name in CONTEXT
        for k in range(len(KNOTS))
    )
    pipeline = Pipeline([("basis", RampBasis()), ("logit", MonotoneLogit(C=1.0, free=free))])
    return CalibratedClassifierCV(pipeline, method="sigmoid", cv=5, ensemble=False)


def evidence_features(features: Sequence[str]) -> list[str]:
    """The features whose rise may never lower a score: all but the context columns."""
    return [f for f in features if f not in CONTEXT]


@dataclass(frozen=True, slots=True)
class Classifier:
    """A fitted model with the feature names it expects and a version for the record.

    `model` is None when only the weights were read (`load` with a matching weights file).
    """

    model: CalibratedClassifierCV | None
    features: tuple[str, ...]
    version: str
    weights: Weights | None = None

    @classmethod
    def fit(
        cls,
        matrix: np.ndarray,
        labels: np.ndarray,
        *,
        features: Sequence[str],
        version: str,
    ) -> Classifier:
        """Fit on rows whose columns are `features` (a subset of `vectors.FEATURES`).

        Platt scaling with a negative slope would turn more evidence into a lower
        probability; it cannot happen with evidence-only weights, and is refused if it does.
        """
        fitted = _pipeline(features).fit(matrix, labels)
        if fitted.calibrated_classifiers_[0].calibrators[0].a_ >= 0:
            raise ValueError("calibration reversed the model's order; too few rows to train on")
        return cls(fitted, tuple(features), version, Weights.of(fitted))

    def _columns(self, matrix: np.ndarray) -> np.ndarray:
        """Pick this model's columns out of a full `vectors.FEATURES` matrix."""
        if matrix.shape[1] == len(self.features):
            return matrix
        return matrix[:, [vectors.FEATURES.index(f) for f in self.features]]

    def probabilities(self, matrix: np.ndarray) -> np.ndarray:
        """Calibrated probability that each row is an account of the subject."""
        if not len(matrix):
            return np.zeros(0)
        if self.weights is not None:
            return self.weights.probabilities(self._columns(matrix))
        return self._estimator().predict_proba(self._columns(matrix))[:, 1]

    def _estimator(self) -> CalibratedClassifierCV:
        if self.model is None:
            raise ModelFileError(f"model {self.version}: only its weights were read")
        return self.model

    def log_odds(self, matrix: np.ndarray) -> np.ndarray:
        """The additive sum before calibration: ranks accounts without saturating near 1."""
        prior, parts = self.contributions(matrix)
        return prior + parts.sum(1)

    def contributions(self, matrix: np.ndarray) -> tuple[float, np.ndarray]:
        """The prior (log-odds of an account with no evidence) and each feature's log-odds."""
        rows = self._columns(matrix)
        if self.weights is not None:
            parts = self.weights.contributions(rows, len(self.features))
            return float(self.weights.intercept), parts
        pipeline = self._estimator().calibrated_classifiers_[0].estimator
        basis, logit = pipeline.named_steps["basis"], pipeline.named_steps["logit"]
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

    def _apply(self, matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Probabilities and per-feature log-odds of every row, `ROWS` rows at a time: the
        ramp basis holds rows x features x knots numbers, too many at once for a big case."""
        found = np.zeros(len(matrix))
        parts = np.zeros((len(matrix), len(self.features)))
        for start in range(0, len(matrix), ROWS):
            rows = matrix[start : start + ROWS]
            found[start : start + ROWS] = self.probabilities(rows)
            parts[start : start + ROWS] = self.contributions(rows)[1]
        return found, parts

    def score(
        self,
        profile: Profile,
        candidates: Sequence[Candidate],
        *,
        floors: Sequence[Sequence[rules.Floor | None]] | None = None,
    ) -> list[Score]:
        """Every candidate against every subject; like `score_all`, with the model's score.
        `floors`, one column per subject (`rules.floor_columns`), spare finding them again."""
        found = floors if floors is not None else [None] * len(profile.subjects)
        columns = [
            self._score_subject(profile, s, candidates, f)
            for s, f in zip(profile.subjects, found, strict=True)
        ]
        return [s for row in zip(*columns, strict=True) for s in row if s is not None]

    def _score_subject(
        self,
        profile: Profile,
        subject: Subject,
        candidates: Sequence[Candidate],
        found: Sequence[rules.Floor | None] | None,
    ) -> list[Score | None]:
        """Only the accounts the model may report (`gate`) are compared in full."""
        scores: list[Score | None] = [None] * len(candidates)
        keep = gate.keep(self.weights, self.features, FLOOR)
        parts = vectors.compare_kept(profile, subject, candidates, keep, found=found)
        for kept, comparison in parts:
            rows = kept.tolist()
            part = [candidates[i] for i in rows]
            for i, score in zip(rows, self._scored(subject, part, comparison), strict=True):
                scores[i] = score
        return scores

    def _scored(
        self, subject: Subject, candidates: Sequence[Candidate], comparison: vectors.Comparison
    ) -> list[Score | None]:
        found, parts = self._apply(comparison.matrix)
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
    """Write the model with skops (no pickle): a plain dict of the estimator and its facts;
    then its weights file (`write_weights`)."""
    import skops.io as sio

    path.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "model": classifier._estimator(),
        "features": list(classifier.features),
        "version": classifier.version,
    }
    sio.dump(document, path, compression=8)
    write_weights(path)


def weights_file(path: Path) -> Path:
    """Where a model file's weights are kept: `matcher.skops` -> `matcher.weights.npz`."""
    return path.with_name(f"{path.stem}.weights.npz")


def write_weights(path: Path = MODEL_FILE) -> Path:
    """Write the weights of the model file at `path` beside it, tied to its SHA-256 (after a
    model file is replaced by other means: `python -c "from matcher import model;
    model.write_weights()"`)."""
    classifier = _load_skops(path)
    weights = Weights.of(classifier._estimator())
    if weights is None:
        raise ModelFileError(f"{path}: not a model whose weights can be read apart")
    target = weights_file(path)
    with target.open("wb") as fh:
        np.savez(
            fh,
            digest=np.array(hashlib.sha256(path.read_bytes()).hexdigest()),
            features=np.array(classifier.features),
            version=np.array(classifier.version),
            knots=weights.knots,
            coef=weights.coef,
            numbers=np.array([weights.intercept, weights.a, weights.b]),
        )
    return target


def load(path: Path = MODEL_FILE, *, estimator: bool = False) -> Classifier:
    """Read a model file, refusing any type outside `TRUSTED` and any other feature list.

    With a weights file made from this very model file (same SHA-256), only the weights are
    read, as scoring needs nothing else; `estimator` reads the scikit-learn model as well.
    """
    if not estimator and (found := _load_weights(path)) is not None:
        return found
    return _load_skops(path)


def _load_weights(path: Path) -> Classifier | None:
    source = weights_file(path)
    if not source.is_file() or not path.is_file():
        return None
    try:
        with np.load(source, allow_pickle=False) as saved:
            stored: dict[str, Any] = {k: saved[k] for k in saved.files}
        if str(stored["digest"]) != hashlib.sha256(path.read_bytes()).hexdigest():
            return None
        features = tuple(str(f) for f in stored["features"].tolist())
        intercept, a, b = (np.float64(x) for x in stored["numbers"])
        weights = Weights(stored["knots"], stored["coef"], intercept, a, b)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile):
        logger.info("%s: unreadable; the model file is read instead", source)
        return None
    if not set(features) <= set(vectors.FEATURES):
        return None
    return Classifier(None, features, str(stored["version"]), weights)


def _load_skops(path: Path) -> Classifier:
    import skops.io as sio
    from sklearn.calibration import CalibratedClassifierCV

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
    model = document["model"]
    return Classifier(model, features, str(document["version"]), Weights.of(model))


TRAIN_CASES = 300  # per generator
VERSION = "gam-2"


def model_features(family: str | None = None) -> list[str]:
    """The columns a model uses: all families, or one; never `known` (config lists decide it)
    nor the flags in `NOT_EVIDENCE`."""
    pool = vectors.FAMILIES[family] if family else vectors.FEATURES
    return [f for f in pool if f != "known" and f not in NOT_EVIDENCE]


def train(rows: dataset.Rows, *, family: str | None = None) -> Classifier:
    """Fit on synthetic rows: every family, or one family alone (a baseline)."""
    features = model_features(family)
    columns = [vectors.FEATURES.index(f) for f in features]
    version = VERSION if family is None else f"{VERSION}-{family}-only"
    return Classifier.fit(rows.matrix[:, columns], rows.labels, features=features, version=version)
