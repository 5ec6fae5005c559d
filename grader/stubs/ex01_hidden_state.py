"""Exercise 1: one hidden-state update, by hand.

A recurrent network keeps a hidden state h and refreshes it at every step:

    h_t = tanh(x_t @ W_x + h_prev @ W_h + b)

The same W_x, W_h and b are reused at every step; that reuse is what lets one
small set of weights read a sequence of any length. Shapes (row vectors):

    x_t    (input_dim,)                 or (batch, input_dim)
    h_prev (hidden_dim,)                or (batch, hidden_dim)
    W_x    (input_dim, hidden_dim)
    W_h    (hidden_dim, hidden_dim)
    b      (hidden_dim,)

Everything may also be a plain number (the scalar lab), in which case the
matrix products become ordinary products. Use float64 NumPy.

Check yourself: xs=[1.0, 0.5, -1.0, 2.0], W_x=0.8, W_h=0.5, b=0.1, h0=0
gives the states 0.7163, 0.6953, -0.3385, 0.9106 (4 d.p.).
"""
import numpy as np


def rnn_step(x_t, h_prev, W_x, W_h, b) -> np.ndarray:
    """Return the new hidden state h_t = tanh(x_t @ W_x + h_prev @ W_h + b)."""
    # TODO: handle scalars (plain products) and vectors (row vector @ matrix).
    raise NotImplementedError("TODO: rnn_step: write the one-line tanh update")


def run_rnn(xs, W_x, W_h, b, h0=None) -> np.ndarray:
    """Return every state h_1..h_T stacked: shape (T,) for scalars, (T, hidden_dim) otherwise.

    h0 defaults to zeros shaped like b. Each step feeds the previous step's state.
    """
    # TODO: loop over xs, call rnn_step, collect each h, np.stack them.
    raise NotImplementedError("TODO: run_rnn: loop rnn_step over the sequence")
