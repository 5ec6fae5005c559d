"""Exercise 7: concepts.

Answer each multiple-choice question with one option letter, as a lowercase string
("a", "b", ...). Leave None only while you are still thinking: an unanswered
question scores zero. EXPLANATIONS holds short answers in your own words to the
open questions at the end; a person reads and grades them.
"""

ANSWERS: dict[str, str | None] = {}

# q01 (recurrence)
#   A model reads a sequence by applying one small network to each step on its own. What does an RNN
#   add to that?
#   a) A state from the step before that enters each new update
#   b) A separate set of weights for each position
#   c) A view of all the steps at once, computed side by side
#   d) A softmax over the steps that picks the most useful one
ANSWERS["q01"] = None  # TODO: one letter

# q02 (memory)
#   After reading 40 steps, a vanilla RNN with hidden_size 16 holds one hidden state. Which
#   description fits it?
#   a) 40 stored inputs that the model can look up again when needed
#   b) 16 numbers summing up what it kept, with details lost
#   c) 40 vectors of 16 numbers, one kept for each step read so far
#   d) The class probabilities the model would predict at this point
ANSWERS["q02"] = None  # TODO: one letter

# q03 (lab 1)
#   In the by-hand lab (xs = 1.0, 0.5, -1.0, 2.0; W_x = 0.8, b = 0.1, h_0 = 0), h_3 is -0.3385 with
#   W_h = 0.5. What is h_3 with W_h = 0.9?
#   a) About 0.03: the carried positive state nearly cancels the -1.0 input
#   b) About -0.60: a larger W_h scales up the effect of the negative input
#   c) Still -0.3385: W_h changes how the model trains, not its forward pass
#   d) About 0.82: with strong recurrence h_3 simply repeats the state h_2
ANSWERS["q03"] = None  # TODO: one letter

# q04 (lab 1)
#   Same lab: what is h_1 after W_h goes from 0.5 to 0.9?
#   a) About 0.86: the larger recurrent weight raises every state
#   b) About 0.64: a larger W_h damps the first input a little more
#   c) 0.7163, as before: h_0 is zero, so W_h has nothing to multiply yet
#   d) About 0.90: h_1 is close to W_h times the first input value
ANSWERS["q04"] = None  # TODO: one letter

# q05 (gradients)
#   With W_h = 0.5, each step back multiplies the gradient by W_h * (1 - h_t**2), a factor of at
#   most 0.5. At most how large can dh_11/dh_1 be?
#   a) About 5: each of the ten steps adds at most 0.5 to the gradient
#   b) About 0.5: the factor is the same at each step, so it stays 0.5
#   c) About 1: tanh keeps the gradient between -1 and 1 at each step
#   d) About 0.001: ten factors of at most 0.5 are multiplied together
ANSWERS["q05"] = None  # TODO: one letter

# q06 (gradients)
#   Suppose each step back keeps 90% of the gradient. Roughly how much of it reaches a step 50 steps
#   before the loss?
#   a) About 0.5%, since 0.9 raised to the power 50 is near 0.005
#   b) About 90%: the 10% loss applies once, however long the sequence
#   c) About 50%: half the signal is lost over fifty steps
#   d) About 35%: it settles at 0.9**10 and shrinks no further after
ANSWERS["q06"] = None  # TODO: one letter

# q07 (training)
#   You clip the global gradient norm to 1.0 while training a vanilla RNN. Which problem does that
#   address?
#   a) Faded gradients at early steps, which clipping scales back up again
#   b) Huge updates from exploding gradients; faded ones stay faded
#   c) Exploding and faded gradients alike, so gates are rarely needed
#   d) Overfitting, as small updates keep weights near the start
ANSWERS["q07"] = None  # TODO: one letter

# q08 (clipping)
#   Two gradient tensors have norms 3 and 4. They are clipped together with max_norm = 1.0, as
#   clip_grad_norm_ does. What are their norms afterwards?
#   a) 1.0 and 1.0: each tensor is scaled to the bound on its own
#   b) 0.75 and 1.0: both are divided by 4, the largest single norm
#   c) 0.6 and 0.8: both are scaled by 1/5, one over the global norm
#   d) 0.43 and 0.57: both divided by 7, the sum of the norms
ANSWERS["q08"] = None  # TODO: one letter

# q09 (clipping)
#   The same two tensors (norms 3 and 4) are clipped with max_norm = 10. What changes?
#   a) Both grow by a factor of 2, so that the global norm reaches 10
#   b) Nothing: the global norm of 5 is already below the bound of 10
#   c) Each is scaled up to norm 10, since the bound acts per tensor
#   d) Both shrink by a factor of 10, since clipping divides by max_norm
ANSWERS["q09"] = None  # TODO: one letter

# q10 (shapes)
#   x has shape (2, 5, 4) and rnn = nn.RNN(4, 6, batch_first=True). What are the shapes of out and h
#   in out, h = rnn(x)?
#   a) out (2, 5, 6), h (1, 2, 6)
#   b) out (2, 6), h (2, 5, 6)
#   c) out (2, 5, 6), h (2, 6)
#   d) out (5, 2, 6), h (1, 5, 6)
ANSWERS["q10"] = None  # TODO: one letter

# q11 (shapes)
#   The same layer is rebuilt with hidden_size = 12 (input still (2, 5, 4)). What else in the
#   classifier has to change?
#   a) The input tensor, whose last dimension has to become 12 as well
#   b) The sequence length, now a multiple of 12
#   c) Nothing outside the RNN, since a linear head adapts to its input
#   d) The linear head's input size, from 6 to 12 features
ANSWERS["q11"] = None  # TODO: one letter

# q12 (parameters)
#   How many trainable parameters does nn.RNN(input_size=1, hidden_size=32) have?
#   a) 1088: weights of 32 and 1024 values, plus one bias vector of 32
#   b) 1120: weights of 32 and 1024 values, plus two bias vectors of 32
#   c) 1024: the 32 x 32 recurrent matrix; the rest is fixed
#   d) 22400: 1120 for each of the 20 steps of a count-task sequence
ANSWERS["q12"] = None  # TODO: one letter

# q13 (parameters)
#   A classifier trained on 20-step sequences is now given 200-step ones. What happens to its
#   parameters?
#   a) Ten times as many are needed, a set for each block of 20 steps
#   b) It reads the first 20 steps and drops the remaining 180 values
#   c) They stay the same: one cell is reused at all 200 steps
#   d) The model has to be rebuilt with a hidden_size of at least 200
ANSWERS["q13"] = None  # TODO: one letter

# q14 (heads)
#   A sentiment classifier gives one label per sentence. Which tensor should its nn.Linear head read
#   (one layer, one direction)?
#   a) out[:, 0, :], the state after the first word of the sentence
#   b) h[-1], the state after the last word, as out[:, -1, :]
#   c) out, the states after every word, flattened into one vector
#   d) x[:, -1, :], the final word's input features
ANSWERS["q14"] = None  # TODO: one letter

# q15 (shapes)
#   nn.RNN(64, 128, num_layers=3, batch_first=True) reads x of shape (8, 50, 64). What are out.shape
#   and h_n.shape?
#   a) (8, 50, 128) and (3, 8, 128)
#   b) (8, 50, 384) and (3, 8, 128)
#   c) (3, 8, 50, 128) and (3, 8, 128)
#   d) (8, 50, 128) and (8, 128)
ANSWERS["q15"] = None  # TODO: one letter

# q16 (bidirectional)
#   A bidirectional batch-first nn.RNN with hidden_size 5 returns out of shape (batch, T, 10). Where
#   is the backward direction's final state?
#   a) out[:, -1, 5:]: at the last step, second half
#   b) out[:, 0, 5:]: at the first step, second half
#   c) out[:, -1, :5]: at the last step, first half
#   d) out[:, 0, :5]: at the first step, first half
ANSWERS["q16"] = None  # TODO: one letter

# q17 (bidirectional)
#   nn.RNN(64, 128, num_layers=2, bidirectional=True, batch_first=True) reads (8, 50, 64). What is
#   h_n.shape?
#   a) (2, 8, 256): one entry per layer, directions joined
#   b) (2, 8, 128): one entry per layer, backward dropped
#   c) (8, 50, 256): the states of every step, both ways
#   d) (4, 8, 128): two layers, two directions each
ANSWERS["q17"] = None  # TODO: one letter

# q18 (generation)
#   Why is a bidirectional RNN a poor choice for producing text one character at a time?
#   a) Its two directions double the parameters, which makes sampling slow
#   b) Its output holds probabilities instead of logits, so sampling is off
#   c) Its backward pass needs characters not produced yet
#   d) It cannot be combined with an embedding layer
ANSWERS["q18"] = None  # TODO: one letter

# q19 (sampling)
#   Logits [2, 1, 0] give probabilities of about [0.67, 0.24, 0.09] at temperature 1. What do they
#   become at temperature 0.3?
#   a) About [0.44, 0.32, 0.24]: the choice is closer to uniform
#   b) About [0.96, 0.03, 0.00]: the top character dominates
#   c) About [0.20, 0.07, 0.03]: each probability is times 0.3
#   d) About [0.67, 0.24, 0.09]: sampling ignores temperature
ANSWERS["q19"] = None  # TODO: one letter

# q20 (sampling)
#   What happens to the sampled characters as the temperature goes towards 0, and as it grows very
#   large?
#   a) Towards 0: the argmax; very large: close to uniform
#   b) Towards 0: close to uniform; very large: the argmax each time
#   c) Both limits: the model's own distribution
#   d) Towards 0: an error from dividing by zero; large: the argmax
ANSWERS["q20"] = None  # TODO: one letter

# q21 (generation)
#   A generate() loop passes h=None to the model at every step, feeding in the last sampled
#   character. What does each prediction depend on?
#   a) The whole prefix, since the embedding layer keeps earlier characters
#   b) The one character just sampled, since the context is reset each step
#   c) The whole prefix, since nn.RNN keeps its state between calls itself
#   d) The start characters alone, since they are read before the loop
ANSWERS["q21"] = None  # TODO: one letter

# q22 (generation)
#   A character model is trained on the ids of "hello". Which inputs and targets teach it to predict
#   the next character?
#   a) inputs h e l l o, targets h e l l o: the same ids for both
#   b) inputs e l l o, targets h e l l: each target a step behind
#   c) inputs h e l l, a single target o, the last one
#   d) inputs h e l l, targets e l l o: each target one step ahead
ANSWERS["q22"] = None  # TODO: one letter

# q23 (loss)
#   A classifier's forward ends in torch.softmax and is trained with nn.CrossEntropyLoss. What goes
#   wrong?
#   a) CrossEntropyLoss spots the probabilities and skips its own softmax
#   b) The loss raises an error: probabilities are not logits
#   c) Log-softmax is applied on top, so gradients shrink and learning slows
#   d) Predictions flip, since the argmax of probabilities differs from logits
ANSWERS["q23"] = None  # TODO: one letter

# q24 (baselines)
#   About 4% of count-task sequences are positive when values are standard normal. What is the
#   balanced accuracy of a model that answers 0 every time?
#   a) 0.96: balanced accuracy is the plain accuracy on such data
#   b) 0.5: right on each negative, wrong on each positive
#   c) 0.04: it equals the share of the positive class in the data
#   d) 0.92: the accuracy minus the positive share, 0.96 - 0.04
ANSWERS["q24"] = None  # TODO: one letter

# q25 (baselines)
#   On the count task (label 1 when more than 3 of 20 values exceed 1.5), why does an RNN usually
#   beat a flattening MLP trained on the same 1000 sequences?
#   a) Its shared update learns one threshold test for every position
#   b) It reads the values in order, which the label depends on
#   c) It has more parameters than the MLP, so it fits the training set better
#   d) The MLP sees the values one at a time and forgets the earlier ones
ANSWERS["q25"] = None  # TODO: one letter

# q26 (data)
#   You shuffle the 20 values inside every count-task sequence, for training and test data alike.
#   What happens to the labels and to a fresh RNN's accuracy?
#   a) Labels flip for about half, so the old accuracy is lost
#   b) Labels are unchanged, but the RNN falls to chance without order
#   c) Labels change for the sequences whose large values move to the end
#   d) Labels are unchanged and accuracy stays about the same
ANSWERS["q26"] = None  # TODO: one letter

# q27 (data)
#   The toy classifier's positive and negative sequences are replaced by increasing and decreasing
#   ones with values between -1 and 1. When should the RNN still learn?
#   a) When the mean value still differs between the two kinds of sequence
#   b) When the values are sorted first, so the model sees them in order
#   c) When labels follow the trend consistently, as order carries it
#   d) When hidden_size equals the sequence length
ANSWERS["q27"] = None  # TODO: one letter

# q28 (heads)
#   The classifier head reads out.mean(dim=1) instead of out[:, -1, :]. When is that a reasonable
#   choice?
#   a) When the decisive clue is the final step, which a mean weights most
#   b) When the head needs fewer weights, since a mean is a smaller vector
#   c) When the evidence is spread out, not gathered at the end
#   d) When the first steps should be ignored, which the mean leaves out
ANSWERS["q28"] = None  # TODO: one letter

# q29 (state)
#   A loop runs out, hidden = rnn(batch, hidden) over batches of unrelated reviews, with hidden =
#   None set once before it. What is the effect?
#   a) nn.RNN clears its state by itself at the start of every call
#   b) The model learns faster, as each batch sees more context
#   c) The batches join into one long sequence, which costs memory
#   d) Each batch starts from the last batch's state: unrelated text leaks in
ANSWERS["q29"] = None  # TODO: one letter

# q30 (shapes)
#   A student builds nn.RNN(4, 6, batch_first=True) for data laid out as (seq_len=5, batch=2,
#   features=4). Training runs without an error. What is wrong?
#   a) nn.RNN detects which dimension holds time and reorders it
#   b) Nothing serious, since a layout mistake would have raised an error
#   c) The loss turns NaN from the first step, which flags the bad layout
#   d) It reads 5 sequences of 2 steps; printing x.shape first shows it
ANSWERS["q30"] = None  # TODO: one letter

# q31 (data)
#   A student feeds house records (floor area, bedrooms, age, distance to town) to an RNN as a
#   4-step sequence. What is the main objection?
#   a) Four steps is too short for an RNN, which needs ten steps or more
#   b) An RNN reads text, so numbers need tokenising
#   c) The features have no natural order for the recurrence to use
#   d) The RNN will not run, since each step needs more than one feature
ANSWERS["q31"] = None  # TODO: one letter

# q32 (forecasting)
#   You want to predict a sensor's next 10 values from its past 30. Which setup fits an RNN?
#   a) Put each past sequence in one of 10 classes
#   b) Shuffle the 30 values first, so the RNN cannot overfit their order
#   c) Feed the 10 target values as inputs too, so it can learn from them
#   d) Encode the 30 past values in a state, then decode 10 steps
ANSWERS["q32"] = None  # TODO: one letter

# q33 (length sweep)
#   The sweep gives accuracies {10: 0.98, 25: 0.91, 50: 0.63, 100: 0.55, 200: 0.51}. With chance 0.5
#   and margin 0.1, what does failure_length return, and why does accuracy fall there?
#   a) 50: 0.63 lies within 0.1 of chance, so it fails
#   b) 100: the loss's gradient barely reaches the first step there
#   c) 200: accuracy there equals chance, so it is the one failing length
#   d) 100: a 100-step input needs more parameters than the model has
ANSWERS["q33"] = None  # TODO: one letter

# q34 (gated layers)
#   How does nn.RNN differ from nn.LSTM and nn.GRU?
#   a) It is the same layer under an older name
#   b) It has more gates than LSTM, which is why it tends to forget faster
#   c) It trains with BPTT, while LSTM and GRU use a different algorithm
#   d) It has no gates; LSTM and GRU add gates to control memory
ANSWERS["q34"] = None  # TODO: one letter

# q35 (state)
#   When does it make sense to pass your own initial hidden state h0 to nn.RNN?
#   a) When one stream is read in chunks, each resuming the last
#   b) In most cases: a random h0 adds noise that regularises training
#   c) For every batch, since the layer does not run without an h0
#   d) To no effect: nn.RNN starts from zeros anyway
ANSWERS["q35"] = None  # TODO: one letter

# q36 (memory)
#   A colleague claims nn.RNN recalls any step of a long sequence as well as the latest one. Which
#   result of the kit speaks against it?
#   a) The sweep: accuracy on the first sign falls towards chance
#   b) The shape lab: out and h differ in shape for a one-layer RNN
#   c) The by-hand lab: h_1 is the same with W_h = 0.5 and W_h = 0.9
#   d) The count task: the RNN beats the MLP on sequences of 20 values
ANSWERS["q36"] = None  # TODO: one letter

# q37 (backpropagation)
#   In ex03's backward pass, how is dL/dWhh built?
#   a) outer(h_{T-1}, da_T) from the last step, where the loss is
#   b) A sum over steps of outer(h_t, da_t), with each new state
#   c) A sum over steps of outer(h_{t-1}, da_t), one term per step
#   d) A product over steps of the terms outer(h_{t-1}, da_t)
ANSWERS["q37"] = None  # TODO: one letter

# q38 (averaging)
#   A model averages the word vectors of a sentence and classifies the average. Which two inputs
#   does it see as the same?
#   a) 'good film' and 'bad film', which share a word
#   b) 'not good' and 'not good at all', which start alike
#   c) 'the dog bit the man' and 'the man bit the dog'
#   d) 'good' and 'great', two words that are both positive
ANSWERS["q38"] = None  # TODO: one letter

# q39 (gradients)
#   The recurrent matrix W_hh has a largest eigenvalue of 1.5 and tanh stays out of saturation. What
#   tends to happen to gradients sent back 30 steps?
#   a) They can grow like 1.5**30, so the loss may turn NaN
#   b) They shrink like 1.5**-30, since tanh divides them at each step back
#   c) They stay bounded, as tanh bounds the states
#   d) They are unchanged, since eigenvalues affect the forward pass alone
ANSWERS["q39"] = None  # TODO: one letter

EXPLANATIONS: dict[str, str] = {}

# Your length sweep (ex06) falls to chance from some length on. Explain why, in terms of the
# training signal that reaches the first value, and say whether clipping would move that length.
EXPLANATIONS["e01"] = ""  # TODO: a few sentences

# ex04's head reads the final hidden state. Describe a labelling task for which out.mean(dim=1)
# would serve better, and say why.
EXPLANATIONS["e02"] = ""  # TODO: a few sentences

# The toy sequences become increasing or decreasing instead of positive or negative. Should an RNN
# still learn them? What has to hold for the labels?
EXPLANATIONS["e03"] = ""  # TODO: a few sentences

# What is the hidden state of a vanilla RNN, and what is it not? Use the by-hand lab with W_h = 0.5
# and 0.9 as an example.
EXPLANATIONS["e04"] = ""  # TODO: a few sentences
