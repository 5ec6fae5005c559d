"""Exercise 2: reading torch.nn.RNN (reference solution)."""
import torch


def rnn_shapes(batch, seq_len, input_size, hidden_size, num_layers=1,
               bidirectional=False, batch_first=True) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Shapes of (output, h_n): output holds every step, h_n the last step of every layer."""
    directions = 2 if bidirectional else 1
    steps = (batch, seq_len) if batch_first else (seq_len, batch)
    output = (*steps, hidden_size * directions)  # top layer, both directions side by side
    h_n = (num_layers * directions, batch, hidden_size)  # never batch-first
    return output, h_n


def rnn_param_count(input_size, hidden_size, num_layers=1, bidirectional=False,
                    bias=True) -> int:
    """Count W_ih, W_hh and the two bias vectors of every layer and direction."""
    directions = 2 if bidirectional else 1
    total = 0
    for layer in range(num_layers):
        layer_input = input_size if layer == 0 else hidden_size * directions
        per_direction = hidden_size * layer_input + hidden_size * hidden_size
        per_direction += 2 * hidden_size if bias else 0  # b_ih and b_hh
        total += per_direction * directions
    return total


def final_hidden_from_output(out, bidirectional=False) -> torch.Tensor:
    """Recover the last layer's final state from a batch-first output alone."""
    if not bidirectional:
        return out[:, -1, :]  # (batch, hidden)
    hidden = out.shape[-1] // 2
    forward_last = out[:, -1, :hidden]  # the forward pass ends at the last step
    backward_last = out[:, 0, hidden:]  # the backward pass ends at step 0
    return torch.cat([forward_last, backward_last], dim=-1)


def final_states_independent(rnn, batches) -> list[torch.Tensor]:
    """Run each batch from a fresh (zero) state, so no memory leaks between them."""
    states = []
    with torch.no_grad():
        for batch in batches:
            _, h_n = rnn(batch)  # no h0 given: PyTorch starts from zeros
            states.append(h_n)
    return states
