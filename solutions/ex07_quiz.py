"""Exercise 7: concepts (reference answers and the concept behind each)."""

ANSWERS: dict[str, str | None] = {
    "q01": "a",
    "q02": "b",
    "q03": "a",
    "q04": "c",
    "q05": "d",
    "q06": "a",
    "q07": "b",
    "q08": "c",
    "q09": "b",
    "q10": "a",
    "q11": "d",
    "q12": "b",
    "q13": "c",
    "q14": "b",
    "q15": "a",
    "q16": "b",
    "q17": "d",
    "q18": "c",
    "q19": "b",
    "q20": "a",
    "q21": "b",
    "q22": "d",
    "q23": "c",
    "q24": "b",
    "q25": "a",
    "q26": "d",
    "q27": "c",
    "q28": "c",
    "q29": "d",
    "q30": "d",
    "q31": "c",
    "q32": "d",
    "q33": "b",
    "q34": "d",
    "q35": "a",
    "q36": "a",
    "q37": "c",
    "q38": "c",
    "q39": "a",
}

# Feedback for a wrong answer: the idea, never the letter.
CONCEPTS: dict[str, str] = {
    "q01": "An RNN carries a state from step to step: each update reads the new input and the state left "
           "by the previous step.",
    "q02": "The hidden state is one fixed-size vector: a lossy running summary, not a record of the "
           "inputs (out is what keeps one vector per step).",
    "q03": "W_h multiplies the previous state, not the input: with 0.9, more of h_2 = 0.816 is carried "
           "into step 3 and it outweighs the -1.0 input.",
    "q04": "At the first step the previous state is h_0 = 0, so W_h * h_0 vanishes and h_1 = tanh(0.8 * "
           "1.0 + 0.1) whatever W_h is.",
    "q05": "Backpropagation through time multiplies one factor per step: ten factors of at most 0.5 give "
           "at most 0.5**10, about 0.001.",
    "q06": "The per-step factors compound: 0.9**10 is about 0.35 and 0.9**50 about 0.005, so a dependency"
           " 50 steps back gets almost no signal.",
    "q07": "Clipping only shrinks a gradient that is too large; a gradient that has already faded to "
           "almost nothing is left as small as it was.",
    "q08": "The global norm is sqrt(3**2 + 4**2) = 5; every tensor is scaled by the same factor max_norm "
           "/ 5, so directions and ratios are kept.",
    "q09": "Clipping scales down only when the global norm exceeds max_norm; a norm of 5 under a bound of"
           " 10 is left as it is.",
    "q10": "out keeps the top layer's state at every step, (batch, seq_len, hidden); h keeps the last "
           "step per layer, (num_layers, batch, hidden).",
    "q11": "hidden_size sets the last dimension of out and h, (2, 5, 12) and (1, 2, 12); whatever reads "
           "them must expect 12 features.",
    "q12": "nn.RNN holds W_ih (32 x 1), W_hh (32 x 32) and two biases, b_ih and b_hh: 32 + 1024 + 32 + 32"
           " = 1120, whatever the sequence length.",
    "q13": "The same cell, with the same weights, is applied at every step, so the parameter count "
           "depends on the sizes, never on the length.",
    "q14": "A sentence-level label reads the state that has seen the whole sentence: the final hidden "
           "state h[-1], the same as out[:, -1, :] here.",
    "q15": "out holds the top layer's states at every step; h_n holds each layer's last state, one entry "
           "per layer.",
    "q16": "The backward direction reads from the end to the start, so it finishes at step 0; its "
           "features follow the forward ones.",
    "q17": "h_n keeps one final state per layer and direction, (num_layers * 2, batch, hidden); out joins"
           " the two directions in its features.",
    "q18": "Reading backwards needs the rest of the sequence; when generating, the characters to the "
           "right do not exist yet.",
    "q19": "Dividing the logits by 0.3 stretches their gaps to [6.7, 3.3, 0]; softmax then puts almost "
           "all of the mass on the largest one.",
    "q20": "A small temperature blows up the gaps between logits (argmax); a large one shrinks them "
           "towards zero (uniform).",
    "q21": "The hidden state is the model's context; passing h=None each step throws it away, so each "
           "step sees a single character.",
    "q22": "Next-character training shifts the targets by one: the input at step t is paired with the "
           "character at step t + 1.",
    "q23": "CrossEntropyLoss applies log-softmax itself; a softmax before it squashes the scores into a "
           "narrow range and weakens the gradients.",
    "q24": "Balanced accuracy averages the recall of each class: 1.0 on negatives and 0.0 on positives "
           "give 0.5, the score of any constant answer.",
    "q25": "Weight sharing: the RNN learns 'is this value above 1.5' once and reuses it at every "
           "position; the MLP must learn it per position.",
    "q26": "The count task's label ignores order: shuffling keeps every label, and the RNN's per-value "
           "test works just as well.",
    "q27": "A trend lives in the order of the values, which an RNN reads; it learns as long as the labels"
           " follow the trend without exceptions.",
    "q28": "Mean pooling gives every step's state the same weight; it suits evidence spread along the "
           "sequence, the last state suits a summary at the end.",
    "q29": "Independent sequences need a fresh start: set hidden = None (zeros) for each batch, or the "
           "last batch's state colours the next one.",
    "q30": "nn.RNN trusts the layout it is told: with batch_first=True the first dimension is the batch. "
           "Print the shapes before designing the model.",
    "q31": "Recurrence assumes that earlier steps shape the meaning of later ones; tabular features have "
           "no such order, and an MLP fits them better.",
    "q32": "Forecasting is many-to-many: an encoder folds the history into a state and a decoder unrolls "
           "it into the future values.",
    "q33": "failure_length is the shortest length with accuracy at most 0.6 (100 here); the first value's"
           " training signal fades over the steps after it.",
    "q34": "LSTM and GRU add gates that decide what to keep, update or drop, which gives gradients an "
           "easier path; nn.RNN is the plain update.",
    "q35": "Zeros are the usual start for independent sequences; a given h0 matters when the state should"
           " continue, as across chunks of one stream.",
    "q36": "Memory in a vanilla RNN fades: the longer the gap between the clue and the label, the closer "
           "to chance the model ends up.",
    "q37": "Whh is used at every step, so its gradient adds one term per step, each with the state that "
           "step read (h_{t-1}).",
    "q38": "An average ignores order: the same words in another order give the same vector, which is why "
           "sequence models carry a state.",
    "q39": "Each step back multiplies by W_hh (and tanh'); factors above one compound into an explosion, "
           "which clipping the global norm keeps in check.",
}

EXPLANATIONS: dict[str, str] = {
    "e01": "The label depends on the first value, but its effect on the loss passes back through every "
           "later step, and each step multiplies the gradient by W_hh and the tanh derivative. Over 100 "
           "steps those factors shrink it to almost nothing, so the model never learns to keep the sign. "
           "Clipping only caps gradients that are too large; it cannot enlarge one that has faded, so the"
           " failing length stays where it is.",
    "e02": "Counting how many values exceed a threshold (the count task) spreads the evidence over every "
           "step; averaging the states lets each step add to the answer directly, and the gradient "
           "reaches every step without passing through the whole chain.",
    "e03": "Yes, as long as every increasing sequence gets one label and every decreasing one the other: "
           "the trend is carried by the order of the values, which is exactly what the recurrence reads.",
    "e04": "It is one fixed-size vector that the next step reads, a learned and lossy summary of what "
           "came before; it is not a record of the inputs. With W_h = 0.9 more of the previous state "
           "survives each update (h_3 stays near 0.03 instead of falling to -0.34).",
}
