"""Exercise 4: a many-to-one RNN classifier.

The task (from the kit: `from grader.datasets import count_task`): is there more
than 3 values above 1.5 in a sequence of 20 numbers? X is float32
(n, seq_len, 1), y is int64 (n,). The kit draws values from Normal(0.6, 1) so both
classes are common; see grader/datasets.py for why the lesson's standard normal
would make "always answer 0" look 96% accurate.

Shapes, batch-first:
    x        (batch, seq_len, input_size)
    out, h_n = rnn(x): out (batch, seq_len, hidden_size), h_n (1, batch, hidden_size)
    logits   = head(out[:, -1, :])   # (batch, num_classes): the state after the LAST step

Training habits the grader checks:
- the model returns raw logits; nn.CrossEntropyLoss applies log-softmax itself,
  so a softmax before it squashes the signal;
- optimizer.zero_grad() before every backward, or gradients pile up across batches;
- clip gradients (torch.nn.utils.clip_grad_norm_) before optimizer.step();
- predict: model.eval() and torch.no_grad(), results back on the CPU.
"""
import numpy as np
import torch
from torch import nn


def build_rnn_classifier(input_size=1, hidden_size=32, num_classes=2) -> nn.Module:
    """Return an nn.Module: one batch-first nn.RNN layer and a Linear head on the final state.

    forward(x) maps (batch, seq_len, input_size) to logits (batch, num_classes) for any seq_len.
    """
    # TODO: define a small nn.Module class (rnn + head) and return an instance of it.
    raise NotImplementedError("TODO: build_rnn_classifier: nn.RNN(batch_first=True) + nn.Linear")


def train_classifier(model, X, y, *, epochs=50, lr=1e-3, batch_size=64, device="cpu", seed=0) -> list[float]:
    """Train `model` in place; return the mean training loss of each epoch (plain floats).

    Adam(lr), CrossEntropyLoss, mini-batches of batch_size in a fresh shuffled order each
    epoch (seeded with `seed`), gradient clipping, everything on `device`.
    """
    # TODO: torch.manual_seed(seed); convert X, y to tensors; loop epochs and shuffled batches:
    # zero_grad -> forward -> loss -> backward -> clip -> step; record loss.item().
    raise NotImplementedError("TODO: train_classifier: the training loop")


def predict(model, X, *, device="cpu") -> torch.Tensor:
    """Return predicted class ids, int64 tensor (n,), on the CPU."""
    # TODO: eval mode, no gradients, argmax over the class dimension, .cpu().
    raise NotImplementedError("TODO: predict: eval + no_grad + argmax")
