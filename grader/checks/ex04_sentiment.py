"""Public checks for ex04_sentiment: model contract, training hygiene (probes), and learning."""
from __future__ import annotations

import numpy as np
from hypothesis import given, strategies as st

from grader import calibration, training
from grader.diagnosis.catalogue import explain
from grader.checks import _models as models
from grader.datasets import count_task
from grader.engine.check import check
from grader.engine.properties import graded
from grader.errors import WrongAnswer

WHAT = "build_rnn_classifier()"


def built(student, **kwargs):
    return student.call("build_rnn_classifier", **kwargs)


@check(1)
@graded(10)
@given(batch=st.integers(1, 5), seq_len=st.integers(1, 30), hidden_size=st.sampled_from([4, 32]),
       num_classes=st.integers(2, 4))
def check_logits_shape_for_any_length(student, batch, seq_len, hidden_size, num_classes):
    """The model maps (batch, seq_len, 1) to logits (batch, num_classes) for any length."""
    model = built(student, input_size=1, hidden_size=hidden_size, num_classes=num_classes)
    models.model_logits(student, model, models.sequences(seq_len, batch, seq_len), num_classes,
                        f"build_rnn_classifier(hidden_size={hidden_size}, num_classes={num_classes})")


@check(1)
def check_single_layer_batch_first_rnn(student):
    """The model holds one single-layer, batch-first, one-direction nn.RNN."""
    summary = student.tool("summary", built(student))
    layers = models.recurrent_layers(summary)
    if [layer["type"] for layer in layers] != ["RNN"]:
        raise WrongAnswer(f"expected exactly one nn.RNN, found {[l['type'] for l in layers] or 'none'}",
                          "not_vanilla_rnn" if layers else None)
    rnn = layers[0]
    if not rnn.get("batch_first"):
        raise WrongAnswer("the nn.RNN is not batch_first. " + explain("missing_batch_first", "This"),
                          "missing_batch_first")
    if rnn.get("num_layers") != 1 or rnn.get("bidirectional"):
        raise WrongAnswer(f"the nn.RNN should have one layer and one direction, got "
                          f"num_layers={rnn.get('num_layers')}, bidirectional={rnn.get('bidirectional')}")


@check(3)
def check_reads_the_whole_sequence(student):
    """The logits depend on the last step: the head reads the final state."""
    models.require_last_step_matters(student, built(student), models.sequences(1, 4, 12), 2, WHAT)


@check(3)
def check_sequences_in_a_batch_are_independent(student):
    """Each sequence's logits depend on that sequence only (batch and time not swapped)."""
    models.require_batch_independent(student, built(student), models.sequences(2, 5, 9), 2, WHAT)


@check(3)
def check_forward_is_stateless(student):
    """The same batch gives the same logits twice: no hidden state carried between calls."""
    models.require_stateless(student, built(student), models.sequences(3, 4, 8), 2, WHAT)


@check(1)
def check_returns_raw_logits(student):
    """forward returns raw logits, not softmax probabilities."""
    got = models.model_logits(student, built(student), models.sequences(4, 16, 10), 2, WHAT)
    models.require_logits_not_probabilities(got, WHAT)


def probe_training(student, device: str, memo):
    """Train a recording model with the student's train_classifier; read what it saw."""
    def run():
        X, y = count_task(96, seed=5)
        probe = student.tool("probe_classifier")
        losses = student.call("train_classifier", probe, X, y, epochs=2, lr=1e-2, batch_size=32,
                              device=device, seed=0)
        return student.tool("probe_records", probe), losses
    return memo.get("ex04:probe_training", run)


@check(1)
def check_train_returns_epoch_losses(student, device, memo):
    """train_classifier returns one mean loss per epoch, as plain floats."""
    _, losses = probe_training(student, device, memo)
    values = np.asarray(losses, dtype=object) if isinstance(losses, (list, tuple)) else None
    if values is None or len(values) != 2 or not all(isinstance(v, float) for v in losses):
        raise WrongAnswer(f"train_classifier(..., epochs=2) should return a list of 2 floats "
                          f"(use loss.item()), got {losses!r:.120}")


@check(3)
def check_gradients_are_zeroed(student, device, memo):
    """Each optimizer step uses only its own batch's gradients (zero_grad is called)."""
    records, _ = probe_training(student, device, memo)
    if not records["accumulated"]:
        raise WrongAnswer("train_classifier never called loss.backward() on the parameters of the model "
                          "it was given: train that model in place, not a copy of it")
    if any(records["accumulated"]):
        raise WrongAnswer("gradients from earlier batches were still there when backward ran. "
                          + explain("zero_grad_forgotten", "This"), "zero_grad_forgotten")


@check(11)  # the lessons' best-known mistake: about a third of ex04, in the loop or the model
def check_loss_takes_raw_logits(student, device, memo):
    """CrossEntropyLoss gets raw logits: no softmax in the training loop, nor in the model."""
    got = models.model_logits(student, built(student), models.sequences(4, 16, 10), 2, WHAT)
    models.require_logits_not_probabilities(got, f"{WHAT}, whose output train_classifier hands to the loss,")
    records, _ = probe_training(student, device, memo)
    for record in records["outputs"]:
        if record["grad"] is None:
            continue
        logits, grad = np.asarray(record["logits"]), np.asarray(record["grad"])
        softmax = np.exp(logits - logits.max(axis=1, keepdims=True))
        softmax /= softmax.sum(axis=1, keepdims=True)
        target = softmax - grad * len(logits)  # one-hot rows when the loss is CE on logits
        if not (np.allclose(target, np.round(target), atol=1e-4) and np.allclose(target.sum(axis=1), 1)):
            raise WrongAnswer("the gradient reaching the logits is not that of CrossEntropyLoss on raw "
                              "logits (mean over the batch). "
                              + explain("softmax_before_loss", "This"), "softmax_before_loss")
        return
    raise WrongAnswer("train_classifier never backpropagated through the model's logits")


@check(1)
def check_train_is_reproducible(student, device, memo):
    """train_classifier with the same seed trains the same way twice: the seed drives the shuffle."""
    _, first = probe_training(student, device, memo)
    X, y = count_task(96, seed=5)
    probe = student.tool("probe_classifier")
    student.tool("advance_global_rngs")  # so only a seed set inside train_classifier can repeat the run
    second = student.call("train_classifier", probe, X, y, epochs=2, lr=1e-2,
                          batch_size=32, device=device, seed=0)
    if not same_losses(first, second):
        raise WrongAnswer(f"two runs of train_classifier(..., seed=0) on the same model and data gave the "
                          f"losses {first!r:.60} and {second!r:.60}. " + explain("unseeded_randomness", "This"),
                          "unseeded_randomness")


def same_losses(first, second) -> bool:
    """Equal up to 1e-4 relative: GPU kernels may sum in another order; another shuffle moves ~1e-2."""
    try:
        return bool(np.allclose(np.asarray(first, dtype=float), np.asarray(second, dtype=float),
                                rtol=1e-4, atol=1e-7)) and np.shape(first) == np.shape(second)
    except (TypeError, ValueError):
        return first == second


@check(3)
def check_predict_in_eval_mode_without_gradients(student, device):
    """predict runs the model in eval mode, without gradients, and returns int64 class ids."""
    probe = student.tool("probe_classifier")
    X, _ = count_task(10, seed=6)
    training.class_ids(student.call("predict", probe, X, device=device), 10)
    records = student.tool("probe_records", probe)
    if not records["forward_modes"]:
        raise WrongAnswer("predict never called the model")
    if any(records["forward_modes"]) or any(records["grad_enabled"]):
        problem = "in training mode" if any(records["forward_modes"]) else "with gradients enabled"
        raise WrongAnswer(f"predict ran the model {problem}. " + explain("predict_without_eval", "This"),
                          "predict_without_eval")


def classifier_score(student, training_seed: int, device: str, memo) -> training.Score:
    return memo.get(f"ex04:{training_seed}",
                    lambda: training.score_classifier(student, training_seed, device))


def prefetch(student, memo, options) -> None:
    """Start the graded training run before the other checks, in this exercise's worker."""
    memo.defer(f"ex04:{options.training_seed}",
               training.submit_classifier(student, options.training_seed, options.device))


@check(4, timeout_s=300)
def check_learns_the_count_task(student, training_seed, device, memo, record_data):
    """Trained with its own functions, the classifier beats the calibrated bar on held-out data."""
    score = classifier_score(student, training_seed, device, memo)
    record_data.update(balanced_accuracy=round(score.balanced_accuracy, 4),
                       training_seconds=round(score.seconds, 3))
    bar = calibration.bar("ex04_sentiment")
    require_learned(score, bar, "the RNN classifier")


UNTRAINED_LIMIT = 0.7  # an untrained model scores about 0.5; 0.7 is far out of its reach


def require_learned(score: training.Score, bar: float, what: str) -> None:
    if score.untrained_accuracy is not None and score.untrained_accuracy >= UNTRAINED_LIMIT:
        raise WrongAnswer(f"predict already reaches balanced accuracy {score.untrained_accuracy:.3f} with "
                          f"{what} before any training, so its answers do not come from what the model "
                          "learned. predict should return the argmax of the model's own logits.")
    if len(score.predicted_classes) < 2:
        raise WrongAnswer(f"{what} predicts class {score.predicted_classes} for every held-out sequence "
                          f"(balanced accuracy {score.balanced_accuracy:.3f}). "
                          + explain("majority_class", "This"), "majority_class")
    if score.balanced_accuracy < bar:
        raise WrongAnswer(f"{what} reaches balanced accuracy {score.balanced_accuracy:.3f} on the "
                          f"grader's held-out data; the bar is {bar:.3f} (the reference's spread over "
                          f"{len(calibration.load()['seeds'])} seeds, minus a margin). Check the "
                          "learning rate, the loss and the head.")
