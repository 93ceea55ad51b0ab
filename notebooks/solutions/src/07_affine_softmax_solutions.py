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
# ## Exercise 1: softmax's Jacobian
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
# to 0, because the probabilities always add up to 1.

# %%
def softmax_jacobian(a):
    y = layers.softmax(a)
    return np.diag(y) - np.outer(y, y)


print(softmax_jacobian(np.array([2.0, 1.0, -1.0])).round(4))

# %%
check.softmax_jacobian(softmax_jacobian)


# %% [markdown]
# ## Exercise 2: through the two layers, $y - t$ appears
#
# On paper: $\sum_i (-t_i / y_i)\, y_i (\delta_{ij} - y_j) = -\sum_i t_i (\delta_{ij} - y_j)
# = -t_j + y_j \sum_i t_i = y_j - t_j$, because the one-hot $t$ sums to 1. The $1/y$ that
# the logarithm sends back cancels exactly against the $y$ in the Jacobian.

# %%
def score_gradient(a, t):
    dL_dy = -t / layers.softmax(a)          # cross-entropy's backward
    return softmax_jacobian(a).T @ dL_dy    # softmax's backward


a, t = np.array([2.0, 1.0, -1.0]), np.array([0.0, 1.0, 0.0])
print("two layers:", score_gradient(a, t).round(6))
print("y - t     :", (layers.softmax(a) - t).round(6))

# %%
check.score_gradient(score_gradient)


# %% [markdown]
# ## Exercise 3: why the book pairs softmax with cross-entropy
#
# The squared error sends $\partial L/\partial y = y - t$ back; the softmax then multiplies
# by its Jacobian. The entry of the true class $c$ is
# $y_c\big((y_c - 1) - (y - t)\cdot y\big)$: it carries a factor $y_c$. For a confident
# wrong answer $y_c$ is tiny, so the gradient is tiny exactly when the network most needs
# to learn. With cross-entropy the same entry is $y_c - 1 \approx -1$.

# %%
def squared_error_score_gradient(a, t):
    dL_dy = layers.softmax(a) - t
    return softmax_jacobian(a).T @ dL_dy


a, t = np.array([0.0, 0.0, 10.0]), np.array([1.0, 0.0, 0.0])
print("cross-entropy:", score_gradient(a, t).round(6))
print("squared error:", squared_error_score_gradient(a, t).round(8))
ratio = score_gradient(a, t)[0] / squared_error_score_gradient(a, t)[0]
print(f"ratio for the true class: {ratio:,.0f}")

# %%
check.squared_error_score_gradient(squared_error_score_gradient, ratio)
