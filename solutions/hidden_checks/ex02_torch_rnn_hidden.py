"""Hidden checks for ex02_torch_rnn: the reference on configurations students never see."""
from __future__ import annotations

import numpy as np

from grader.engine.check import check
from grader.sandbox.client import Tensor
from grader.numeric_comparison import assert_close
from grader.errors import WrongAnswer

CONFIGS = ((7, 11, 5, 13, 4, True, False), (1, 1, 1, 1, 1, False, True), (3, 9, 2, 17, 2, True, True))


@check(1, hidden=True)
def check_shapes_and_counts_on_hidden_configs(student, reference):
    """rnn_shapes and rnn_param_count agree with the reference on unseen configurations."""
    for batch, seq_len, inputs, hidden, layers, bidirectional, batch_first in CONFIGS:
        shape_args = (batch, seq_len, inputs, hidden, layers, bidirectional, batch_first)
        expected, got = reference.call("rnn_shapes", *shape_args), student.call("rnn_shapes", *shape_args)
        if _shapes(got) != _shapes(expected):
            raise WrongAnswer(f"rnn_shapes{shape_args} returned {got}, expected {expected}")
        count_args = (inputs, hidden, layers, bidirectional, layers % 2 == 0)
        expected, got = reference.call("rnn_param_count", *count_args), student.call("rnn_param_count", *count_args)
        if got != expected:
            raise WrongAnswer(f"rnn_param_count{count_args} returned {got}, expected {expected}")


@check(1, hidden=True)
def check_final_hidden_on_hidden_outputs(student, reference, variant):
    """final_hidden_from_output agrees with the reference on unseen outputs."""
    out = np.random.default_rng(variant.seed("ex02", 6607)).standard_normal((4, 9, 10)).astype(np.float32)
    for bidirectional in (False, True):
        expected = reference.call("final_hidden_from_output", Tensor(out), bidirectional)
        got = student.call("final_hidden_from_output", Tensor(out), bidirectional)
        assert_close(got, expected, rtol=0, atol=0,
                     what=f"final_hidden_from_output(bidirectional={bidirectional})")


def _shapes(value) -> tuple | None:
    """Shapes as nested tuples; None for anything that is not a sequence of sequences."""
    try:
        return tuple(tuple(int(n) for n in shape) for shape in value)
    except (TypeError, ValueError):
        return None
