"""Exercise 8: generating text one character at a time (reference solution)."""
import numpy as np
import torch
from torch import nn


def sample_with_temperature(logits, temperature, rng) -> int:
    """Draw an index from softmax(logits / temperature)."""
    z = np.asarray(logits, dtype=np.float64) / temperature
    z = z - z.max()  # the largest becomes 0: exp cannot overflow
    p = np.exp(z)
    return int(rng.choice(len(p), p=p / p.sum()))


class CharRNN(nn.Module):
    """Embedding -> batch-first RNN -> logits over the vocabulary at every step."""

    def __init__(self, vocab_size: int, hidden_size: int):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, hidden_size)
        self.rnn = nn.RNN(hidden_size, hidden_size, batch_first=True)
        self.head = nn.Linear(hidden_size, vocab_size)

    def forward(self, x, h=None):
        out, h = self.rnn(self.embed(x), h)  # out (batch, seq_len, hidden)
        return self.head(out), h  # logits (batch, seq_len, vocab_size), h_n (1, batch, hidden)


def build_char_rnn(vocab_size, hidden_size=64) -> nn.Module:
    """A character-level RNN language model."""
    return CharRNN(vocab_size, hidden_size)


def train_char_rnn(model, text_ids, *, epochs=200, lr=1e-2, device="cpu", seed=0) -> list[float]:
    """Teach the model to predict character t+1 from characters 1..t; loss per epoch."""
    torch.manual_seed(seed)
    ids = torch.as_tensor(np.asarray(text_ids), dtype=torch.long, device=device)
    x, y = ids[:-1][None], ids[1:][None]  # (1, n-1): inputs and next-character targets
    model.to(device).train()
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn, losses = nn.CrossEntropyLoss(), []
    for _ in range(epochs):
        optimizer.zero_grad()
        logits, _ = model(x)
        loss = loss_fn(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
        optimizer.step()
        losses.append(loss.item())
    return losses


def generate(model, start_ids, length, *, temperature=1.0, seed=0, device="cpu") -> list[int]:
    """start_ids followed by `length` sampled ids; the hidden state carries from step to step."""
    rng = np.random.default_rng(seed)
    ids = [int(i) for i in start_ids]
    model.to(device).eval()
    with torch.no_grad():
        logits, h = model(torch.tensor([ids], device=device))  # read the whole prompt once
        for _ in range(length):
            next_id = sample_with_temperature(logits[0, -1].cpu().numpy(), temperature, rng)
            ids.append(next_id)
            logits, h = model(torch.tensor([[next_id]], device=device), h)  # one step, same state
    return ids
