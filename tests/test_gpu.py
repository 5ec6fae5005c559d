"""The CUDA path: the same checks and bars on a GPU. Skipped cleanly on a CPU-only machine."""
from __future__ import annotations

import pytest
import torch

from conftest import SOLUTIONS
from grader.engine.options import GradingOptions
from grader.engine.run import grade

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA GPU on this machine")]


def test_the_reference_passes_the_training_checks_on_the_gpu():
    options = GradingOptions(submission=SOLUTIONS, solutions=SOLUTIONS, device="cuda",
                             only=("ex04_sentiment", "ex05_baseline", "ex06_length_sweep", "ex08_char_rnn"))
    result = grade(options)
    assert result.device == "cuda"
    assert [(c.id, c.feedback) for c in result.checks() if c.status not in ("passed", "skipped")] == []
