"""The catalogue of known mistakes: an id, what it looks like, and how to fix it."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mistake:
    """One recognisable mistake."""

    id: str
    symptom: str
    fix: str


_MISTAKES = (
    Mistake("bias_left_out", "the bias b is left out of the update",
            "add b inside the tanh: h_t = tanh(x_t @ W_x + h_prev @ W_h + b)"),
    Mistake("tanh_left_out", "the tanh is left out of the update",
            "squash the sum with np.tanh, so every state stays in (-1, 1)"),
    Mistake("h_prev_ignored", "the previous state h_prev is left out of the update",
            "add h_prev @ W_h: the state from the step before is what makes it recurrent"),
    Mistake("no_tanh_derivative", "the tanh derivative 1 - h_t**2 is left out",
            "multiply dL/dh_t by (1 - h_t**2) before using it for the weight gradients"),
    Mistake("whh_last_step_only", "dWhh is taken from the last time step only",
            "add outer(h_{t-1}, dL/da_t) to dWhh at every step, not just t = T"),
    Mistake("h_t_instead_of_h_prev", "h_t is used where h_{t-1} belongs",
            "dWhh needs the state each step read, h_{t-1} (h0 for the first step)"),
    Mistake("no_dh_next", "the gradient from the future step (dh_next) is not added",
            "set dL/dh_{t-1} = Whh @ dL/da_t and carry it into the next (earlier) step"),
    Mistake("truncated_one_step", "backpropagation stops after one time step",
            "loop over every step from T down to 1, not only the last one"),
    Mistake("transposed_weights", "a weight matrix is used transposed in the backward pass",
            "with row vectors, dL/dh_{t-1} = Whh @ dL/da_t and dWhh = outer(h_{t-1}, dL/da_t)"),
    Mistake("bias_not_summed", "the bias gradient is not summed over time steps",
            "accumulate dbh += dL/da_t at every step"),
    Mistake("params_changed", "backward changes the parameters",
            "backward only computes gradients; leave Wxh, Whh, Why, bh, by as they were"),
    Mistake("clip_per_tensor", "each gradient is clipped on its own instead of by the global norm",
            "compute one norm over all gradients together and scale all of them by one factor"),
    Mistake("clip_below_bound", "gradients are rescaled even when the norm is already below the bound",
            "scale by min(1, max_norm / (norm + 1e-6)): small gradients come back unchanged"),
    Mistake("uses_autograd", "the from-scratch exercise uses an autograd library",
            "write the backward pass with NumPy only"),
    Mistake("missing_batch_first", "(seq_len, batch) is confused with (batch, seq_len)",
            "with batch_first=True the input and output are (batch, seq_len, features)"),
    Mistake("output_vs_h_n", "output is confused with h_n",
            "output holds every step of the top layer; h_n holds the last step of every layer"),
    Mistake("bidirectional_last_step", "the backward direction's final state is read from the last step",
            "the backward direction finishes at step 0: take out[:, 0, hidden:] for its half"),
    Mistake("hidden_state_carried", "the hidden state is carried across independent batches",
            "start every independent batch from a zero state (pass no h0)"),
    Mistake("softmax_before_loss", "softmax is applied before CrossEntropyLoss",
            "return raw logits from the model; CrossEntropyLoss applies log-softmax itself"),
    Mistake("zero_grad_forgotten", "optimizer.zero_grad() is forgotten, so gradients pile up across steps",
            "call optimizer.zero_grad() before every loss.backward()"),
    Mistake("first_step_output", "the first step's output is used instead of the last",
            "classify from out[:, -1, :] (or h_n[-1]), the state that has read the whole sequence"),
    Mistake("predict_without_eval", "prediction runs in training mode or with gradients on",
            "in predict call model.eval() and run the forward pass inside torch.no_grad()"),
    Mistake("majority_class", "the model predicts only the majority class",
            "check the labels, pass raw logits to the loss, and train long enough to learn both classes"),
    Mistake("not_vanilla_rnn", "the model uses an LSTM or GRU where a vanilla RNN is asked for",
            "use torch.nn.RNN: the exercise measures how far a plain RNN can remember"),
    Mistake("sweep_model_reused", "one model is trained across the lengths of the sweep",
            "build a fresh model (build_sweep_model) inside the loop, once per length"),
    Mistake("targets_not_shifted", "the targets are not shifted by one character",
            "train on inputs ids[:-1] and targets ids[1:]: each step predicts the character after it"),
    Mistake("unseeded_randomness", "the result depends on randomness that the seed does not control",
            "seed every generator you use from `seed` (torch.manual_seed, torch.Generator, "
            "np.random.default_rng(seed))"),
    Mistake("temperature_multiplied", "the logits are multiplied by the temperature instead of divided",
            "use softmax(logits / temperature): a small temperature must sharpen the distribution"),
    Mistake("always_argmax", "the sampler always returns the argmax instead of drawing",
            "draw with rng.choice(len(p), p=p) (or an inverse CDF on rng.random())"),
    Mistake("hidden_state_reset", "the hidden state is reset at every generated step",
            "pass the state returned by the previous step into the next forward call"),
    Mistake("recurrent_baseline", "the feedforward baseline contains a recurrent layer",
            "flatten (batch, seq_len, input_size) and use Linear layers only"),
)

MISTAKES: dict[str, Mistake] = {mistake.id: mistake for mistake in _MISTAKES}


def explain(mistake_id: str, subject: str = "your answer") -> str:
    """Feedback sentence: what matched and how to fix it."""
    mistake = MISTAKES[mistake_id]
    return f"{subject} matches what you get when {mistake.symptom}. Fix: {mistake.fix}."
