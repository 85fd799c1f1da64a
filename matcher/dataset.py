"""Feature rows of synthetic cases: what the classifier trains on and is evaluated with."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from matcher import vectors
from matcher.synth import Case
from matcher.types import Candidate, Subject


@dataclass(frozen=True, slots=True)
class Rows:
    """Every innocent and evasive account of some cases, compared with their restrained person.

    Known accounts are left out: the config lists them, so they score 1 without a model.
    """

    matrix: np.ndarray  # (rows, vectors.FEATURES)
    labels: np.ndarray  # True for the restrained person's evasive accounts
    kinds: tuple[tuple[str, ...], ...]  # tactics of an alt, hard-negative kind of an innocent
    traces: tuple[tuple[str, ...], ...]  # what an alt carries of the person; () for innocents
    cases: np.ndarray  # index of each row's case
    candidates: tuple[Candidate, ...]
    subjects: tuple[Subject, ...]  # per case


def rows(cases: Sequence[Case]) -> Rows:
    """Compare each case's accounts with its restrained person, all families at once."""
    matrices, labels, kinds, traces, owners, candidates = [], [], [], [], [], []
    for number, case in enumerate(cases):
        keep = [i for i, label in enumerate(case.labels) if label.role != "known"]
        comparison = vectors.compare(case.profile, case.profile.restrained, case.candidates)
        matrices.append(comparison.matrix[keep])
        labels += [case.labels[i].role == "alt" for i in keep]
        kinds += [case.labels[i].kinds for i in keep]
        traces += [case.labels[i].traces for i in keep]
        owners += [number] * len(keep)
        candidates += [case.candidates[i] for i in keep]
    return Rows(
        matrix=np.vstack(matrices) if matrices else np.zeros((0, len(vectors.FEATURES))),
        labels=np.array(labels, dtype=bool),
        kinds=tuple(kinds),
        traces=tuple(traces),
        cases=np.array(owners, dtype=int),
        candidates=tuple(candidates),
        subjects=tuple(case.profile.restrained for case in cases),
    )
