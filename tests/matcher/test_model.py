"""The classifier: calibrated, explained feature by feature, saved and loaded safely with skops."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pytest
import skops.io as sio
from sklearn.tree import DecisionTreeClassifier

from matcher import dataset, model, synth, vectors
from matcher.evaluate import evaluate, interval, reliability
from matcher.model import Classifier, ModelFileError
from matcher.types import Candidate, Profile, Subject


@pytest.fixture(scope="module")
def rows() -> dataset.Rows:
    return dataset.rows(synth.cases("train", 24))


@pytest.fixture(scope="module")
def classifier(rows: dataset.Rows) -> Classifier:
    return model.train(rows)


def test_rows_leave_known_accounts_out(rows: dataset.Rows) -> None:
    assert rows.matrix.shape == (24 * (synth.INNOCENTS + synth.ALTS), len(vectors.FEATURES))
    assert rows.labels.sum() == 24 * synth.ALTS
    assert not rows.matrix[:, vectors.FEATURES.index("known")].any()
    assert ((rows.matrix >= 0) & (rows.matrix <= 1)).all()


def test_contributions_add_up_to_the_uncalibrated_log_odds(
    classifier: Classifier, rows: dataset.Rows
) -> None:
    base = classifier.model.calibrated_classifiers_[0].estimator
    columns = [vectors.FEATURES.index(f) for f in classifier.features]
    raw = base.decision_function(rows.matrix[:50, columns])
    assert classifier.log_odds(rows.matrix[:50]) == pytest.approx(raw)
    prior, parts = classifier.contributions(np.zeros((1, len(vectors.FEATURES))))
    assert not parts.any()  # a feature at 0 adds nothing: the prior is "no evidence"
    assert prior < -2


def test_explain_is_a_waterfall_ending_at_the_probability(
    classifier: Classifier, rows: dataset.Rows
) -> None:
    row = rows.matrix[np.flatnonzero(rows.labels)[0]]
    steps = classifier.explain(row)
    assert steps[0].label == "prior" and steps[-1].label == "calibration"
    assert steps[-1].probability == pytest.approx(classifier.probabilities(row[None, :])[0])
    running = 0.0
    for step in steps:
        running += step.log_odds
        assert step.total == pytest.approx(running)
    assert {s.label for s in steps[1:-1]} <= set(classifier.features)


def test_skops_round_trip_and_trusted_types_only(classifier: Classifier, tmp_path: Path) -> None:
    path = tmp_path / "matcher.skops"
    model.save(classifier, path)
    loaded = model.load(path)
    probe = np.random.default_rng(0).random((20, len(vectors.FEATURES)))
    assert loaded.probabilities(probe) == pytest.approx(classifier.probabilities(probe))
    assert loaded.version == classifier.version and path.stat().st_size < 2_000_000
    with zipfile.ZipFile(path) as archive:
        assert not any(name.endswith(".pkl") for name in archive.namelist())


def test_weights_score_bit_for_bit_as_the_estimator(classifier: Classifier) -> None:
    """Scoring with the numpy weights gives exactly the scikit-learn pipeline's numbers."""
    estimator_only = Classifier(classifier.model, classifier.features, classifier.version)
    rng = np.random.default_rng(1)
    probe = rng.random((500, len(vectors.FEATURES)))
    probe[rng.random(probe.shape) < 0.5] = 0.0
    assert classifier.weights is not None
    assert np.array_equal(classifier.probabilities(probe), estimator_only.probabilities(probe))
    ours, theirs = classifier.contributions(probe), estimator_only.contributions(probe)
    assert ours[0] == theirs[0] and np.array_equal(ours[1], theirs[1])


def test_the_weights_file_is_read_only_for_its_own_model_file(
    classifier: Classifier, tmp_path: Path
) -> None:
    """`load` reads the weights (no estimator) while the model file is the one they came
    from; a replaced model file makes it read the model file itself."""
    path = tmp_path / "matcher.skops"
    model.save(classifier, path)
    assert model.weights_file(path).is_file()
    quick = model.load(path)
    assert quick.model is None and quick.weights is not None
    assert model.load(path, estimator=True).model is not None
    probe = np.random.default_rng(2).random((30, len(vectors.FEATURES)))
    assert np.array_equal(quick.probabilities(probe), classifier.probabilities(probe))
    other = model.train(dataset.rows(synth.cases("train", 12)))
    sio.dump({"model": other.model, "features": list(other.features), "version": "y"}, path)
    reread = model.load(path)  # the weights file no longer matches: the model file counts
    assert reread.model is not None and reread.version == "y"


def test_an_untrusted_type_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "evil.skops"
    tree = DecisionTreeClassifier().fit([[0], [1]], [0, 1])
    sio.dump({"model": tree, "features": ["name_sim"], "version": "x"}, path)
    with pytest.raises(ModelFileError, match="refusing untrusted types sklearn.tree"):
        model.load(path)


def test_a_file_without_a_calibrated_model_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plain.skops"
    sio.dump({"model": [1, 2], "features": ["name_sim"], "version": "x"}, path)
    with pytest.raises(ModelFileError, match="not a calibrated matcher model"):
        model.load(path)


def test_a_model_for_other_features_is_refused(classifier: Classifier, tmp_path: Path) -> None:
    path = tmp_path / "other.skops"
    sio.dump({"model": classifier.model, "features": ["shoe_size"], "version": "x"}, path)
    with pytest.raises(ModelFileError, match="other features"):
        model.load(path)


SUBJECT = Subject(
    "restrained",
    "restrained",
    names=("Robert James Miller",),
    handles={"instagram": ("rob.miller82",)},
    keywords=("Janie-bean",),
)


def test_scores_keep_known_accounts_at_one_and_explain_hits(classifier: Classifier) -> None:
    candidates = [
        Candidate("1", "instagram", handle="rob.miller82"),
        Candidate("2", "instagram", display_name="Bobby Miller", texts=("miss you Janie-bean",)),
        Candidate("3", "instagram", display_name="Karen Chen", texts=("great photo",)),
    ]
    scores = {s.candidate_key: s for s in classifier.score(Profile(SUBJECT), candidates)}
    assert scores["1"].score == 1.0 and scores["1"].kind == "known"
    assert scores["1"].model_version == classifier.version
    assert scores["2"].kind == "alias" and scores["2"].model_version == classifier.version
    texts = " ".join(r.text for r in scores["2"].reasons)
    assert "Bobby is a nickname of Robert" in texts
    assert all(r.weight > 0 for r in scores["2"].reasons)
    assert "3" not in scores or scores["3"].score < scores["2"].score


def test_evaluation_tables_and_calibration(classifier: Classifier) -> None:
    report = evaluate({"model": classifier}, synth.cases("test", 6))
    names = [m.method for m in report.metrics]
    assert names == ["model", "exact handle", "rapidfuzz ratio"]
    best = report.metrics[0]
    assert 0.5 < best.auc <= 1 and 0 <= best.mrr <= 1 and 0 <= best.mrr_inbox <= 1
    assert report.metrics[1].recall[0.98] == 0.0  # evaders never reuse the listed handle
    assert any(t.startswith("single: ") for t, _, _ in report.tactics)
    groups = {group: (n, inbox, m, persons) for group, n, inbox, m, persons in report.traces}
    assert groups["all"][0] == 6 * synth.ALTS and groups["all"][1] == best.mrr_inbox
    assert groups["all"][3] == pytest.approx(best.mrr)
    shown, hidden = groups["any of the following"], groups["timing only (none of these)"]
    assert shown[0] + hidden[0] == groups["all"][0] and shown[2] + hidden[2] == groups["all"][2]
    for n, mrr in ((0, 1), (2, 3)):  # the two groups split every evasive account between them
        total = shown[n] * shown[mrr] + hidden[n] * hidden[mrr]
        assert total == pytest.approx(groups["all"][n] * groups["all"][mrr])
    text = "\n".join(report.lines())
    assert "R@P.98" in text and "calibration" in text and "timing only" in text
    assert set(report.intervals) == {"MRR persons", "MRR inbox"} and "95% interval" in text
    assert interval(np.array([0.5, 0.5, 0.5]), np.array([0, 1, 1])) == (0.5, 0.5)
    low, high = interval(np.array([1.0, 1.0, 0.0, 0.0]), np.array([0, 0, 1, 2]))
    assert 0.0 <= low < 0.5 < high <= 1.0  # two cases of three found nothing: a wide interval
    table = reliability(np.array([0, 0, 1, 1]), np.array([0.05, 0.15, 0.85, 0.95]), bins=2)
    assert table == [(0.0, 0.5, 2, pytest.approx(0.1), 0.0), (0.5, 1.0, 2, pytest.approx(0.9), 1.0)]


def test_training_is_reproducible(rows: dataset.Rows, classifier: Classifier) -> None:
    again = model.train(dataset.rows(synth.cases("train", 24)))
    probe = np.random.default_rng(1).random((30, len(vectors.FEATURES)))
    assert again.probabilities(probe).tolist() == classifier.probabilities(probe).tolist()
