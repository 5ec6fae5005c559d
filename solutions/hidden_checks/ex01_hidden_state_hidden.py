"""Hidden checks for ex01_hidden_state: the reference on inputs students never see."""
from __future__ import annotations

import numpy as np

from grader.numeric_comparison import assert_close
from grader.engine.check import check

SEEDS = (90211, 4417, 73)
TOL = {"rtol": 1e-9, "atol": 1e-12}


@check(2, hidden=True)
def check_matches_reference_on_hidden_sequences(student, reference, variant):
    """run_rnn agrees with the reference on unseen sequences, with and without h0."""
    for seed in variant.seeds("ex01", SEEDS):  # a student's own, with a student id
        rng = np.random.default_rng(seed)
        W_x, W_h, b = rng.normal(size=(3, 7)), rng.normal(size=(7, 7)) * 0.6, rng.normal(size=7)
        xs, h0 = rng.normal(size=(12, 3)), rng.normal(size=7)
        for extra in ({}, {"h0": h0}):
            expected = reference.call("run_rnn", xs, W_x, W_h, b, **extra)
            assert_close(student.call("run_rnn", xs, W_x, W_h, b, **extra), expected, **TOL,
                         what="run_rnn on an unseen sequence" + (" with h0" if extra else ""))


@check(1, hidden=True)
def check_stronger_recurrence(student, reference):
    """run_rnn with the lesson's inputs and W_h raised from 0.5 to 0.9."""
    args = ([1.0, 0.5, -1.0, 2.0, 0.3, -0.7], 0.8, 0.9, 0.1)
    assert_close(student.call("run_rnn", *args), reference.call("run_rnn", *args), **TOL,
                 what="run_rnn with W_h = 0.9")
