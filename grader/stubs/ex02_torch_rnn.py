"""Exercise 2: reading torch.nn.RNN.

With batch_first=True an nn.RNN takes x of shape (batch, seq_len, input_size)
and returns two tensors:

    output  (batch, seq_len, num_directions * hidden_size)
            the top layer's state at every step; a bidirectional RNN puts the
            forward half first and the backward half second
    h_n     (num_layers * num_directions, batch, hidden_size)
            the final state of every layer and direction; h_n is never
            batch-first, whatever batch_first says

Without batch_first the first two dimensions of the input and output swap:
(seq_len, batch, ...). Each layer and direction owns W_ih, W_hh, b_ih and b_hh;
layers after the first read the previous layer's output, not the raw input.

Try it: torch.nn.RNN(4, 6, batch_first=True) on torch.randn(2, 5, 4) gives
output (2, 5, 6) and h_n (1, 2, 6), and output[:, -1, :] equals h_n[-1].
"""
import torch


def rnn_shapes(batch, seq_len, input_size, hidden_size, num_layers=1,
               bidirectional=False, batch_first=True) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Return the shapes (output_shape, h_n_shape) that nn.RNN would return, as tuples of ints."""
    # TODO: work them out from the rules above; do not build an nn.RNN.
    raise NotImplementedError("TODO: rnn_shapes: return (output_shape, h_n_shape)")


def rnn_param_count(input_size, hidden_size, num_layers=1, bidirectional=False,
                    bias=True) -> int:
    """Return the number of trainable numbers in such an nn.RNN."""
    # TODO: per layer and direction: W_ih (hidden, layer_input), W_hh (hidden, hidden),
    # and, when bias=True, b_ih and b_hh (hidden,) each.
    raise NotImplementedError("TODO: rnn_param_count: add up every weight and bias")


def final_hidden_from_output(out, bidirectional=False) -> torch.Tensor:
    """Return the last layer's final state (batch, num_directions * hidden) from batch-first out.

    Forward half first. Hint: in which step does the backward direction finish?
    """
    # TODO: unidirectional: the last step. Bidirectional: combine two halves.
    raise NotImplementedError("TODO: final_hidden_from_output: slice out")


def final_states_independent(rnn, batches) -> list[torch.Tensor]:
    """Return h_n for each batch in turn, each batch starting from a zero state."""
    # TODO: loop over the batches; do not feed one batch's h_n into the next.
    raise NotImplementedError("TODO: final_states_independent: one h_n per batch")
