# %% [markdown]
# # 10. Common mistakes, and how to catch them

# %% [markdown]
# > **Goal:** debug backpropagation: recognise eight classic bugs by what they print, know which test catches each, and fix a buggy training loop. **Book:** the material of sections 5.4 to 5.7 (layers, the loss layer, the network and its training).

# %% [markdown]
# **What you will learn**
#
# - the tools that catch most backpropagation bugs: a gradient check (of one layer, or of
#   the whole graph), a small case worked by hand, and the loss curve;
# - eight bugs nearly everybody writes once, each shown happening after you predict what it
#   does, explained, and caught;
# - how to read a gradient check's relative error: what its size can tell you about a
#   wrong gradient, and what it cannot.
#
# Chapters [3](03_add_mul_backward.ipynb) to [7](07_affine_softmax.ipynb) test each layer
# as it is built. The eight here raise nothing, warn of nothing (the bugs that only warn,
# such as softmax without subtracting the maximum, are chapter 7's) and give the right shapes.

# %%
import numpy as np
from IPython.display import display

import layers
from layers import relative_error
from network import TwoLayerNet
from teaching import mystery
from teaching.checks import ch10 as check
from teaching.checks.ch10 import demo
from teaching.reveal import reveal

# %% [markdown]
# ## The toolbox
#
# **A gradient check** compares `backward` with central differences of `forward` and reports
# the relative error $\lVert a - n\rVert / (\lVert a\rVert + \lVert n\rVert)$ of the
# analytic gradient $a$ and the numerical one $n$. In float64 a right backward stays far
# below $10^{-7}$; a wrong one is usually far above $10^{-2}$. In between is a grey zone: a
# right backward lands there in float32, and at a kink even higher (below), so recheck in
# float64, away from kinks, before calling it wrong. Its size alone is ambiguous: in the
# next cell, one factor 5 on two unrelated gradients gives one error, and two unrelated
# random vectors give an error near 0.7, so 0.67 alone could be either.
#
# `layers.gradient_check(layer, x)` checks the gradients `backward` **returns**, those of
# the inputs. Gradients a layer keeps (`dW`, `db`) need `layers.numerical_gradient` of the
# loss as a function of `W`, and `layers.relative_error(a, n)`.

# %%
rng = np.random.default_rng(0)
g1, g2 = np.ones(3), rng.standard_normal(5)
print("same factor, two gradients:", round(relative_error(5 * g1, g1), 4),
      round(relative_error(5 * g2, g2), 4))
a_random, n_random = rng.standard_normal((2, 1000))
print("two unrelated vectors     :", round(relative_error(a_random, n_random), 4))

# %% [markdown]
# **Work it out** (mistakes 3, 4, 6 and exercise 1 use it): for a gradient $k$ times the
# right one, $a = k\,g$ and $n = g$ with $k > 0$, write the error as a formula in $k$ alone.
# Put it into `error_of_factor(k)`; for $k = 5$ it must give the 0.6667 above. Then the
# error of every $k < 0$, a gradient pointing the wrong way, into `error_for_negative`.

# %%
def error_of_factor(k):
    # YOUR CODE HERE: a formula in k, no arrays
    raise NotImplementedError("YOUR CODE")


error_for_negative = None   # YOUR CODE HERE: one number
check.error_of_factor(error_of_factor, error_for_negative)

# %% [markdown]
# Three more tools: **a small case worked by hand**, whose right numbers you know without
# the code; **a numerical gradient of the whole network**; **the loss curve**. And the
# chapter's `check` functions: on this chapter's buggy code, **Not yet** means *caught*.
#
# **False alarms.** At a kink (an input within $h$ of 0) the difference straddles the corner;
# in float32 (about 7 digits) $f(x + h) - f(x - h)$ with $h = 10^{-5}$ keeps two or three.

# %%
kink = layers.gradient_check(layers.Relu(), np.array([[1e-6, -2.0, 0.5]]))
x32, h32 = np.linspace(-2, 2, 9, dtype=np.float32), np.float32(1e-5)
numeric32 = (np.tanh(x32 + h32) - np.tanh(x32 - h32)) / (2 * h32)
in_float32 = relative_error(numeric32, 1 - np.tanh(x32.astype(float)) ** 2)
print(f"right Relu, an input at 1e-6: {kink:.1g}   right tanh' in float32: {in_float32:.1g}")

# %% [markdown]
# ## Mistake 1: a ReLU forward that returns the mask
#
# An easy slip when writing ReLU: a forward that returns the mask `(x > 0) * 1` instead of
# $\max(0, x)$.

# %%
class MaskRelu:
    def forward(self, x):
        self.mask = x <= 0
        return (x > 0) * 1        # the mistake: 0s and 1s, not the values

    def backward(self, dout):
        return np.where(self.mask, 0, dout)


check.relu_layer(MaskRelu)

# %% [markdown]
# Its backward is right; a network built on it runs on 0s and 1s instead of the values.
# Would a gradient check see it? Predict, from the toolbox's formula, the error of
# `layers.gradient_check` for `MaskRelu` (away from the kink at 0) with `dout = 1` and with
# a random `dout`; put both into `my_mask_errors`.

# %%
my_mask_errors = None   # your prediction: (error with dout = 1, with a random dout)
check.mask_prediction(my_mask_errors)

# %%
x_check = rng.standard_normal((3, 4))
x_check[np.abs(x_check) < 0.1] = 0.5      # stay away from the kink at 0


class SquareRelu(MaskRelu):
    def forward(self, x):
        super().forward(x)
        return np.maximum(0, x) ** 2      # another wrong forward, this one not flat


errors_mask = [layers.gradient_check(make(), x_check, dout=d)
               for make in (MaskRelu, SquareRelu) for d in (np.ones_like(x_check), None)]
demo("mask", my_mask_errors, lambda: check.report(
    ["MaskRelu, dout = 1", "MaskRelu, random dout", "SquareRelu, dout = 1",
     "SquareRelu, random dout"], errors_mask))

# %% [markdown]
# ## Mistake 2: one layer object used at two nodes
#
# A layer object keeps only its latest forward's inputs, so each node needs its own (chapter
# 4). Below, $x \to$ Affine $\to$ ReLU $\to$ Affine $\to$ ReLU $\to$ sum, with one `Relu()`
# object at both ReLU nodes. Predict: will `layers.gradient_check` of that object alone pass
# (error below $10^{-7}$), and will the network's `dx` pass a check against a numerical
# gradient of the whole network? Put your two answers (True or False) into `my_shared_passes`.

# %%
W1, W2 = rng.standard_normal((3, 3)), rng.standard_normal((3, 3))
x_two = rng.standard_normal((4, 3))


def two_relu_net(relu_1, relu_2):
    """The small network's forward (x -> a number) and backward (-> dx)."""
    affine_1, affine_2 = layers.Affine(W1, np.zeros(3)), layers.Affine(W2, np.zeros(3))

    def forward(x):
        return np.sum(relu_2.forward(affine_2.forward(relu_1.forward(affine_1.forward(x)))))

    def backward():
        dh = affine_2.backward(relu_2.backward(np.ones((4, 3))))
        return affine_1.backward(relu_1.backward(dh))

    return forward, backward


my_shared_passes = None   # your prediction: (the Relu() alone, the network), True or False
check.shared_relu_prediction(my_shared_passes)

# %%
shared = layers.Relu()
relu_errors = [layers.gradient_check(shared, x_two @ W1)]   # the input of the first node
for relus in [(shared, shared), (layers.Relu(), layers.Relu())]:
    forward, backward = two_relu_net(*relus)
    forward(x_two)
    relu_errors.append(relative_error(backward(), layers.numerical_gradient(forward, x_two)))
demo("shared_relu", my_shared_passes, lambda: check.report(
    ["the Relu() object alone", "network, one Relu() at both", "network, a Relu() per node"],
    relu_errors))

# %% [markdown]
# ## Mistake 3: dividing by $N$ twice
#
# The loss of a batch is a **mean**, so Softmax-with-Loss already divides its gradient by
# the batch size $N$ (chapter 7). A backward that divides a gradient by $N$ again, "because
# it is a batch", makes it $N$ times too small (`dW`, or `dx` and every gradient behind
# it). Below, `layers.Affine` and a copy that divides its `dW` again, each followed by the
# loss layer, on a batch of $N = 8$. Predict two errors of the copy: `layers.gradient_check`'s,
# and its `dW`'s against a numerical gradient (your `error_of_factor` helps): two numbers,
# into `my_divides_again`.

# %%
class AffineDividesAgain(layers.Affine):
    def backward(self, dout):
        dx = super().backward(dout)
        self.dW = self.dW / len(self.x)      # the mistake: the loss already took the mean
        return dx


N, D, C = 8, 4, 3
x_batch, labels = rng.standard_normal((N, D)), rng.integers(0, C, N)
W, b = rng.standard_normal((D, C)), np.zeros(C)


def loss_for(W_value, xs=x_batch, ts=labels):
    """The batch's mean loss as a function of the weights alone."""
    return layers.SoftmaxWithLoss().forward(layers.Affine(W_value, b).forward(xs), ts)


my_divides_again = None   # your prediction: (gradient_check's error, dW's error)
check.divides_again_prediction(my_divides_again)

# %%
second_rng = np.random.default_rng(1)
x_second, labels_second = second_rng.standard_normal((N, D)), second_rng.integers(0, C, N)
dW_errors = []
for make in (layers.Affine, AffineDividesAgain):
    for xs, ts in [(x_batch, labels), (x_second, labels_second)]:
        affine, loss = make(W, b), layers.SoftmaxWithLoss()
        loss.forward(affine.forward(xs), ts)
        affine.backward(loss.backward(1.0))
        numeric = layers.numerical_gradient(lambda W_value: loss_for(W_value, xs, ts), W.copy())
        dW_errors.append(relative_error(affine.dW, numeric))
dW_errors.append(layers.gradient_check(AffineDividesAgain(W, b), x_batch))
demo("divides_again", my_divides_again, lambda: check.report(
    ["Affine, dW, batch 1", "Affine, dW, batch 2", "AffineDividesAgain, dW, batch 1",
     "AffineDividesAgain, dW, batch 2", "gradient_check(AffineDividesAgain)"], dW_errors))

# %% [markdown]
# ## Mistake 4: the last layer ignores `dout`
#
# The loss is the end of the graph, where $\partial L/\partial L = 1$, so it is tempting to
# write the loss layer's backward without a `dout` (any layer can drop it: returning its
# local derivative alone is the same bug). `layers.gradient_check(layer, x, dout=d)` checks
# the gradient of $d$ times the layer's output: with $d = 0.5$, of the loss scaled,
# $L = 0.5\cdot\text{loss}$. Predict its error for `LossIgnoringDout` with $d = 1$ and
# with $d = 0.5$: two numbers, into `my_dout_errors`.

# %%
class LossIgnoringDout:
    """Softmax-with-Loss for fixed one-hot labels t; its backward forgets dout (the mistake)."""

    def __init__(self, t):
        self.t = t

    def forward(self, scores):
        self.y = layers.softmax(scores)
        return -np.sum(self.t * np.log(self.y)) / len(self.y)

    def backward(self, dout):
        return (self.y - self.t) / len(self.y)     # dout is never used


scores, t_onehot = np.array([[2.0, -1.0, 0.5], [0.1, 0.2, -0.3]]), np.eye(3)[[0, 2]]
my_dout_errors = None   # your prediction: (error with d = 1, with d = 0.5)
check.dout_prediction(my_dout_errors)

# %%
dout_errors = [layers.gradient_check(LossIgnoringDout(t_onehot), scores, dout=d)
               for d in (1.0, 0.5)]
demo("dout", my_dout_errors, lambda: check.report(
    ["LossIgnoringDout, dout = 1", "LossIgnoringDout, dout = 0.5"], dout_errors))

# %% [markdown]
# ## Mistake 5: one character in the update
#
# The update `params[k] -= learning_rate * grads[k]` and the same line with `+=` use the
# same gradients, right ones: every gradient check passes for both. The cell below prints a
# small network's loss and $\lVert g\rVert^2$, the squares of all its gradient's entries,
# summed. Write down, to first order, how a small step of the parameters changes the loss;
# then predict that change (after minus before) in the first step with
# `learning_rate = 0.1`, once with `-=` and once with `+=`, into `my_first_step`.
# `mystery.losses_with_update` then trains this network five steps each way (its loop is
# exercise 2's to write).

# %%
x_small = rng.standard_normal((20, 5))
t_small = rng.integers(0, 3, 20)
net = TwoLayerNet(5, 8, 3, weight_init_std=0.5, seed=1)
grad_norm2 = sum(float(np.sum(g ** 2)) for g in net.gradient(x_small, t_small).values())
print(f"loss at the start: {net.loss(x_small, t_small):.4f}   ||g||^2: {grad_norm2:.4f}")
my_first_step = None   # your prediction: (change with -=, change with +=)
check.first_step_prediction(my_first_step, 0.1, grad_norm2)

# %%
down = mystery.losses_with_update("-=", x_small, t_small, learning_rate=0.1)
up = mystery.losses_with_update("+=", x_small, t_small, learning_rate=0.1)


def two_curves():
    print("change of the loss in the first step")
    print(f"  measured   : -= {down[1] - down[0]:+.4f}   += {up[1] - up[0]:+.4f}")
    print(f"  first order: -= {-0.1 * grad_norm2:+.4f}   += {0.1 * grad_norm2:+.4f}")
    mystery.plot_losses(down, "params -= lr * grad", up, "params += lr * grad (the mistake)")


demo("curves", my_first_step, two_curves)

# %% [markdown]
# ## Mistake 6: gradients that pile up across steps
#
# Chapter 9's training loop met this bug: a `grad` not reset to 0 each step sums the old
# gradients in. In a layer it is a backward that adds its new `dW` to the kept one. Below,
# `AccumulatingAffine` runs forward and backward three times on mistake 3's first batch,
# each `dW` checked against that batch's numerical gradient. Predict the error after pass 1
# and after pass 3: two numbers, into `my_pile_up`.

# %%
class AccumulatingAffine(layers.Affine):
    def backward(self, dout):
        previous = 0 if self.dW is None else self.dW
        dx = super().backward(dout)
        self.dW = previous + self.dW      # the mistake: adds to the previous step's dW
        return dx


my_pile_up = None   # your prediction: (error after pass 1, after pass 3)
check.pile_up_prediction(my_pile_up)

# %%
affine, pile_up = AccumulatingAffine(W, b), []
numeric = layers.numerical_gradient(loss_for, W.copy())
for _ in range(3):
    loss = layers.SoftmaxWithLoss()
    loss.forward(affine.forward(x_batch), labels)
    affine.backward(loss.backward(1.0))
    pile_up.append(relative_error(affine.dW, numeric))
demo("pile_up", my_pile_up, lambda: check.report(
    ["dW, pass 1", "dW, pass 2", "dW, pass 3"], pile_up))

# %% [markdown]
# ## Mistake 7: integer arrays in a numerical gradient
#
# The usual numerical gradient nudges one element of `x` by $\pm h$ in place, evaluates $f$
# twice, and puts the element back. Give it an **integer** array and each nudged value
# $x_i \pm h$ is stored into that integer array, cut toward zero as the probe below shows.
# Predict what `numerical_gradient_in_place` returns for $f(x) = \sum x^2$ at the
# integer point $[1, 2]$, whose gradient is $[2, 4]$: two numbers, into `my_int_gradient`.

# %%
def numerical_gradient_in_place(f, x, h=1e-4):
    grad = np.zeros_like(x)           # an int array for int input
    for i in np.ndindex(x.shape):
        keep = x[i]
        x[i] = keep + h
        f_plus = f(x)
        x[i] = keep - h
        f_minus = f(x)
        grad[i] = (f_plus - f_minus) / (2 * h)
        x[i] = keep
    return grad


probe = np.array([5, 5])
probe[:] = [2.7, -2.7]               # floats stored into an integer array
print("stored:", probe.tolist())
my_int_gradient = None   # your prediction: two numbers
check.int_gradient_prediction(my_int_gradient)

# %%
def integer_gradient():
    at_1_2 = numerical_gradient_in_place(lambda v: np.sum(v ** 2), np.array([1, 2]))
    print("numerical_gradient_in_place at [1, 2]:", at_1_2.tolist())
    display(check.numerical_gradient(numerical_gradient_in_place))


demo("integer", my_int_gradient, integer_gradient)

# %% [markdown]
# ## Mistake 8: one sample where a batch was expected
#
# A network takes a batch of shape $(N, D)$. One image taken from a batch, `x[0]`, has
# shape $(D,)$: no batch axis. Below, a loss that reads the batch size as `len(y)`, on a
# batch of one. Predict, from what it prints, what `batch_cross_entropy(y[0], label[0])`
# returns, the same sample with shape $(4,)$: one number, into `my_one_sample_loss`.

# %%
def batch_cross_entropy(y, t):
    """Mean cross-entropy of probabilities y and one-hot labels t, both (N, C)."""
    return float(-np.sum(t * np.log(y)) / len(y))


y = layers.softmax(np.array([[2.0, 1.0, 0.1, -1.0]]))
label = np.array([[1.0, 0.0, 0.0, 0.0]])
print("batch of one, shape (1, 4):", round(batch_cross_entropy(y, label), 4))
my_one_sample_loss = None   # your prediction: one number
check.one_sample_prediction(my_one_sample_loss)

# %%
loss_one = batch_cross_entropy(y[0], label[0])
demo("one_sample", my_one_sample_loss, lambda: print("one sample, shape (4,):", round(loss_one, 4)))

# %% [markdown]
# ## Summary
#
# Each symptom, its likely bug, and the test that catches it:
#
# | symptom | likely bug | test that catches it |
# |---|---|---|
# | exactly 1 | a flat forward (1), a zero gradient, or a gradient of the wrong sign ($k < 0$) | gradient check |
# | the forward differs from a reference; errors that vary with the values and `dout` | a wrong forward (1) | forward against a reference |
# | each layer passes, the network fails | one layer object at two nodes (2) | numerical gradient of the whole graph |
# | the same error, to many digits, for any values and `dout` | a stray constant factor, such as $1/N$ twice (3) | a check of every gradient, kept `dW` too |
# | fails only when `dout` $\ne 1$ | a layer ignores `dout` (4) | check with `dout` $\ne 1$ |
# | the loss rises from the first step | the update's sign (5) | the loss curve |
# | a check that passes once, then fails | gradients piling up (6) | backward twice on the same input; the two must match |
# | a numerical gradient of thousands | integer input (7) | a known gradient ($2x$) on integers |
# | a loss too small by the number of classes | one sample, no batch axis (8) | a case by hand |

# %% [markdown]
# ## Exercises
#
# Write your code in the cells marked `# YOUR CODE HERE`, then run the check below each. It
# shows **Right**, or **Not yet** with a hint (**Not attempted yet** while the template is
# untouched). Worked answers are in
# [the solutions notebook](../notebooks/solutions/10_common_mistakes_solutions.ipynb); try first.
#
# ### Exercise 1: what the size of the error says
#
# Turn the toolbox's `error_of_factor` round: write `factors_for_error(e)`, the two factors
# $k > 0$ giving an error $e$ ($0 < e < 1$), the smaller first. A colleague's check of `dW`
# reports 0.9394 for every weight matrix. Your factors tell you the colleague's batch size
# $N$: then name the bug behind each factor, one letter per factor, smaller first, in
# `my_bugs`: (a) the loss's $1/N$ applied twice; (b) a `dout` ignored; (c) the $1/N$
# forgotten; (d) a gradient added to the previous step's (each step on a fresh batch). Only
# then write `factor_of(a, n)`, which returns $k$ for $a = k\,n$, apply it to the
# colleague's pair below into `k_seen`, and put the letter of the colleague's bug into
# `colleague_bug`.

# %%
def factors_for_error(e):
    # YOUR CODE HERE
    raise NotImplementedError("YOUR CODE")


def factor_of(a, n):
    # YOUR CODE HERE
    raise NotImplementedError("YOUR CODE")


a_seen, n_seen = mystery.colleague_gradients()   # the stored dW and the numerical one
my_bugs = None              # YOUR CODE HERE: two letters, as a tuple
k_seen = None               # YOUR CODE HERE
colleague_bug = None        # YOUR CODE HERE: a letter

# %%
check.factors_for_error(factors_for_error, factor_of, k_seen, my_bugs, colleague_bug)


# %% [markdown]
# ### Exercise 2: a training loop with two bugs
#
# `mystery.buggy_train(model, x, t, learning_rate, steps)` trains any model that has
# `params` (a dict of arrays), `gradient(x, t)` and `loss(x, t)`, and returns the loss
# after each step. It has two bugs this chapter has not shown. Start from the symptom: its
# loss curve on mistake 5's network and batch, beside the right loop's. Its code comes
# after your diagnosis.

# %%
net = TwoLayerNet(5, 8, 3, weight_init_std=0.5, seed=1)   # mistake 5's network, same start
buggy = [net.loss(x_small, t_small)] + mystery.buggy_train(net, x_small, t_small, 0.2, 25)
right = mystery.losses_with_update("-=", x_small, t_small, steps=25, learning_rate=0.2)
mystery.plot_losses(right, "the right loop", buggy, "buggy_train")

# %% [markdown]
# What does the curve point at? (a) the update's sign; (b) a learning rate too large, each
# step overshooting; (c) every step taking the same direction, a gradient that no longer
# follows the parameters; (d) the loss recorded before each step instead of after. Put the
# letter into `my_diagnosis`.

# %%
my_diagnosis = None   # YOUR CODE HERE: a letter
check.loop_diagnosis(my_diagnosis)

# %% [markdown]
# Once your diagnosis is written, the cell below prints `buggy_train`. Find both bugs (the
# curve shows one of them) and write `fixed_train` with the same arguments. The check runs
# your loop on a small model of its own and follows every step.

# %%
reveal(my_diagnosis, mystery.show_buggy_train, name=None)


# %%
def fixed_train(model, x, t, learning_rate, steps):
    # YOUR CODE HERE
    raise NotImplementedError("YOUR CODE")


# %%
check.fixed_train(fixed_train)


# %% [markdown]
# ### Exercise 3: name the bug from what it measures
#
# `mystery.A`, `mystery.B`, `mystery.C` and `mystery.D` are tanh layers, $y = \tanh x$, each
# with one of mistakes 1, 3 (here a stray constant factor in `dx`), 4 and 6. Don't open their
# source: tell them apart by what you measure on `x_mystery`. First write
# `signature(make_layer, x)`, four measurements of a layer: the gradient check's error with
# `dout = 1`, its error with a random `dout`, the relative error of `forward` against
# `np.tanh` (each on a fresh layer), and whether its gradient piles up across passes (True
# or False). The check tries it on layers of its own; then measure the four and name their
# mistakes in `found`.

# %%
x_mystery = np.array([[0.5, -1.0, 2.0], [0.1, -0.3, 1.5], [1.2, -0.7, 0.3], [-1.5, 0.8, -0.2]])


def signature(make_layer, x):
    # YOUR CODE HERE: four measurements, as a tuple
    raise NotImplementedError("YOUR CODE")


# YOUR CODE HERE: measure mystery.A to mystery.D
found = {"A": None, "B": None, "C": None, "D": None}   # YOUR CODE HERE: mistake numbers

# %%
check.mystery_layers(signature, found)
