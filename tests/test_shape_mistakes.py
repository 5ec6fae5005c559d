"""The ex02 shape mistakes of the catalogue lose the right checks and are named."""
from __future__ import annotations

import pytest

from conftest import failing

pytestmark = pytest.mark.slow

CASES = {
    "missing_batch_first": ([("steps = (batch, seq_len) if batch_first else (seq_len, batch)",
                              "steps = (seq_len, batch)")],
                            {"lesson_shapes", "shapes_match_nn_rnn"}),
    "output_vs_h_n": ([("return output, h_n", "return h_n, output")],
                      {"lesson_shapes", "shapes_match_nn_rnn"}),
    "bidirectional_last_step": ([("    if not bidirectional:\n        return out[:, -1, :]",
                                  "    if True:\n        return out[:, -1, :]")],
                                {"final_hidden_bidirectional"}),
    "hidden_state_carried": ([("    states = []\n", "    states, h = [], None\n"),
                              ("_, h_n = rnn(batch)", "_, h_n = rnn(batch, h)\n            h = h_n")],
                             {"final_states_independent"}),
}


@pytest.mark.parametrize("mistake", sorted(CASES))
def test_each_shape_mistake_loses_exactly_its_checks_and_is_named(mistake, make_submission, grade_folder):
    edits, expected_failures = CASES[mistake]
    result = grade_folder(make_submission({"ex02_torch_rnn.py": edits}), only=("ex02_torch_rnn",))
    lost = failing(result)
    assert set(lost) == expected_failures
    assert {check.diagnosis for check in lost.values()} == {mistake}
