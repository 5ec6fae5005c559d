"""Exercise 3: backpropagation through time in NumPy (reference solution)."""
import numpy as np


class VanillaRNN:
    """Many-to-one RNN: read the whole sequence, predict from the last state."""

    def __init__(self, input_dim, hidden_dim, output_dim, seed=0, scale=0.01):
        rng = np.random.default_rng(seed)
        self.Wxh = rng.standard_normal((input_dim, hidden_dim)) * scale
        self.Whh = rng.standard_normal((hidden_dim, hidden_dim)) * scale
        self.Why = rng.standard_normal((hidden_dim, output_dim)) * scale
        self.bh = np.zeros(hidden_dim)
        self.by = np.zeros(output_dim)

    def forward(self, inputs, h0=None):
        """Run the sequence; keep the inputs and every state for backward."""
        inputs = np.asarray(inputs, dtype=np.float64)  # (T, input_dim)
        h = np.zeros(self.Whh.shape[0]) if h0 is None else np.asarray(h0, dtype=np.float64)
        self._inputs, self._h0, states = inputs, h, []
        for x_t in inputs:
            h = np.tanh(x_t @ self.Wxh + h @ self.Whh + self.bh)
            states.append(h)
        self._hs = np.stack(states)  # (T, hidden_dim)
        return self._hs[-1] @ self.Why + self.by, self._hs

    def _backward_steps(self, d_output):
        """Walk back through time; yield (t, dL/dh_t, dL/d(pre-activation)_t)."""
        dh = self.Why @ d_output  # (hidden_dim,): the output only sees h_T
        for t in reversed(range(len(self._inputs))):
            da = (1.0 - self._hs[t] ** 2) * dh  # through tanh
            yield t, dh, da
            dh = self.Whh @ da  # dL/dh_{t-1}: the signal handed to the step before

    def backward(self, d_output):
        """Gradients of L for the last forward call; the parameters stay as they are."""
        d_output = np.asarray(d_output, dtype=np.float64)
        h_prev = np.vstack([self._h0[None, :], self._hs[:-1]])  # h_{t-1} for every t
        grads = {name: np.zeros_like(getattr(self, name)) for name in ("Wxh", "Whh", "bh")}
        da = np.zeros_like(self.bh)
        for t, _, da in self._backward_steps(d_output):
            grads["Wxh"] += np.outer(self._inputs[t], da)
            grads["Whh"] += np.outer(h_prev[t], da)
            grads["bh"] += da
        grads["Why"] = np.outer(self._hs[-1], d_output)
        grads["by"] = d_output.copy()
        grads["h0"] = self.Whh @ da  # da of step 1 after the loop
        return grads

    def hidden_grad_norms(self, d_output):
        """Norm of dL/dh_t for t = 1..T: how much signal reaches each step."""
        norms = np.zeros(len(self._inputs))
        for t, dh, _ in self._backward_steps(np.asarray(d_output, dtype=np.float64)):
            norms[t] = np.linalg.norm(dh)
        return norms


def clip_gradients(grads, max_norm):
    """Scale every gradient by one factor so the global L2 norm is at most max_norm."""
    total = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    factor = min(1.0, max_norm / (total + 1e-6))  # the rule of clip_grad_norm_
    return {name: g * factor for name, g in grads.items()}
