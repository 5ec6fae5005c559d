"""Public checks for ex05_baseline: no recurrence, every step used, and how it compares."""
from __future__ import annotations

import numpy as np

from grader import calibration, training
from grader.diagnosis.catalogue import explain
from grader.checks import _models as models
from grader.checks.ex04_sentiment import classifier_score, require_learned
from grader.engine.check import check
from grader.errors import StudentCodeError, WrongAnswer

WHAT = "build_mlp_baseline(seq_len=12)"


def built(student, seq_len: int = 12):
    return student.call("build_mlp_baseline", seq_len=seq_len)


@check(1)
def check_has_no_recurrent_layer(student):
    """The baseline is feedforward: no RNN, LSTM or GRU inside."""
    layers = models.recurrent_layers(student.tool("summary", built(student)))
    if layers:
        raise WrongAnswer(f"the baseline contains {[l['type'] for l in layers]}. "
                          + explain("recurrent_baseline", "This"), "recurrent_baseline")


@check(1)
def check_logits_shape(student):
    """The baseline maps (batch, seq_len, 1) to raw logits (batch, 2)."""
    got = models.model_logits(student, built(student), models.sequences(0, 6, 12), 2, WHAT)
    models.require_logits_not_probabilities(got, WHAT)


@check(1)
def check_every_step_counts(student):
    """Changing any single time step changes the baseline's logits."""
    model, x = built(student), models.sequences(1, 3, 12)
    base = models.model_logits(student, model, x, 2, WHAT)
    ignored = []
    for step in range(x.shape[1]):
        changed = x.copy()
        changed[:, step, :] += 3.0
        if np.allclose(models.model_logits(student, model, changed, 2, WHAT), base, **models.SAME):
            ignored.append(step)
    if ignored:
        raise WrongAnswer(f"the logits ignore time steps {ignored}; flatten the whole sequence "
                          "(batch, seq_len * input_size) into the first Linear layer")


def prefetch(student, memo, options) -> None:
    """Start the baseline's graded training before the other checks run."""
    memo.defer(f"ex05:{options.training_seed}",
               training.submit_baseline(student, options.training_seed, options.device))


@check(2, timeout_s=300)
def check_learns_the_count_task(student, training_seed, device, memo, record_data):
    """Trained with ex04's train_classifier, the baseline beats its calibrated bar."""
    score = memo.get(f"ex05:{training_seed}",
                     lambda: training.score_baseline(student, training_seed, device))
    record_data["balanced_accuracy"] = {"mlp": round(score.balanced_accuracy, 4), "majority": 0.5}
    record_data["training_seconds"] = round(score.seconds, 3)
    try:
        rnn = classifier_score(student, training_seed, device, memo)
        record_data["balanced_accuracy"]["rnn"] = round(rnn.balanced_accuracy, 4)
    except (StudentCodeError, WrongAnswer):  # only for the report; ex04's checks say what failed
        pass
    require_learned(score, calibration.bar("ex05_baseline"), "the feedforward baseline")
