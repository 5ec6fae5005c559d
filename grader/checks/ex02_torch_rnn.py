"""Public checks for ex02_torch_rnn: a real torch.nn.RNN is the oracle for every answer."""
from __future__ import annotations

import numpy as np
import torch
from hypothesis import given, strategies as st

from grader.diagnosis.catalogue import explain
from grader.numeric_comparison import assert_close, matches
from grader.engine.check import check
from grader.engine.properties import graded
from grader.sandbox.client import Tensor, TorchRNNSpec
from grader.errors import WrongAnswer

small = st.integers(1, 5)
TOL = {"rtol": 1e-5, "atol": 1e-6}  # float32 tensors


def real_shapes(batch, seq_len, input_size, hidden_size, num_layers, bidirectional, batch_first):
    """Run an nn.RNN on zeros and read the shapes it really returns."""
    rnn = torch.nn.RNN(input_size, hidden_size, num_layers=num_layers,
                       bidirectional=bidirectional, batch_first=batch_first)
    x = torch.zeros((batch, seq_len, input_size) if batch_first else (seq_len, batch, input_size))
    with torch.no_grad():
        out, h_n = rnn(x)
    return tuple(out.shape), tuple(h_n.shape)


def shape_mistake(got, expected, batch_first: bool) -> str | None:
    """Name the shape confusion that turns the right answer into `got`."""
    (out, h_n), swapped = expected, lambda shape: (shape[1], shape[0], *shape[2:])
    if got == (h_n, out):
        return "output_vs_h_n"
    if batch_first and got in ((swapped(out), h_n), (swapped(out), swapped(h_n))):
        return "missing_batch_first"
    return None


def _as_shapes(value) -> tuple:
    try:
        return tuple(tuple(int(n) for n in shape) for shape in value)
    except (TypeError, ValueError):
        raise WrongAnswer(f"rnn_shapes should return two tuples of ints, got {value!r}") from None


@check(1)
def check_lesson_shapes(student):
    """rnn_shapes gives the lesson's shapes, and only the last dimension follows hidden_size."""
    for hidden in (6, 12):
        got = _as_shapes(student.call("rnn_shapes", 2, 5, 4, hidden))
        expected = ((2, 5, hidden), (1, 2, hidden))
        if got != expected:
            raise WrongAnswer(f"rnn_shapes(2, 5, 4, {hidden}) returned {got}, expected {expected}.",
                              shape_mistake(got, expected, batch_first=True))


@check(2)
@graded(25)
@given(batch=small, seq_len=small, input_size=small, hidden_size=small, num_layers=st.integers(1, 3),
       bidirectional=st.booleans(), batch_first=st.booleans())
def check_shapes_match_nn_rnn(student, batch, seq_len, input_size, hidden_size, num_layers,
                              bidirectional, batch_first):
    """rnn_shapes agrees with what nn.RNN returns for any configuration."""
    config = dict(num_layers=num_layers, bidirectional=bidirectional, batch_first=batch_first)
    got = _as_shapes(student.call("rnn_shapes", batch, seq_len, input_size, hidden_size, **config))
    expected = real_shapes(batch, seq_len, input_size, hidden_size, **config)
    if got != expected:
        mistake = shape_mistake(got, expected, batch_first)
        hint = f" {explain(mistake, 'This')}" if mistake else ""
        raise WrongAnswer(f"rnn_shapes({batch}, {seq_len}, {input_size}, {hidden_size}, {config}) "
                          f"returned {got}, but nn.RNN returns {expected}.{hint}", mistake)


@check(2)
@graded(25)
@given(input_size=small, hidden_size=small, num_layers=st.integers(1, 3),
       bidirectional=st.booleans(), bias=st.booleans())
def check_param_count_matches_nn_rnn(student, input_size, hidden_size, num_layers, bidirectional, bias):
    """rnn_param_count equals the number of trainable numbers in nn.RNN."""
    config = dict(num_layers=num_layers, bidirectional=bidirectional, bias=bias)
    rnn = torch.nn.RNN(input_size, hidden_size, **config)
    expected = sum(p.numel() for p in rnn.parameters() if p.requires_grad)
    got = student.call("rnn_param_count", input_size, hidden_size, **config)
    if got != expected:
        raise WrongAnswer(
            f"rnn_param_count({input_size}, {hidden_size}, {config}) returned {got!r}, nn.RNN has "
            f"{expected}. Count W_ih, W_hh and both biases per layer and direction; layers after "
            "the first read num_directions * hidden_size inputs.")


def _run_real(seed: int, batch: int, seq_len: int, hidden: int, bidirectional: bool, layers: int = 1):
    torch.manual_seed(seed)
    rnn = torch.nn.RNN(3, hidden, num_layers=layers, bidirectional=bidirectional, batch_first=True)
    with torch.no_grad():
        out, h_n = rnn(torch.randn(batch, seq_len, 3))
    return out.numpy(), h_n.numpy()


@check(1)
@graded(10)
@given(seed=st.integers(0, 1000), batch=small, seq_len=small, hidden=small, layers=st.integers(1, 2))
def check_final_hidden_unidirectional(student, seed, batch, seq_len, hidden, layers):
    """final_hidden_from_output recovers h_n[-1] from a one-direction output."""
    out, h_n = _run_real(seed, batch, seq_len, hidden, False, layers)
    got = student.call("final_hidden_from_output", Tensor(out))
    assert_close(got, h_n[-1], what="final_hidden_from_output(out)", **TOL,
                 hint="For one direction the final state is the output at the last step.")


@check(2)
@graded(10)
@given(seed=st.integers(0, 1000), batch=small, seq_len=st.integers(2, 6), hidden=small)
def check_final_hidden_bidirectional(student, seed, batch, seq_len, hidden):
    """final_hidden_from_output joins the forward state (last step) and the backward one (step 0)."""
    out, h_n = _run_real(seed, batch, seq_len, hidden, True)
    expected = np.concatenate([h_n[-2], h_n[-1]], axis=-1)
    got = student.call("final_hidden_from_output", Tensor(out), bidirectional=True)
    mistake = "bidirectional_last_step" if matches(got, out[:, -1, :], **TOL) else None
    hint = explain(mistake, "Your result") if mistake else "Forward half first, then backward."
    assert_close(got, expected, what="final_hidden_from_output(out, bidirectional=True)", **TOL,
                 hint=hint, diagnosis=mistake)


def rnn_spec(seed: int, input_size: int, hidden: int) -> tuple[TorchRNNSpec, torch.nn.RNN]:
    """The same weights as a spec for the worker and as a real nn.RNN here."""
    torch.manual_seed(seed)
    rnn = torch.nn.RNN(input_size, hidden, batch_first=True)
    state = {name: tensor.detach().numpy().copy() for name, tensor in rnn.state_dict().items()}
    kwargs = {"input_size": input_size, "hidden_size": hidden, "batch_first": True}
    return TorchRNNSpec(kwargs, state), rnn


@check(2)
@graded(10)
@given(seed=st.integers(0, 1000), count=st.integers(2, 4), batch=small, seq_len=small)
def check_final_states_independent(student, seed, count, batch, seq_len):
    """final_states_independent gives each batch the h_n it gets on its own."""
    spec, rnn = rnn_spec(seed, 3, 4)
    batches = [np.random.default_rng(seed + i).standard_normal((batch, seq_len, 3)).astype(np.float32)
               for i in range(count)]
    got = student.call("final_states_independent", spec, [Tensor(b) for b in batches])
    if not isinstance(got, list) or len(got) != count:
        raise WrongAnswer(f"final_states_independent should return a list of {count} tensors, "
                          f"got {type(got).__name__} of length {len(got) if hasattr(got, '__len__') else '?'}")
    with torch.no_grad():
        fresh = [rnn(torch.from_numpy(b))[1].numpy() for b in batches]
        carried, h = [], None
        for b in batches:  # what a state leaking from batch to batch gives
            h = rnn(torch.from_numpy(b), h)[1]
            carried.append(h.numpy())
    for index, (answer, expected) in enumerate(zip(got, fresh)):
        mistake = "hidden_state_carried" if index and matches(answer, carried[index], **TOL) else None
        hint = explain(mistake, "Your h_n") if mistake else ""
        assert_close(answer, expected, what=f"h_n of batch {index}", **TOL, hint=hint,
                     diagnosis=mistake)
