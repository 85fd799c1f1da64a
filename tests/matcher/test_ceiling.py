"""The ceiling: an unconstrained model within one generator, as the bound of what features carry."""

from __future__ import annotations

import numpy as np

from matcher import ceiling, dataset, vectors


def _rows(seed: int, signal: float) -> dataset.Rows:
    """1,000 innocents and 200 evaders; half the evaders show the name feature with strength
    `signal`, the other half (the 'timing' tactic) carry no trace and look like innocents."""
    rng = np.random.default_rng(seed)
    matrix = rng.uniform(0, 0.2, size=(1200, len(vectors.FEATURES)))
    labels = np.zeros(1200, dtype=bool)
    labels[1000:] = True
    named = np.arange(1000, 1100)
    matrix[named, vectors.FEATURES.index("name_sim")] += signal
    kinds = tuple(
        ("stranger",) if i < 1000 else ("nickname_display",) if i < 1100 else ("time_shift",)
        for i in range(1200)
    )
    traces = tuple(("name",) if 1000 <= i < 1100 else () for i in range(1200))
    return dataset.Rows(matrix, labels, kinds, traces, np.zeros(1200, dtype=int), (), ())


def test_a_clear_trace_is_found_and_accounts_without_one_are_told_apart() -> None:
    found = ceiling.ceiling("X", _rows(0, 0.8), _rows(1, 0.8))
    assert found.recall_traced >= 0.95  # the named evaders, at precision 0.98
    assert found.recall <= 0.5  # the timing-only half is indistinguishable from innocents
    assert list(found.tactics) == ["nickname_display"]  # traced tactics only
    assert found.tactics["nickname_display"] >= 0.95
    assert found.text().split()[:3] == ["X", f"{found.recall:.3f}", f"{found.recall_traced:.3f}"]


def test_noise_alone_reaches_nothing_at_high_precision() -> None:
    found = ceiling.ceiling("X", _rows(0, 0.0), _rows(1, 0.0))
    assert found.recall_traced < 0.1
    assert ceiling.lines([found])[-1] == found.text()
