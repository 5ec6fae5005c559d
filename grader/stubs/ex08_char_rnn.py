"""Exercise 8: generating text one character at a time.

A character-level language model reads ids (batch, seq_len) and predicts, at every
step, the next character: logits (batch, seq_len, vocab_size). To generate, feed the
prompt, sample the next id, feed it back in with the hidden state from the step
before, and repeat: the state is the model's memory of everything generated so far.

Temperature reshapes the next-character distribution: p = softmax(logits / T).
T < 1 sharpens it (safer, more repetitive text), T > 1 flattens it (more surprising
text); as T approaches 0 sampling becomes the argmax. Subtract the largest logit
before exp so large logits cannot overflow.
"""
import numpy as np
import torch
from torch import nn


def sample_with_temperature(logits, temperature, rng) -> int:
    """Return one index drawn from softmax(logits / temperature) with the Generator `rng`."""
    # TODO: divide (do not multiply) by the temperature, stable softmax, rng.choice(..., p=p).
    raise NotImplementedError("TODO: sample_with_temperature")


def build_char_rnn(vocab_size, hidden_size=64) -> nn.Module:
    """Return a model: nn.Embedding -> batch-first nn.RNN -> nn.Linear to vocab_size.

    forward(x, h=None) maps int64 x (batch, seq_len) to (logits (batch, seq_len, vocab_size), h_n).
    """
    # TODO: a small nn.Module class; pass h on to the RNN.
    raise NotImplementedError("TODO: build_char_rnn")


def train_char_rnn(model, text_ids, *, epochs=200, lr=1e-2, device="cpu", seed=0) -> list[float]:
    """Train next-character prediction on one sequence of ids; return the loss of each epoch."""
    # TODO: inputs ids[:-1], targets ids[1:]; CrossEntropyLoss on (N, vocab) logits; Adam; clip.
    raise NotImplementedError("TODO: train_char_rnn")


def generate(model, start_ids, length, *, temperature=1.0, seed=0, device="cpu") -> list[int]:
    """Return start_ids followed by `length` sampled ids (a list of ints).

    Use np.random.default_rng(seed) and sample_with_temperature; keep the hidden state
    from one generated step to the next instead of starting again from zeros.
    """
    # TODO: eval mode and no_grad; run the prompt, then one id at a time with the state.
    raise NotImplementedError("TODO: generate")
