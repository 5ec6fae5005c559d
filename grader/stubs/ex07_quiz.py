"""Exercise 7: concepts.

Answer each multiple-choice question with one option letter, as a lowercase string
("a", "b", ...). Leave None only while you are still thinking: an unanswered
question scores zero. EXPLANATIONS holds short answers in your own words to the
open questions at the end; a person reads and grades them.
"""

ANSWERS: dict[str, str | None] = {}

# q01 (recurrence)
#   What separates an RNN from running the same network on each step separately?
#   a) It has no weights, so it can read any input
#   b) Each step's update also reads a state carried over from the step before
#   c) It only accepts sequences of one fixed length
#   d) It looks at every step of the sequence at the same moment
ANSWERS["q01"] = None  # TODO: one letter

# q02 (hidden state)
#   What does the hidden state of a vanilla RNN hold?
#   a) An exact log of every input seen so far
#   b) The gradient of the loss with respect to the inputs
#   c) A fixed-size summary of whatever the model carries forward from earlier steps
#   d) The final class probabilities
ANSWERS["q02"] = None  # TODO: one letter

# q03 (long sequences)
#   Why does a plain RNN struggle when the useful clue is far back in a long sequence?
#   a) The clue is squeezed through many updates and its training signal fades on the way back
#   b) PyTorch refuses sequences longer than 100 steps
#   c) Each step needs its own set of weights, which runs out
#   d) The tanh function cannot output negative numbers
ANSWERS["q03"] = None  # TODO: one letter

# q04 (vanishing gradients)
#   In backpropagation through time, what makes the gradient reaching early steps vanish?
#   a) The learning rate is divided by the sequence length
#   b) The loss is only computed at the first step
#   c) Biases are summed over time
#   d) It is multiplied once per step by factors such as (1 - h^2) and W_hh that are often
#      smaller than one
ANSWERS["q04"] = None  # TODO: one letter

# q05 (clipping)
#   What can gradient clipping by global norm fix, and what not?
#   a) It fixes vanishing gradients but not exploding ones
#   b) It caps exploding gradients, but cannot restore a gradient that has already vanished
#   c) It fixes both, which is why LSTMs are no longer needed
#   d) It fixes neither; it only speeds up training
ANSWERS["q05"] = None  # TODO: one letter

# q06 (output vs h_n)
#   For a single-layer batch-first nn.RNN, what is `output`?
#   a) The hidden state at every time step, shape (batch, seq_len, hidden_size)
#   b) Only the final hidden state, shape (1, batch, hidden_size)
#   c) The class probabilities for each sequence
#   d) The input sequence passed through unchanged
ANSWERS["q06"] = None  # TODO: one letter

# q07 (classifier head)
#   A sentiment classifier reads a whole sentence and outputs one label. What should its linear
#   head read?
#   a) output[:, 0, :], the state after the first word
#   b) The embedding of the last word alone
#   c) The final hidden state, h_n[-1] (equal to output[:, -1, :] for one direction)
#   d) The sum of the raw inputs
ANSWERS["q07"] = None  # TODO: one letter

# q08 (myth: perfect memory)
#   True or false: nn.RNN remembers information from any point of a long sequence perfectly.
#   a) True: the hidden state keeps every past input
#   b) True, as long as hidden_size is at least the sequence length
#   c) False: only when batch_first=True is set
#   d) False: early information fades, largely because its gradients vanish during training
ANSWERS["q08"] = None  # TODO: one letter

# q09 (myth: RNN = LSTM)
#   How does nn.RNN relate to nn.LSTM and nn.GRU?
#   a) They are three names for the same layer
#   b) nn.RNN has no gates; LSTM and GRU add gates that control what is kept, which helps with
#      long dependencies
#   c) nn.RNN has more gates than LSTM
#   d) LSTM and GRU cannot be trained with backpropagation
ANSWERS["q09"] = None  # TODO: one letter

# q10 (myth: any shape)
#   Can any tensor be fed to nn.RNN as it is?
#   a) Yes, nn.RNN reshapes its input automatically
#   b) Yes, as long as it is a float tensor
#   c) No: it expects (seq_len, batch, input_size), or (batch, seq_len, input_size) with
#      batch_first=True
#   d) No: it accepts only 2-D tensors
ANSWERS["q10"] = None  # TODO: one letter

# q11 (myth: initial state)
#   Does passing your own initial hidden state always make nn.RNN learn better?
#   a) No: zeros are the standard start; a given h0 helps only in specific cases, such as
#      continuing a stream
#   b) Yes: a random h0 always improves accuracy
#   c) Yes: without h0 the RNN cannot be trained
#   d) No: nn.RNN ignores any h0 you pass
ANSWERS["q11"] = None  # TODO: one letter

# q12 (W_h)
#   In the by-hand lab, W_h goes from 0.5 to 0.9 with everything else unchanged. What happens?
#   a) The hidden states stop depending on the inputs
#   b) Nothing: W_h only matters during training
#   c) The states become exactly zero
#   d) The previous state carries more strongly into each new state: longer memory, but updates
#      can grow unstable
ANSWERS["q12"] = None  # TODO: one letter

# q13 (hidden_size)
#   In the shape lab, hidden_size goes from 6 to 12 (input (2, 5, 4), batch-first). Which shapes
#   change?
#   a) Only the input, which becomes (2, 5, 12)
#   b) The last dimension of output and of h_n: (2, 5, 12) and (1, 2, 12)
#   c) The sequence length of output, which becomes 12
#   d) Nothing changes
ANSWERS["q13"] = None  # TODO: one letter

# q14 (pooling)
#   When can out.mean(dim=1) replace out[:, -1, :] as the classifier's input and still work well?
#   a) When the evidence is spread across the sequence rather than summarised at the end
#   b) Never: mean pooling cannot be trained
#   c) Only when the sequence has a single step
#   d) Only with bidirectional RNNs
ANSWERS["q14"] = None  # TODO: one letter

# q15 (RNN vs MLP)
#   On the count task (more than 3 values above 1.5 among 20), why does the RNN usually beat a
#   flattening MLP trained on the same 1000 sequences?
#   a) The MLP cannot represent any function of 20 numbers
#   b) The RNN sees more training data
#   c) The RNN applies one shared update at every step, so evidence from every position trains
#      the same detector; the MLP must learn it per position
#   d) The MLP is given the labels in reverse order
ANSWERS["q15"] = None  # TODO: one letter

# q16 (majority baseline)
#   With standard-normal values, only about 4% of count-task sequences are positive. A model
#   reports 96% accuracy. What do you conclude?
#   a) It has learned the task well
#   b) It may have learned nothing: always answering 0 scores 96%, so compare with the majority
#      baseline or use balanced accuracy
#   c) The RNN is overfitting the positive class
#   d) Accuracy above 95% proves the model uses the sequence order
ANSWERS["q16"] = None  # TODO: one letter

# q17 (bidirectional state)
#   In a bidirectional batch-first nn.RNN, where in `output` is the backward direction's final
#   state?
#   a) At the last step, in the first half of the features
#   b) At the last step, in the second half of the features
#   c) At step 0, in the second half of the features
#   d) Nowhere: it only exists in h_n
ANSWERS["q17"] = None  # TODO: one letter

# q18 (bidirectional generation)
#   Why is a bidirectional RNN a poor fit for generating text one character at a time?
#   a) It reads each sequence from both ends, but when generating, the future characters do not
#      exist yet
#   b) It has too few parameters
#   c) Its outputs are not logits
#   d) It cannot use an embedding layer
ANSWERS["q18"] = None  # TODO: one letter

# q19 (temperature)
#   Sampling the next character, the logits are divided by a temperature T before softmax. What
#   does T = 0.3 do compared with T = 1?
#   a) Flattens the distribution: rare characters appear more often
#   b) Leaves the distribution unchanged
#   c) Makes every character equally likely
#   d) Sharpens the distribution: the likeliest characters are picked even more often
ANSWERS["q19"] = None  # TODO: one letter

# q20 (temperature limits)
#   What happens as the temperature approaches 0, and as it grows very large?
#   a) Near 0 sampling becomes uniform; very large T gives the argmax
#   b) Near 0 sampling approaches the argmax; very large T approaches a uniform choice
#   c) Both limits give the argmax
#   d) The temperature has no effect on which character is drawn
ANSWERS["q20"] = None  # TODO: one letter

# q21 (weight sharing)
#   An RNN trained on 20-step sequences is run on a 200-step one. What about its parameters?
#   a) It needs ten times more parameters
#   b) It must be rebuilt with a larger hidden_size
#   c) The same parameters are reused at every step, so their number does not depend on the
#      length
#   d) It can only read the first 20 steps
ANSWERS["q21"] = None  # TODO: one letter

# q22 (logits and the loss)
#   Why should a classifier trained with nn.CrossEntropyLoss return raw logits?
#   a) Because the loss applies log-softmax itself; a softmax before it squashes the gradients
#   b) Because logits are always positive
#   c) Because CrossEntropyLoss only accepts integers
#   d) Because softmax cannot be computed on a GPU
ANSWERS["q22"] = None  # TODO: one letter

# q23 (exploding gradients)
#   During training of a vanilla RNN the loss suddenly turns into NaN after a few batches. What is
#   the usual first fix?
#   a) Remove the tanh
#   b) Clip the gradients' global norm (for example to 1.0) before the optimizer step
#   c) Make the sequences longer
#   d) Set batch_first=False
ANSWERS["q23"] = None  # TODO: one letter

# q24 (BPTT)
#   In BPTT for the many-to-one RNN, how is dL/dWhh formed?
#   a) From the last time step only
#   b) As the sum over all steps of outer(h_{t-1}, dL/da_t)
#   c) As the product of the per-step gradients
#   d) It is zero, because Whh is shared
ANSWERS["q24"] = None  # TODO: one letter

EXPLANATIONS: dict[str, str] = {}

# Explain why a very long sentence is hard for a plain RNN.
EXPLANATIONS["e01"] = ""  # TODO: a few sentences

# nn.RNN returns (output, h_n). Which one (or which slice) do you pass to the classifier head
# for a sentence-level label, and why?
EXPLANATIONS["e02"] = ""  # TODO: a few sentences

# In the toy classifier, the positive/negative sequences are replaced by increasing/decreasing
# ones. Should the RNN still learn? What must be true of the labels?
EXPLANATIONS["e03"] = ""  # TODO: a few sentences

# Describe, in your own words, what the hidden state is and what it is not.
EXPLANATIONS["e04"] = ""  # TODO: a few sentences
