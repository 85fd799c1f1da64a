"""How an evaluation applies evidence floors decided apart from the model: max(model, floor).

The floors themselves (rules on names, handles, contact details, keywords) live elsewhere; an
evaluation takes them as a plain function so it can report the model alone and the model
raised to its floors side by side, and count what the floors alone flag among innocents.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from matcher import dataset
from matcher.types import Candidate, Profile

HIT = 0.5  # the default `min_score` of a case: a score at or above it is a hit
# Either one item per candidate (None, a number, or an object with `.score`), or only the floors
# found, each naming its `.candidate_key` (as `matcher.rules.floors` returns them). An object
# may name its `.subject` (a `Subject.label`): a floor for someone else does not count.
Floors = Callable[[Profile, Sequence[Candidate]], Sequence[object]]


def floor_values(data: dataset.Rows, floors: Floors) -> np.ndarray:
    """Each row's floor for its own group's subject; 0 where no floor applies."""
    found = np.zeros(len(data.labels))
    for number, subject in enumerate(data.subjects):
        rows = np.flatnonzero(data.cases == number)
        chosen = [data.candidates[i] for i in rows]
        found[rows] = aligned(floors(data.profiles[number], chosen), chosen, subject.label)
    return found


def aligned(items: Sequence[object], candidates: Sequence[Candidate], subject: str) -> np.ndarray:
    """One floor per candidate for `subject`, from either shape a floors function returns.

    >>> from types import SimpleNamespace as Floor
    >>> found = [Floor(candidate_key="2", subject="restrained", score=0.6)]
    >>> aligned(found, [Candidate("1", "x"), Candidate("2", "x")], "restrained").tolist()
    [0.0, 0.6]
    """
    items = list(items)
    if not items:  # no floor found (a keyed list may well be empty)
        return np.zeros(len(candidates))
    if any(hasattr(item, "candidate_key") for item in items):
        best: dict[str, float] = {}
        for item in items:
            key = str(getattr(item, "candidate_key", ""))
            best[key] = max(best.get(key, 0.0), floor_value(item, subject))
        return np.array([best.get(c.key, 0.0) for c in candidates])
    if len(items) != len(candidates):
        raise ValueError(f"{len(items)} floors for {len(candidates)} candidates")
    return np.array([floor_value(item, subject) for item in items], dtype=float)


def floor_value(item: object, subject: str) -> float:
    """The floor an item sets for `subject`, 0 where there is none.

    >>> floor_value(None, "restrained"), floor_value(0.8, "restrained")
    (0.0, 0.8)
    """
    if item is None:
        return 0.0
    if isinstance(item, int | float):
        return float(item)
    if getattr(item, "subject", subject) != subject:
        return 0.0
    return float(getattr(item, "score", 0.0))


def count_floor_hits(labels: np.ndarray, values: np.ndarray) -> tuple[int, int, int, int]:
    """Innocents the floors alone make hits, innocents, alts they make hits, alts."""
    hit = values >= HIT
    return int(hit[~labels].sum()), int((~labels).sum()), int(hit[labels].sum()), int(labels.sum())


def floor_logit(values: np.ndarray) -> np.ndarray:
    """Log-odds of a floor, -inf where there is none, so it ranks beside the model's sums."""
    clipped = np.clip(values, 1e-9, 1 - 1e-9)
    return np.where(values > 0, np.log(clipped / (1 - clipped)), -np.inf)
