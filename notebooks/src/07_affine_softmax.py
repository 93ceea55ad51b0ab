# %% [markdown]
# # 7. Affine and Softmax-with-Loss

# %% [markdown]
# > **Goal:** Affine $Y = XW + b$ backward on whole matrices, number by number, then from
# > the shapes; Softmax-with-Loss backward, $(y - t)/N$ for a batch's mean loss, with the
# > loss computed from the scores; why softmax is paired with cross-entropy.
# >
# > **Book:** section 5.6.
# >
# > **You need:** central differences and `layers.numerical_gradient` (chapters 1, 2);
# > gradients adding up where a value fans out, and the gradient check (chapter 3); the
# > layer shape and the bias sum (chapter 4); a backward written with the output $y$
# > (chapter 6); the update $W \leftarrow W - \mathrm{lr}\cdot\mathrm{d}W$ (chapter 0).

# %% [markdown]
# ## The Affine node: a graph on matrices
#
# A fully connected layer takes a batch of $N$ samples with $D$ numbers each, the rows
# of $X$, and gives each sample $H$ outputs:
#
# $$Y = X W + b, \qquad X: (N, D),\quad W: (D, H),\quad b: (H,),\quad Y: (N, H).$$
#
# Each output is a weighted sum of its sample's inputs plus a bias,
# $y_{nj} = \sum_i x_{ni} w_{ij} + b_j$ ($b$ broadcast down the rows, chapter 4). Each edge
# carries an array with a **shape**, and each gradient has the shape of its array
# (<span style="color:#1a7f37">**values**</span> above an edge,
# <span style="color:#c62828">**gradients**</span> below):
#
# ![The Affine node as a graph, with the shape of every value and gradient](../images/affine_node.svg)

# %%
import numpy as np
from IPython.display import display

import layers
from layers import Affine, SoftmaxWithLoss
from teaching import softmax_view
from teaching.checks import ch07 as check
from teaching.checks.ch07 import reveal_when_right

# %% [markdown]
# ## The backward pass, number by number
#
# Take the smallest batch where every index matters, $N = D = H = 2$ (indices from 0, as
# in numpy). Written out, the forward pass is four sums:
#
# $$\begin{aligned}
# y_{00} &= x_{00} w_{00} + x_{01} w_{10} + b_0, & y_{01} &= x_{00} w_{01} + x_{01} w_{11} + b_1,\\
# y_{10} &= x_{10} w_{00} + x_{11} w_{10} + b_0, & y_{11} &= x_{10} w_{01} + x_{11} w_{11} + b_1.
# \end{aligned}$$
#
# The backward pass receives $\mathrm{d}y_{nj} = \partial L/\partial y_{nj}$. For any
# input, the chain rule adds one term per output the input reaches: (that output's
# upstream gradient) $\times$ (its local derivative by the input).
#
# **An input $x_{ni}$** reaches only the outputs of its own sample $n$; in $y_{nj}$ its
# factor is $w_{ij}$. For example
#
# $$\frac{\partial L}{\partial x_{01}} = \mathrm{d}y_{00}\,w_{10} + \mathrm{d}y_{01}\,w_{11}.$$
#
# **A weight $w_{ij}$** is shared by all samples: it appears in $y_{0j}$ *and* $y_{1j}$,
# with the factor $x_{0i}$ in one and $x_{1i}$ in the other. For example
#
# $$\frac{\partial L}{\partial w_{00}} = \underbrace{x_{00}\,\mathrm{d}y_{00}}_{\text{sample 0}}
#   + \underbrace{x_{10}\,\mathrm{d}y_{10}}_{\text{sample 1}}.$$
#
# The shares add up, as where a value fans out (chapter 3). **A bias $b_j$** is broadcast
# over the rows, as in chapter 4.
#
# Now with numbers. **Predict first**, from `X`, `W` and `dY` below, in `my_entries`:
# `db` (both entries) and `dX[1]`, the gradient of sample 1's inputs (both entries). The
# cell checks them, then shows the layer's.

# %%
X = np.array([[1.0, 2.0], [3.0, -1.0]])
W = np.array([[0.5, -1.0], [2.0, 1.0]])
b = np.array([0.1, -0.2])
dY = np.array([[1.0, 2.0], [-2.0, 3.0]])

my_entries = {"db": None, "dX[1]": None}   # your predictions: two numbers each


def affine_numbers():
    affine = Affine(W, b)
    affine.forward(X)
    dX = affine.backward(dY)
    print(f"layers.Affine: db = {affine.db.tolist()}, dX[1] = {dX[1].tolist()}")


reveal_when_right(check.predicted_entries, my_entries, affine_numbers, "my_entries")

# %% [markdown]
# ### Whole arrays: the shapes pick the products
#
# Now whole arrays, with $N$, $D$ and $H$ all different: the shapes pick the products (for
# $\mathrm{d}b$ the shape picks the axis; the derivation says sum). Fill in the table on paper.
#
# | gradient | must have shape | we have | which product (or reduction) fits? |
# |---|---|---|---|
# | $\mathrm{d}X$ | $(N, D)$ | $\mathrm{d}Y: (N, H)$, $W: (D, H)$ | |
# | $\mathrm{d}W$ | $(D, H)$ | $X: (N, D)$, $\mathrm{d}Y: (N, H)$ | |
# | $\mathrm{d}b$ | $(H,)$ | $\mathrm{d}Y: (N, H)$ | |
#
# **Two candidates for $\mathrm{d}W$.** **Predict
# first:** at $N = D = 3$, $H = 2$, what do `X @ dY` and `dY.T @ X` give as $\mathrm{d}W$:
# an `"error"`, the `"wrong shape"`, `"wrong numbers"` in $W$'s shape, or the `"right"`
# $\mathrm{d}W$? The cell compares them with central differences.

# %%
my_candidates = {"X @ dY": None, "dY.T @ X": None}   # your words: one of the four each


def candidates():
    rng = np.random.default_rng(1)
    X_n, W_n, b_n, dY_n = (rng.standard_normal(s) for s in [(3, 3), (3, 2), (2,), (3, 2)])
    # L = sum(Y * dY) has dL/dY = dY
    dW_numeric = layers.numerical_gradient(lambda v: np.sum((X_n @ v + b_n) * dY_n), W_n)
    for name, product in {"X @ dY": X_n @ dY_n, "dY.T @ X": dY_n.T @ X_n}.items():
        same = product.shape == W_n.shape and np.allclose(product, dW_numeric)
        print(f"{name:8} has shape {product.shape} (W's is {W_n.shape}); "
              f"equal to central differences' dW: {same}")
    print("At N = D a wrong product runs too: only the values tell.")


reveal_when_right(check.predicted_candidates, my_candidates, candidates, "my_candidates")

# %% [markdown]
# ### Your turn: Affine's backward
#
# Write your table's products: `backward(dout)` stores `self.dW`, `self.db` and returns
# `dx`. The check switches `layers.Affine` and `layers.numerical_gradient` off, then compares
# with central differences.

# %%
class MyAffine:
    def __init__(self, W, b):
        self.W, self.b = W, b      # kept, not copied: the network updates them in place
        self.x = self.dW = self.db = None

    def forward(self, x):
        self.x = x                 # backward needs x for dW
        return x @ self.W + self.b

    def backward(self, dout):
        # YOUR CODE HERE: set self.dW and self.db, return dx; x is (N, D)
        raise NotImplementedError("YOUR CODE")


# %%
check.affine_batch_backward(MyAffine)

# %% [markdown]
# ## Softmax and cross-entropy
#
# For classification the last Affine layer gives each sample one **score** $a_k$ per
# class $k = 0, \dots, C - 1$. Softmax turns the scores into probabilities, and the
# cross-entropy loss measures how little probability went to the true class $c$
# (with $t$ the one-hot label: $t_c = 1$, every other $t_k = 0$):
#
# $$y_k = \frac{e^{a_k}}{\sum_j e^{a_j}}, \qquad
# L = -\sum_k t_k \log y_k = -\log y_c .$$
#
# ### The gradient: $y - t$
#
# Put the softmax into the loss and use $\log(e^{a_c}) = a_c$:
#
# $$L = -\log \frac{e^{a_c}}{\sum_j e^{a_j}} = -a_c + \log \sum_j e^{a_j}.$$
#
# The derivative of the first term by $a_k$ is $-1$ for $k = c$ and 0 otherwise: $-t_k$.
# The derivative of the second is $\dfrac{e^{a_k}}{\sum_j e^{a_j}} = y_k$. So
#
# $$\frac{\partial L}{\partial a_k} = y_k - t_k \qquad\text{(the prediction minus the truth).}$$
#
# For a batch of $N$ samples the loss is the **mean** of the $N$ losses,
# $L = \frac1N \sum_n L_n$. Score $a_{nk}$ occurs only in $L_n$, so
# $\partial L/\partial a_{nk} = (y_{nk} - t_{nk})/N$.
#
# Why the mean and not the sum? The cell puts an Affine product $XW$ in front of the loss
# and prints the size of $\mathrm{d}W$ for both, as $N$ grows.

# %%
class SmallSoftmaxWithLoss:             # layers.SoftmaxWithLoss also takes class indices
    def forward(self, a, t):            # a: (N, C) scores, t: (N, C) one-hot rows
        self.t = t
        self.y = layers.softmax(a)      # kept: backward is made of y and t alone
        return -np.sum(t * np.log(self.y + 1e-7)) / len(t)   # the book's loss, with its 1e-7

    def backward(self, dout=1.0):       # dout = N gives the gradient of the summed loss
        return dout * (self.y - self.t) / len(self.t)    # (y - t) / N


rng = np.random.default_rng(0)
W_N = np.random.default_rng(1).standard_normal((4, 3))
for N in (20, 200, 2000):   # N samples, scores X_N @ W_N, then the loss
    X_N, small = rng.standard_normal((N, 4)), SmallSoftmaxWithLoss()
    small.forward(X_N @ W_N, np.eye(3)[rng.integers(0, 3, N)])
    mean_dW = np.linalg.norm(X_N.T @ small.backward())
    sum_dW = np.linalg.norm(X_N.T @ small.backward(dout=N))
    print(f"N = {N:4}: |dW| for the mean loss {mean_dW:.2f}, for the summed loss {sum_dW:.2f}")

# %% [markdown]
# The mean's $\mathrm{d}W$ keeps its size; the sum's is $N$ times the mean's, so it grows
# with $N$, and with it the step `lr * dW`. The mean keeps the step's size independent of $N$.
#
# **Predict first:** for the scores `scores3` below, rows $[1, 2, -0.5]$ and
# $[0.5, 0.5, 3]$ with true classes 1 and 0, what does `backward()` give as row 0's
# true-class entry (to 0.01), and what does each row add up to?

# %%
scores3 = np.array([[1.0, 2.0, -0.5], [0.5, 0.5, 3.0]])
t3 = np.eye(3)[[1, 0]]
# the exact loss, see 'Large scores' below
numeric = layers.numerical_gradient(
    lambda v: SoftmaxWithLoss().forward(v, t3), scores3, h=1e-5)
small = SmallSoftmaxWithLoss()
small.forward(scores3, t3)
assert layers.relative_error(numeric, small.backward()) < 1e-7    # the derivation, checked
my_rows = None    # your prediction: (row 0's true-class entry, row 0's sum, row 1's sum)


def rows():
    print("backward():", small.backward().round(4).tolist())
    print("row sums:", small.backward().sum(axis=1).round(12).tolist())


reveal_when_right(check.predicted_rows, my_rows, rows, "my_rows")

# %% [markdown]
# ### Try it: softmax, loss and gradient
#
# Left bars: the probabilities $y$ (the true class, label 1, in full colour); right bars:
# $y - t$. Drag $a_0$ up past the other scores: how do the loss and class 0's bar change?
# Move **shift all by m**, which adds $m$ to every score: what changes? Last, **predict**
# beyond the slider's range, scores $[20, 1, -1]$: the right-hand bars ($y - t$) of classes
# 0 and 1 (to 0.05), the loss (to 0.3).

# %%
softmax_view.SoftmaxExplorer(scores=(0.0, 1.0, -1.0), label=1)

# %%
my_bars = None    # your prediction: (class 0's y - t bar, class 1's y - t bar, loss)


def far_ahead():
    loss, scores = SoftmaxWithLoss(), np.array([20.0, 1.0, -1.0])
    print(f"scores [20, 1, -1], label 1: loss {loss.forward(scores, 1):.4f}, "
          f"y - t = {loss.backward().round(4).tolist()}")


reveal_when_right(check.predicted_bars, my_bars, far_ahead, "my_bars")

# %% [markdown]
# ## Large scores: overflow and $\log 0$
#
# 1. **Overflow in softmax.** $e^{a}$ overflows for large $a$. A common shift changed no
#    bar ($e^m$ cancels), so the book and `layers.softmax` subtract the largest score first.
# 2. **$\log 0$ in the loss.** Scores $[0, 1000]$, true label 0: the right loss is
#    $\log(1 + e^{1000}) = 1000$ (to about $10^{-434}$). **Predict first:** what loss does
#    the book's $-\log(y_c + 10^{-7})$ report? The cell also shows problem 1 and backward.

# %%
my_book_loss = None   # your prediction: a number


def big_scores():
    scores, label = np.array([0.0, 1000.0]), 0
    with np.errstate(over="ignore", invalid="ignore"):   # e^1000 = inf, and inf / inf = nan
        naive = np.exp(scores) / np.exp(scores).sum()
    y = layers.softmax(scores)   # subtracts the largest score first
    layer = SoftmaxWithLoss()
    print(f"exp overflows above {np.log(np.finfo(float).max):.1f}; no max subtracted: "
          f"{naive.tolist()}; softmax: {y.tolist()}")
    print(f"the book's -log(y_c + 1e-7) = {-np.log(y[label] + 1e-7):.4f}; from the scores "
          f"= {layer.forward(scores, label):.4f}; backward() = {layer.backward().tolist()}")
    display(softmax_view.log_clip_figure())   # the loss against s for scores [0, s]


reveal_when_right(check.predicted_book_loss, my_book_loss, big_scores, "my_book_loss")

# %% [markdown]
# The gradient $y - t$ (printed above) takes no log: training is unharmed, only the reported
# loss and central differences of it are off. The fix, in `layers.SoftmaxWithLoss`: with
# $m = \max_j a_j$, $L = m - a_c + \log \sum_j e^{a_j - m}$ (**log-sum-exp**). The largest
# score adds $e^0 = 1$ to the sum, so the log is never $-\infty$ and needs no constant.
#
# ## Why softmax is paired with cross-entropy
#
# Softmax could feed the squared error $\tfrac12 \sum_k (y_k - t_k)^2$ instead. Take
# $a = [0, 0, s]$, true class 0: the larger $s$, the more confidently wrong. The gradient
# entries for $a_0$ (true class) and $a_2$ (wrong winner): cross-entropy's $y - t$, the
# squared error's by central differences.

# %%
t = np.array([1.0, 0.0, 0.0])      # true class 0


def cross_entropy_gradient(a):      # y - t, as derived above
    return layers.softmax(a) - t


def squared_error_gradient(a):      # central differences of 1/2 sum (softmax(a) - t)^2
    return layers.numerical_gradient(
        lambda v: 0.5 * np.sum((layers.softmax(v) - t) ** 2), a.copy(), h=1e-6)


for s in (2.0, 5.0):
    a = np.array([0.0, 0.0, s])
    se, ce = squared_error_gradient(a), cross_entropy_gradient(a)
    print(f"s = {s}: a_0, a_2: cross-entropy {ce[0]:+.3f}, {ce[2]:+.3f}; "
          f"squared error {se[0]:+.2e}, {se[2]:+.2e}")

# %% [markdown]
# Cross-entropy's entries approach $\mp 1$ as $s$ grows; the squared error's shrink. Both go
# through the same softmax node, whose local derivative, the **Jacobian**
# $J_{ij} = \partial y_i/\partial a_j$ (here at $s = 5$, by central differences), is near 0.
# So why does cross-entropy's gradient not fade? Exercises 2-4 find out.

# %%
a = np.array([0.0, 0.0, 5.0])
J = np.array([layers.numerical_gradient(lambda v: layers.softmax(v)[i], a, h=1e-6)
              for i in range(3)])          # row i: the gradient of y_i
short = {"float": lambda v: f"{v:9.1e}"}
print("J =", np.array2string(J, formatter=short, prefix="J = "))

# %% [markdown]
# Now run plain gradient descent on the scores from $a = [0, 0, 5]$ ($y_0 = 1/(2 + e^5)$),
# learning rate 1. **Predict:** with cross-entropy, after how many steps is $y_0 > 0.5$? With
# the squared error, keep its gradient entries from the $s = 5$ row of the table for all 20
# steps (ignore $a_1$: $e^{a_1}$ hardly counts beside $e^{a_2}$): what is $y_0$ then (within 15 %)?

# %%
my_y0 = None   # your prediction: (steps to y_0 > 0.5 with cross-entropy, y_0 after 20 with SE)


def descent():
    for name, gradient in [("cross-entropy", cross_entropy_gradient),
                           ("squared error", squared_error_gradient)]:
        a, y0 = np.array([0.0, 0.0, 5.0]), []
        for step in range(21):
            y0.append(layers.softmax(a)[0])
            a = a - 1.0 * gradient(a)           # learning rate 1
        print(f"{name:13}: y_0 after 0 to 5 steps:", np.round(y0[:6], 3).tolist(),
              f"after 20: {y0[20]:.3f}")
    a = np.array([0.0, 0.0, 5.0])
    held = layers.softmax(a - 20 * squared_error_gradient(a))[0]
    print(f"squared error, first step's entries held for 20 steps: y_0 = {held:.4f}; the real "
          "run gets further, as its steps grow")


reveal_when_right(check.predicted_descent, my_y0, descent, "my_y0")

# %% [markdown]
# ## Exercises
#
# After you tried: [worked answers](../notebooks/solutions/07_affine_softmax_solutions.ipynb).
#
# ### Exercise 1 (extends "Your turn: Affine's backward"): a batch of sequences
#
# $N$ sentences of $T$ words of $D$ numbers, `x` $(N, T, D)$, the same $W$ and $b$ for
# every word (`@` stacks the leading axes: `forward` works as it is). Write
# `SeqAffine.backward(dout)` for $(N, T, D)$ and still for $(N, D)$: which terms does each
# weight's gradient add up now?

# %%
class SeqAffine(MyAffine):         # __init__ and forward are MyAffine's
    def backward(self, dout):
        # YOUR CODE HERE: set self.dW and self.db, return dx; x is (N, D) or (N, T, D)
        raise NotImplementedError("YOUR CODE")


# %%
check.affine_backward(SeqAffine)

# %% [markdown]
# ### Exercise 2: softmax's Jacobian, from $y$
#
# Exercises 2 to 4 find why the squared error's gradient fades and cross-entropy's does
# not, taking the two layers as separate nodes. Derive
# $J_{ij} = \partial y_i / \partial a_j$ on paper from $y_i = e^{a_i} / \sum_k e^{a_k}$
# (quotient rule; $i = j$ and $i \ne j$ apart), written with $y$ alone (the $y$ that
# `forward` kept); then write `softmax_jacobian_from_y(y)`: `y` $(C,)$ in, `J` $(C, C)$ out.

# %%
def softmax_jacobian_from_y(y):
    # YOUR CODE HERE
    raise NotImplementedError("YOUR CODE")


# %%
check.softmax_jacobian_from_y(softmax_jacobian_from_y)

# %% [markdown]
# ### Exercise 3: through the two layers, one at a time
#
# Let the target $t$ be any non-negative vector ($t = [0, 2, 0]$ counts a sample twice);
# still $L = -\sum_k t_k \log y_k$. On paper, then in code:
#
# 1. $\partial L/\partial y$, from $L$.
# 2. Through the softmax node: which index of $J$ does the chain rule sum over, and which
#    numpy product does that? Write `score_gradient(a, t, jacobian)`, with `J = jacobian(y)`.
# 3. Simplify steps 1 and 2 into `simplified(y, t)`: no `J`, no division by `y`.

# %%
def score_gradient(a, t, jacobian):
    # YOUR CODE HERE: dL/dy, then through J = jacobian(y)
    raise NotImplementedError("YOUR CODE")


def simplified(y, t):
    # YOUR CODE HERE: your paper result, with y and t alone
    raise NotImplementedError("YOUR CODE")


# %%
check.score_gradient(score_gradient, simplified)

# %% [markdown]
# ### Exercise 4: cross-entropy against the squared error, on paper
#
# 1. Send the squared error's $\partial L/\partial y$ (one-hot $t$) through $J$ as in
#    exercise 3; write the true class $c$'s entry with $y$.
# 2. Divide cross-entropy's $y_c - 1$ by it, for $y_c$ near 0 and two wrong classes tied at
#    $(1 - y_c)/2$ (not the table's case: its one wrong winner gives about $1/(2y_c)$).
# 3. Simplify the ratio to $y_c$ alone, into `ratio_for(y_c)` (checked to 1 %).

# %%
def ratio_for(y_c):
    # YOUR CODE HERE: cross-entropy's entry over the squared error's, for the true class
    raise NotImplementedError("YOUR CODE")


# %%
check.squared_error_ratio(ratio_for)

# %% [markdown]
# ## Summary
#
# - Affine: each gradient adds one term per output its value reaches, so a shared weight
#   or bias collects one share per sample. The shapes pick the products when the sizes
#   differ; at equal sizes a wrong product runs too, and only values tell.
# - Softmax-with-Loss sends $(y - t)/N$ back for a batch's mean loss. Subtract the largest
#   score against overflow; take the loss from the scores (log-sum-exp), not $\log(y + 10^{-7})$.
# - Softmax goes with cross-entropy: its $-t/y$ grows as fast as the saturated softmax's $J$
#   shrinks, and the two cancel to $y - t$; the squared error's gradient fades (exercise 4).
