"""Each training mistake of the catalogue loses the right check, with the right diagnosis."""
from __future__ import annotations

import pytest

from conftest import failing

pytestmark = pytest.mark.slow

EX04 = "ex04_sentiment.py"
LEARN = "learns_the_count_task"
LOSS_LINE = "loss = loss_fn(model(xb), yb)"
HEAD_LINE = "return self.head(out[:, -1, :])  # raw logits (batch, num_classes)"

CASES = {  # mistake -> (file, edits, the check it must lose, checks it may lose as a consequence)
    "softmax_before_loss": (EX04, [(LOSS_LINE, "loss = loss_fn(torch.softmax(model(xb), dim=1), yb)")],
                            "loss_takes_raw_logits", {LEARN}),
    "softmax_in_model": (EX04, [(HEAD_LINE, "return torch.softmax(self.head(out[:, -1, :]), dim=1)")],
                         "returns_raw_logits", {LEARN}),
    "zero_grad_forgotten": (EX04, [("optimizer.zero_grad()  #", "#")], "gradients_are_zeroed", {LEARN}),
    "first_step_output": (EX04, [(HEAD_LINE, "return self.head(out[:, 0, :])")],
                          "reads_the_whole_sequence", {LEARN}),
    "missing_batch_first": (EX04, [("nn.RNN(input_size, hidden_size, batch_first=True)",
                                    "nn.RNN(input_size, hidden_size)")],
                            "sequences_in_a_batch_are_independent", {LEARN, "single_layer_batch_first_rnn"}),
    "predict_without_eval": (EX04, [("model.to(device).eval()", "model.to(device)")],
                             "predict_in_eval_mode_without_gradients", set()),
    "predict_with_gradients": (EX04, [("    with torch.no_grad():\n        logits", "    if True:\n        logits"),
                                      ("logits.argmax(dim=1).cpu()", "logits.argmax(dim=1).cpu().detach()")],
                               "predict_in_eval_mode_without_gradients", set()),
    "majority_class": (EX04, [("return logits.argmax(dim=1).cpu()", "return torch.zeros(len(logits), dtype=torch.long)")],
                       LEARN, set()),
    "hidden_state_carried": (EX04, [("out, _ = self.rnn(x)  #", "out, self.h = self.rnn(x, getattr(self, 'h', None))\n        self.h = self.h.detach()  #")],
                             "forward_is_stateless", {"sequences_in_a_batch_are_independent", LEARN}),
}
DIAGNOSIS = {"softmax_in_model": "softmax_before_loss", "predict_with_gradients": "predict_without_eval"}


@pytest.mark.parametrize("mistake", sorted(CASES))
def test_each_training_mistake_is_caught_and_named(mistake, make_submission, grade_folder):
    file, edits, must_lose, may_lose = CASES[mistake]
    result = grade_folder(make_submission({file: edits}), only=("ex04_sentiment",))
    lost = failing(result)
    assert must_lose in lost, f"{mistake} was not caught: {[c.id for c in result.checks()]}"
    assert lost[must_lose].diagnosis == DIAGNOSIS.get(mistake, mistake), lost[must_lose].feedback
    assert set(lost) <= {must_lose} | may_lose, {k: v.feedback for k, v in lost.items()}


def test_a_recurrent_baseline_is_named(make_submission, grade_folder):
    lstm = "from torch import nn\n\ndef build_mlp_baseline(seq_len=20, input_size=1, hidden_size=64, num_classes=2):\n" \
           "    return nn.Sequential(nn.RNN(input_size, hidden_size, batch_first=True))\n"
    lost = failing(grade_folder(make_submission(replace={"ex05_baseline.py": lstm}), only=("ex05_baseline",)))
    assert lost["has_no_recurrent_layer"].diagnosis == "recurrent_baseline"


def test_an_lstm_in_the_sweep_is_named(make_submission, grade_folder):
    folder = make_submission({"ex06_length_sweep.py": [("self.rnn = nn.RNN(1, hidden_size, batch_first=True)",
                                                        "self.rnn = nn.LSTM(1, hidden_size, batch_first=True)")]})
    result = grade_folder(folder, only=("ex06_length_sweep",))
    assert failing(result)["model_is_a_vanilla_rnn"].diagnosis == "not_vanilla_rnn"
