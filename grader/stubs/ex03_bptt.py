"""Exercise 3: backpropagation through time (BPTT), from scratch in NumPy.

NumPy only: importing torch or any other autograd library here earns no
credit for the gradient checks. Row-vector convention, float64.

The model reads a whole sequence and predicts from its last state:

    a_t = x_t @ Wxh + h_{t-1} @ Whh + bh        # (hidden_dim,)
    h_t = tanh(a_t)
    y   = h_T @ Why + by                        # (output_dim,)

Backward, given d_output = dL/dy, walk the steps from T down to 1:

    dL/dh_T     = Why @ d_output                # the output only sees h_T
    dL/da_t     = (1 - h_t ** 2) * dL/dh_t      # tanh'(a) = 1 - tanh(a)^2
    dL/dWxh    += outer(x_t, dL/da_t)           # every step adds its share...
    dL/dWhh    += outer(h_{t-1}, dL/da_t)       # ...with the state it read
    dL/dbh     += dL/da_t
    dL/dh_{t-1} = Whh @ dL/da_t                 # the signal handed back in time

dL/dWhy = outer(h_T, d_output), dL/dby = d_output, and dL/dh0 is the signal
handed back from step 1. Each factor (1 - h^2) Whh can shrink or grow the
signal, so over many steps the gradient fades away or blows up; clipping
caps the explosion but cannot bring back a vanished signal.
"""
import numpy as np


class VanillaRNN:
    """Many-to-one RNN with hand-written forward and backward passes."""

    def __init__(self, input_dim, hidden_dim, output_dim, seed=0, scale=0.01):
        """Draw Wxh, Whh, Why (in that order) as rng.standard_normal(shape) * scale; zero biases."""
        # TODO: rng = np.random.default_rng(seed); set self.Wxh (input_dim, hidden_dim),
        # self.Whh (hidden_dim, hidden_dim), self.Why (hidden_dim, output_dim),
        # self.bh (hidden_dim,) and self.by (output_dim,).
        raise NotImplementedError("TODO: VanillaRNN.__init__: create the weights and biases")

    def forward(self, inputs, h0=None):
        """Return (y, hs): y (output_dim,) from the last state, hs (T, hidden_dim) all states.

        h0 defaults to zeros. Keep inputs, h0 and hs on self: backward needs them.
        """
        # TODO: loop over the T rows of inputs with the tanh update above.
        raise NotImplementedError("TODO: VanillaRNN.forward: run the sequence, keep the states")

    def backward(self, d_output):
        """Return the gradients {"Wxh", "Whh", "Why", "bh", "by", "h0"} for the last forward call.

        Do not change the parameters: computing a gradient is not taking a step. Use
        d_output as it comes: the gradients are linear in it, whatever its size.
        """
        # TODO: walk t = T..1 with the formulas in the module docstring.
        raise NotImplementedError("TODO: VanillaRNN.backward: backpropagate through time")

    def hidden_grad_norms(self, d_output):
        """Return shape (T,): the L2 norm of dL/dh_t for t = 1..T."""
        # TODO: reuse the backward walk; record np.linalg.norm(dL/dh_t) at each step.
        raise NotImplementedError("TODO: VanillaRNN.hidden_grad_norms: norm of dL/dh_t per step")


def clip_gradients(grads, max_norm):
    """Return new gradients scaled by one common factor so their global L2 norm <= max_norm.

    global norm = sqrt(sum of every squared entry of every gradient); the factor is
    min(1, max_norm / (norm + 1e-6)), as in torch.nn.utils.clip_grad_norm_. Gradients
    already inside the bound come back unchanged. Do not modify the input arrays.
    """
    # TODO: one norm over all arrays, one factor for all of them.
    raise NotImplementedError("TODO: clip_gradients: scale by the global norm")
