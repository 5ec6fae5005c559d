"""Exercise 4: a many-to-one RNN classifier (reference solution)."""
import numpy as np
import torch
from torch import nn


class RNNClassifier(nn.Module):
    """Read the sequence with an nn.RNN; classify from the final hidden state."""

    def __init__(self, input_size: int, hidden_size: int, num_classes: int):
        super().__init__()
        self.rnn = nn.RNN(input_size, hidden_size, batch_first=True)
        self.head = nn.Linear(hidden_size, num_classes)

    def forward(self, x):
        out, _ = self.rnn(x)  # (batch, seq_len, hidden); no h0: every batch starts at zero
        return self.head(out[:, -1, :])  # raw logits (batch, num_classes)


def build_rnn_classifier(input_size=1, hidden_size=32, num_classes=2) -> nn.Module:
    """A single-layer batch-first RNN with a linear head."""
    return RNNClassifier(input_size, hidden_size, num_classes)


def train_classifier(model, X, y, *, epochs=50, lr=1e-3, batch_size=64, device="cpu", seed=0) -> list[float]:
    """Adam + CrossEntropyLoss on shuffled mini-batches, with clipping; mean loss per epoch."""
    torch.manual_seed(seed)
    generator = torch.Generator().manual_seed(seed)
    X, y = torch.as_tensor(np.asarray(X), dtype=torch.float32), torch.as_tensor(np.asarray(y), dtype=torch.long)
    model.to(device).train()
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()  # wants raw logits: it applies log-softmax itself
    losses = []
    for _ in range(epochs):
        order, total = torch.randperm(len(X), generator=generator), 0.0
        for start in range(0, len(X), batch_size):
            index = order[start:start + batch_size]
            xb, yb = X[index].to(device), y[index].to(device)
            optimizer.zero_grad()  # gradients would otherwise add up across batches
            loss = loss_fn(model(xb), yb)
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
            optimizer.step()
            total += loss.item() * len(index)
        losses.append(total / len(X))
    return losses


def predict(model, X, *, device="cpu") -> torch.Tensor:
    """Class ids (n,) on the CPU, in eval mode and without gradients."""
    model.to(device).eval()
    with torch.no_grad():
        logits = model(torch.as_tensor(np.asarray(X), dtype=torch.float32).to(device))
    return logits.argmax(dim=1).cpu()
