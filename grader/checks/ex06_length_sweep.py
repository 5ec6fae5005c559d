"""Public checks for ex06_length_sweep: a vanilla RNN, failure_length, and the sweep itself."""
from __future__ import annotations

from hypothesis import given, strategies as st

from grader import calibration, training
from grader.diagnosis.catalogue import explain
from grader.checks import _models as models
from grader.engine.check import check
from grader.engine.properties import graded
from grader.errors import WrongAnswer

WHAT = "build_sweep_model(hidden_size=8)"


@check(1)
def check_model_is_a_vanilla_rnn(student):
    """The sweep model holds a single-layer batch-first nn.RNN, not an LSTM or GRU."""
    layers = models.recurrent_layers(student.tool("summary", student.call("build_sweep_model", 8)))
    kinds = [layer["type"] for layer in layers]
    if any(kind in ("LSTM", "GRU", "LSTMCell", "GRUCell") for kind in kinds):
        raise WrongAnswer(f"the sweep model uses {kinds}. " + explain("not_vanilla_rnn", "This"),
                          "not_vanilla_rnn")
    if kinds != ["RNN"] or not layers[0].get("batch_first") or layers[0].get("num_layers") != 1:
        raise WrongAnswer(f"expected one single-layer batch-first nn.RNN, found {layers}")


@check(1)
@graded(6)
@given(batch=st.integers(1, 4), seq_len=st.integers(1, 40))
def check_model_contract(student, batch, seq_len):
    """The sweep model maps (batch, seq_len, 1) to logits (batch, 2) and reads the last step."""
    model = student.call("build_sweep_model", 8)
    x = models.sequences(seq_len, batch, seq_len)
    models.model_logits(student, model, x, 2, WHAT)
    if seq_len > 1:
        models.require_last_step_matters(student, model, x, 2, WHAT)


def expected_failure_length(results: dict[int, float], chance: float, margin: float):
    failing = [length for length, accuracy in results.items() if accuracy <= chance + margin]
    return min(failing) if failing else None


@check(2)
@graded(40)
@given(results=st.dictionaries(st.integers(1, 500), st.sampled_from([0.3, 0.5, 0.55, 0.6, 0.61, 0.75, 1.0])
                               | st.floats(0, 1), max_size=6),
       chance=st.sampled_from([0.5, 0.25]), margin=st.sampled_from([0.1, 0.05, 0.0]))
def check_failure_length(student, results, chance, margin):
    """failure_length returns the shortest length at or below chance + margin, or None."""
    expected = expected_failure_length(results, chance, margin)
    got = student.call("failure_length", results, chance=chance, margin=margin)
    if got != expected or type(got) not in (int, type(None)):
        raise WrongAnswer(f"failure_length({results}, chance={chance}, margin={margin}) returned "
                          f"{got!r}, expected {expected!r}: the smallest length (not the first key) "
                          "whose accuracy is <= chance + margin, inclusive, or None")


def prefetch(student, memo, options) -> None:
    """The sweep is the longest training: start it before any other check runs."""
    memo.defer(f"ex06:{options.training_seed}",
               training.submit_sweep(student, options.training_seed, options.device))


def sweep_scores(student, training_seed: int, device: str, memo) -> dict[int, training.Score]:
    return memo.get(f"ex06:{training_seed}", lambda: training.score_sweep(student, training_seed, device))


@check(2, timeout_s=600)
def check_short_sequences_are_learned(student, training_seed, device, memo, record_data):
    """At a short length (10 steps) the first value is remembered: accuracy above the calibrated bar."""
    scores = sweep_scores(student, training_seed, device, memo)
    record_data["accuracy_by_length"] = {str(length): round(score.balanced_accuracy, 4)
                                         for length, score in scores.items()}
    record_data["training_seconds"] = round(sum(score.seconds for score in scores.values()), 3)
    record_data["reference_mean_by_length"] = {
        str(length): calibration.bar("ex06_length_sweep", str(length), "mean") for length in scores}
    for length in training.SHORT_LENGTHS:
        bar = calibration.bar("ex06_length_sweep", str(length))
        if scores[length].balanced_accuracy < bar:
            raise WrongAnswer(f"at length {length} the model reaches balanced accuracy "
                              f"{scores[length].balanced_accuracy:.3f}; the bar is {bar:.3f}")


@check(1, timeout_s=600)
def check_long_sequences_fall_to_chance(student, training_seed, device, memo):
    """At length 200 a vanilla RNN has forgotten the first value: accuracy near chance."""
    scores = sweep_scores(student, training_seed, device, memo)
    accuracy = scores[training.LONG_LENGTH].balanced_accuracy
    upper = calibration.bar("ex06_length_sweep", str(training.LONG_LENGTH), "upper_bar")
    if accuracy > upper:
        raise WrongAnswer(f"at length {training.LONG_LENGTH} the model still reaches {accuracy:.3f} "
                          f"(a vanilla RNN stays at or below {upper:.3f}); "
                          + explain("not_vanilla_rnn", "this").split(". ", 1)[1], "not_vanilla_rnn")


SMALL_SWEEP = {"hidden_size": 16, "n_train": 200, "n_test": 100, "epochs": 3, "seed": 3}
SMALL_LENGTHS = (6, 12)


def small_sweep(student, device: str, memo) -> dict:
    """One small length_sweep, with every train_classifier call it makes recorded."""
    return memo.get("ex06:small_sweep", lambda: student.tool(
        "sweep_training_records", list(SMALL_LENGTHS), {**SMALL_SWEEP, "device": device}))


@check(1, timeout_s=120)
def check_length_sweep_returns_accuracies(student, device, memo):
    """length_sweep returns {length: accuracy} for exactly the lengths asked, each in [0, 1]."""
    got = small_sweep(student, device, memo)["results"]
    if not isinstance(got, dict) or sorted(got) != list(SMALL_LENGTHS):
        raise WrongAnswer(f"length_sweep({SMALL_LENGTHS}, ...) should return a dict keyed by "
                          f"{list(SMALL_LENGTHS)}, got {got!r:.120}")
    bad = {k: v for k, v in got.items() if not isinstance(v, float) or not 0.0 <= v <= 1.0}
    if bad:
        raise WrongAnswer(f"accuracies must be floats in [0, 1], got {bad}")


@check(3, timeout_s=120)
def check_length_sweep_trains_a_fresh_model_per_length(student, device, memo):
    """length_sweep trains one new, untrained model per length with ex04's train_classifier."""
    records = small_sweep(student, device, memo)["records"]
    if sorted(record["seq_len"] for record in records) != list(SMALL_LENGTHS):
        raise WrongAnswer(f"length_sweep({SMALL_LENGTHS}, ...) called ex04's train_classifier on "
                          f"sequences of lengths {[r['seq_len'] for r in records]}; expected one call "
                          f"per length, {list(SMALL_LENGTHS)}, each on that length's data")
    # a model that train_classifier left unchanged shows no reuse (seeded builds may look alike)
    trained = {record["after"] for record in records if record["after"] != record["before"]}
    reused = len({record["model"] for record in records}) < len(records) or \
        any(record["before"] in trained for record in records)
    if reused:
        raise WrongAnswer("length_sweep trains a model that was already trained at another length. "
                          + explain("sweep_model_reused", "This"), "sweep_model_reused")
