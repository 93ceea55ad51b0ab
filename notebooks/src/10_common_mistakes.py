# %% [markdown]
# # 10. Common mistakes, and how to catch them

# %% [markdown]
# > **Goal:** eight bugs nearly everybody writes once raise nothing and warn of nothing:
# > recognise each by what it prints, know which test catches it, and what the size of a
# > gradient check's error says.
# >
# > **Book:** the material of sections 5.4 to 5.7. **You need:** chapters 4 to 9 (layers,
# > Softmax-with-Loss, the network, its training loop).

# %%
import numpy as np

import layers
from layers import relative_error
from network import TwoLayerNet
from teaching import mystery
from teaching.checks import ch10 as check
from teaching.checks.ch10 import demo, report, show_buggy_train_once_right

# %% [markdown]
# ## The toolbox
#
# - `layers.gradient_check(layer, *inputs, dout=None, h=1e-5, seed=0)`: `backward(dout)`
#   against central differences of $\sum$ `forward(*inputs) * dout`, the worst error over all
#   inputs; unless given, `dout` is random but seeded, the same on every call;
# - `layers.numerical_gradient(f, x)` and `relative_error(a, n)`: any gradient, such as a
#   whole network's.
#
# A gradient check reports $\lVert a - n\rVert / (\lVert a\rVert + \lVert n\rVert)$ for the
# analytic $a$ and numerical $n$: in float64 far below $10^{-7}$ if right,
# usually far above $10^{-2}$ if not.
#
# **False alarms.** A right backward scores high at a kink (an input within $h$ of 0), and
# in float32 (7 digits, of which $f(x + h) - f(x - h)$ keeps two or three).
# `gradient_check` always works on float64 copies; the float32 alarm hits your own checks.

# %%
rng = np.random.default_rng(0)
kink = layers.gradient_check(layers.Relu(), np.array([[1e-6, -2.0, 0.5]]))
x32, h32 = np.linspace(-2, 2, 9, dtype=np.float32), np.float32(1e-5)
numeric32 = (np.tanh(x32 + h32) - np.tanh(x32 - h32)) / (2 * h32)
in_float32 = relative_error(numeric32, 1 - np.tanh(x32.astype(float)) ** 2)
print(f"right Relu, an input at 1e-6: {kink:.1g}   right tanh' in float32: {in_float32:.1g}")

# %% [markdown]
# **Work it out** (mistakes 3, 4, 6 and exercise 1 use it): for $a = k\,g$ and $n = g$,
# write the error as a formula in $k$ alone, for every $k \ne 0$ (a negative $k$ points the
# wrong way), into `error_of_factor(k)`; for $k = 5$ it gives 0.6667. The check calls it
# with many $k$, negative ones too.

# %%
def error_of_factor(k):
    # YOUR CODE HERE: a formula in k
    raise NotImplementedError("YOUR CODE")


check.error_of_factor(error_of_factor)

# %% [markdown]
# ## Mistake 1: a ReLU forward that returns the mask
#
# `MaskRelu` returns `(x > 0) * 1`, not $\max(0, x)$; its backward is right. Predict, from the
# toolbox's formula, `layers.gradient_check`'s error for it (away from the kink) with
# `dout = 1` and with a random `dout`: `my_mask_errors`.

# %%
class MaskRelu:
    def forward(self, x):
        self.mask = x <= 0
        return (x > 0) * 1        # the mistake: 0s and 1s, not the values

    def backward(self, dout):
        return np.where(self.mask, 0, dout)


my_mask_errors = None   # your prediction: (error with dout = 1, with a random dout)
check.mask_prediction(my_mask_errors)

# %%
x_check = rng.standard_normal((3, 4))
x_check[np.abs(x_check) < 0.1] = 0.5      # stay away from the kink at 0
errors_mask = [layers.gradient_check(MaskRelu(), x_check, dout=d)
               for d in (np.ones_like(x_check), None)]


def mask_demo():
    report(["MaskRelu, dout = 1", "MaskRelu, random dout"], errors_mask)
    x_ref = np.array([-1.0, 0.5, 2.0])       # forward against a reference, np.maximum
    print("MaskRelu:", MaskRelu().forward(x_ref), "  reference:", np.maximum(0, x_ref))


demo("mask", my_mask_errors, mask_demo)

# %% [markdown]
# ## Mistake 2: one layer object used at two nodes
#
# `mystery.two_relu_net` builds $x \to$ Affine($W_1$) $\to$ ReLU $\to h \to$ Affine($W_2$)
# $\to$ ReLU $\to$ sum (zero biases) from the ReLU objects given: below, one `Relu()` at both.
# Whose forward (1 or 2) stored the mask that the first node's backward reads, and the
# second node's? Into `my_mask_readers`.

# %%
W1, W2, x_two = (rng.standard_normal(shape) for shape in ((3, 3), (3, 3), (4, 3)))
my_mask_readers = None   # your prediction: two numbers, 1 or 2
check.shared_relu_prediction(my_mask_readers)

# %%
shared = layers.Relu()
forward, backward, forward_from_h = mystery.two_relu_net(W1, W2, shared, shared)
forward(x_two)
h, (dh, dx) = np.maximum(0, x_two @ W1), backward()   # h: the first ReLU's output
relu_errors = [relative_error(dh, layers.numerical_gradient(forward_from_h, h)),
               relative_error(dx, layers.numerical_gradient(forward, x_two))]
demo("shared_relu", my_mask_readers, lambda: report(["one Relu() at both, dh",
                                                     "one Relu() at both, dx"], relu_errors))

# %% [markdown]
# ## Mistake 3: the bias gradient as a mean
#
# The loss of a batch is a mean, so why not the bias's gradient? Below, `layers.Affine` and
# a copy that takes that mean, on a batch of $N = 8$. Predict two errors of the copy,
# `layers.gradient_check`'s and its `db`'s (use `error_of_factor`), into `my_mean_bias`.

# %%
class AffineMeanBias(layers.Affine):
    def backward(self, dout):
        dx = super().backward(dout)
        self.db = dout.mean(axis=0)      # the mistake
        return dx


N, D, C = 8, 4, 3
x_batch, labels = rng.standard_normal((N, D)), rng.integers(0, C, N)
W, b = rng.standard_normal((D, C)), rng.standard_normal(C)
my_mean_bias = None   # your prediction: (gradient_check's error, db's error)
check.mean_bias_prediction(my_mean_bias)

# %%
def db_error(make_affine, xs, ts):   # the kept db under Softmax-with-Loss, against numerical
    def loss_of_b(b_):
        return layers.SoftmaxWithLoss().forward(layers.Affine(W, b_).forward(xs), ts)

    affine, loss = make_affine(W, b), layers.SoftmaxWithLoss()
    loss.forward(affine.forward(xs), ts)
    affine.backward(loss.backward(1.0))
    return relative_error(affine.db, layers.numerical_gradient(loss_of_b, b.copy()))


rng_2 = np.random.default_rng(1)   # a second batch
batches = [(x_batch, labels), (rng_2.standard_normal((N, D)), rng_2.integers(0, C, N))]
db_errors = [db_error(make, xs, ts)
             for make in (layers.Affine, AffineMeanBias) for xs, ts in batches]
db_errors.append(layers.gradient_check(AffineMeanBias(W, b), x_batch))


def mean_bias_demo():
    report(["Affine, db, batch 1", "Affine, db, batch 2", "AffineMeanBias, db, batch 1",
            "AffineMeanBias, db, batch 2", "gradient_check(AffineMeanBias)"], db_errors)


demo("mean_bias", my_mean_bias, mean_bias_demo)

# %% [markdown]
# ## Mistake 4: the last layer ignores `dout`
#
# The loss ends the graph, where $\partial L/\partial L = 1$, so why take a `dout`? With
# `dout=d`, `layers.gradient_check` checks the gradient of the scaled loss, $L = d\cdot\text{loss}$.
# Predict its error for `LossIgnoringDout` as a function of $d \ne 0$, into `my_dout_error`.

# %%
class BatchLoss:
    def __init__(self, t):
        self.t = t                  # Softmax-with-Loss for fixed one-hot labels t

    def forward(self, scores):
        self.y = layers.softmax(scores)
        return -np.sum(self.t * np.log(self.y)) / len(self.y)

    def backward(self, dout):
        return dout * (self.y - self.t) / len(self.y)


class LossIgnoringDout(BatchLoss):
    def backward(self, dout):
        return (self.y - self.t) / len(self.y)     # the mistake: dout is never used


my_dout_error = None   # your prediction: a function of d (def or lambda d: ...)
check.dout_prediction(my_dout_error)

# %%
scores, t_onehot = np.array([[2.0, -1.0, 0.5], [0.1, 0.2, -0.3]]), np.eye(3)[[0, 2]]
dout_values = (1.0, 0.5, 2.0, -1.0)
dout_errors = [layers.gradient_check(LossIgnoringDout(t_onehot), scores, dout=d)
               for d in dout_values]
demo("dout", my_dout_error, lambda: report(
    [f"LossIgnoringDout, dout = {d:g}" for d in dout_values], dout_errors))

# %% [markdown]
# ## Mistake 5: one character in the update
#
# `params[k] -= learning_rate * grads[k]` and the same line with `+=` use the same, right
# gradients: every gradient check passes for both. Below, a small network's loss and
# $\lVert g\rVert^2$, all its gradient's entries squared and summed. Predict, to first order
# ($\Delta L \approx \sum g \cdot \Delta\theta$ over every entry), the first step's change
# $\Delta L$ of the loss with `learning_rate = 0.1`, with `-=` and with `+=`, into
# `my_first_step`; the cell below trains this network five steps each way.

# %%
x_small, t_small = rng.standard_normal((20, 5)), rng.integers(0, 3, 20)
net = TwoLayerNet(5, 8, 3, weight_init_std=0.5, seed=1)
grad_norm2 = sum(float(np.sum(g ** 2)) for g in net.gradient(x_small, t_small).values())
print(f"loss at the start: {net.loss(x_small, t_small):.4f}   ||g||^2: {grad_norm2:.4f}")
my_first_step = None   # your prediction: (change with -=, change with +=)
check.first_step_prediction(my_first_step, 0.1, grad_norm2)

# %%
down, up = (mystery.losses_with_update(update, x_small, t_small, learning_rate=0.1)
            for update in ("-=", "+="))


def two_curves():
    print(f"first step, measured: -= {down[1] - down[0]:+.4f}   += {up[1] - up[0]:+.4f}")
    print(f"first order         : -= {-0.1 * grad_norm2:+.4f}   += {0.1 * grad_norm2:+.4f}")
    mystery.plot_losses(down, "params -= lr * grad", up, "params += lr * grad (the mistake)")


demo("curves", my_first_step, two_curves)

# %% [markdown]
# ## Mistake 6: gradients that pile up
#
# [Chapter 9](09_autograd.ipynb)'s `train` sets every parameter's `grad` to 0 before backward.
# `PilingAffine` never does: its backward adds each pass's `dW` to the one it kept. One
# object goes through the same check of `dW` again and again (same `x`, same `dout`); the
# first passes. Predict the error of the $m$-th check as a function of $m$: `my_pile_up`.

# %%
class PilingAffine(layers.Affine):
    def backward(self, dout):
        kept = 0 if self.dW is None else self.dW
        dx = super().backward(dout)
        self.dW = kept + self.dW      # the mistake: += across passes, never reset
        return dx


my_pile_up = None   # your prediction: a function of m (def or lambda m: ...)
check.pile_up_prediction(my_pile_up)

# %%
piling, dout_W = PilingAffine(W, b), rng.standard_normal((N, C))
numeric_dW = layers.numerical_gradient(lambda W_: np.sum(dout_W * (x_batch @ W_ + b)), W.copy())
piling_errors = []
for _ in range(3):   # forward and backward, then dW against the numerical one
    piling.forward(x_batch)
    piling.backward(dout_W)
    piling_errors.append(relative_error(piling.dW, numeric_dW))
demo("pile_up", my_pile_up, lambda: report(
    ["PilingAffine, dW, check 1", "the same object, check 2", "the same object, check 3"],
    piling_errors))

# %% [markdown]
# ## Mistake 7: integer arrays in a numerical gradient
#
# The usual numerical gradient nudges one element of `x` by $\pm h$ in place. Predict what
# `numerical_gradient_in_place` returns for $f(x) = \sum x^2$ at the **integer** array
# $[1, 2]$: `my_int_gradient`.

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


my_int_gradient = None   # your prediction: two numbers
check.int_gradient_prediction(my_int_gradient)

# %%
at_1_2 = numerical_gradient_in_place(lambda v: np.sum(v ** 2), np.array([1, 2]))
demo("integer", my_int_gradient,
     lambda: print("numerical_gradient_in_place at [1, 2]:", at_1_2.tolist()))

# %% [markdown]
# ## Mistake 8: a loss given one sample
#
# Give mistake 4's right `BatchLoss` one sample as shape $(C,)$: three equal scores, the true
# class first. Work out by hand what its forward returns, into `my_one_sample_loss`.

# %%
my_one_sample_loss = None   # your prediction: one number
check.one_sample_prediction(my_one_sample_loss)

# %%
one_sample = BatchLoss(np.eye(3)[0]).forward(np.zeros(3))
batch_of_one = BatchLoss(np.eye(3)[[0]]).forward(np.zeros((1, 3)))
one_check = layers.gradient_check(BatchLoss(np.eye(3)[0]), np.array([0.3, -1.0, 2.0]))
demo("one_sample", my_one_sample_loss, lambda: print(
    f"loss, shape (3,): {one_sample:.4f}   shape (1, 3): {batch_of_one:.4f}   "
    f"gradient_check, shape (3,): {'below 1e-7' if one_check < 1e-7 else one_check}"))

# %% [markdown]
# ## Summary
#
# - None of the eight bugs raised an error or a warning; each was caught by a test chosen for
#   it: a layer's gradient check (float64, away from kinks), a whole network's numerical
#   gradient, a second backward pass, a case known by hand, or the loss curve on a fixed batch.
# - A gradient check's error says more than pass or fail: a gradient off by a constant factor
#   scores the same on any data, the number your `error_of_factor` gives.

# %% [markdown]
# ## Exercises
#
# Fill in each `# YOUR CODE HERE` and run its check. Worked answers (try first): [the solutions notebook](../notebooks/solutions/10_common_mistakes_solutions.ipynb).
#
# ### Exercise 1: what the size of the error says
#
# Turn the toolbox's `error_of_factor` round: write `factors_for_error(e)`, the two factors
# $k > 0$ giving an error $e$ ($0 < e < 1$), the smaller first. A colleague's check of `db`
# reports 0.9394 for every layer, whatever the data: a constant factor tied to the batch
# size. Use your factors to find the colleague's batch size, `colleague_N`.

# %%
def factors_for_error(e):
    # YOUR CODE HERE
    raise NotImplementedError("YOUR CODE")


colleague_N = None   # YOUR CODE HERE: a whole number
check.factors_for_error(factors_for_error, colleague_N)

# %% [markdown]
# The colleague sends the stored `db` and the numerical one. Write `factor_of(a, n)` ($k$ for
# $a = k\,n$) and put the bug into `colleague_bug`: (a) the bias's gradient as a mean; (b) a
# `dout` ignored; (c) the loss's backward without $1/N$; (d) a gradient added to the previous
# step's (each step on a fresh batch).

# %%
def factor_of(a, n):
    # YOUR CODE HERE
    raise NotImplementedError("YOUR CODE")


a_seen, n_seen = mystery.colleague_gradients()   # the stored db and the numerical one
colleague_bug = None        # YOUR CODE HERE: a letter
check.colleague_bug(factor_of, colleague_bug)

# %% [markdown]
# ### Exercise 2: a training loop with a bug
#
# `mystery.buggy_train(model, x, t, learning_rate, steps)` trains a model with `params`,
# `gradient(x, t)` and `loss(x, t)`, and returns the loss after each step. Below, its curve
# on mistake 5's network and batch, beside the right loop's. Where is its bug: (a) the
# update's sign; (b) the learning rate; (c) where the gradient is computed; (d) when the loss
# is recorded? Into `my_diagnosis`, with the index in `buggy` of its lowest loss.

# %%
net = TwoLayerNet(5, 8, 3, weight_init_std=0.5, seed=1)   # mistake 5's network, same start
buggy = [net.loss(x_small, t_small)] + mystery.buggy_train(net, x_small, t_small, 0.2, 25)
right = mystery.losses_with_update("-=", x_small, t_small, steps=25, learning_rate=0.2)
mystery.plot_losses(right, "the right loop", buggy, "buggy_train")
my_diagnosis = None   # YOUR CODE HERE: (a letter, a step)
check.loop_diagnosis(my_diagnosis, buggy)

# %%
show_buggy_train_once_right(my_diagnosis, buggy)

# %%
def fixed_train(model, x, t, learning_rate, steps):
    # YOUR CODE HERE: buggy_train, fixed (the check runs it on a batch of its own)
    raise NotImplementedError("YOUR CODE")


check.fixed_loop(fixed_train)

# %% [markdown]
# ### Exercise 3: name the bug from what it measures
#
# `mystery.A` to `mystery.D` are tanh layers, $y = \tanh x$, each with one of mistakes 1,
# 3 (here a stray constant factor in `dx`), 4 and 6; don't open their source. Write
# `fingerprint(make_layer, x, dout)`: your measurements, a tuple of numbers (booleans are
# allowed), with a fresh `make_layer()` wherever needed. The check needs it to tell its own right
# tanh and four buggy ones apart. Then print A to D's fingerprints and fill in `found`.

# %%
x_mystery = np.array([[0.5, -1.0, 2.0], [0.1, -0.3, 1.5], [1.2, -0.7, 0.3], [-1.5, 0.8, -0.2]])
dout_mystery = np.random.default_rng(3).standard_normal(x_mystery.shape)


def fingerprint(make_layer, x, dout):
    # YOUR CODE HERE: your measurements, as a tuple
    raise NotImplementedError("YOUR CODE")


for name in "ABCD":
    print(name, None)   # YOUR CODE HERE: None -> your fingerprint of getattr(mystery, name)
found = {"A": None, "B": None, "C": None, "D": None}   # YOUR CODE HERE: mistake numbers
check.mystery_layers(fingerprint, found)
