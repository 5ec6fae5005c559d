"""Public checks for ex01_hidden_state: the lesson's numbers and torch.nn.RNNCell as oracles."""
from __future__ import annotations

import numpy as np
import torch
from hypothesis import given, strategies as st

from grader.diagnosis.catalogue import explain
from grader.diagnosis.hidden_state import states_mistake, step_mistake
from grader.numeric_comparison import as_array, assert_close
from grader.engine.check import check
from grader.engine.properties import graded

LESSON_INPUTS = [1.0, 0.5, -1.0, 2.0]
LESSON_STATES = [0.7163, 0.6953, -0.3385, 0.9106]  # printed by the lesson, 4 d.p.
TOL = {"rtol": 1e-7, "atol": 1e-10}
dims = st.integers(1, 6)


def torch_rnn_states(xs, W_x, W_h, b, h0):
    """Oracle: torch.nn.RNN in float64 with the same weights (row-vector form transposed)."""
    rnn = torch.nn.RNN(W_x.shape[0], W_x.shape[1], batch_first=True).double()
    with torch.no_grad():
        rnn.weight_ih_l0.copy_(torch.from_numpy(W_x.T))
        rnn.weight_hh_l0.copy_(torch.from_numpy(W_h.T))
        rnn.bias_ih_l0.copy_(torch.from_numpy(b))
        rnn.bias_hh_l0.zero_()
        out, _ = rnn(torch.from_numpy(xs)[None], torch.from_numpy(h0)[None, None])
    return out[0].numpy()  # (T, hidden_dim)


def random_weights(seed: int, input_dim: int, hidden_dim: int):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((input_dim, hidden_dim)), rng.standard_normal((hidden_dim, hidden_dim)),
            rng.standard_normal(hidden_dim), rng)


def step_hint(got, x, h, W_x, W_h, b, hint: str) -> dict:
    """The feedback for a wrong update: the catalogued mistake it matches, else `hint`."""
    mistake = step_mistake(got, x, h, W_x, W_h, b)
    return {"hint": explain(mistake, "Your rnn_step") if mistake else hint, "diagnosis": mistake}


@check(2)
def check_lesson_worked_example(student):
    """run_rnn reproduces the lesson's four hidden states."""
    got = student.call("run_rnn", LESSON_INPUTS, 0.8, 0.5, 0.1)
    shape = as_array(got, "run_rnn([1.0, 0.5, -1.0, 2.0], 0.8, 0.5, 0.1)").shape
    mistake = states_mistake(got, LESSON_INPUTS, 0.8, 0.5, 0.1, 0.0)
    hint = ("Return h_1..h_4 only, not h0." if shape == (5,) else explain(mistake, "Your run_rnn") if mistake
            else "Each state is tanh(W_x * x_t + W_h * h_prev + b), starting from h0 = 0.")
    assert_close(got, LESSON_STATES, what="run_rnn([1.0, 0.5, -1.0, 2.0], 0.8, 0.5, 0.1)",
                 rtol=0, atol=5e-5, hint=hint, diagnosis=mistake)


@check(1)
@graded(15)
@given(x=st.floats(-3, 3), h=st.floats(-1, 1), w_x=st.floats(-2, 2), w_h=st.floats(-2, 2),
       b=st.floats(-1, 1))
def check_scalar_step(student, x, h, w_x, w_h, b):
    """rnn_step works on plain numbers."""
    got = student.call("rnn_step", x, h, w_x, w_h, b)
    assert_close(got, np.tanh(w_x * x + w_h * h + b), what=f"rnn_step({x}, {h}, {w_x}, {w_h}, {b})", **TOL,
                 **step_hint(got, x, h, w_x, w_h, b, ""))


@check(2)
@graded(20)
@given(input_dim=dims, hidden_dim=dims, seed=st.integers(0, 2**16))
def check_vector_step_matches_rnn_cell(student, input_dim, hidden_dim, seed):
    """rnn_step on vectors agrees with torch.nn.RNN for one step."""
    W_x, W_h, b, rng = random_weights(seed, input_dim, hidden_dim)
    x, h = rng.standard_normal(input_dim), rng.standard_normal(hidden_dim)
    expected = torch_rnn_states(x[None], W_x, W_h, b, h)[0]
    got = student.call("rnn_step", x, h, W_x, W_h, b)
    assert_close(got, expected, **TOL, what=f"rnn_step with input_dim={input_dim}, hidden_dim={hidden_dim}",
                 **step_hint(got, x, h, W_x, W_h, b, "Use the row-vector form x_t @ W_x + h_prev @ W_h + b."))


@check(1)
@graded(10)
@given(batch=st.integers(1, 4), input_dim=dims, hidden_dim=dims, seed=st.integers(0, 2**16))
def check_batched_step(student, batch, input_dim, hidden_dim, seed):
    """rnn_step keeps a leading batch dimension: (batch, input_dim) -> (batch, hidden_dim)."""
    W_x, W_h, b, rng = random_weights(seed, input_dim, hidden_dim)
    x, h = rng.standard_normal((batch, input_dim)), rng.standard_normal((batch, hidden_dim))
    expected = np.tanh(x @ W_x + h @ W_h + b)
    got = student.call("rnn_step", x, h, W_x, W_h, b)
    assert_close(got, expected, **TOL, what=f"rnn_step on a batch of {batch}",
                 **step_hint(got, x, h, W_x, W_h, b, "Matrix products with @ handle the batch dimension for you."))


@check(2)
@graded(20)
@given(steps=st.integers(1, 8), input_dim=dims, hidden_dim=dims, seed=st.integers(0, 2**16),
       given_h0=st.booleans())
def check_run_rnn_matches_nn_rnn(student, steps, input_dim, hidden_dim, seed, given_h0):
    """run_rnn returns every state h_1..h_T, as torch.nn.RNN does."""
    W_x, W_h, b, rng = random_weights(seed, input_dim, hidden_dim)
    xs = rng.standard_normal((steps, input_dim))
    h0 = rng.standard_normal(hidden_dim) if given_h0 else np.zeros(hidden_dim)
    extra = {"h0": h0} if given_h0 else {}
    expected = torch_rnn_states(xs, W_x, W_h, b, h0)
    got = student.call("run_rnn", xs, W_x, W_h, b, **extra)
    mistake = states_mistake(got, xs, W_x, W_h, b, h0)
    hint = explain(mistake, "Your run_rnn") if mistake else \
        "Feed each step the state from the step before; h0 defaults to zeros."
    what = f"run_rnn over {steps} step{'s' if steps != 1 else ''}" + (" with h0" if given_h0 else "")
    assert_close(got, expected, **TOL, what=what, hint=hint, diagnosis=mistake)
