"""Public checks for ex08_char_rnn: a statistical test of the sampler, the model, generation."""
from __future__ import annotations

import numpy as np

from grader.diagnosis.catalogue import explain
from grader.numeric_comparison import assert_close
from grader.engine.check import check
from grader.sandbox.client import Tensor
from grader.errors import WrongAnswer
from grader.sampling_stats import chi_square_p_value, softmax

LOGITS = np.array([1.5, 0.8, 0.0, -0.5])
TEMPERATURES = (0.5, 1.0, 2.0)
DRAWS = 4000
ALPHA = 1e-4  # a correct sampler fails a test with probability 1e-4
TEXT = "hello world, hello rnn. " * 4
VOCAB = sorted(set(TEXT))
TEXT_IDS = [VOCAB.index(c) for c in TEXT]


def draws(student, logits, temperature: float, seed: int, n: int) -> np.ndarray:
    sampler = student.get("sample_with_temperature")
    got = np.asarray(student.tool("repeat_sample", sampler, np.asarray(logits, dtype=np.float64),
                                  temperature, seed, n))
    if got.min() < 0 or got.max() >= len(logits):
        raise WrongAnswer(f"sample_with_temperature returned {int(got.max())}, outside 0..{len(logits) - 1}")
    return got


def sampler_mistake(counts_by_t: dict[float, np.ndarray]) -> str | None:
    if all(np.all(c[np.argmax(LOGITS)] == c.sum()) for c in counts_by_t.values()):
        return "always_argmax"
    if all(chi_square_p_value(c, softmax(LOGITS * t, 1.0)) >= ALPHA for t, c in counts_by_t.items()):
        return "temperature_multiplied"
    return None


@check(3)
def check_sampler_matches_softmax(student, record_data):
    """At T = 0.5, 1 and 2 the draws follow softmax(logits / T) (chi-square test, alpha = 1e-4)."""
    counts = {t: np.bincount(draws(student, LOGITS, t, 11 + i, DRAWS), minlength=len(LOGITS))
              for i, t in enumerate(TEMPERATURES)}
    record_data["sampling"] = {str(t): {"got": (c / DRAWS).tolist(), "expected": softmax(LOGITS, t).tolist()}
                               for t, c in counts.items()}  # for the feedback page
    for t, c in counts.items():
        expected = softmax(LOGITS, t)
        p_value = chi_square_p_value(c, expected)
        if p_value < ALPHA:
            mistake = sampler_mistake(counts)
            hint = explain(mistake, "Your sampler") if mistake else ""
            raise WrongAnswer(
                f"at temperature {t} the {DRAWS} draws have frequencies {np.round(c / DRAWS, 3).tolist()}, "
                f"but softmax(logits / T) gives {np.round(expected, 3).tolist()} (chi-square p = "
                f"{p_value:.2g} < {ALPHA:g}). {hint}".strip(), mistake)


@check(1)
def check_sampler_tiny_temperature_is_argmax(student):
    """As the temperature approaches 0, every draw is the argmax."""
    got = draws(student, LOGITS[::-1], 1e-4, 5, 200)
    if not np.all(got == np.argmax(LOGITS[::-1])):
        raise WrongAnswer(f"at temperature 1e-4 the draws were {sorted(set(got.tolist()))}; all should be "
                          f"the argmax {int(np.argmax(LOGITS[::-1]))}")


@check(1)
def check_sampler_is_stable_for_large_logits(student):
    """Logits in the thousands give no overflow: valid draws in the right proportions."""
    logits = np.array([1000.0, 999.0, -1000.0])
    got = draws(student, logits, 1.0, 3, 2000)
    p_value = chi_square_p_value(np.bincount(got, minlength=3), softmax(logits, 1.0))
    if p_value < ALPHA:
        raise WrongAnswer(f"with logits {logits.tolist()} the draws do not follow softmax (p = {p_value:.2g}); "
                          "subtract the largest logit before exp to avoid overflow")


@check(1)
def check_sampler_is_reproducible(student):
    """The same Generator seed gives the same draws."""
    first, second = draws(student, LOGITS, 1.0, 21, 50), draws(student, LOGITS, 1.0, 21, 50)
    if not np.array_equal(first, second):
        raise WrongAnswer("two runs with Generators from the same seed drew different ids: "
                          "draw only from the rng you are given")


def char_model(student, vocab_size: int = 7, hidden_size: int = 16, seed: int = 0):
    return student.tool("seeded_call", student.get("build_char_rnn"), seed, vocab_size, hidden_size)


def forward(model, x: np.ndarray, h=None):
    result = model.call("forward", Tensor(x), *([Tensor(h)] if h is not None else []))
    if not isinstance(result, tuple) or len(result) != 2:
        raise WrongAnswer(f"forward(x, h) should return (logits, h_n), got {type(result).__name__}")
    return np.asarray(result[0]), np.asarray(result[1])


@check(1)
def check_model_shapes(student):
    """forward maps int64 ids (batch, seq_len) to logits (batch, seq_len, vocab) and h_n."""
    x = np.random.default_rng(0).integers(0, 7, size=(3, 5))
    logits, h_n = forward(char_model(student), x)
    if logits.shape != (3, 5, 7) or h_n.shape != (1, 3, 16):
        raise WrongAnswer(f"build_char_rnn(7, 16) on x (3, 5) returned logits {logits.shape} and h_n "
                          f"{h_n.shape}; expected (3, 5, 7) and (1, 3, 16)")


@check(1)
def check_model_continues_from_a_given_state(student):
    """Reading a sequence in two halves, passing h along, gives the same logits as reading it whole."""
    model = char_model(student)
    x = np.random.default_rng(1).integers(0, 7, size=(2, 8))
    whole, _ = forward(model, x)
    _, h = forward(model, x[:, :3])
    second, _ = forward(model, x[:, 3:], h)
    assert_close(second, whole[:, 3:], what="logits of the second half with h passed in", rtol=1e-4,
                 atol=1e-5, hint="forward(x, h) must hand h to the RNN as its initial state.")


CHAR_EPOCHS = 80
# On TEXT the reference reaches a next-character loss of about 0.06 in CHAR_EPOCHS epochs;
# predicting each character from itself (targets not shifted) leaves it near 10.3, and a
# uniform guess gives ln(len(VOCAB)) = 2.4. The bar is far from all three.
NEXT_CHAR_BAR = 1.0


def trained_char_model(student, device: str, memo):
    """Train once with the student's train_char_rnn; the losses it reports and the model."""
    def run():
        model = char_model(student, len(VOCAB), 32)
        losses = student.call("train_char_rnn", model, TEXT_IDS, epochs=CHAR_EPOCHS, lr=1e-2,
                              device=device, seed=0)
        return model, losses
    return memo.get("ex08:trained", run)


@check(2, timeout_s=120)
def check_training_reduces_the_loss(student, device, memo):
    """train_char_rnn returns one loss per epoch, and the loss falls on a short text."""
    _, losses = trained_char_model(student, device, memo)
    if not isinstance(losses, list) or len(losses) != CHAR_EPOCHS:
        raise WrongAnswer(f"train_char_rnn(..., epochs={CHAR_EPOCHS}) should return {CHAR_EPOCHS} "
                          f"losses, got {losses!r:.80}")
    if not losses[-1] < 0.5 * losses[0]:
        raise WrongAnswer(f"the loss went from {losses[0]:.3f} to {losses[-1]:.3f} in {CHAR_EPOCHS} "
                          "epochs on a short repeated text; it should at least halve. "
                          "Targets are ids[1:], inputs ids[:-1].")


@check(3, timeout_s=120)
def check_training_predicts_the_next_character(student, device, memo):
    """After train_char_rnn the model predicts the NEXT character: the grader measures it itself."""
    model, losses = trained_char_model(student, device, memo)
    measured = student.tool("next_char_loss", model, TEXT_IDS)
    if measured > NEXT_CHAR_BAR:
        reported = f" (your training reported {losses[-1]:.3f})" if isinstance(losses, list) and losses \
            and isinstance(losses[-1], float) else ""
        mistake = "targets_not_shifted" if reported and losses[-1] < NEXT_CHAR_BAR else None
        hint = explain(mistake, "This") if mistake else "Train on inputs ids[:-1] with targets ids[1:]."
        raise WrongAnswer(f"after {CHAR_EPOCHS} epochs the model's next-character loss on the text is "
                          f"{measured:.3f}{reported}; a model that learned the text is below "
                          f"{NEXT_CHAR_BAR}. {hint}", mistake)


@check(1)
def check_generate_is_reproducible(student):
    """generate with the same seed gives the same ids; the seed drives every draw."""
    model = char_model(student)
    first, second = (student.call("generate", model, [1, 2], 15, temperature=1.0, seed=4) for _ in range(2))
    if first != second:
        raise WrongAnswer(f"generate(..., seed=4) gave {first} and then {second}. "
                          + explain("unseeded_randomness", "This"), "unseeded_randomness")


@check(1)
def check_generate_returns_start_and_length(student):
    """generate returns the start ids followed by exactly `length` ids from the vocabulary."""
    got = student.call("generate", char_model(student), [1, 2, 3], 10, temperature=1.0, seed=0)
    if not isinstance(got, list) or got[:3] != [1, 2, 3] or len(got) != 13:
        raise WrongAnswer(f"generate(model, [1, 2, 3], 10) should return 13 ids starting with [1, 2, 3], "
                          f"got {got!r:.120}")
    if not all(isinstance(i, int) and 0 <= i < 7 for i in got):
        raise WrongAnswer(f"generated ids must be Python ints in 0..6, got {got}")


@check(2)
def check_generate_carries_the_hidden_state(student):
    """At a near-zero temperature, generate equals greedy decoding that carries the state."""
    for seed in (0, 1, 2):
        model = char_model(student, 7, 16, seed)
        got = student.call("generate", model, [1, 4], 12, temperature=1e-6, seed=0)
        carried = student.tool("greedy_decode", model, [1, 4], 12, True)
        if got != carried:
            reset = student.tool("greedy_decode", model, [1, 4], 12, False)
            mistake = "hidden_state_reset" if got == reset else None
            hint = explain(mistake, "Your output") if mistake else ""
            raise WrongAnswer(f"at temperature 1e-6 generate gave {got}; decoding that carries the state "
                              f"gives {carried}. {hint}".strip(), mistake)
