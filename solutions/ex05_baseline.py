"""Exercise 5: the feedforward baseline (reference solution)."""
from torch import nn


def build_mlp_baseline(seq_len=20, input_size=1, hidden_size=64, num_classes=2) -> nn.Module:
    """Flatten the whole sequence into one vector: every step gets its own weights."""
    return nn.Sequential(
        nn.Flatten(),  # (batch, seq_len, input_size) -> (batch, seq_len * input_size)
        nn.Linear(seq_len * input_size, hidden_size),
        nn.ReLU(),
        nn.Linear(hidden_size, num_classes),  # raw logits
    )
