# %% [markdown]
# # 8. A two-layer network

# %% [markdown]
# > **Goal:** put the layers of chapters 05 to 07 together into a network, check its
# > gradient, write the loop that trains it on real handwritten digits, and see what the
# > learning rate and the starting weights do to it. **Book:** section 5.7. **You need:**
# > the central difference (chapter 02), a multiply node's backward (chapter 03), the ReLU
# > switch (chapter 05), Affine and Softmax-with-Loss (chapter 07).

# %% [markdown]
# ## The digits
#
# The data are 1,797 handwritten digits of 8x8 pixels, ten classes (0 to 9), bundled with
# scikit-learn, so nothing is downloaded (source and licence: the note at the end). Each
# pixel counts inked bits in a 4x4 block, 0 to 16; `teaching.digits.load` divides by 16 and
# splits the images, by a seeded shuffle, into 1,397 for training and 400 for testing. Each
# image is one row of 64 numbers: a batch of $N$ images has shape $(N, 64)$.
#
# The chapter looks at the test digits once, at the very end: a choice made by looking at
# them (a learning rate, how long to train) would fit them, and they would no longer show
# how the network does on unseen digits. Choices are made on 300 **validation** digits kept
# apart: until the last section, `data` has 1,097 digits to train on, and the validation
# digits `data.x_val`, `data.t_val`.

# %%
import numpy as np
from IPython.display import display

from network import TwoLayerNet, relative_error
from teaching import digits, learning_rates, training, training_view
from teaching.checks import ch08 as check
from teaching.reveal import reveal

full = digits.load(test_size=400, seed=0)         # 1,397 training and 400 test digits
data = digits.validation_split(full, size=300)     # 1,097 training and 300 validation digits
print(full, "\n", data, sep="")
print("x_train:", data.x_train.shape, " t_train:", data.t_train.shape,
      " pixels from", data.x_train.min(), "to", data.x_train.max())
display(training.examples_figure(data))

# %% [markdown]
# ## The network is its layers, in order
#
# A two-layer network computes scores for the ten classes in two affine steps with a ReLU
# between them, and a loss from those scores:
#
# $$x \xrightarrow{\ \text{Affine}(W_1, b_1)\ } \xrightarrow{\ \text{ReLU}\ }
# \xrightarrow{\ \text{Affine}(W_2, b_2)\ } \text{scores}
# \xrightarrow{\ \text{Softmax-with-Loss}(t)\ } L$$
#
# `network.TwoLayerNet` builds exactly this from `layers.py`, as the book does: the parameters in
# the dict `params` (a `Params`, see the `-=` box below), the three layers in the ordered dict
# `layers` (a `Layers`), the loss layer apart as `last_layer` (it needs the labels, `predict` does
# not); `randn` draws normal numbers from `seed`. The Affine layers hold the *same* arrays as
# `params`. Its `__init__`, `predict`, `loss` and `gradient`, lightly edited (checks left out):

# %%
print(training.network_code("init"))

# %%
print(training.network_code("forward"), training.network_code("gradient"), sep="\n\n")

# %%
net = TwoLayerNet(input_size=64, hidden_size=50, output_size=10, weight_init_std=0.1, seed=0)
print(net, "; layers['Affine1'] holds params['W1'] itself:",
      net.layers["Affine1"].W is net.params["W1"])

# %% [markdown]
# ## Forward: walk the layers. Backward: walk them reversed
#
# The forward pass hands each layer's output to the next layer. The backward pass starts
# at the end with $\partial L/\partial L = 1$, gives it to the loss layer, and hands each
# layer's `dx` to the layer *before* it; each Affine layer keeps its `dW` and `db` on the
# way. That is all of `gradient` above: `loss` runs the forward pass, and `.copy()` keeps the
# returned gradients apart from the layers' own `dW`, `db`: changing one in place leaves the
# other alone. On five training digits:

# %%
x, t = data.x_train[:5], data.t_train[:5]
grads = net.gradient(x, t)
print(f"loss of the untrained network: {net.loss(x, t):.4f}  (log 10 = {np.log(10):.4f})")
print("gradient shapes:", {name: grad.shape for name, grad in grads.items()})

# %% [markdown]
# The untrained network's loss is close to $\log 10$: small random weights give ten
# almost equal scores, so each class gets a probability near $1/10$, and
# $-\log(1/10) = \log 10$. Each gradient has the shape of its parameter, so the update
# `params[name] -= learning_rate * grads[name]` fits.
#
# ## The gradient check
#
# A wrong gradient still has the right shape and still moves the loss a bit. The
# **gradient check** catches it by comparing backprop with the numerical gradient, which
# needs only the loss: shift one parameter by $\pm h$ (here $h = 10^{-5}$), compute the loss
# twice, and take $\big(L(w + h) - L(w - h)\big) / 2h$. `net.numerical_gradient` does this
# for all 3,760 numbers in `params`, on 100 digits. ReLU has no derivative at 0, so where a
# shift of $\pm h$ would carry a hidden unit's input across 0, it retries with a smaller $h$.
#
# For each parameter array, backprop's $a$ and the numerical $b$ are compared by their relative
# error $\lVert a - b\rVert / (\lVert a\rVert + \lVert b\rVert)$: a right backward pass stays far
# below $10^{-7}$ in float64, a real mistake lands far above it (exercise 2 is the place to practise
# this). It cannot go below the difference's rounding noise divided by the gradient's size: small
# gradients (small starts, deeper nets) push it up.

# %%
xb, tb = data.x_train[:100], data.t_train[:100]     # a batch of 100 training digits

grad_backprop, backprop_s = training.timed(net.gradient, xb, tb, repeats=21)   # median seconds
grad_numerical, numerical_s = training.timed(net.numerical_gradient, xb, tb, repeats=3)

errors = {name: relative_error(grad_backprop[name], grad_numerical[name]) for name in net.params}
for name, error in errors.items():
    print(f"{name:>2} {str(net.params[name].shape):>8}: relative error {error:.1e}, "
          f"below 1e-7: {error < 1e-7}")
assert max(errors.values()) < 1e-7, errors
print(f"the numerical gradient, timed: {numerical_s / backprop_s:,.0f} times as long as backprop")

# %% [markdown]
# ## What a gradient costs
#
# The numerical gradient needs **two forward passes per parameter**: at least 7,520 for 3,760
# parameters, hence the thousands of times above. Backprop needs one forward and one backward pass,
# whatever the number of parameters: each upstream `dout` is computed once and reused by every
# parameter before it. Hidden unit $j$ reaches the loss along 10 paths (one per score); backprop
# sums them into $\partial L/\partial h_j$ once and reuses it for all 64 weights into it. An Affine
# layer (chapter 07) does one matrix product forward, $XW$, and two backward, $\mathrm{d}Y\,W^\top$
# and $X^\top\mathrm{d}Y$, like the multiply node of chapter 03. So, counted in multiplications,
# forward + backward is worth three forward passes. Both are counted and timed here on
# 1,000 digits with 500 hidden units, where the products take more of the time. The forward
# pass also pays for exp, log and the ReLU mask, which backward does not repeat, so the
# timed ratio comes out between 2 and 3:

# %%
big = TwoLayerNet(64, 500, 10, weight_init_std=0.1, seed=0)
xk, tk = data.x_train[:1000], data.t_train[:1000]
forward_products = sum(len(xk) * big.params[W].size for W in ("W1", "W2"))   # X W
backward_products = 2 * forward_products                                     # dY W^T, X^T dY
print(f"multiplications: forward {forward_products:,}, backward {backward_products:,}, together "
      f"{(forward_products + backward_products) / forward_products:.0f} forward passes")
training.time_gradient(big, xk, tk)   # medians of 20 runs of big.loss and of big.gradient

# %% [markdown]
# ## The training loop
#
# Training repeats one step: take a **mini-batch** of training digits, compute the
# gradient of its loss by backprop, and move every parameter a little against it. The
# book's `train_neuralnet.py` is that step in a loop, with each mini-batch drawn at
# random. Here it is, with step 2 in `training.sgd_step`: you write that step in exercise 1
# (unlike the book's, a batch never draws a digit twice, and the loss recorded is the one its
# gradient came from):

# %%
def train_random_batches(net, x, t, learning_rate, steps, batch_size=100, seed=0):
    """The book's loop, one random mini-batch a step; returns each batch's loss before its step."""
    rng = np.random.default_rng(seed)
    losses = []
    for _ in range(steps):
        batch = rng.choice(len(x), size=batch_size, replace=False)   # 1. a mini-batch
        training.sgd_step(net, x[batch], t[batch], learning_rate)   # 2. backprop, a step downhill
        losses.append(net.last_layer.loss)                 # 3. the loss its gradient came from
    return losses


first = TwoLayerNet(64, 50, 10, weight_init_std=0.1, seed=0)
losses = train_random_batches(first, data.x_train, data.t_train, learning_rate=1.0, steps=300)
for step in (1, 10, 50, 100, 300):
    print(f"step {step:>3}: loss of its mini-batch before the step {losses[step - 1]:.4f}")
print(f"validation accuracy after 300 steps: {100 * first.accuracy(data.x_val, data.t_val):.2f}%")

# %% [markdown]
# The step moves each parameter against its gradient (the `-=` update at the end of *Forward:
# walk the layers*). That minus sign is the whole idea: the gradient points to where the loss
# *grows* fastest, so a step against it lowers the loss, if the step is not too long (the
# learning rate, below). Each step sees other digits, yet the batch losses fall from about
# $\log 10$.
#
# > **`-=`, not `= ... -`.** In the book's plain dict, `params[key] = params[key] - ...` puts a
# > *new* array in the dict, while the Affine layer keeps computing with the old one. This library's
# > `params` (a Params) copies what you assign into the layers' arrays, which hides the mistake; the
# > demo and the exercise-1 check use the book's plain dict:

# %%
plain = TwoLayerNet(64, 50, 10, weight_init_std=0.1, seed=0)
plain.params = dict(plain.params)   # the book's plain dict, not a Params
for key, grad in plain.gradient(xb, tb).items():
    plain.params[key] = plain.params[key] - 1.0 * grad
print(f"loss before the step {plain.last_layer.loss:.4f}, after it {plain.loss(xb, tb):.4f}")

# %% [markdown]
# Learning silently stops; exercise 1's check catches it in your loop.
#
# ### Epochs
#
# Random batches leave it to chance which digits the network sees. **Predict:** 11 steps
# of the loop above on the 1,097 training digits of `data` (11 batches of 100 is about one
# pass over them), each a random batch of 100 different digits: how many of the 1,097 do
# they never draw? Write it in `my_missed`.

# %%
my_missed = None   # YOUR PREDICTION: a whole number of digits

# %%
check.missed_prediction(my_missed)

# %%
def show_missed():
    rng = np.random.default_rng(0)
    drawn = np.concatenate([rng.choice(len(data.x_train), size=100, replace=False)
                            for _ in range(11)])
    print(f"11 random batches of 100: {len(np.unique(drawn))} different digits of "
          f"{len(data.x_train):,}; {len(data.x_train) - len(np.unique(drawn))} never drawn")


reveal(my_missed, show_missed, name=None)

# %% [markdown]
# The chapter's runs therefore go in **epochs**: shuffle the training digits (seeded), take
# them 100 at a time until every one is used (the last batch takes what is left), record
# the loss, and shuffle again. An epoch uses every digit exactly once.
#
# ### Your own training loop (exercise 1)
#
# Write `my_train(net, x, t, x_val, t_val, learning_rate, epochs, batch_size, seed)`: the
# loop of `train_random_batches`, but in epochs, seeded by `seed`. It trains `net` in
# place; after each epoch it records `net.loss(x, t)` and the loss on the validation
# digits `x_val, t_val`. It returns `losses, lowest_val_epoch`: the training losses, and
# the epoch (counted from 1) after which the validation loss was lowest (the epoch whose
# weights did best on digits never trained on; the chapter's own run gives it as `best`,
# used at the end). The check watches the
# samples of every step of two epochs, and trains the chapter's network with your loop on
# `data` (100 epochs, learning rate 1) to at least 96 % on the validation digits.

# %%
def my_train(net, x, t, x_val, t_val, learning_rate, epochs, batch_size, seed):
    # YOUR CODE HERE
    raise NotImplementedError("YOUR CODE")


# %%
check.training_loop(my_train)

# %% [markdown]
# ## Training on the digits
#
# The chapter's run, trained once to 300 epochs with `training.train` (that epoch loop,
# recording the loss and accuracy on the training and validation digits after each epoch),
# learning rate 1.0 (not the book's 0.1: *What the learning rate does* compares them),
# seeded batches and weights; here its first 100:

# %%
history = training.validation_run()[0].upto(100)
best = int(np.argmin(history.loss_val))       # the epoch with the lowest validation loss
display(training.curves_figure(history))      # log axis: equal steps are equal factors
print(f"lowest validation loss after epoch {best}: {history.loss_val[best]:.4f}; training loss "
      f"then {history.loss_train[best]:.4f}, after epoch 100 {history.loss_train[100]:.4f}")

# %% [markdown]
# The training loss still falls at epoch 100; after epoch `best` the validation loss moves too
# little to see on this log axis (the view after the check zooms in). **Predict:** train on to epoch
# 300. Will the validation accuracy, and the validation loss (mean of epochs 291-300 against
# 91-100), be above, the same as (as many digits right; the loss within 2 %), or below epoch 100?
# After the check, the view's **Start** trains on to 300, then shows the numbers.

# %%
my_accuracy = None   # YOUR PREDICTION: "above", "the same" or "below"
my_val_loss = None   # YOUR PREDICTION: "above", "the same" or "below"

# %%
check.longer_prediction(my_accuracy, my_val_loss)


# %%
def show_longer():
    for epoch in sorted({5, 10, 20, best, 50, 100}):   # the first 100 epochs in numbers
        print(f"epoch {epoch:>3}: validation accuracy {100 * history.acc_val[epoch]:.2f}%, loss "
              f"{history.loss_val[epoch]:.4f}; training loss {history.loss_train[epoch]:.4f}")
    # Start trains epochs 101 to 300; then the view shows the 300-epoch numbers, curve and why
    return training_view.continued(data, epochs=100, more=200, report=lambda: [
        training.longer_report(best), training.loss_val_figure(best), check.explain("longer")])


reveal((my_accuracy, my_val_loss), show_longer, name=None)

# %% [markdown]
# ## What the learning rate does
#
# The learning rate sets the length of each step (step = learning rate × gradient). Too
# short and training crawls; too long and a step overshoots the valley it was meant to go
# down. **Predict before the runs below:** the chapter's network, trained for 30 epochs at
# learning rates 0.1, 1, 2 and 3 (each from the same three seeded starts). At 3, does it
# learn three times as fast as at 1, just as well, worse, or not at all? Write it in
# `my_guess`, and in `my_loss` the training loss you expect after epoch 30 at rate 3, to one
# decimal.

# %%
my_guess = None   # YOUR PREDICTION: "three times as fast", "as well", "worse" or "not at all"
my_loss = None    # YOUR PREDICTION: the training loss after epoch 30 at learning rate 3

# %%
check.rate_prediction(my_guess, my_loss)

# %%
runs = learning_rates.compare(data, learning_rates=(0.1, 1.0, 2.0, 3.0), epochs=30,
                              seeds=(0, 1, 2))


def show_runs():
    display(learning_rates.report(runs), check.explain("rates"))
    learning_rates.report_steps(data, learning_rate=3.0, steps=11)   # one fresh network
    return check.explain("steps")


reveal((my_guess, my_loss), show_runs, name=None)

# %% [markdown]
# ## What the starting scale does
#
# The weights start as `weight_init_std` times standard normal numbers: 0.1 here, 0.01 in
# the book. **Predict first**, for the chapter's network (seed 0): how many times larger
# is `dW1` on the batch `xb` at 0.1 than at 0.01 (`my_factor`)? And `db2`?

# %%
my_factor = None      # YOUR PREDICTION: |dW1| at scale 0.1 / |dW1| at scale 0.01, on xb
my_factor_b2 = None   # YOUR PREDICTION: the same for db2

# %%
check.scale_prediction(my_factor, my_factor_b2)


# %%
def show_scales():
    small, large = (TwoLayerNet(64, 50, 10, weight_init_std=scale, seed=0).gradient(xb, tb)
                    for scale in (0.01, 0.1))
    print("gradient at 0.1 / at 0.01, on xb:", ", ".join(
        f"d{key} {np.linalg.norm(large[key]) / np.linalg.norm(small[key]):.1f}" for key in large))
    for scale in (0.01, 0.1, 1.0):
        for run in learning_rates.compare(data, learning_rates=(1.0,), epochs=30,
                                          seeds=(0, 1, 2), weight_init_std=scale):
            print(f"scale {scale:>4g}, seed {run.seed}: loss {run.loss_train[0]:.2f} -> "
                  f"{run.loss_train[1]:.2f} (epoch 1); validation {100 * run.acc_val[5]:.1f} % "
                  f"(epoch 5), {100 * run.acc_val[-1]:.1f} % (30); dead {run.dead[-1]}; "
                  f"W1 moved {run.w1_moved[-1]:.1f}x")
    return check.explain("scales")


reveal((my_factor, my_factor_b2), show_scales, name=None)

# %% [markdown]
# ## An all-zero start
#
# Why random at all? Start every weight and bias at exactly 0: `weight_init_std=0`.
# **Predict first**, from the backward pass: after training, which of the four parameter
# arrays will have changed (`True`) or stay exactly as they were (`False`)? And write
# `my_db2(labels)`: $\mathrm{d}b_2$ (ten numbers) of the first backward pass on a batch with
# these labels, worked out from the labels alone. The run after the check also trains a
# start with every weight 0.1, all alike (at learning rate 0.3).

# %%
changes = {"W1": None, "b1": None, "W2": None, "b2": None}   # YOUR ANSWER: True or False each


def my_db2(labels):   # db2 at the all-zero start on a batch with these labels: 10 numbers
    # YOUR CODE HERE
    raise NotImplementedError("YOUR CODE")

# %%
check.zero_start(changes, my_db2)

# %%
zero = TwoLayerNet(64, 50, 10, weight_init_std=0, seed=0)
zero_history = training.train(zero, data, epochs=30, learning_rate=1.0, seed=0)


def show_zero():
    learning_rates.report_starts(zero, zero_history, data, value=0.1, learning_rate=0.3)
    return check.explain("zero")


reveal(None if None in changes.values() or check.is_placeholder(my_db2) else changes, show_zero,
       name=None)

# %% [markdown]
# ## The test digits, once
#
# The choices made on validation digits: learning rate 1, starting scale 0.1, and `best` =
# 33 epochs, where the validation loss was lowest (50 hidden units are the book's, not
# tuned). Stopping there is **early stopping**, the simplest guard against overfitting (the
# book's chapter 6 treats others). Train on all 1,397 training digits (the validation
# digits too): an epoch is one look at every digit (each digit is seen as often; a judgement call),
# so 33 epochs are now 462 steps, not 363. Then look at the 400 test digits once:

# %%
final = TwoLayerNet(64, 50, 10, weight_init_std=0.1, seed=0)
training.train(final, full, epochs=best, learning_rate=1.0, seed=0)
test_accuracy = final.accuracy(full.x_test, full.t_test)
print(f"{best} epochs; test accuracy: {100 * test_accuracy:.2f}% "
      f"({round((1 - test_accuracy) * len(full.t_test))} of {len(full.t_test)} test digits wrong)")

# %% [markdown]
# ## Summary
#
# - `gradient` walks `predict`'s layers in reverse, from the loss layer with 1; the gradient
#   check holds it far below $10^{-7}$. Backprop: one forward and one backward pass, three
#   forward passes in multiplications; the numerical gradient: two forward passes *per parameter*.
# - Training: mini-batch, gradient, step in place (`-=`), in shuffled epochs. Choices are
#   made on validation digits, the test digits looked at once (97.50 % right). Trained on
#   to epoch 300, the training loss keeps falling while the validation loss climbs, the
#   network ever surer of its mistakes: overfitting. Early stopping stops at its lowest.
# - A learning rate of 2 or 3 kills the hidden units (dead ReLUs pass back nothing, for
#   good). At scale 0.01 both weight gradients start ten times smaller: learning starts slowly;
#   at 1.0 the network starts confidently wrong. Random starts break the symmetry: from all
#   zeros only $b_2$ learns, from equal weights 50 units act as one.
#
# Next, chapter 09 builds the machine behind `gradient` for any graph: an autograd of your
# own. Chapter 10 adds eight more silent bugs, some of which no gradient check catches.

# %% [markdown]
# ## Exercises
#
# Exercise 1 sits in *The training loop*. Worked answers, and optional extras (the
# digits the network gets wrong, what its first layer learnt, ReLU kinks, where this library
# differs from the book, an explorer of the learning rate's edge): [08_two_layer_net_solutions](../notebooks/solutions/08_two_layer_net_solutions.ipynb).
#
# ### Exercise 2: three suspects
#
# Each network imported below runs without an error and has one bug; all three are square
# (10 inputs, 10 hidden units, 10 classes), so no shape error points to it.
#
# **Step 1.** Before you read any code (it is out of sight in `teaching/suspects.py`), say
# where each bug sits:
#
# 1. *Measure.* `gradient_errors(SuspectA)` runs the gradient check on a 10-10-10 suspect
#    on 7 random samples, prints each relative error and returns `grads, numerical`. The backward
#    pass computes the loss layer's backward, Affine2's `dW` and `db`, what Affine2 passes
#    down, the ReLU, then Affine1's `dW` and `db`, in that order: a mistake spoils what is
#    computed after it, never what comes before. Narrow down from this pattern where the
#    bug can sit: `"loss layer"`, `"Affine layer"`, `"ReLU layer"` or `"gradient method"`.
# 2. *Decide.* Run the suspect's `last_layer`, `layers["Affine1"]` and `layers["Relu1"]` alone,
#    on small inputs of your own, against what chapters 07 and 05 say each must pass back.
# 3. Write what you measured in `evidence_...` (the check measures it too) and the places
#    in `where_...`: the check judges the three places together.

# %%
from teaching.suspects import SuspectA, SuspectB, SuspectC, gradient_errors, source

# YOUR CODE HERE: run gradient_errors on each suspect, and test each of its layers alone
# Then fill in: "failing": the set of parameters whose check fails, like {"W1", "W2"};
# "W2 ratio": grads["W2"] / numerical["W2"] over the entries where |numerical| > 1e-3 times
#     its largest |entry|: one number if all give the same to within 1 %, else "none"
evidence_a = {"failing": None, "W2 ratio": None}
evidence_b = {"failing": None, "W2 ratio": None}
evidence_c = {"failing": None, "W2 ratio": None}
where_a = None   # YOUR ANSWER: where the bug of SuspectA sits
where_b = None
where_c = None

# %%
check.bug_location((where_a, where_b, where_c), (SuspectA, SuspectB, SuspectC),
                   (evidence_a, evidence_b, evidence_c))

# %% [markdown]
# **Step 2.** Now read each suspect's code: `source(SuspectA)` prints the class and any layer class
# of its own (import that from `teaching.suspects`). Write `FixedA`, `FixedB` and `FixedC`, each a
# subclass of its suspect, with the bug fixed in a copy of the method that holds it (change only
# the wrong lines); a layer's method is fixed in a subclass of that layer, installed in `__init__`
# as the suspect does. Name each bug in a few words of your own in `bug_a`, `bug_b` and `bug_c`.

# %%
class FixedA(SuspectA):
    pass   # YOUR CODE HERE


class FixedB(SuspectB):
    pass   # YOUR CODE HERE


class FixedC(SuspectC):
    pass   # YOUR CODE HERE


bug_a = None   # YOUR ANSWER: the bug of SuspectA, in a few words
bug_b = None   # YOUR ANSWER: the bug of SuspectB
bug_c = None   # YOUR ANSWER: the bug of SuspectC

# %%
check.fixed_network(FixedA, SuspectA, bug=bug_a)

# %%
check.fixed_network(FixedB, SuspectB, bug=bug_b)

# %%
check.fixed_network(FixedC, SuspectC, bug=bug_c)

# %% [markdown]
# ### Exercise 3: a three-layer network
#
# Write `ThreeLayerNet(input_size, hidden1, hidden2, output_size, weight_init_std=0.01, seed=None)`:
# Affine, ReLU, Affine, ReLU, Affine, then Softmax-with-Loss, with parameters `W1, b1, W2, b2, W3,
# b3` in `params`, and the methods `loss(x, t)` and `gradient(x, t)` (a dict with the six
# gradients). Subclassing `TwoLayerNet` saves work (name the layers like the book's: `'Affine1'`,
# `'Relu1'`, ..., `'Affine3'`); read which inherited methods still fit six parameters. Optionally,
# compare your gradient yourself first: `TwoLayerNet.numerical_gradient` works for any `params` and
# any layers in `layers` and `last_layer` (it runs them, not your `loss`). It retries a step that
# carries a `Relu`'s input across 0 at 10 and 100 times smaller, then raises an error. Compare at
# `weight_init_std=0.1`, not 0.01 (the floor of the relative error, *The gradient check*).

# %%
from layers import Affine, Relu, SoftmaxWithLoss   # the layers your network needs


class ThreeLayerNet(TwoLayerNet):
    def __init__(self, input_size, hidden1, hidden2, output_size, weight_init_std=0.01,
                 seed=None):
        # set self.input_size and self.output_size too: the inherited loss and predict
        # check the shapes of x and t against them
        # YOUR CODE HERE
        raise NotImplementedError("YOUR CODE")


# %%
check.three_layer_net(ThreeLayerNet)

# %% [markdown]
# *Note.* The digits are the test set of the UCI "Optical Recognition of Handwritten Digits"
# (E. Alpaydin and C. Kaynak, 1998), licence CC BY 4.0, as scikit-learn bundles it.
