"""What the model's features can carry at most: a flexible model without constraints, trained
and tested within one generator.

The shipped model is held to non-decreasing evidence and tested across generators, so it can
only do worse than a gradient-boosted model that fits each generator's own joint distribution
freely. Where that model falls short of a target on a generator's own test split, no model of
these features meets it there, across generators least of all: the gap lies in the features
or in the cases, not in the fitting.
"""

from __future__ import annotations

from dataclasses import dataclass

from sklearn.ensemble import HistGradientBoostingClassifier

from matcher import dataset, evaluate, model, vectors

TARGET = 0.98  # precision


@dataclass(frozen=True, slots=True)
class Ceiling:
    """The unconstrained model's recall at precision 0.98 on one generator's test split."""

    generator: str
    recall: float
    recall_traced: float  # the evasive accounts showing only timing left out
    tactics: dict[str, float]  # recall of each tactic's traced uses, at the same threshold

    def text(self) -> str:
        worst = sorted(self.tactics.items(), key=lambda item: item[1])[:3]
        listed = ", ".join(f"{tactic} {recall:.2f}" for tactic, recall in worst)
        return (
            f"{self.generator:<9}{self.recall:>8.3f}{self.recall_traced:>8.3f}"
            f"  weakest traced tactics: {listed}"
        )


def ceiling(generator: str, train: dataset.Rows, test: dataset.Rows) -> Ceiling:
    """Fit the flexible model on `train` and measure it on `test` of the same generator."""
    columns = [vectors.FEATURES.index(f) for f in model.model_features()]
    flexible = HistGradientBoostingClassifier(max_iter=400, learning_rate=0.05, random_state=0)
    flexible.fit(train.matrix[:, columns], train.labels)
    scores = flexible.predict_proba(test.matrix[:, columns])[:, 1]
    metric = evaluate.summarise(generator, test, scores, scores, 0.0)
    traced = "traced, with "
    tactics = {
        group.removeprefix(traced): recalls[0]
        for group, _, recalls in evaluate.per_tactic(test, {generator: scores}, [metric])
        if group.startswith(traced)
    }
    recall = metric.recall[TARGET]
    return Ceiling(generator, recall, evaluate.recall_traced(test, scores, TARGET), tactics)


def lines(ceilings: list[Ceiling]) -> list[str]:
    """The ceilings as a small table under the cross-generator one."""
    return [
        "what the features carry at most: an unconstrained gradient-boosted model (no monotone"
        " constraint) trained and tested within each generator; a target above it cannot be met"
        " by any model of these features",
        f"{'tested':<9}{'R@P.98':>8}{'traced':>8}",
        *(c.text() for c in ceilings),
    ]
