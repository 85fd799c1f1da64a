"""Feature rows of synthetic cases: what the classifier trains on and is evaluated with."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from matcher import vectors
from matcher.synth import Case
from matcher.types import Candidate, Profile, Subject


@dataclass(frozen=True, slots=True)
class Rows:
    """Innocent and evasive accounts of some cases, each compared with one subject.

    A group is one case's inbox against one subject: the restrained person always, and an
    associate where the case has accounts relaying for them. A group holds the case's
    innocents and the subject's own evasive accounts; known accounts are left out (the
    config lists them, so they score 1 without a model).
    """

    matrix: np.ndarray  # (rows, vectors.FEATURES)
    labels: np.ndarray  # True for the subject's evasive accounts
    kinds: tuple[tuple[str, ...], ...]  # tactics of an alt, hard-negative kind of an innocent
    traces: tuple[tuple[str, ...], ...]  # what an alt carries of the person; () for innocents
    cases: np.ndarray  # index of each row's group
    candidates: tuple[Candidate, ...]
    subjects: tuple[Subject, ...]  # per group
    profiles: tuple[Profile, ...] = ()  # per group, the case's Profile


def rows(cases: Sequence[Case]) -> Rows:
    """Compare each case's accounts with its restrained person (and relayed associates)."""
    matrices, labels, kinds, traces, owners, candidates = [], [], [], [], [], []
    subjects, profiles = [], []
    for case in cases:
        for subject in _subjects(case):
            keep = [
                i
                for i, label in enumerate(case.labels)
                if label.role == "innocent"
                or (label.role == "alt" and label.owner == subject.label)
            ]
            comparison = vectors.compare(case.profile, subject, case.candidates)
            matrices.append(comparison.matrix[keep])
            labels += [case.labels[i].role == "alt" for i in keep]
            kinds += [case.labels[i].kinds for i in keep]
            traces += [case.labels[i].traces for i in keep]
            owners += [len(subjects)] * len(keep)
            candidates += [case.candidates[i] for i in keep]
            subjects.append(subject)
            profiles.append(case.profile)
    return Rows(
        matrix=np.vstack(matrices) if matrices else np.zeros((0, len(vectors.FEATURES))),
        labels=np.array(labels, dtype=bool),
        kinds=tuple(kinds),
        traces=tuple(traces),
        cases=np.array(owners, dtype=int),
        candidates=tuple(candidates),
        subjects=tuple(subjects),
        profiles=tuple(profiles),
    )


def _subjects(case: Case) -> list[Subject]:
    """The restrained person, then each associate some alt of the case relays for."""
    owners = {label.owner for label in case.labels if label.role == "alt"}
    return [case.profile.restrained, *(s for s in case.profile.associates if s.label in owners)]


def pooled(*parts: Rows) -> Rows:
    """Several generators' rows as one training set, groups renumbered."""
    offsets = np.cumsum([0, *(len(p.subjects) for p in parts[:-1])])
    return Rows(
        matrix=np.vstack([p.matrix for p in parts]),
        labels=np.concatenate([p.labels for p in parts]),
        kinds=tuple(k for p in parts for k in p.kinds),
        traces=tuple(t for p in parts for t in p.traces),
        cases=np.concatenate([p.cases + o for p, o in zip(parts, offsets, strict=True)]),
        candidates=tuple(c for p in parts for c in p.candidates),
        subjects=tuple(s for p in parts for s in p.subjects),
        profiles=tuple(x for p in parts for x in p.profiles),
    )
