"""The ex07 question bank: texts and options only. The answer key lives with the solutions.

Item-writing rules, kept by tests/test_quiz_item_writing.py: every distractor is a mistake
students make; options of one question have a similar length and register, so neither the
longest, the shortest nor the one without "only" or "never" gives the answer away; topics
are neutral labels that never name the answer; the correct letters are balanced; and most
questions ask the student to apply an idea (predict a shape, a count, a number) rather
than recall a sentence.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Question:
    """One multiple-choice question; options are keyed "a", "b", ... in the bank's order."""

    id: str
    topic: str  # a neutral label shown with feedback: it must not point at an option
    skill: Literal["apply", "recall"]  # apply: work something out; recall: name an idea
    text: str
    options: tuple[str, ...]

    @property
    def letters(self) -> tuple[str, ...]:
        return tuple("abcdefgh"[: len(self.options)])


QUESTIONS: tuple[Question, ...] = (
    Question("q01", "recurrence", "recall",
             "A model reads a sequence by applying one small network to each step on its own. What does "
             "an RNN add to that?",
             ("A state from the step before that enters each new update",
              "A separate set of weights for each position",
              "A view of all the steps at once, computed side by side",
              "A softmax over the steps that picks the most useful one")),
    Question("q02", "memory", "apply",
             "After reading 40 steps, a vanilla RNN with hidden_size 16 holds one hidden state. Which "
             "description fits it?",
             ("40 stored inputs that the model can look up again when needed",
              "16 numbers summing up what it kept, with details lost",
              "40 vectors of 16 numbers, one kept for each step read so far",
              "The class probabilities the model would predict at this point")),
    Question("q03", "lab 1", "apply",
             "In the by-hand lab (xs = 1.0, 0.5, -1.0, 2.0; W_x = 0.8, b = 0.1, h_0 = 0), h_3 is -0.3385 "
             "with W_h = 0.5. What is h_3 with W_h = 0.9?",
             ("About 0.03: the carried positive state nearly cancels the -1.0 input",
              "About -0.60: a larger W_h scales up the effect of the negative input",
              "Still -0.3385: W_h changes how the model trains, not its forward pass",
              "About 0.82: with strong recurrence h_3 simply repeats the state h_2")),
    Question("q04", "lab 1", "apply",
             "Same lab: what is h_1 after W_h goes from 0.5 to 0.9?",
             ("About 0.86: the larger recurrent weight raises every state",
              "About 0.64: a larger W_h damps the first input a little more",
              "0.7163, as before: h_0 is zero, so W_h has nothing to multiply yet",
              "About 0.90: h_1 is close to W_h times the first input value")),
    Question("q05", "gradients", "apply",
             "With W_h = 0.5, each step back multiplies the gradient by W_h * (1 - h_t**2), a factor of "
             "at most 0.5. At most how large can dh_11/dh_1 be?",
             ("About 5: each of the ten steps adds at most 0.5 to the gradient",
              "About 0.5: the factor is the same at each step, so it stays 0.5",
              "About 1: tanh keeps the gradient between -1 and 1 at each step",
              "About 0.001: ten factors of at most 0.5 are multiplied together")),
    Question("q06", "gradients", "apply",
             "Suppose each step back keeps 90% of the gradient. Roughly how much of it reaches a step 50 "
             "steps before the loss?",
             ("About 0.5%, since 0.9 raised to the power 50 is near 0.005",
              "About 90%: the 10% loss applies once, however long the sequence",
              "About 50%: half the signal is lost over fifty steps",
              "About 35%: it settles at 0.9**10 and shrinks no further after")),
    Question("q07", "training", "recall",
             "You clip the global gradient norm to 1.0 while training a vanilla RNN. Which problem does "
             "that address?",
             ("Faded gradients at early steps, which clipping scales back up again",
              "Huge updates from exploding gradients; faded ones stay faded",
              "Exploding and faded gradients alike, so gates are rarely needed",
              "Overfitting, as small updates keep weights near the start")),
    Question("q08", "clipping", "apply",
             "Two gradient tensors have norms 3 and 4. They are clipped together with max_norm = 1.0, as "
             "clip_grad_norm_ does. What are their norms afterwards?",
             ("1.0 and 1.0: each tensor is scaled to the bound on its own",
              "0.75 and 1.0: both are divided by 4, the largest single norm",
              "0.6 and 0.8: both are scaled by 1/5, one over the global norm",
              "0.43 and 0.57: both divided by 7, the sum of the norms")),
    Question("q09", "clipping", "apply",
             "The same two tensors (norms 3 and 4) are clipped with max_norm = 10. What changes?",
             ("Both grow by a factor of 2, so that the global norm reaches 10",
              "Nothing: the global norm of 5 is already below the bound of 10",
              "Each is scaled up to norm 10, since the bound acts per tensor",
              "Both shrink by a factor of 10, since clipping divides by max_norm")),
    Question("q10", "shapes", "apply",
             "x has shape (2, 5, 4) and rnn = nn.RNN(4, 6, batch_first=True). What are the shapes of out "
             "and h in out, h = rnn(x)?",
             ("out (2, 5, 6), h (1, 2, 6)",
              "out (2, 6), h (2, 5, 6)",
              "out (2, 5, 6), h (2, 6)",
              "out (5, 2, 6), h (1, 5, 6)")),
    Question("q11", "shapes", "apply",
             "The same layer is rebuilt with hidden_size = 12 (input still (2, 5, 4)). What else in the "
             "classifier has to change?",
             ("The input tensor, whose last dimension has to become 12 as well",
              "The sequence length, now a multiple of 12",
              "Nothing outside the RNN, since a linear head adapts to its input",
              "The linear head's input size, from 6 to 12 features")),
    Question("q12", "parameters", "apply",
             "How many trainable parameters does nn.RNN(input_size=1, hidden_size=32) have?",
             ("1088: weights of 32 and 1024 values, plus one bias vector of 32",
              "1120: weights of 32 and 1024 values, plus two bias vectors of 32",
              "1024: the 32 x 32 recurrent matrix; the rest is fixed",
              "22400: 1120 for each of the 20 steps of a count-task sequence")),
    Question("q13", "parameters", "apply",
             "A classifier trained on 20-step sequences is now given 200-step ones. What happens to its "
             "parameters?",
             ("Ten times as many are needed, a set for each block of 20 steps",
              "It reads the first 20 steps and drops the remaining 180 values",
              "They stay the same: one cell is reused at all 200 steps",
              "The model has to be rebuilt with a hidden_size of at least 200")),
    Question("q14", "heads", "apply",
             "A sentiment classifier gives one label per sentence. Which tensor should its nn.Linear head"
             " read (one layer, one direction)?",
             ("out[:, 0, :], the state after the first word of the sentence",
              "h[-1], the state after the last word, as out[:, -1, :]",
              "out, the states after every word, flattened into one vector",
              "x[:, -1, :], the final word's input features")),
    Question("q15", "shapes", "apply",
             "nn.RNN(64, 128, num_layers=3, batch_first=True) reads x of shape (8, 50, 64). What are "
             "out.shape and h_n.shape?",
             ("(8, 50, 128) and (3, 8, 128)",
              "(8, 50, 384) and (3, 8, 128)",
              "(3, 8, 50, 128) and (3, 8, 128)",
              "(8, 50, 128) and (8, 128)")),
    Question("q16", "bidirectional", "apply",
             "A bidirectional batch-first nn.RNN with hidden_size 5 returns out of shape (batch, T, 10). "
             "Where is the backward direction's final state?",
             ("out[:, -1, 5:]: at the last step, second half",
              "out[:, 0, 5:]: at the first step, second half",
              "out[:, -1, :5]: at the last step, first half",
              "out[:, 0, :5]: at the first step, first half")),
    Question("q17", "bidirectional", "apply",
             "nn.RNN(64, 128, num_layers=2, bidirectional=True, batch_first=True) reads (8, 50, 64). What"
             " is h_n.shape?",
             ("(2, 8, 256): one entry per layer, directions joined",
              "(2, 8, 128): one entry per layer, backward dropped",
              "(8, 50, 256): the states of every step, both ways",
              "(4, 8, 128): two layers, two directions each")),
    Question("q18", "generation", "recall",
             "Why is a bidirectional RNN a poor choice for producing text one character at a time?",
             ("Its two directions double the parameters, which makes sampling slow",
              "Its output holds probabilities instead of logits, so sampling is off",
              "Its backward pass needs characters not produced yet",
              "It cannot be combined with an embedding layer")),
    Question("q19", "sampling", "apply",
             "Logits [2, 1, 0] give probabilities of about [0.67, 0.24, 0.09] at temperature 1. What do "
             "they become at temperature 0.3?",
             ("About [0.44, 0.32, 0.24]: the choice is closer to uniform",
              "About [0.96, 0.03, 0.00]: the top character dominates",
              "About [0.20, 0.07, 0.03]: each probability is times 0.3",
              "About [0.67, 0.24, 0.09]: sampling ignores temperature")),
    Question("q20", "sampling", "recall",
             "What happens to the sampled characters as the temperature goes towards 0, and as it grows "
             "very large?",
             ("Towards 0: the argmax; very large: close to uniform",
              "Towards 0: close to uniform; very large: the argmax each time",
              "Both limits: the model's own distribution",
              "Towards 0: an error from dividing by zero; large: the argmax")),
    Question("q21", "generation", "apply",
             "A generate() loop passes h=None to the model at every step, feeding in the last sampled "
             "character. What does each prediction depend on?",
             ("The whole prefix, since the embedding layer keeps earlier characters",
              "The one character just sampled, since the context is reset each step",
              "The whole prefix, since nn.RNN keeps its state between calls itself",
              "The start characters alone, since they are read before the loop")),
    Question("q22", "generation", "apply",
             'A character model is trained on the ids of "hello". Which inputs and targets teach it to '
             "predict the next character?",
             ("inputs h e l l o, targets h e l l o: the same ids for both",
              "inputs e l l o, targets h e l l: each target a step behind",
              "inputs h e l l, a single target o, the last one",
              "inputs h e l l, targets e l l o: each target one step ahead")),
    Question("q23", "loss", "apply",
             "A classifier's forward ends in torch.softmax and is trained with nn.CrossEntropyLoss. What "
             "goes wrong?",
             ("CrossEntropyLoss spots the probabilities and skips its own softmax",
              "The loss raises an error: probabilities are not logits",
              "Log-softmax is applied on top, so gradients shrink and learning slows",
              "Predictions flip, since the argmax of probabilities differs from logits")),
    Question("q24", "baselines", "apply",
             "About 4% of count-task sequences are positive when values are standard normal. What is the "
             "balanced accuracy of a model that answers 0 every time?",
             ("0.96: balanced accuracy is the plain accuracy on such data",
              "0.5: right on each negative, wrong on each positive",
              "0.04: it equals the share of the positive class in the data",
              "0.92: the accuracy minus the positive share, 0.96 - 0.04")),
    Question("q25", "baselines", "apply",
             "On the count task (label 1 when more than 3 of 20 values exceed 1.5), why does an RNN "
             "usually beat a flattening MLP trained on the same 1000 sequences?",
             ("Its shared update learns one threshold test for every position",
              "It reads the values in order, which the label depends on",
              "It has more parameters than the MLP, so it fits the training set better",
              "The MLP sees the values one at a time and forgets the earlier ones")),
    Question("q26", "data", "apply",
             "You shuffle the 20 values inside every count-task sequence, for training and test data "
             "alike. What happens to the labels and to a fresh RNN's accuracy?",
             ("Labels flip for about half, so the old accuracy is lost",
              "Labels are unchanged, but the RNN falls to chance without order",
              "Labels change for the sequences whose large values move to the end",
              "Labels are unchanged and accuracy stays about the same")),
    Question("q27", "data", "apply",
             "The toy classifier's positive and negative sequences are replaced by increasing and "
             "decreasing ones with values between -1 and 1. When should the RNN still learn?",
             ("When the mean value still differs between the two kinds of sequence",
              "When the values are sorted first, so the model sees them in order",
              "When labels follow the trend consistently, as order carries it",
              "When hidden_size equals the sequence length")),
    Question("q28", "heads", "apply",
             "The classifier head reads out.mean(dim=1) instead of out[:, -1, :]. When is that a "
             "reasonable choice?",
             ("When the decisive clue is the final step, which a mean weights most",
              "When the head needs fewer weights, since a mean is a smaller vector",
              "When the evidence is spread out, not gathered at the end",
              "When the first steps should be ignored, which the mean leaves out")),
    Question("q29", "state", "apply",
             "A loop runs out, hidden = rnn(batch, hidden) over batches of unrelated reviews, with hidden"
             " = None set once before it. What is the effect?",
             ("nn.RNN clears its state by itself at the start of every call",
              "The model learns faster, as each batch sees more context",
              "The batches join into one long sequence, which costs memory",
              "Each batch starts from the last batch's state: unrelated text leaks in")),
    Question("q30", "shapes", "apply",
             "A student builds nn.RNN(4, 6, batch_first=True) for data laid out as (seq_len=5, batch=2, "
             "features=4). Training runs without an error. What is wrong?",
             ("nn.RNN detects which dimension holds time and reorders it",
              "Nothing serious, since a layout mistake would have raised an error",
              "The loss turns NaN from the first step, which flags the bad layout",
              "It reads 5 sequences of 2 steps; printing x.shape first shows it")),
    Question("q31", "data", "apply",
             "A student feeds house records (floor area, bedrooms, age, distance to town) to an RNN as a "
             "4-step sequence. What is the main objection?",
             ("Four steps is too short for an RNN, which needs ten steps or more",
              "An RNN reads text, so numbers need tokenising",
              "The features have no natural order for the recurrence to use",
              "The RNN will not run, since each step needs more than one feature")),
    Question("q32", "forecasting", "apply",
             "You want to predict a sensor's next 10 values from its past 30. Which setup fits an RNN?",
             ("Put each past sequence in one of 10 classes",
              "Shuffle the 30 values first, so the RNN cannot overfit their order",
              "Feed the 10 target values as inputs too, so it can learn from them",
              "Encode the 30 past values in a state, then decode 10 steps")),
    Question("q33", "length sweep", "apply",
             "The sweep gives accuracies {10: 0.98, 25: 0.91, 50: 0.63, 100: 0.55, 200: 0.51}. With "
             "chance 0.5 and margin 0.1, what does failure_length return, and why does accuracy fall "
             "there?",
             ("50: 0.63 lies within 0.1 of chance, so it fails",
              "100: the loss's gradient barely reaches the first step there",
              "200: accuracy there equals chance, so it is the one failing length",
              "100: a 100-step input needs more parameters than the model has")),
    Question("q34", "gated layers", "recall",
             "How does nn.RNN differ from nn.LSTM and nn.GRU?",
             ("It is the same layer under an older name",
              "It has more gates than LSTM, which is why it tends to forget faster",
              "It trains with BPTT, while LSTM and GRU use a different algorithm",
              "It has no gates; LSTM and GRU add gates to control memory")),
    Question("q35", "state", "recall",
             "When does it make sense to pass your own initial hidden state h0 to nn.RNN?",
             ("When one stream is read in chunks, each resuming the last",
              "In most cases: a random h0 adds noise that regularises training",
              "For every batch, since the layer does not run without an h0",
              "To no effect: nn.RNN starts from zeros anyway")),
    Question("q36", "memory", "apply",
             "A colleague claims nn.RNN recalls any step of a long sequence as well as the latest one. "
             "Which result of the kit speaks against it?",
             ("The sweep: accuracy on the first sign falls towards chance",
              "The shape lab: out and h differ in shape for a one-layer RNN",
              "The by-hand lab: h_1 is the same with W_h = 0.5 and W_h = 0.9",
              "The count task: the RNN beats the MLP on sequences of 20 values")),
    Question("q37", "backpropagation", "apply",
             "In ex03's backward pass, how is dL/dWhh built?",
             ("outer(h_{T-1}, da_T) from the last step, where the loss is",
              "A sum over steps of outer(h_t, da_t), with each new state",
              "A sum over steps of outer(h_{t-1}, da_t), one term per step",
              "A product over steps of the terms outer(h_{t-1}, da_t)")),
    Question("q38", "averaging", "apply",
             "A model averages the word vectors of a sentence and classifies the average. Which two "
             "inputs does it see as the same?",
             ("'good film' and 'bad film', which share a word",
              "'not good' and 'not good at all', which start alike",
              "'the dog bit the man' and 'the man bit the dog'",
              "'good' and 'great', two words that are both positive")),
    Question("q39", "gradients", "apply",
             "The recurrent matrix W_hh has a largest eigenvalue of 1.5 and tanh stays out of saturation."
             " What tends to happen to gradients sent back 30 steps?",
             ("They can grow like 1.5**30, so the loss may turn NaN",
              "They shrink like 1.5**-30, since tanh divides them at each step back",
              "They stay bounded, as tanh bounds the states",
              "They are unchanged, since eigenvalues affect the forward pass alone")),
)

OPEN_QUESTIONS: dict[str, str] = {
    "e01": "Your length sweep (ex06) falls to chance from some length on. Explain why, in terms of the "
           "training signal that reaches the first value, and say whether clipping would move that "
           "length.",
    "e02": "ex04's head reads the final hidden state. Describe a labelling task for which out.mean(dim=1)"
           " would serve better, and say why.",
    "e03": "The toy sequences become increasing or decreasing instead of positive or negative. Should an "
           "RNN still learn them? What has to hold for the labels?",
    "e04": "What is the hidden state of a vanilla RNN, and what is it not? Use the by-hand lab with W_h ="
           " 0.5 and 0.9 as an example.",
}

BY_ID: dict[str, Question] = {question.id: question for question in QUESTIONS}
