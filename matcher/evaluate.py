"""Measure the matcher on held-out synthetic cases, beside simple baselines in the same run.

Metrics: ROC AUC, average precision, recall at precision 0.95 and 0.98, the mean reciprocal
rank of the true person among many candidate persons, recall per evasion tactic, and a
reliability table (predicted against observed) for calibration.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz, process, utils
from sklearn.metrics import average_precision_score, precision_recall_curve, roc_auc_score

from matcher import dataset, synth_accounts, synth_b, vectors
from matcher.floor_plug import (
    HIT,
    Floors,
    aligned,
    count_floor_hits,
    floor_logit,
    floor_values,
)
from matcher.model import Classifier
from matcher.synth import Case
from matcher.types import Candidate, Subject

TEST_CASES = 120  # per generator
RANKED = 50  # persons each evasive account is ranked among
TARGETS = (0.95, 0.98)
# Every generator's tactics and traces, in a fixed order for the tables.
TACTICS = tuple(dict.fromkeys((*synth_accounts.TACTICS, *synth_b.TACTICS)))
TRACES = tuple(dict.fromkeys((*synth_accounts.TRACES, *synth_b.TRACES)))
_Baseline = Callable[[Subject, Sequence[Candidate]], np.ndarray]


def exact_handle(subject: Subject, candidates: Sequence[Candidate]) -> np.ndarray:
    """1 where the handle is one the config lists, on any platform: the naive check."""
    listed = {h.casefold().lstrip("@") for hs in subject.handles.values() for h in hs}
    return np.array([float((c.handle or "").casefold().lstrip("@") in listed) for c in candidates])


def plain_ratio(subject: Subject, candidates: Sequence[Candidate]) -> np.ndarray:
    """Best rapidfuzz ratio of handle or display name against any name or handle, 0..1."""
    targets = [*subject.names, *(h for hs in subject.handles.values() for h in hs)]
    texts = [t for c in candidates for t in (c.handle or "", c.display_name or "")]
    if not targets or not texts:
        return np.zeros(len(candidates))
    ratios = process.cdist(texts, targets, scorer=fuzz.ratio, processor=utils.default_process)
    return ratios.max(1).reshape(len(candidates), 2).max(1) / 100


BASELINES: dict[str, _Baseline] = {"exact handle": exact_handle, "rapidfuzz ratio": plain_ratio}


@dataclass(frozen=True, slots=True)
class Metrics:
    """One method's numbers on the test split."""

    method: str
    auc: float
    average_precision: float
    recall: dict[float, float]  # target precision -> best recall reaching it
    threshold: dict[float, float]  # target precision -> score threshold that gives it
    mrr: float  # the true person's rank among `RANKED` persons
    mrr_inbox: float  # the evasive account's rank among the innocent accounts of its inbox


def summarise(
    method: str, data: dataset.Rows, scores: np.ndarray, order: np.ndarray, mrr: float
) -> Metrics:
    """AUC, AP and recall at each target precision from scores and truth; ranks from `order`."""
    labels = data.labels
    best, at = {}, {}
    for target in TARGETS:
        best[target], at[target] = recall_at(labels, scores, target)
    return Metrics(
        method,
        float(roc_auc_score(labels, scores)),
        float(average_precision_score(labels, scores)),
        best,
        at,
        mrr,
        inbox_mrr(data, order),
    )


def recall_at(labels: np.ndarray, scores: np.ndarray, target: float) -> tuple[float, float]:
    """The best recall whose precision reaches `target`, and the score threshold giving it
    (0 and infinity where no threshold reaches it).

    >>> recall_at(np.array([True, False, True]), np.array([0.9, 0.5, 0.2]), 0.98)
    (0.5, 0.9)
    """
    precision, recall, thresholds = precision_recall_curve(labels, scores)
    ok = np.flatnonzero(precision[:-1] >= target)
    if not len(ok):
        return 0.0, float("inf")
    pick = ok[np.argmax(recall[ok])]
    return float(recall[pick]), float(thresholds[pick])


def recall_traced(data: dataset.Rows, scores: np.ndarray, target: float) -> float:
    """`recall_at` with the evasive accounts that show only timing left out."""
    traced = np.array([bool(t) for t in data.traces], dtype=bool)
    shown = ~data.labels | traced
    return recall_at(data.labels[shown], scores[shown], target)[0]


def inbox_mrr(data: dataset.Rows, order: np.ndarray) -> float:
    """Mean reciprocal rank of each evasive account among the innocents of its own inbox."""
    found = inbox_ranks(data, order)[data.labels]
    return float(np.mean(found)) if len(found) else 0.0


def inbox_ranks(data: dataset.Rows, order: np.ndarray) -> np.ndarray:
    """Per row, an evasive account's reciprocal rank among its inbox's innocents; NaN for those."""
    found = np.full(len(order), np.nan)
    for number in np.unique(data.cases):
        rows = data.cases == number
        innocent = order[rows & ~data.labels]
        for row in np.flatnonzero(rows & data.labels):
            value = order[row]
            found[row] = 1 / (1 + (innocent > value).sum() + (innocent == value).sum() / 2)
    return found


@dataclass(frozen=True, slots=True)
class Report:
    """Everything `nocontact evaluate` prints and the notebook draws."""

    metrics: list[Metrics]
    tactics: list[tuple[str, int, list[float]]]  # tactic, alts, recall per method at p=0.98
    traces: list[tuple[str, int, float, int, float]]  # group, alts, inbox MRR, alts, persons MRR
    intervals: dict[str, tuple[float, float]]  # the main model's MRRs: 95% bootstrap interval
    reliability: list[tuple[float, float, int, float, float]]  # lo, hi, n, predicted, observed
    scores: dict[str, np.ndarray] = field(repr=False)
    labels: np.ndarray = field(repr=False)
    ranked: int = 0
    floor_hits: tuple[int, int, int, int] | None = None  # see `count_floor_hits`

    def lines(self) -> list[str]:
        """The tables as plain text."""
        out = [
            f"{'method':<20}{'ROC AUC':>8}{'AP':>7}{'R@P.95':>8}{'R@P.98':>8}"
            f"{'MRR persons':>13}{'MRR inbox':>11}"
        ]
        out += [
            f"{m.method:<20}{m.auc:>8.4f}{m.average_precision:>7.3f}"
            f"{m.recall[0.95]:>8.3f}{m.recall[0.98]:>8.3f}{m.mrr:>13.3f}{m.mrr_inbox:>11.3f}"
            for m in self.metrics
        ]
        out += [
            "",
            f"MRR persons: the true person's rank among {self.ranked} persons, per evasive account",
            "MRR inbox: the evasive account's rank among the ~60 innocent accounts of its inbox",
            f"{self.metrics[0].method}, 95% interval over cases (bootstrap): "
            + ", ".join(f"{k} {lo:.3f}-{hi:.3f}" for k, (lo, hi) in self.intervals.items()),
            "",
            "recall at precision 0.98, per tactic (single = that tactic alone)",
        ]
        out.append(f"{'tactic':<38}{'n':>5}" + "".join(f"{m.method:>18}" for m in self.metrics))
        out += [f"{t:<38}{n:>5}" + "".join(f"{r:>18.2f}" for r in rs) for t, n, rs in self.tactics]
        out += [
            "",
            f"MRR of the {self.metrics[0].method} by what an evasive account carries of the"
            " person besides timing",
            f"{'carries':<30}{'n':>5}{'MRR inbox':>11}{'n':>5}{'MRR persons':>13}",
        ]
        out += [
            f"{group:<30}{n:>5}{inbox:>11.3f}{m:>5}{persons:>13.3f}"
            for group, n, inbox, m, persons in self.traces
        ]
        if self.floor_hits is not None:
            fi, n, fa, m = self.floor_hits
            out += [
                "",
                f"floors alone (score >= {HIT}): {fi} of {n} innocents ({fi / max(n, 1):.2%}),"
                f" {fa} of {m} evasive accounts",
            ]
        out += ["", "calibration (full model): predicted vs observed share of evasive accounts"]
        out.append(f"{'bin':<12}{'n':>7}{'predicted':>11}{'observed':>10}")
        out += [
            f"{lo:.1f}-{hi:.1f}{'':<5}{n:>7}{p:>11.3f}{o:>10.3f}"
            for lo, hi, n, p, o in self.reliability
        ]
        return out


def evaluate(
    models: dict[str, Classifier],
    test: Sequence[Case],
    *,
    floors: Floors | None = None,
    data: dataset.Rows | None = None,
) -> Report:
    """Score the test split with each model and each baseline; the first model is the main one.

    With `floors`, the main model's scores are also reported raised to the floors
    (max(model, floor)) as "<model> + floors", and the floors alone are counted on innocents.
    `data` saves recomputing the test split's rows when several model sets share it.
    """
    data = data if data is not None else dataset.rows(test)
    scores = {name: clf.probabilities(data.matrix) for name, clf in models.items()}
    orders = {name: clf.log_odds(data.matrix) for name, clf in models.items()}
    main = next(iter(scores))
    floor_hits = None
    if floors is not None:
        values = floor_values(data, floors)
        scores[f"{main} + floors"] = np.maximum(scores[main], values)
        orders[f"{main} + floors"] = np.maximum(orders[main], floor_logit(values))
        floor_hits = count_floor_hits(data.labels, values)
    for name, baseline in BASELINES.items():
        scores[name] = orders[name] = _baseline_scores(baseline, data)
    ranks = ranking(models, test[:RANKED], floors=floors)
    metrics = [
        summarise(name, data, s, orders[name], _mean(ranks.reciprocal[name]))
        for name, s in scores.items()
    ]
    inbox = inbox_ranks(data, orders[main])
    return Report(
        metrics=metrics,
        tactics=per_tactic(data, scores, metrics),
        traces=by_traces(data, inbox, ranks, main),
        intervals={
            "MRR persons": interval(ranks.reciprocal[main], ranks.cases),
            "MRR inbox": interval(inbox[data.labels], data.cases[data.labels]),
        },
        reliability=reliability(data.labels, scores[main]),
        scores=scores,
        labels=data.labels,
        ranked=min(RANKED, len(test)),
        floor_hits=floor_hits,
    )


def _baseline_scores(baseline: _Baseline, data: dataset.Rows) -> np.ndarray:
    found = np.zeros(len(data.labels))
    for number, subject in enumerate(data.subjects):
        rows = np.flatnonzero(data.cases == number)
        found[rows] = baseline(subject, [data.candidates[i] for i in rows])
    return found


def per_tactic(
    data: dataset.Rows, scores: dict[str, np.ndarray], metrics: list[Metrics]
) -> list[tuple[str, int, list[float]]]:
    """Recall per tactic at each method's precision-0.98 threshold: the tactic alone, combined
    with others, and every use of it by an account that carries some trace of the person (the
    group the per-tactic target applies to)."""
    groups = {f"single: {t}": [k == (t,) for k in data.kinds] for t in TACTICS}
    groups |= {f"combined, with {t}": [len(k) > 1 and t in k for k in data.kinds] for t in TACTICS}
    groups |= {
        f"traced, with {t}": [
            t in k and bool(r) for k, r in zip(data.kinds, data.traces, strict=True)
        ]
        for t in TACTICS
    }
    table = []
    for name, members in groups.items():
        chosen = np.array(members, dtype=bool) & data.labels
        if chosen.any():
            recalls = [
                float((scores[m.method][chosen] >= m.threshold[0.98]).mean()) for m in metrics
            ]
            table.append((name, int(chosen.sum()), recalls))
    return table


def reliability(
    labels: np.ndarray, predicted: np.ndarray, *, bins: int = 10
) -> list[tuple[float, float, int, float, float]]:
    """Predicted probability against the observed share of positives, bin by bin."""
    edges = np.linspace(0, 1, bins + 1)
    which = np.clip(np.digitize(predicted, edges) - 1, 0, bins - 1)
    table = []
    for b in range(bins):
        inside = which == b
        if inside.any():
            table.append(
                (
                    float(edges[b]),
                    float(edges[b + 1]),
                    int(inside.sum()),
                    float(predicted[inside].mean()),
                    float(labels[inside].mean()),
                )
            )
    return table


def interval(
    values: np.ndarray, cases: np.ndarray, *, draws: int = 2000, seed: int = 0
) -> tuple[float, float]:
    """95% interval of a mean, resampling whole cases with replacement.

    Cases, not accounts, are the independent units: one person's evasive accounts rise and
    fall together.
    """
    numbers = np.unique(cases)
    if not len(numbers):
        return (0.0, 0.0)
    sums = np.array([values[cases == n].sum() for n in numbers])
    counts = np.array([(cases == n).sum() for n in numbers])
    picks = np.random.default_rng(seed).integers(0, len(numbers), (draws, len(numbers)))
    means = sums[picks].sum(1) / np.maximum(counts[picks].sum(1), 1)
    low, high = np.percentile(means, [2.5, 97.5])
    return float(low), float(high)


@dataclass(frozen=True, slots=True)
class Ranks:
    """Per evasive account of the ranked cases, the reciprocal rank of its true person."""

    reciprocal: dict[str, np.ndarray]  # per method
    traces: tuple[tuple[str, ...], ...]  # what each of those accounts carries of the person
    cases: np.ndarray  # the case each of those accounts belongs to


def by_traces(
    data: dataset.Rows, inbox: np.ndarray, ranks: Ranks, method: str
) -> list[tuple[str, int, float, int, float]]:
    """Both MRRs of one method for the evasive accounts that carry each trace of the person.

    Separates what the matcher misses among accounts that show something of the person from
    accounts that show only when they acted, which nothing but timing can find.
    """
    groups: list[tuple[str, Callable[[tuple[str, ...]], bool]]] = [("all", lambda _: True)]
    groups.append(("any of the following", bool))
    groups += [(f"its {trace}", lambda shown, t=trace: t in shown) for trace in TRACES]
    groups.append(("timing only (none of these)", lambda shown: not shown))
    alts = np.flatnonzero(data.labels)
    persons = ranks.reciprocal[method]
    table = []
    for group, carries in groups:
        here = [row for row in alts if carries(data.traces[row])]
        there = [i for i, shown in enumerate(ranks.traces) if carries(shown)]
        row = (group, len(here), _mean(inbox[here]), len(there), _mean(persons[there]))
        table.append(row)
    return table


def ranking(
    models: dict[str, Classifier], cases: Sequence[Case], *, floors: Floors | None = None
) -> Ranks:
    """Reciprocal rank of the true person among all cases' persons, per evasive account.

    Each evasive account is compared with every person inside its own case's inbox, as the
    tool sees it (batch statistics such as shared avatars and n-gram weights stay as in use).
    With `floors`, each model is also ranked on max(model, floor) as "<model> + floors".
    """
    alts = [
        [i for i, lab in enumerate(case.labels) if lab.role == "alt" and lab.owner == "restrained"]
        for case in cases
    ]
    truth = np.array([n for n, rows in enumerate(alts) for _ in rows])
    grids = {name: np.zeros((len(truth), len(cases))) for name in (*models, *BASELINES)}
    floored = np.full((len(truth), len(cases)), -np.inf)
    for column, case in enumerate(cases):
        subject = case.profile.restrained
        known = [
            c for c, lab in zip(case.candidates, case.labels, strict=True) if lab.role == "known"
        ]
        prepared = vectors.reference(case.profile, subject, known)
        start = 0
        for other, rows in zip(cases, alts, strict=True):
            block = slice(start, start + len(rows))
            start += len(rows)
            matrix = vectors.compare(
                case.profile, subject, other.candidates, prepared=prepared
            ).matrix[rows]
            chosen = [other.candidates[i] for i in rows]
            for name, clf in models.items():
                grids[name][block, column] = clf.log_odds(matrix)
            for name, baseline in BASELINES.items():
                grids[name][block, column] = baseline(subject, chosen)
            if floors is not None:
                values = aligned(
                    floors(case.profile, other.candidates), other.candidates, subject.label
                )
                floored[block, column] = floor_logit(values[rows])
    if floors is not None:
        grids |= {f"{name} + floors": np.maximum(grids[name], floored) for name in models}
    traces = tuple(
        case.labels[i].traces for case, rows in zip(cases, alts, strict=True) for i in rows
    )
    return Ranks({name: _reciprocal(grid, truth) for name, grid in grids.items()}, traces, truth)


def _mean(values: np.ndarray) -> float:
    """The mean, or 0 for no values: no evasive account found counts as none ranked well."""
    return float(np.mean(values)) if len(values) else 0.0


def _reciprocal(grid: np.ndarray, truth: np.ndarray) -> np.ndarray:
    """Ties share their ranks: a method that cannot tell persons apart gets no credit for it."""
    own = grid[np.arange(len(truth)), truth][:, None]
    ranks = 1 + (grid > own).sum(1) + ((grid == own).sum(1) - 1) / 2
    return 1 / ranks
