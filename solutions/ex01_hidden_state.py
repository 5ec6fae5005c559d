"""Exercise 1: one hidden-state update, by hand (reference solution)."""
import numpy as np


def rnn_step(x_t, h_prev, W_x, W_h, b) -> np.ndarray:
    """Mix the new input with the previous state, then squash into (-1, 1)."""
    x_t, h_prev = np.asarray(x_t, dtype=np.float64), np.asarray(h_prev, dtype=np.float64)
    if np.ndim(W_x) == 0:  # the scalar lab: plain products
        return np.tanh(W_x * x_t + W_h * h_prev + b)
    return np.tanh(x_t @ W_x + h_prev @ W_h + b)  # (..., hidden_dim)


def run_rnn(xs, W_x, W_h, b, h0=None) -> np.ndarray:
    """Apply rnn_step along the sequence, reusing the same weights at every step."""
    xs = np.asarray(xs, dtype=np.float64)
    h = np.zeros(np.shape(b)) if h0 is None else np.asarray(h0, dtype=np.float64)
    states = []
    for x_t in xs:  # x_t: (input_dim,) or (batch, input_dim) or a scalar
        h = rnn_step(x_t, h, W_x, W_h, b)
        states.append(h)
    return np.stack(states)  # (T,) or (T, hidden_dim) or (T, batch, hidden_dim)
