"""Exercise 6: where a vanilla RNN stops remembering (reference solution)."""
from torch import nn

from ex04_sentiment import predict, train_classifier
from grader.datasets import first_sign_task


class SweepRNN(nn.Module):
    """Same shape as ex04's classifier: vanilla RNN, last state, linear head."""

    def __init__(self, hidden_size: int):
        super().__init__()
        self.rnn = nn.RNN(1, hidden_size, batch_first=True)
        self.head = nn.Linear(hidden_size, 2)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.head(out[:, -1, :])


def build_sweep_model(hidden_size=64) -> nn.Module:
    """A single-layer vanilla nn.RNN classifier (no LSTM, no GRU: that is the point)."""
    return SweepRNN(hidden_size)


def length_sweep(lengths=(10, 25, 50, 100, 200), *, hidden_size=64, n_train=1000, n_test=500,
                 epochs=30, device="cpu", seed=0) -> dict[int, float]:
    """Train a fresh model per length; return its test accuracy per length."""
    results = {}
    for length in lengths:
        X, y = first_sign_task(n_train, length, seed=seed)
        X_test, y_test = first_sign_task(n_test, length, seed=seed + 1)  # unseen sequences
        model = build_sweep_model(hidden_size)
        train_classifier(model, X, y, epochs=epochs, device=device, seed=seed)
        predictions = predict(model, X_test, device=device)
        results[int(length)] = float((predictions.numpy() == y_test).mean())
    return results


def failure_length(results, chance=0.5, margin=0.1):
    """The shortest length whose accuracy is at most chance + margin, or None."""
    failing = [length for length, accuracy in results.items() if accuracy <= chance + margin]
    return min(failing) if failing else None
