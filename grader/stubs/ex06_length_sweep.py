"""Exercise 6: where a vanilla RNN stops remembering.

The task (`from grader.datasets import first_sign_task`): standard-normal sequences;
the label is whether the FIRST value is positive and every later value is noise. To
answer, the model has to carry one fact through every step. The gradient that teaches
it that fact is multiplied by one factor per step on its way back; over long sequences
it vanishes, and accuracy falls back to chance (0.5).

Reuse ex04: `from ex04_sentiment import train_classifier, predict`.
"""
from torch import nn


def build_sweep_model(hidden_size=64) -> nn.Module:
    """Return a classifier like ex04's: one single-layer, batch-first, vanilla nn.RNN (input_size=1)
    and a Linear head to 2 logits. Not an LSTM or GRU: the point is to see the plain RNN fail."""
    # TODO
    raise NotImplementedError("TODO: build_sweep_model: nn.RNN(1, hidden_size, batch_first=True) + head")


def length_sweep(lengths=(10, 25, 50, 100, 200), *, hidden_size=64, n_train=1000, n_test=500,
                 epochs=30, device="cpu", seed=0) -> dict[int, float]:
    """For each length: fresh data (first_sign_task), a fresh model, train, then test accuracy.

    Build a new model inside the loop and train it with ex04's train_classifier: a model
    already trained at a shorter length would carry over what it learned there. Return
    {length: accuracy} with accuracies as floats in [0, 1], measured on test sequences
    drawn with a different seed from the training ones.
    """
    # TODO: loop over lengths; train with train_classifier, score with predict.
    raise NotImplementedError("TODO: length_sweep: train and test one model per length")


def failure_length(results, chance=0.5, margin=0.1):
    """Return the shortest length whose accuracy is <= chance + margin, or None if none is."""
    # TODO: the keys may come in any order.
    raise NotImplementedError("TODO: failure_length: the shortest failing length")
