# %% [markdown]
# # 7. Affine and Softmax-with-Loss: solutions
#
# Worked answers to the exercises of [chapter 7](../07_affine_softmax.ipynb). Each answer
# is followed by the same check as in the chapter; its output says **Right**.

# %%
import numpy as np

import layers
from teaching.checks import ch07 as check

# %% [markdown]
# ## Your turn: Affine's backward (the chapter's `MyAffine`)
#
# The three sums, line by line, each product with the shapes that force it.

# %%
class MyAffine:
    def __init__(self, W, b):
        self.W, self.b = W, b      # kept, not copied: the network updates them in place
        self.x = None
        self.dW, self.db = None, None

    def forward(self, x):
        self.x = x                 # backward needs x for dW
        return x @ self.W + self.b

    def backward(self, dout):
        self.dW = self.x.T @ dout           # (D, N) @ (N, H) -> (D, H): the samples' shares
        self.db = dout.sum(axis=0)          # (N, H) -> (H,): b is added to every row
        return dout @ self.W.T              # (N, H) @ (H, D) -> (N, D), x's shape


# %%
check.affine_batch_backward(MyAffine)

# %% [markdown]
# ## Exercise 1: a batch of sequences
#
# Each weight $w_{ij}$ is used once for every word: at every sample $n$ *and* every step
# $t$. So it collects $N \cdot T$ shares $x_{nti}\,\mathrm{d}y_{ntj}$ (6 for $N = 2$,
# $T = 3$), and $b_j$ collects $N \cdot T$ terms $\mathrm{d}y_{ntj}$. Stacking all rows
# into one $(NT, D)$ matrix turns the sequences into an ordinary batch of $NT$ rows, and
# MyAffine's backward applies unchanged. For $\mathrm{d}X$ nothing changes: `dout @ W.T`
# acts on every row of the stack. MyAffine's `x.T` does not work on a 3-D array: it
# reverses all three axes, $(2, 3, 4) \to (4, 3, 2)$, and `@` then multiplies the last two
# axes, $(3, 2)$ by $(3, 5)$, which do not meet.

# %%
class SeqAffine(MyAffine):
    def backward(self, dout):
        D, H = self.W.shape
        rows_x, rows_dout = self.x.reshape(-1, D), dout.reshape(-1, H)   # one row per word
        self.dW = rows_x.T @ rows_dout      # (D, NT) @ (NT, H) -> (D, H): every share added
        self.db = rows_dout.sum(axis=0)     # (NT, H) -> (H,): one term per use of b
        return dout @ self.W.T              # (.., H) @ (H, D) -> (.., D), x's shape


# %%
check.affine_backward(SeqAffine)


# %% [markdown]
# ## Exercise 2: softmax's Jacobian, from $y$
#
# Write $S = \sum_k e^{a_k}$, so $y_i = e^{a_i}/S$ and $\partial S/\partial a_j = e^{a_j}$.
#
# - $i = j$: the quotient rule gives
#   $\dfrac{e^{a_i} S - e^{a_i} e^{a_i}}{S^2} = y_i - y_i^2 = y_i (1 - y_i)$.
# - $i \ne j$: only the denominator depends on $a_j$:
#   $\dfrac{-e^{a_i} e^{a_j}}{S^2} = -y_i y_j$.
#
# Both cases in one line: $J_{ij} = y_i(\delta_{ij} - y_j)$, that is
# $J = \mathrm{diag}(y) - y\,y^\top$. The diagonal is positive (a score raises its own
# probability), everything else negative (and it lowers every other one); each column sums
# to 0, because the probabilities always add up to 1. For a saturated $y = [1, 0, 0]$
# every entry is 0: softmax's version of the sigmoid's flat tails.

# %%
def softmax_jacobian_from_y(y):
    return np.diag(y) - np.outer(y, y)


print(softmax_jacobian_from_y(layers.softmax(np.array([2.0, 1.0, -1.0]))).round(4))

# %%
check.softmax_jacobian_from_y(softmax_jacobian_from_y)


# %% [markdown]
# ## Exercise 3: through the two layers, one at a time
#
# Cross-entropy sends back $\partial L/\partial y_i = -t_i / y_i$, and the softmax node
# sums over its outputs: $\partial L/\partial a_j = \sum_i (\partial L/\partial y_i)\,J_{ij}$,
# which is `J.T @ dL_dy`. On paper:
# $\sum_i (-t_i / y_i)\, y_i (\delta_{ij} - y_j) = -\sum_i t_i (\delta_{ij} - y_j)
# = -t_j + y_j \sum_i t_i$. For a one-hot $t$ the sum is 1 and this is $y - t$; for
# $t = [0, 2, 0]$ it is $2y - t$. The $1/y$ that the logarithm sends back cancels exactly
# against the $y$ in the Jacobian, so the simplified form never divides by a probability.

# %%
def score_gradient(a, t, jacobian):
    y = layers.softmax(a)
    dL_dy = -t / y                 # cross-entropy's backward
    return jacobian(y).T @ dL_dy   # softmax's backward: sum over the outputs i


def simplified(y, t):
    return y * t.sum() - t


a, t = np.array([2.0, 1.0, -1.0]), np.array([0.0, 2.0, 0.0])
print("two layers:", score_gradient(a, t, softmax_jacobian_from_y).round(6))
print("simplified:", simplified(layers.softmax(a), t).round(6))

# %%
check.score_gradient(score_gradient, simplified)


# %% [markdown]
# ## Exercise 4: cross-entropy against the squared error, on paper
#
# The squared error sends $\partial L/\partial y = y - t$ back, and the softmax multiplies
# by its Jacobian. With $v = y - t$, entry $c$ is
# $\sum_i v_i\, y_i(\delta_{ic} - y_c) = y_c\,(v_c - v\cdot y)$, and
# $v\cdot y = \sum_k y_k^2 - y_c$, so the entry is $y_c\,(2y_c - 1 - \sum_k y_k^2)$: it
# carries a factor $y_c$. Cross-entropy's entry is $y_c - 1$. For a confident wrong
# answer whose two wrong classes tie, $y_c \approx 0$ and the other two are $(1 - y_c)/2$,
# so $\sum_k y_k^2 = y_c^2 + (1 - y_c)^2/2$ and the bracket is $-\tfrac32 (1 - y_c)^2$: the
# ratio is $\dfrac{2}{3\,y_c\,(1 - y_c)} \approx \dfrac{2}{3\,y_c}$. (With one wrong class
# near 1, as in the chapter's $a = [0, 0, s]$, the same steps give about $1/(2y_c)$.)
#
# What it means: a confidently wrong network (small $y_c$) gets a squared-error gradient
# about $1/y_c$ times smaller than cross-entropy's, whose $y_c - 1$ stays near $-1$: it
# learns most slowly exactly when it is most wrong. Both pass through the same Jacobian,
# whose entries all shrink as softmax saturates; the squared error's
# $\partial L/\partial y = y - t$ stays below 1 in size, while cross-entropy's $-1/y_c$
# grows as fast as they shrink. Hence the book's pairs: softmax with cross-entropy, and the
# identity output with the squared error (there the output's Jacobian is the identity, so
# the gradient is $y - t$ again).

# %%
def squared_error_score_gradient(a, t, jacobian):   # the paper step, checked in code
    y = layers.softmax(a)
    return jacobian(y).T @ (y - t)


def ratio_for(y_c):
    return 2 / (3 * y_c)


a, t = np.array([0.0, 10.0, 10.0]), np.array([1.0, 0.0, 0.0])
J = softmax_jacobian_from_y
exact = score_gradient(a, t, J)[0] / squared_error_score_gradient(a, t, J)[0]
print(f"exact ratio {exact:,.1f}, 2 / (3 y_0) = {ratio_for(layers.softmax(a)[0]):,.1f}")

# %%
check.squared_error_ratio(ratio_for)
