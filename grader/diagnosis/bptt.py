"""BPTT gradients by torch autograd, correct or with one catalogued mistake built in.

Each mistake is a small change to the autograd graph (a detach, a swapped operand),
so no hand-written backward pass is shipped with the grader.
"""
from __future__ import annotations

import numpy as np
import torch

# variant -> catalogue id; a mistake may come in more than one form
BPTT_MISTAKES = {"no_tanh_derivative": "no_tanh_derivative", "whh_last_step_only": "whh_last_step_only",
                 "h_t_instead_of_h_prev": "h_t_instead_of_h_prev", "no_dh_next": "no_dh_next",
                 "truncated_one_step": "truncated_one_step", "transposed_weights": "transposed_weights",
                 "bias_not_summed": "bias_not_summed", "bias_first_step_only": "bias_not_summed"}
PARAMS = ("Wxh", "Whh", "Why", "bh", "by")


def gradients(params: dict[str, np.ndarray], inputs: np.ndarray, h0: np.ndarray,
              d_output: np.ndarray, mistake: str | None = None) -> dict[str, np.ndarray]:
    """dL/d(params and h0) for L = y . d_output, in float64; `mistake` bends the graph."""
    p = {name: torch.tensor(params[name], dtype=torch.float64, requires_grad=True) for name in PARAMS}
    h0_t = torch.tensor(h0, dtype=torch.float64, requires_grad=True)
    states = _states(p, torch.tensor(inputs, dtype=torch.float64), h0_t, mistake)
    d = torch.tensor(d_output, dtype=torch.float64)
    loss = (states[-1] @ p["Why"] + p["by"]) @ d
    if mistake == "no_dh_next":  # every step hears dL/dh_T directly, none from its future
        direct = p["Why"].detach() @ d
        loss = (states[-1].detach() @ p["Why"] + p["by"]) @ d + sum(h @ direct for h in states)
    loss.backward()
    grads = {name: p[name].grad.numpy() for name in PARAMS}
    grads["h0"] = h0_t.grad.numpy() if h0_t.grad is not None else np.zeros_like(h0)
    return grads


def hidden_grad_norms(params: dict[str, np.ndarray], inputs: np.ndarray, h0: np.ndarray,
                      d_output: np.ndarray) -> np.ndarray:
    """The norm of dL/dh_t for every step, by autograd."""
    p = {name: torch.tensor(params[name], dtype=torch.float64, requires_grad=True) for name in PARAMS}
    states = _states(p, torch.tensor(inputs, dtype=torch.float64), torch.tensor(h0), None)
    for h in states:
        h.retain_grad()
    ((states[-1] @ p["Why"] + p["by"]) @ torch.tensor(d_output)).backward()
    return np.array([h.grad.norm().item() for h in states])


def _states(p: dict, inputs: torch.Tensor, h0: torch.Tensor, mistake: str | None) -> list:
    with torch.no_grad():
        plain = _plain_states(p, inputs, h0)
    h, states, last = h0, [], len(inputs) - 1
    for t, x_t in enumerate(inputs):
        h_prev = h.detach() if t > 0 and mistake in ("no_dh_next", "truncated_one_step") else h
        W_hh = p["Whh"].detach() if mistake == "whh_last_step_only" and t < last else p["Whh"]
        b_h = p["bh"].detach() if (mistake == "bias_not_summed" and t < last) or \
            (mistake == "bias_first_step_only" and t > 0) else p["bh"]
        a = x_t @ p["Wxh"] + _recurrent(h_prev, W_hh, plain[t], mistake) + b_h
        h = a + (torch.tanh(a) - a).detach() if mistake == "no_tanh_derivative" else torch.tanh(a)
        states.append(h)
    return states


def _recurrent(h_prev: torch.Tensor, W_hh: torch.Tensor, h_t: torch.Tensor, mistake: str | None):
    """h_prev @ W_hh in value; its gradient is bent for two of the mistakes."""
    if mistake == "h_t_instead_of_h_prev":  # dWhh sees h_t, dh_prev is still right
        return h_prev @ W_hh.detach() + h_t @ W_hh - (h_t @ W_hh).detach()
    if mistake == "transposed_weights":  # dh_prev = Whh.T @ da instead of Whh @ da
        return h_prev.detach() @ W_hh + h_prev @ W_hh.detach().T - (h_prev @ W_hh.T).detach()
    return h_prev @ W_hh


def _plain_states(p: dict, inputs: torch.Tensor, h0: torch.Tensor) -> list:
    h, states = h0, []
    for x_t in inputs:
        h = torch.tanh(x_t @ p["Wxh"] + h @ p["Whh"] + p["bh"])
        states.append(h)
    return states
