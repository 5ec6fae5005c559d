"""The stored training bars: consistent with the budgets and with the reference solutions."""
from __future__ import annotations

import pytest

from conftest import SOLUTIONS
from grader import calibration, training
from grader.engine.pool import WorkerPool


def test_the_bars_match_the_current_training_budgets():
    data = calibration.load()
    assert data["budget_fingerprint"] == training.budget_fingerprint()
    assert len(data["seeds"]) >= 20


def test_every_lower_bar_is_above_the_majority_answer_and_below_every_reference_run():
    exercises = calibration.load()["exercises"]
    entries = [exercises["ex04_sentiment"], exercises["ex05_baseline"]]
    entries += [exercises["ex06_length_sweep"][str(n)] for n in training.SHORT_LENGTHS]
    for entry in entries:
        assert 0.5 < entry["bar"] < min(entry["scores"])
    long = exercises["ex06_length_sweep"][str(training.LONG_LENGTH)]
    assert max(long["scores"]) < long["upper_bar"]


def test_bars_sit_below_the_empirical_one_percent_quantile():
    scores = [0.9] * 98 + [0.5, 0.6]
    assert calibration.lower_bar(scores) <= 0.5 - calibration.MARGIN
    assert calibration.upper_bar([0.5, 0.52, 0.51]) > 0.52


@pytest.mark.slow
def test_the_reference_reproduces_its_calibration_runs():
    data = calibration.load()
    seed = data["seeds"][0]
    pool = WorkerPool({"reference": SOLUTIONS})
    try:
        ex04 = training.score_classifier(pool.for_check("reference", "ex04_sentiment", 120), seed, "cpu")
        ex05 = training.score_baseline(pool.for_check("reference", "ex05_baseline", 120), seed, "cpu")
    finally:
        pool.close()
    assert ex04.balanced_accuracy == pytest.approx(data["exercises"]["ex04_sentiment"]["scores"][0], abs=1e-3)
    assert ex05.balanced_accuracy == pytest.approx(data["exercises"]["ex05_baseline"]["scores"][0], abs=1e-3)
