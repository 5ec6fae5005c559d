"""Exercise 7: concepts (reference answers and the concept behind each)."""

ANSWERS: dict[str, str | None] = {
    "q01": "b",
    "q02": "c",
    "q03": "a",
    "q04": "d",
    "q05": "b",
    "q06": "a",
    "q07": "c",
    "q08": "d",
    "q09": "b",
    "q10": "c",
    "q11": "a",
    "q12": "d",
    "q13": "b",
    "q14": "a",
    "q15": "c",
    "q16": "b",
    "q17": "c",
    "q18": "a",
    "q19": "d",
    "q20": "b",
    "q21": "c",
    "q22": "a",
    "q23": "b",
    "q24": "b",
}

# Feedback for a wrong answer: the idea, never the letter.
CONCEPTS: dict[str, str] = {
    "q01": "An RNN feeds each step's new state into the next step's update; running a network on each step alone keeps no context.",
    "q02": "The hidden state is a compressed, fixed-size running summary, not a transcript of the past.",
    "q03": "Information from far back passes through many squashing updates, and the gradient that would teach the model to keep it shrinks on the way back.",
    "q04": "Each step back multiplies the gradient by the tanh derivative and by W_hh; a long product of factors below one goes to zero.",
    "q05": "Clipping rescales gradients that are too large; it cannot enlarge a gradient that has already shrunk to almost nothing.",
    "q06": "output stacks the top layer's state after every step; h_n keeps only the last step of each layer.",
    "q07": "A sentence-level label should read the state that has seen the whole sentence: the final hidden state.",
    "q08": "The hidden state is compressed memory; early details fade, and vanishing gradients keep the model from learning to hold them.",
    "q09": "LSTM and GRU add gates that decide what to keep and forget; nn.RNN is the plain, gate-free update.",
    "q10": "nn.RNN expects a 3-D input with a fixed order of dimensions; batch_first decides which comes first.",
    "q11": "Starting from zeros is the norm; a supplied h0 matters when state should continue, e.g. across chunks of one stream.",
    "q12": "A larger recurrent weight keeps more of the previous state in each update: memory lasts longer, but values and gradients can grow unstable.",
    "q13": "hidden_size sets the feature size of every state, so only the last dimension of output and h_n changes.",
    "q14": "Mean pooling averages every step's state; it helps when the evidence is spread out, while the last state suits a summary at the end.",
    "q15": "Weight sharing: the RNN learns one 'is this value above the threshold' update and reuses it at every position.",
    "q16": "With imbalanced classes, accuracy must be compared with the majority-class rate; balanced accuracy gives that answer 0.5.",
    "q17": "The backward direction reads the sequence from the end, so it finishes at step 0, in the second half of the features.",
    "q18": "A bidirectional layer needs the whole sequence, including what comes later, which generation has not produced yet.",
    "q19": "Dividing logits by T below one stretches their differences, so softmax concentrates on the top choices.",
    "q20": "T towards 0 leaves only the largest logit (argmax); T very large flattens every logit difference (uniform).",
    "q21": "The same cell is applied at every step; its parameter count depends on input and hidden sizes, not on length.",
    "q22": "CrossEntropyLoss combines log-softmax and negative log-likelihood; it needs the raw scores.",
    "q23": "NaN losses usually come from exploding gradients; clipping the global norm keeps each step bounded.",
    "q24": "Whh is reused at every step, so its gradient collects one term per step, each with the state that step read.",
}

EXPLANATIONS: dict[str, str] = {
    "e01": "The RNN folds every word into one fixed-size state, so early words are repeatedly "
           "overwritten, and during training the gradient from the label shrinks at every step "
           "back, so the model barely learns to keep early information.",
    "e02": "h_n[-1] (equal to output[:, -1, :] for one direction): it is the state after the whole "
           "sentence; output holds every step and is for per-step tasks.",
    "e03": "Yes, if the labels follow the trend consistently: the order carries the signal and the RNN reads order.",
    "e04": "A learned, compressed running summary of the past that the next step reads; not an exact memory.",
}
