"""Train on one generator, test on the other; evidence floors plug in as a plain function."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pytest

from matcher import crossgen, dataset, synth, synth_b
from matcher.floor_plug import aligned, floor_value
from matcher.synth import Case
from matcher.types import Candidate, Profile


@pytest.fixture(scope="module")
def tests() -> dict[str, list[Case]]:
    return {"A": synth.cases("test", 4), "B": synth_b.cases("test", 3)}


@pytest.fixture(scope="module")
def rows(tests: dict[str, list[Case]]) -> dict[str, dataset.Rows]:
    return {name: dataset.rows(cases) for name, cases in tests.items()}


@pytest.fixture(scope="module")
def models() -> dict[str, object]:
    train = {
        "A": dataset.rows(synth.cases("train", 10)),
        "B": dataset.rows(synth_b.cases("train", 6)),
    }
    return crossgen.fit_all(train)


@dataclass(frozen=True)
class Floor:
    score: float
    subject: str
    candidate_key: str = ""


def _alts_only(profile: Profile, candidates: Sequence[Candidate]) -> list[Floor]:
    """A stand-in for `matcher.rules.floors` (only the floors found, each naming its candidate
    and subject) that happens to know every evader by its key."""
    return [Floor(0.97, "restrained", c.key) for c in candidates if ":alt" in c.key]


def test_every_model_on_every_generator(
    models: dict[str, object], tests: dict[str, list[Case]], rows: dict[str, dataset.Rows]
) -> None:
    table = crossgen.measure(models, tests, rows=rows)  # type: ignore[arg-type]
    splits = {(ln.trained, ln.tested): ln.split for ln in table.lines}
    assert splits == {
        ("A", "A"): "in",
        ("B", "A"): "cross",
        ("A+B", "A"): "pooled",
        ("A", "B"): "cross",
        ("B", "B"): "in",
        ("A+B", "B"): "pooled",
    }
    for line in table.lines:
        assert 0.5 <= line.auc <= 1 and 0 <= line.recall <= 1
        assert line.tactics and all(0 <= r <= 1 for _, r in line.tactics.values())
    text = "\n".join(table.text())
    assert "cross" in text and "targets on the cross split" in text and "pattern_handle" in text
    assert not table.floor_hits


def test_floors_raise_scores_and_are_counted_alone(
    models: dict[str, object], tests: dict[str, list[Case]], rows: dict[str, dataset.Rows]
) -> None:
    table = crossgen.measure(models, tests, rows=rows, floors=_alts_only)  # type: ignore[arg-type]
    floored = [ln for ln in table.lines if ln.trained.endswith("+ floors")]
    assert len(floored) == 6
    by_generator = {g: rows[g] for g in tests}
    for line in floored:
        data = by_generator[line.tested]
        relays = sum(
            "associate_relay" in k for k, lab in zip(data.kinds, data.labels, strict=True) if lab
        )
        # every restrained person's evader is floored to a hit (whatever the tiny model gives
        # innocents); a relay's floor names another subject
        assert line.hit_recall >= 1 - relays / data.labels.sum() - 1e-9
    for generator, (innocent_hits, innocents, alt_hits, alts) in table.floor_hits.items():
        assert innocent_hits == 0 and innocents == (~rows[generator].labels).sum()
        assert 0 < alt_hits <= alts
    assert "floors alone on A: 0 of" in "\n".join(table.text())


def test_a_floor_counts_only_for_its_own_subject() -> None:
    one, two = Candidate("1", "x"), Candidate("2", "x")
    assert aligned([None, 0.7], [one, two], "restrained").tolist() == [0.0, 0.7]
    keyed = [Floor(0.6, "Mary Miller", "1"), Floor(0.8, "restrained", "2")]
    assert aligned(keyed, [one, two], "restrained").tolist() == [0.0, 0.8]
    assert aligned([], [one, two], "restrained").tolist() == [0.0, 0.0]
    with pytest.raises(ValueError, match="1 floors for 2 candidates"):
        aligned([0.5], [one, two], "restrained")
    assert floor_value(None, "restrained") == 0.0
    assert floor_value(0.8, "restrained") == 0.8
    assert floor_value(Floor(0.9, "restrained"), "restrained") == 0.9
    assert floor_value(Floor(0.9, "Mary Miller"), "restrained") == 0.0


def test_traced_recall_leaves_out_the_accounts_that_show_only_timing(
    models: dict[str, object], tests: dict[str, list[Case]], rows: dict[str, dataset.Rows]
) -> None:
    traced = {
        c.key
        for cases in tests.values()
        for case in cases
        for c, lab in zip(case.candidates, case.labels, strict=True)
        if lab.role == "alt" and lab.traces
    }

    def traced_only(profile: Profile, candidates: Sequence[Candidate]) -> list[Floor]:
        return [Floor(1.0, "restrained", c.key) for c in candidates if c.key in traced]

    table = crossgen.measure(models, tests, rows=rows, floors=traced_only)  # type: ignore[arg-type]
    timing_only = sum(
        1
        for data in rows.values()
        for lab, shown in zip(data.labels, data.traces, strict=True)
        if lab and not shown
    )
    assert timing_only  # the split holds accounts that show only timing
    floored = [ln for ln in table.lines if ln.trained == "A+B + floors"]
    assert {ln.tested for ln in floored} == {"A", "B"}
    for line in floored:
        # relays are floored against the associate, not here: the traced recall counts them
        data = rows[line.tested]
        alts = [k for k, lab in zip(data.kinds, data.labels, strict=True) if lab]
        relays = sum("associate_relay" in k for k in alts)
        assert line.recall_traced >= 1 - relays / data.labels.sum() - 1e-9
        assert line.recall_traced >= line.recall
    # where an account that shows only timing scores below an innocent, only `recall` drops
    assert any(ln.recall_traced > ln.recall for ln in table.lines)
    assert "traced" in table.text()[1]
