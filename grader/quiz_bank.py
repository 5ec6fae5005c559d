"""The ex07 question bank: texts and options only. The answer key lives with the solutions."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Question:
    """One multiple-choice question; options are keyed "a", "b", ..."""

    id: str
    topic: str
    text: str
    options: tuple[str, ...]

    @property
    def letters(self) -> tuple[str, ...]:
        return tuple("abcdefgh"[: len(self.options)])


QUESTIONS: tuple[Question, ...] = (
    Question("q01", "recurrence", "What separates an RNN from running the same network on each step separately?", (
        "It has no weights, so it can read any input",
        "Each step's update also reads a state carried over from the step before",
        "It only accepts sequences of one fixed length",
        "It looks at every step of the sequence at the same moment")),
    Question("q02", "hidden state", "What does the hidden state of a vanilla RNN hold?", (
        "An exact log of every input seen so far",
        "The gradient of the loss with respect to the inputs",
        "A fixed-size summary of whatever the model carries forward from earlier steps",
        "The final class probabilities")),
    Question("q03", "long sequences", "Why does a plain RNN struggle when the useful clue is far back in a long sequence?", (
        "The clue is squeezed through many updates and its training signal fades on the way back",
        "PyTorch refuses sequences longer than 100 steps",
        "Each step needs its own set of weights, which runs out",
        "The tanh function cannot output negative numbers")),
    Question("q04", "vanishing gradients", "In backpropagation through time, what makes the gradient reaching early steps vanish?", (
        "The learning rate is divided by the sequence length",
        "The loss is only computed at the first step",
        "Biases are summed over time",
        "It is multiplied once per step by factors such as (1 - h^2) and W_hh that are often smaller than one")),
    Question("q05", "clipping", "What can gradient clipping by global norm fix, and what not?", (
        "It fixes vanishing gradients but not exploding ones",
        "It caps exploding gradients, but cannot restore a gradient that has already vanished",
        "It fixes both, which is why LSTMs are no longer needed",
        "It fixes neither; it only speeds up training")),
    Question("q06", "output vs h_n", "For a single-layer batch-first nn.RNN, what is `output`?", (
        "The hidden state at every time step, shape (batch, seq_len, hidden_size)",
        "Only the final hidden state, shape (1, batch, hidden_size)",
        "The class probabilities for each sequence",
        "The input sequence passed through unchanged")),
    Question("q07", "classifier head", "A sentiment classifier reads a whole sentence and outputs one label. What should its linear head read?", (
        "output[:, 0, :], the state after the first word",
        "The embedding of the last word alone",
        "The final hidden state, h_n[-1] (equal to output[:, -1, :] for one direction)",
        "The sum of the raw inputs")),
    Question("q08", "myth: perfect memory", "True or false: nn.RNN remembers information from any point of a long sequence perfectly.", (
        "True: the hidden state keeps every past input",
        "True, as long as hidden_size is at least the sequence length",
        "False: only when batch_first=True is set",
        "False: early information fades, largely because its gradients vanish during training")),
    Question("q09", "myth: RNN = LSTM", "How does nn.RNN relate to nn.LSTM and nn.GRU?", (
        "They are three names for the same layer",
        "nn.RNN has no gates; LSTM and GRU add gates that control what is kept, which helps with long dependencies",
        "nn.RNN has more gates than LSTM",
        "LSTM and GRU cannot be trained with backpropagation")),
    Question("q10", "myth: any shape", "Can any tensor be fed to nn.RNN as it is?", (
        "Yes, nn.RNN reshapes its input automatically",
        "Yes, as long as it is a float tensor",
        "No: it expects (seq_len, batch, input_size), or (batch, seq_len, input_size) with batch_first=True",
        "No: it accepts only 2-D tensors")),
    Question("q11", "myth: initial state", "Does passing your own initial hidden state always make nn.RNN learn better?", (
        "No: zeros are the standard start; a given h0 helps only in specific cases, such as continuing a stream",
        "Yes: a random h0 always improves accuracy",
        "Yes: without h0 the RNN cannot be trained",
        "No: nn.RNN ignores any h0 you pass")),
    Question("q12", "W_h", "In the by-hand lab, W_h goes from 0.5 to 0.9 with everything else unchanged. What happens?", (
        "The hidden states stop depending on the inputs",
        "Nothing: W_h only matters during training",
        "The states become exactly zero",
        "The previous state carries more strongly into each new state: longer memory, but updates can grow unstable")),
    Question("q13", "hidden_size", "In the shape lab, hidden_size goes from 6 to 12 (input (2, 5, 4), batch-first). Which shapes change?", (
        "Only the input, which becomes (2, 5, 12)",
        "The last dimension of output and of h_n: (2, 5, 12) and (1, 2, 12)",
        "The sequence length of output, which becomes 12",
        "Nothing changes")),
    Question("q14", "pooling", "When can out.mean(dim=1) replace out[:, -1, :] as the classifier's input and still work well?", (
        "When the evidence is spread across the sequence rather than summarised at the end",
        "Never: mean pooling cannot be trained",
        "Only when the sequence has a single step",
        "Only with bidirectional RNNs")),
    Question("q15", "RNN vs MLP", "On the count task (more than 3 values above 1.5 among 20), why does the RNN usually beat a flattening MLP trained on the same 1000 sequences?", (
        "The MLP cannot represent any function of 20 numbers",
        "The RNN sees more training data",
        "The RNN applies one shared update at every step, so evidence from every position trains the same detector; the MLP must learn it per position",
        "The MLP is given the labels in reverse order")),
    Question("q16", "majority baseline", "With standard-normal values, only about 4% of count-task sequences are positive. A model reports 96% accuracy. What do you conclude?", (
        "It has learned the task well",
        "It may have learned nothing: always answering 0 scores 96%, so compare with the majority baseline or use balanced accuracy",
        "The RNN is overfitting the positive class",
        "Accuracy above 95% proves the model uses the sequence order")),
    Question("q17", "bidirectional state", "In a bidirectional batch-first nn.RNN, where in `output` is the backward direction's final state?", (
        "At the last step, in the first half of the features",
        "At the last step, in the second half of the features",
        "At step 0, in the second half of the features",
        "Nowhere: it only exists in h_n")),
    Question("q18", "bidirectional generation", "Why is a bidirectional RNN a poor fit for generating text one character at a time?", (
        "It reads each sequence from both ends, but when generating, the future characters do not exist yet",
        "It has too few parameters",
        "Its outputs are not logits",
        "It cannot use an embedding layer")),
    Question("q19", "temperature", "Sampling the next character, the logits are divided by a temperature T before softmax. What does T = 0.3 do compared with T = 1?", (
        "Flattens the distribution: rare characters appear more often",
        "Leaves the distribution unchanged",
        "Makes every character equally likely",
        "Sharpens the distribution: the likeliest characters are picked even more often")),
    Question("q20", "temperature limits", "What happens as the temperature approaches 0, and as it grows very large?", (
        "Near 0 sampling becomes uniform; very large T gives the argmax",
        "Near 0 sampling approaches the argmax; very large T approaches a uniform choice",
        "Both limits give the argmax",
        "The temperature has no effect on which character is drawn")),
    Question("q21", "weight sharing", "An RNN trained on 20-step sequences is run on a 200-step one. What about its parameters?", (
        "It needs ten times more parameters",
        "It must be rebuilt with a larger hidden_size",
        "The same parameters are reused at every step, so their number does not depend on the length",
        "It can only read the first 20 steps")),
    Question("q22", "logits and the loss", "Why should a classifier trained with nn.CrossEntropyLoss return raw logits?", (
        "Because the loss applies log-softmax itself; a softmax before it squashes the gradients",
        "Because logits are always positive",
        "Because CrossEntropyLoss only accepts integers",
        "Because softmax cannot be computed on a GPU")),
    Question("q23", "exploding gradients", "During training of a vanilla RNN the loss suddenly turns into NaN after a few batches. What is the usual first fix?", (
        "Remove the tanh",
        "Clip the gradients' global norm (for example to 1.0) before the optimizer step",
        "Make the sequences longer",
        "Set batch_first=False")),
    Question("q24", "BPTT", "In BPTT for the many-to-one RNN, how is dL/dWhh formed?", (
        "From the last time step only",
        "As the sum over all steps of outer(h_{t-1}, dL/da_t)",
        "As the product of the per-step gradients",
        "It is zero, because Whh is shared")),
)

OPEN_QUESTIONS: dict[str, str] = {
    "e01": "Explain why a very long sentence is hard for a plain RNN.",
    "e02": "nn.RNN returns (output, h_n). Which one (or which slice) do you pass to the classifier head "
           "for a sentence-level label, and why?",
    "e03": "In the toy classifier, the positive/negative sequences are replaced by increasing/decreasing "
           "ones. Should the RNN still learn? What must be true of the labels?",
    "e04": "Describe, in your own words, what the hidden state is and what it is not.",
}

BY_ID: dict[str, Question] = {question.id: question for question in QUESTIONS}
