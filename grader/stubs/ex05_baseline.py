"""Exercise 5: the feedforward baseline.

A multilayer perceptron (MLP) sees the whole sequence at once as one flat vector:
(batch, seq_len, input_size) -> (batch, seq_len * input_size). Every position gets
its own weights, so it cannot reuse what it learned at step 3 for step 17, and it only
works for the one seq_len it was built for. The grader trains it with your ex04
train_classifier on the same count task and compares it with the RNN and with the
majority-class answer (which scores a balanced accuracy of exactly 0.5).
"""
from torch import nn


def build_mlp_baseline(seq_len=20, input_size=1, hidden_size=64, num_classes=2) -> nn.Module:
    """Return an nn.Module: flatten, Linear(seq_len * input_size, hidden_size), ReLU, Linear -> logits.

    No recurrent layer. Return raw logits (batch, num_classes).
    """
    # TODO: nn.Sequential(nn.Flatten(), ...) is enough.
    raise NotImplementedError("TODO: build_mlp_baseline: flatten + two Linear layers")
